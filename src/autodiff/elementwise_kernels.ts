/**
 * Elementwise kernels of the autodiff primitives. Binary ops, the contract's unary primitives and
 * GELU (forward and VJP) run on the operands' backend (`backendOf`: SIMD wasm, WGSL, cpu); the
 * remaining unary VJPs and softplus are specialised host loops (device arrays: compositions in
 * device_kernels.ts), and `sumToShape` is the reduction that undoes broadcasting in a VJP.
 * These functions never record on the tape.
 * @module
 */
import { allocTyped } from "../array/dtype.ts";
import { backendOf, freshOutput, NDArray, sizeOf, storageOf } from "../array/ndarray.ts";
import { astype, contiguous, reshape } from "../array/shape_ops.ts";
import { sum } from "../array/reduce.ts";
import * as D from "./device_kernels.ts";
import * as E from "../array/elementwise.ts";

/** Binary elementwise operations of the autodiff primitives. */
export type BinKernel = "add" | "sub" | "mul" | "div" | "pow" | "maximum" | "minimum";

/** True if `s` (after dropping leading 1s) equals the trailing axes of `full`. */
function isSuffix(s: readonly number[], full: readonly number[]): boolean {
  let k = 0;
  while (k < s.length && s[k] === 1) k++;
  const t = s.length - k;
  if (t > full.length) return false;
  for (let i = 0; i < t; i++) if (s[k + i] !== full[full.length - t + i]) return false;
  return true;
}

/** `op(a, b)` with numpy broadcasting and dtype promotion; the result is contiguous. */
export function binaryK(op: BinKernel, a: NDArray, b: NDArray): NDArray {
  // the backend's binary kernel (SIMD on wasm for contiguous and broadcast rows, WGSL on webgpu)
  return E.binary(op, a, b);
}

/**
 * Sum `g` down to `shape`, undoing numpy broadcasting (the VJP of a broadcast). Returns `g`
 * itself when the shapes already agree.
 */
export function sumToShape(g: NDArray, shape: readonly number[]): NDArray {
  if (g.device) return D.devSumToShape(g, shape);
  if (g.ndim === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  const m = sizeOf(shape);
  if (isSuffix(shape, g.shape) && m > 0) {
    const gd = g.dataSync(), out = allocTyped(g.dtype, m);
    for (let r = 0; r < gd.length; r += m) {
      for (let j = 0; j < m; j++) out[j] += gd[r + j];
    }
    return new NDArray(out, shape);
  }
  const lead = g.ndim - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.ndim; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  const s = axes.length ? sum(g, { axis: axes, keepdims: true }) : g;
  return reshape(s, shape);
}

/** Unary elementwise operations of the autodiff primitives (forward and VJP). */
export type UnKernel =
  | "neg"
  | "abs"
  | "exp"
  | "log"
  | "log1p"
  | "sqrt"
  | "square"
  | "sin"
  | "cos"
  | "tanh"
  | "sigmoid"
  | "relu"
  | "gelu"
  | "erf"
  | "softplus";

/** dx = g · f'(x) given x, y = f(x) and g (same dtype), composed of backend primitives. */
type UnVjp = (x: NDArray, y: NDArray, g: NDArray) => NDArray;

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** The VJP of every unary kernel (typed so none can be missing). */
const UN_VJP: { readonly [K in UnKernel]: UnVjp } = {
  neg: (_x, _y, g) => E.neg(g),
  abs: (x, _y, g) => E.where(E.gt(x, 0), g, E.where(E.lt(x, 0), E.neg(g), 0)),
  exp: (_x, y, g) => E.mul(g, y),
  log: (x, _y, g) => E.div(g, x),
  log1p: (x, _y, g) => E.div(g, E.add(x, 1)),
  sqrt: (_x, y, g) => E.div(g, E.mul(y, 2)),
  square: (x, _y, g) => E.mul(E.mul(g, x), 2),
  sin: (x, _y, g) => E.mul(g, E.cos(x)),
  cos: (x, _y, g) => E.neg(E.mul(g, E.sin(x))),
  tanh: (_x, y, g) => E.mul(g, E.sub(1, E.square(y))),
  sigmoid: (_x, y, g) => E.mul(g, E.mul(y, E.sub(1, y))),
  relu: (x, _y, g) => E.where(E.gt(x, 0), g, 0),
  gelu: (x, _y, g) => {
    const be = backendOf("geluBwd", x, g);
    const c = contiguous(x), gc = contiguous(g);
    const { array } = freshOutput(be, x.dtype, x.shape);
    be.geluBwd(x.size, storageOf(c), c.offset, storageOf(gc), gc.offset, storageOf(array), 0);
    return array;
  },
  erf: (x, _y, g) => E.mul(g, E.mul(E.exp(E.neg(E.square(x))), TWO_OVER_SQRT_PI)),
  softplus: (x, _y, g) => E.mul(g, E.sigmoid(x)),
};

/** `f(x)` for the unary operation `op` (contiguous result, same dtype), on `x`'s backend. */
export function unaryK(op: UnKernel, x: NDArray): NDArray {
  switch (op) {
    case "gelu": {
      const be = backendOf("gelu", x);
      const c = contiguous(x);
      const { array } = freshOutput(be, x.dtype, x.shape);
      be.gelu(x.size, storageOf(c), c.offset, storageOf(array), 0);
      return array;
    }
    case "softplus": // max(x, 0) + log1p(e^{−|x|}): no overflow for large |x|
      return E.add(E.relu(x), E.log1p(E.exp(E.neg(E.abs(x)))));
    default:
      return E.unary(op, x);
  }
}

/** `g · f'(x)` for the unary operation `op`, given `x`, `y = f(x)` and the cotangent `g`. */
export function unaryBwdK(op: UnKernel, x: NDArray, y: NDArray, g: NDArray): NDArray {
  return UN_VJP[op](x, y, g.dtype === x.dtype ? g : astype(g, x.dtype));
}

/** `c·x + s` on `x`'s backend (contiguous result, same dtype). */
export function affineK(x: NDArray, c: number, s: number): NDArray {
  return s === 0 ? E.mul(x, c) : E.add(E.mul(x, c), s);
}
