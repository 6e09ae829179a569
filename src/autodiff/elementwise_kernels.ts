/**
 * Elementwise kernels of the autodiff primitives. Binary ops, the contract's unary primitives and
 * GELU (forward and VJP) run on the operands' backend (`backendOf`: SIMD wasm, WGSL, cpu); the
 * remaining unary VJPs and softplus are specialised host loops (device arrays: compositions in
 * device_kernels.ts), and `sumToShape` is the reduction that undoes broadcasting in a VJP.
 * These functions never record on the tape.
 * @module
 */
import { allocTyped, type TypedArray } from "../array/dtype.ts";
import { backendOf, freshOutput, NDArray, sizeOf, storageOf } from "../array/ndarray.ts";
import { UNARY_OPS } from "../backend/types.ts";
import { astype, contiguous, reshape } from "../array/shape_ops.ts";
import { sum } from "../array/reduce.ts";
import { erf } from "../array/special.ts";
import { defaultBackend } from "../backend/registry.ts";
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

/** Unary elementwise operations with a fused forward and backward loop. */
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

type UnFwd = (x: TypedArray, y: TypedArray, n: number) => void;
/** dx = g · f'(x) given x, y = f(x), g. */
type UnBwd = (x: TypedArray, y: TypedArray, g: TypedArray, dx: TypedArray, n: number) => void;

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

function sigmoidScalar(v: number): number {
  return v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
}

const UN_FWD: { readonly [K in UnKernel]: UnFwd } = {
  neg: (x, y, n) => {
    for (let i = 0; i < n; i++) y[i] = -x[i];
  },
  abs: (x, y, n) => {
    for (let i = 0; i < n; i++) y[i] = Math.abs(x[i]);
  },
  exp: (x, y, n) => {
    for (let i = 0; i < n; i++) y[i] = Math.exp(x[i]);
  },
  log: (x, y, n) => {
    for (let i = 0; i < n; i++) y[i] = Math.log(x[i]);
  },
  log1p: (x, y, n) => {
    for (let i = 0; i < n; i++) y[i] = Math.log1p(x[i]);
  },
  sqrt: (x, y, n) => {
    for (let i = 0; i < n; i++) y[i] = Math.sqrt(x[i]);
  },
  square: (x, y, n) => {
    for (let i = 0; i < n; i++) y[i] = x[i] * x[i];
  },
  sin: (x, y, n) => {
    for (let i = 0; i < n; i++) y[i] = Math.sin(x[i]);
  },
  cos: (x, y, n) => {
    for (let i = 0; i < n; i++) y[i] = Math.cos(x[i]);
  },
  tanh: (x, y, n) => {
    for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]);
  },
  sigmoid: (x, y, n) => {
    for (let i = 0; i < n; i++) y[i] = sigmoidScalar(x[i]);
  },
  relu: (x, y, n) => {
    for (let i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : 0;
  },
  gelu: (x, y, n) => defaultBackend().gelu(n, x, 0, y, 0), // (unaryK calls the backend)
  erf: (x, y, n) => {
    for (let i = 0; i < n; i++) y[i] = erf(x[i]);
  },
  softplus: (x, y, n) => {
    for (let i = 0; i < n; i++) {
      const v = x[i];
      y[i] = v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
    }
  },
};

const UN_BWD: { readonly [K in UnKernel]: UnBwd } = {
  neg: (_x, _y, g, d, n) => {
    for (let i = 0; i < n; i++) d[i] = -g[i];
  },
  abs: (x, _y, g, d, n) => {
    for (let i = 0; i < n; i++) d[i] = x[i] > 0 ? g[i] : x[i] < 0 ? -g[i] : 0;
  },
  exp: (_x, y, g, d, n) => {
    for (let i = 0; i < n; i++) d[i] = g[i] * y[i];
  },
  log: (x, _y, g, d, n) => {
    for (let i = 0; i < n; i++) d[i] = g[i] / x[i];
  },
  log1p: (x, _y, g, d, n) => {
    for (let i = 0; i < n; i++) d[i] = g[i] / (1 + x[i]);
  },
  sqrt: (_x, y, g, d, n) => {
    for (let i = 0; i < n; i++) d[i] = g[i] / (2 * y[i]);
  },
  square: (x, _y, g, d, n) => {
    for (let i = 0; i < n; i++) d[i] = 2 * g[i] * x[i];
  },
  sin: (x, _y, g, d, n) => {
    for (let i = 0; i < n; i++) d[i] = g[i] * Math.cos(x[i]);
  },
  cos: (x, _y, g, d, n) => {
    for (let i = 0; i < n; i++) d[i] = -g[i] * Math.sin(x[i]);
  },
  tanh: (_x, y, g, d, n) => {
    for (let i = 0; i < n; i++) d[i] = g[i] * (1 - y[i] * y[i]);
  },
  sigmoid: (_x, y, g, d, n) => {
    for (let i = 0; i < n; i++) d[i] = g[i] * y[i] * (1 - y[i]);
  },
  relu: (x, _y, g, d, n) => {
    for (let i = 0; i < n; i++) d[i] = x[i] > 0 ? g[i] : 0;
  },
  gelu: (x, _y, g, d, n) => defaultBackend().geluBwd(n, x, 0, g, 0, d, 0),
  erf: (x, _y, g, d, n) => {
    for (let i = 0; i < n; i++) d[i] = g[i] * TWO_OVER_SQRT_PI * Math.exp(-x[i] * x[i]);
  },
  softplus: (x, _y, g, d, n) => {
    for (let i = 0; i < n; i++) d[i] = g[i] * sigmoidScalar(x[i]);
  },
};

/** `f(x)` for the unary operation `op` (contiguous result, same dtype). */
export function unaryK(op: UnKernel, x: NDArray): NDArray {
  // the contract's primitives and GELU run on the operand's backend, host or device alike
  if (op === "gelu") return geluK(x);
  if ((UNARY_OPS as readonly string[]).includes(op)) return E.unary(op as E.UnaryOp, x);
  if (x.device) return D.devUnary(op, x);
  const out = allocTyped(x.dtype, x.size);
  UN_FWD[op](x.dataSync(), out, x.size);
  return new NDArray(out, x.shape);
}

/** GELU through the backend contract (`Kernels.gelu`) on `x`'s backend. */
function geluK(x: NDArray): NDArray {
  const be = backendOf("gelu", x);
  const c = contiguous(x);
  const { array } = freshOutput(be, x.dtype, x.shape);
  be.gelu(x.size, storageOf(c), c.offset, storageOf(array), 0);
  return array;
}

/** `g · f'(x)` for the unary operation `op`, given `x`, `y = f(x)` and the cotangent `g`. */
export function unaryBwdK(op: UnKernel, x: NDArray, y: NDArray, g: NDArray): NDArray {
  if (op === "gelu") {
    const be = backendOf("geluBwd", x, g);
    const c = contiguous(x), gc = contiguous(g.dtype === x.dtype ? g : astype(g, x.dtype));
    const { array } = freshOutput(be, x.dtype, x.shape);
    be.geluBwd(x.size, storageOf(c), c.offset, storageOf(gc), gc.offset, storageOf(array), 0);
    return array;
  }
  if (x.device) return D.devUnaryBwd(op, x, y, g);
  const out = allocTyped(x.dtype, x.size);
  const gd = g.dtype === x.dtype ? g.dataSync() : astype(g, x.dtype).dataSync();
  UN_BWD[op](x.dataSync(), y.dataSync(), gd, out, x.size);
  return new NDArray(out, x.shape);
}

/** `c·x + s` in one pass (contiguous result, same dtype). */
export function affineK(x: NDArray, c: number, s: number): NDArray {
  if (x.device) return s === 0 ? E.mul(x, c) : E.add(E.mul(x, c), s);
  const out = allocTyped(x.dtype, x.size), xd = x.dataSync();
  for (let i = 0; i < out.length; i++) out[i] = c * xd[i] + s;
  return new NDArray(out, x.shape);
}
