/**
 * The rule table: for every primitive its forward implementation and its vector-Jacobian
 * product. Typed `{ [P in Prim]: Rule<P> }`, so a primitive without a rule does not compile.
 * VJPs receive the cotangent `g` of the output (same shape) and return one cotangent per input
 * (null where the input is not needed, see `needs`). They never record on the tape.
 * @module
 */
import { allocTyped } from "../array/dtype.ts";
import { NDArray } from "../array/ndarray.ts";
import { matmul } from "../array/matmul.ts";
import { max, sum } from "../array/reduce.ts";
import {
  assignInto,
  broadcastTo,
  concat,
  contiguous,
  reshape,
  slice,
  transpose,
} from "../array/shape_ops.ts";
import {
  affineK,
  binaryK,
  sumToShape,
  unaryBwdK,
  unaryK,
  type UnKernel,
} from "./elementwise_kernels.ts";
import {
  crossEntropyBwdK,
  crossEntropyK,
  layerNormBwdK,
  layerNormK,
  logSoftmaxBwdK,
  logSoftmaxK,
  logsumexpBwdK,
  logsumexpK,
  rmsNormBwdK,
  rmsNormK,
  softmaxBwdK,
  softmaxK,
  takeBwdK,
  takeK,
} from "./fused_kernels.ts";
import { contiguousK } from "./copy_kernel.ts";
import type { Prim, PrimParams } from "./prims.ts";
import { devMask, devScatterSlice } from "./device_kernels.ts";

/** Cotangents of a primitive's inputs (null: not needed or not differentiable). */
export type Cotangents = readonly (NDArray | null)[];

/** Forward implementation and VJP of primitive `P`. */
export interface Rule<P extends Prim> {
  /** Compute the output from the inputs (no recording). */
  impl(inputs: readonly NDArray[], p: PrimParams[P]): NDArray;
  /** Cotangents of the inputs given the output cotangent `g`. */
  vjp(
    g: NDArray,
    inputs: readonly NDArray[],
    out: NDArray,
    p: PrimParams[P],
    needs: readonly boolean[],
  ): Cotangents;
}

const mulK = (a: NDArray, b: NDArray) => binaryK("mul", a, b);
const shapeOf = (x: NDArray) => x.shape;

function unaryRule<P extends Prim & UnKernel>(op: P): Rule<P> {
  return {
    impl: ([x]) => unaryK(op, x),
    vjp: (g, [x], out) => [unaryBwdK(op, x, out, g)],
  };
}

/** Broadcast a reduced cotangent (keepdims layout) back to `shape` as a contiguous array. */
function expandReduced(g: NDArray, shape: readonly number[], axes: number[]): NDArray {
  const kd = shape.map((d, i) => axes.includes(i) ? 1 : d);
  return contiguous(broadcastTo(reshape(g, kd), shape));
}

function matmulVjp(
  g: NDArray,
  a: NDArray,
  b: NDArray,
  tA: boolean,
  tB: boolean,
  needs: readonly boolean[],
): Cotangents {
  let da: NDArray | null = null, db: NDArray | null = null;
  if (needs[0]) {
    da = tA ? matmul(b, g, { transA: tB, transB: true }) : matmul(g, b, { transB: !tB });
    da = sumToShape(da, shapeOf(a));
  }
  if (needs[1]) {
    db = tB ? matmul(g, a, { transA: true, transB: tA }) : matmul(a, g, { transA: !tA });
    db = sumToShape(db, shapeOf(b));
  }
  return [da, db];
}

/** The rule of every primitive. */
export const RULES: { readonly [P in Prim]: Rule<P> } = {
  add: {
    impl: ([a, b]) => binaryK("add", a, b),
    vjp: (g, [a, b], _o, _p, nd) => [
      nd[0] ? sumToShape(g, a.shape) : null,
      nd[1] ? sumToShape(g, b.shape) : null,
    ],
  },
  sub: {
    impl: ([a, b]) => binaryK("sub", a, b),
    vjp: (g, [a, b], _o, _p, nd) => [
      nd[0] ? sumToShape(g, a.shape) : null,
      nd[1] ? sumToShape(affineK(g, -1, 0), b.shape) : null,
    ],
  },
  mul: {
    impl: ([a, b]) => binaryK("mul", a, b),
    vjp: (g, [a, b], _o, _p, nd) => [
      nd[0] ? sumToShape(mulK(g, b), a.shape) : null,
      nd[1] ? sumToShape(mulK(g, a), b.shape) : null,
    ],
  },
  div: {
    impl: ([a, b]) => binaryK("div", a, b),
    vjp: (g, [a, b], out, _p, nd) => [
      nd[0] ? sumToShape(binaryK("div", g, b), a.shape) : null,
      nd[1] ? sumToShape(affineK(binaryK("div", mulK(g, out), b), -1, 0), b.shape) : null,
    ],
  },
  pow: {
    impl: ([a, b]) => binaryK("pow", a, b),
    vjp: (g, [a, b], out, _p, nd) => [
      nd[0] ? sumToShape(mulK(mulK(g, b), binaryK("pow", a, affineK(b, 1, -1))), a.shape) : null,
      nd[1] ? sumToShape(mulK(mulK(g, out), unaryK("log", a)), b.shape) : null,
    ],
  },
  maximum: {
    impl: ([a, b]) => binaryK("maximum", a, b),
    vjp: (g, [a, b], out, _p, nd) => {
      const ma = mask(out, a);
      return [
        nd[0] ? sumToShape(mulK(g, ma), a.shape) : null,
        nd[1] ? sumToShape(mulK(g, affineK(ma, -1, 1)), b.shape) : null,
      ];
    },
  },
  minimum: {
    impl: ([a, b]) => binaryK("minimum", a, b),
    vjp: (g, [a, b], out, _p, nd) => {
      const ma = mask(out, a);
      return [
        nd[0] ? sumToShape(mulK(g, ma), a.shape) : null,
        nd[1] ? sumToShape(mulK(g, affineK(ma, -1, 1)), b.shape) : null,
      ];
    },
  },
  scale: {
    impl: ([x], p) => affineK(x, p.c, 0),
    vjp: (g, _i, _o, p) => [affineK(g, p.c, 0)],
  },
  shift: {
    impl: ([x], p) => affineK(x, 1, p.c),
    vjp: (g) => [g],
  },
  neg: unaryRule("neg"),
  abs: unaryRule("abs"),
  exp: unaryRule("exp"),
  log: unaryRule("log"),
  log1p: unaryRule("log1p"),
  sqrt: unaryRule("sqrt"),
  square: unaryRule("square"),
  sin: unaryRule("sin"),
  cos: unaryRule("cos"),
  tanh: unaryRule("tanh"),
  sigmoid: unaryRule("sigmoid"),
  relu: unaryRule("relu"),
  gelu: unaryRule("gelu"),
  erf: unaryRule("erf"),
  softplus: unaryRule("softplus"),
  matmul: {
    impl: ([a, b], p) => matmul(a, b, { transA: p.transA, transB: p.transB }),
    vjp: (g, [a, b], _o, p, nd) => matmulVjp(g, a, b, p.transA, p.transB, nd),
  },
  sum: {
    impl: ([x], p) => sum(x, { axis: p.axes, keepdims: p.keepdims }),
    vjp: (g, [x], _o, p) => [expandReduced(g, x.shape, p.axes)],
  },
  max: {
    impl: ([x], p) => max(x, { axis: p.axes, keepdims: p.keepdims }),
    vjp: (g, [x], out, p) => {
      const o = expandReduced(out, x.shape, p.axes);
      return [mulK(expandReduced(g, x.shape, p.axes), mask(o, x))];
    },
  },
  reshape: {
    impl: ([x], p) => reshape(contiguousK(x), p.shape),
    vjp: (g, [x]) => [reshape(contiguousK(g), x.shape)],
  },
  transpose: {
    impl: ([x], p) => transpose(x, p.perm),
    vjp: (g, _i, _o, p) => {
      const inv = new Array<number>(p.perm.length);
      p.perm.forEach((a, i) => inv[a] = i);
      return [transpose(g, inv)];
    },
  },
  broadcastTo: {
    impl: ([x], p) => broadcastTo(x, p.shape),
    vjp: (g, [x]) => [sumToShape(g, x.shape)],
  },
  slice: {
    impl: ([x], p) => slice(x, ...p.specs),
    vjp: (g, [x], _o, p) => {
      if (g.device) return [devScatterSlice(g, x.shape, (z) => slice(z, ...p.specs), g)];
      const z = new NDArray(allocTyped(g.dtype, x.size), x.shape);
      assignInto(slice(z, ...p.specs), g);
      return [z];
    },
  },
  take: {
    impl: ([x], p) => takeK(x, p.indices, p.indexShape, p.axis),
    vjp: (g, [x], _o, p) => [takeBwdK(g, p.indices, x.shape, p.axis)],
  },
  concat: {
    impl: (xs, p) => concat(xs, { axis: p.axis }),
    vjp: (g, xs, _o, p, nd) => {
      let start = 0;
      return xs.map((x, i) => {
        const len = x.shape[p.axis];
        const specs = x.shape.map((_, ax) => ax === p.axis ? [start, start + len] as const : null);
        start += len;
        return nd[i] ? contiguous(slice(g, ...specs)) : null;
      });
    },
  },
  softmax: {
    impl: ([x], p) => softmaxK(x, p.scale, p.causal),
    vjp: (g, _i, out, p) => [softmaxBwdK(out, g, p.scale, p.causal)],
  },
  logSoftmax: {
    impl: ([x]) => logSoftmaxK(x),
    vjp: (g, _i, out) => [logSoftmaxBwdK(out, g)],
  },
  logsumexp: {
    impl: ([x]) => logsumexpK(x),
    vjp: (g, [x], out) => [logsumexpBwdK(x, out, g)],
  },
  layerNorm: {
    impl: ([x, gm, bt], p) => layerNormK(x, gm, bt, p.eps),
    vjp: (g, [x, gm], _o, p) => layerNormBwdK(x, gm, g, p.eps),
  },
  rmsNorm: {
    impl: ([x, gm], p) => rmsNormK(x, gm, p.eps),
    vjp: (g, [x, gm], _o, p) => rmsNormBwdK(x, gm, g, p.eps),
  },
  crossEntropy: {
    impl: ([z], p) => crossEntropyK(z, p.targets),
    vjp: (g, [z], _o, p) => [crossEntropyBwdK(z, p.targets, g)],
  },
  custom: {
    impl: (_xs, p) => {
      throw new Error(`custom primitive "${p.name}": its forward runs through customVjp only`);
    },
    vjp: (g, xs, out, p) => p.bwd(g, xs, out),
  },
};

/** 1 where `out` equals `x` (the winning entries of max/min), else 0. */
function mask(out: NDArray, x: NDArray): NDArray {
  if (out.device) return devMask(out, x);
  const od = contiguous(broadcastTo(out, out.shape)).dataSync();
  const xb = contiguous(broadcastTo(x, out.shape)).dataSync();
  const m = allocTyped(out.dtype, out.size);
  for (let i = 0; i < m.length; i++) m[i] = od[i] === xb[i] ? 1 : 0;
  return new NDArray(m, out.shape);
}
