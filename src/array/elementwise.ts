/**
 * Elementwise operations with numpy broadcasting. Numbers act as 0-d arrays of the other
 * operand's dtype; f32 combined with f64 gives f64. Every operation returns a new contiguous array.
 * @module
 */
import { allocTyped, type DType, promote, type TypedArray } from "./dtype.ts";
import { ArgumentError, describe } from "./errors.ts";
import { NDArray, stridedOffsets } from "./ndarray.ts";
import { broadcastShapes, broadcastTo } from "./shape_ops.ts";
import { DeviceArrayError, type DeviceOps } from "./device.ts";
import { erf } from "./special.ts";

/** Names of the unary elementwise primitives. */
export type UnaryOp =
  | "neg"
  | "abs"
  | "exp"
  | "log"
  | "sqrt"
  | "square"
  | "sin"
  | "cos"
  | "tanh"
  | "sigmoid"
  | "relu"
  | "sign"
  | "log1p"
  | "expm1"
  | "erf"
  | "reciprocal"
  | "floor";

/** Names of the binary elementwise primitives. */
export type BinaryOp =
  | "add"
  | "sub"
  | "mul"
  | "div"
  | "pow"
  | "maximum"
  | "minimum"
  | "eq"
  | "ne"
  | "lt"
  | "le"
  | "gt"
  | "ge";

/** The scalar function of every unary primitive (the cpu reference; typed to cover them all). */
export const UNARY: { readonly [K in UnaryOp]: (x: number) => number } = {
  neg: (x) => -x,
  abs: Math.abs,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  square: (x) => x * x,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sigmoid: (x) => x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)),
  relu: (x) => x > 0 ? x : 0,
  sign: (x) => x > 0 ? 1 : x < 0 ? -1 : x,
  log1p: Math.log1p,
  expm1: Math.expm1,
  erf,
  reciprocal: (x) => 1 / x,
  floor: Math.floor,
};

/** The scalar function of every binary primitive. */
export const BINARY: { readonly [K in BinaryOp]: (a: number, b: number) => number } = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  maximum: (a, b) => (a > b || Number.isNaN(a)) ? a : b,
  minimum: (a, b) => (a < b || Number.isNaN(a)) ? a : b,
  eq: (a, b) => a === b ? 1 : 0,
  ne: (a, b) => a !== b ? 1 : 0,
  lt: (a, b) => a < b ? 1 : 0,
  le: (a, b) => a <= b ? 1 : 0,
  gt: (a, b) => a > b ? 1 : 0,
  ge: (a, b) => a >= b ? 1 : 0,
};

/** An array operand or a scalar. */
export type Operand = NDArray | number;

function check(fn: string, arg: string, x: unknown): void {
  if (!(x instanceof NDArray) && typeof x !== "number") {
    throw new ArgumentError(fn, arg, "an NDArray or a number", x);
  }
}

/** Apply a scalar function to every element (result has `x`'s dtype unless given). */
export function map(x: NDArray, f: (v: number) => number, dtype: DType = x.dtype): NDArray {
  if (x.device) {
    throw new DeviceArrayError("map", x.device.ops.name, "use a named primitive (unary/binary)");
  }
  const out = allocTyped(dtype, x.size);
  if (x.isContiguous()) {
    const b = x.buffer, o = x.offset;
    for (let i = 0; i < out.length; i++) out[i] = f(b[o + i]);
  } else {
    const offs = stridedOffsets(x.shape, x.strides, x.offset);
    const b = x.buffer;
    for (let i = 0; i < out.length; i++) out[i] = f(b[offs[i]]);
  }
  return new NDArray(out, x.shape);
}

/** Apply the unary primitive `op`. */
export function unary(op: UnaryOp, x: NDArray): NDArray {
  if (!(x instanceof NDArray)) throw new ArgumentError(op, "x", "an NDArray", x);
  const f = UNARY[op];
  if (!f) throw new ArgumentError("unary", "op", "a unary primitive name", op);
  if (x.device) return x.device.ops.unary(op, x);
  return map(x, f);
}

function operandView(x: Operand, dtype: DType, shape: number[]): {
  buf: TypedArray;
  offs: Int32Array | null;
  off: number;
  scalar: boolean;
} {
  if (typeof x === "number") {
    const buf = allocTyped(dtype, 1);
    buf[0] = x;
    return { buf, offs: null, off: 0, scalar: true };
  }
  if (x.size === 1) return { buf: x.buffer, offs: null, off: x.offset, scalar: true };
  const same = x.ndim === shape.length && x.shape.every((d, i) => d === shape[i]);
  if (same && x.isContiguous()) return { buf: x.buffer, offs: null, off: x.offset, scalar: false };
  const v = broadcastTo(x, shape);
  return {
    buf: v.buffer,
    offs: stridedOffsets(v.shape, v.strides, v.offset),
    off: 0,
    scalar: false,
  };
}

/** Apply a scalar function of two arguments with broadcasting. */
export function zip(
  a: Operand,
  b: Operand,
  f: (x: number, y: number) => number,
  fn = "zip",
): NDArray {
  check(fn, "a", a);
  check(fn, "b", b);
  const dev = deviceOf(fn, a, b);
  if (dev) throw new DeviceArrayError(fn, dev.name, "use a named binary primitive");
  const da = typeof a === "number" ? undefined : a.dtype;
  const db = typeof b === "number" ? undefined : b.dtype;
  const dtype: DType = da && db ? promote(da, db) : (da ?? db ?? "f64");
  const shape = broadcastShapes(
    fn,
    typeof a === "number" ? [] : a.shape,
    typeof b === "number" ? [] : b.shape,
  );
  const A = operandView(a, dtype, shape), B = operandView(b, dtype, shape);
  const out = allocTyped(dtype, shape.reduce((s, d) => s * d, 1));
  const n = out.length, ab = A.buf, bb = B.buf;
  if (A.scalar && B.scalar) {
    const v = f(ab[A.off], bb[B.off]);
    out.fill(v);
  } else if (A.scalar) {
    const av = ab[A.off];
    if (B.offs) { for (let i = 0; i < n; i++) out[i] = f(av, bb[B.offs[i]]); }
    else for (let i = 0; i < n; i++) out[i] = f(av, bb[B.off + i]);
  } else if (B.scalar) {
    const bv = bb[B.off];
    if (A.offs) { for (let i = 0; i < n; i++) out[i] = f(ab[A.offs[i]], bv); }
    else for (let i = 0; i < n; i++) out[i] = f(ab[A.off + i], bv);
  } else if (!A.offs && !B.offs) {
    for (let i = 0; i < n; i++) out[i] = f(ab[A.off + i], bb[B.off + i]);
  } else {
    const ao = A.offs ?? Int32Array.from({ length: n }, (_, i) => A.off + i);
    const bo = B.offs ?? Int32Array.from({ length: n }, (_, i) => B.off + i);
    for (let i = 0; i < n; i++) out[i] = f(ab[ao[i]], bb[bo[i]]);
  }
  return new NDArray(out, shape);
}

/**
 * The device shared by the array operands, or null when all live on the host. Mixing a device
 * array with a host array is an error (no implicit transfers).
 */
export function deviceOf(fn: string, ...xs: (Operand | undefined)[]): DeviceOps | null {
  let dev: DeviceOps | null = null, host = false;
  for (const x of xs) {
    if (!(x instanceof NDArray)) continue;
    if (x.device) {
      if (dev && dev !== x.device.ops) {
        throw new ArgumentError(fn, "operands", "arrays on one device", "arrays on two devices");
      }
      dev = x.device.ops;
    } else if (x.size > 1 || x.ndim > 0) host = true;
  }
  if (dev && host) {
    throw new ArgumentError(
      fn,
      "operands",
      `all arrays on ${dev.name} (move host arrays there first)`,
      "a mix of host and device arrays",
    );
  }
  return dev;
}

function onDevice(dev: DeviceOps, x: Operand, dtype: DType, shape: number[]): NDArray {
  const v = typeof x === "number" ? dev.full([], x, dtype) : x;
  return broadcastTo(v, shape);
}

/** Apply the binary primitive `op` with broadcasting. */
export function binary(op: BinaryOp, a: Operand, b: Operand): NDArray {
  const f = BINARY[op];
  if (!f) throw new ArgumentError("binary", "op", "a binary primitive name", op);
  check(op, "a", a);
  check(op, "b", b);
  const dev = deviceOf(op, a, b);
  if (dev) {
    const shape = broadcastShapes(
      op,
      typeof a === "number" ? [] : a.shape,
      typeof b === "number" ? [] : b.shape,
    );
    const dtype = typeof a === "number" ? (b as NDArray).dtype : a.dtype;
    return dev.binary(op, onDevice(dev, a, dtype, shape), onDevice(dev, b, dtype, shape), shape);
  }
  return zip(a, b, f, op);
}

/** a + b */
export const add = (a: Operand, b: Operand): NDArray => binary("add", a, b);
/** a − b */
export const sub = (a: Operand, b: Operand): NDArray => binary("sub", a, b);
/** a · b (elementwise) */
export const mul = (a: Operand, b: Operand): NDArray => binary("mul", a, b);
/** a / b */
export const div = (a: Operand, b: Operand): NDArray => binary("div", a, b);
/** a ** b */
export const pow = (a: Operand, b: Operand): NDArray => binary("pow", a, b);
/** Elementwise maximum (NaN propagates). */
export const maximum = (a: Operand, b: Operand): NDArray => binary("maximum", a, b);
/** Elementwise minimum (NaN propagates). */
export const minimum = (a: Operand, b: Operand): NDArray => binary("minimum", a, b);
/** 1 where a == b, else 0. */
export const eq = (a: Operand, b: Operand): NDArray => binary("eq", a, b);
/** 1 where a != b, else 0. */
export const ne = (a: Operand, b: Operand): NDArray => binary("ne", a, b);
/** 1 where a < b, else 0. */
export const lt = (a: Operand, b: Operand): NDArray => binary("lt", a, b);
/** 1 where a <= b, else 0. */
export const le = (a: Operand, b: Operand): NDArray => binary("le", a, b);
/** 1 where a > b, else 0. */
export const gt = (a: Operand, b: Operand): NDArray => binary("gt", a, b);
/** 1 where a >= b, else 0. */
export const ge = (a: Operand, b: Operand): NDArray => binary("ge", a, b);

/** −x */
export const neg = (x: NDArray): NDArray => unary("neg", x);
/** |x| */
export const abs = (x: NDArray): NDArray => unary("abs", x);
/** eˣ */
export const exp = (x: NDArray): NDArray => unary("exp", x);
/** Natural logarithm. */
export const log = (x: NDArray): NDArray => unary("log", x);
/** Square root. */
export const sqrt = (x: NDArray): NDArray => unary("sqrt", x);
/** x² */
export const square = (x: NDArray): NDArray => unary("square", x);
/** sin x */
export const sin = (x: NDArray): NDArray => unary("sin", x);
/** cos x */
export const cos = (x: NDArray): NDArray => unary("cos", x);
/** tanh x */
export const tanh = (x: NDArray): NDArray => unary("tanh", x);
/** 1/(1+e^{−x}), evaluated without overflow. */
export const sigmoid = (x: NDArray): NDArray => unary("sigmoid", x);
/** max(x, 0) */
export const relu = (x: NDArray): NDArray => unary("relu", x);
/** −1, 0 or 1. */
export const sign = (x: NDArray): NDArray => unary("sign", x);
/** log(1 + x), accurate near 0. */
export const log1p = (x: NDArray): NDArray => unary("log1p", x);
/** eˣ − 1, accurate near 0. */
export const expm1 = (x: NDArray): NDArray => unary("expm1", x);
/** The error function (double precision; see special.ts). */
export const erfArray = (x: NDArray): NDArray => unary("erf", x);
/** 1/x */
export const reciprocal = (x: NDArray): NDArray => unary("reciprocal", x);
/** ⌊x⌋ */
export const floor = (x: NDArray): NDArray => unary("floor", x);

/** Pick `a` where `cond` is non-zero, else `b` (all three broadcast together). */
export function where(cond: NDArray, a: Operand, b: Operand): NDArray {
  if (!(cond instanceof NDArray)) throw new ArgumentError("where", "cond", "an NDArray", cond);
  check("where", "a", a);
  check("where", "b", b);
  const da = typeof a === "number" ? undefined : a.dtype;
  const db = typeof b === "number" ? undefined : b.dtype;
  const dtype: DType = da && db ? promote(da, db) : (da ?? db ?? cond.dtype);
  const shape = broadcastShapes(
    "where",
    cond.shape,
    typeof a === "number" ? [] : a.shape,
    typeof b === "number" ? [] : b.shape,
  );
  const dev = deviceOf("where", cond, a, b);
  if (dev) {
    return dev.where(
      broadcastTo(cond, shape),
      onDevice(dev, a, dtype, shape),
      onDevice(dev, b, dtype, shape),
      shape,
    );
  }
  const c = operandView(cond, cond.dtype, shape);
  const A = operandView(a, dtype, shape), B = operandView(b, dtype, shape);
  const n = shape.reduce((s, d) => s * d, 1);
  const out = allocTyped(dtype, n);
  const at = (v: typeof c, i: number) =>
    v.scalar ? v.buf[v.off] : v.offs ? v.buf[v.offs[i]] : v.buf[v.off + i];
  for (let i = 0; i < n; i++) out[i] = at(c, i) !== 0 ? at(A, i) : at(B, i);
  return new NDArray(out, shape);
}

/** Clamp every element to `[lo, hi]`. */
export function clip(x: NDArray, lo: number, hi: number): NDArray {
  if (!(lo <= hi)) throw new ArgumentError("clip", "lo, hi", "lo <= hi", `${lo}, ${hi}`);
  if (x.device) return minimum(maximum(x, lo), hi);
  return map(x, (v) => v < lo ? lo : v > hi ? hi : v);
}

/** Throw naming `fn` and `arg` if any element of `x` is NaN or infinite. */
export function assertFinite(fn: string, arg: string, x: NDArray): void {
  const d = x.dataSync();
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i])) {
      throw new ArgumentError(
        fn,
        arg,
        "finite entries",
        `${d[i]} at flat index ${i} of ${describe(x)}`,
      );
    }
  }
}
