/**
 * Elementwise operations with numpy broadcasting. Numbers act as 0-d arrays of the other
 * operand's dtype; f32 combined with f64 gives f64. Every operation returns a new contiguous array.
 * The named primitives run on the operands' backend (`backendOf`): shapes and broadcasting are
 * resolved here, the kernels see strided operands.
 * @module
 */
import { allocTyped, type DType, promote, type TypedArray } from "./dtype.ts";
import { ArgumentError, describe } from "./errors.ts";
import {
  type ArrayBackend,
  backendOf,
  freshOutput,
  hostOnly,
  NDArray,
  type Storage,
  stridedOf,
  stridedOffsets,
} from "./ndarray.ts";
import { astype, broadcastShapes, broadcastTo } from "./shape_ops.ts";
import type { Strided } from "../backend/types.ts";
import type { BinaryOp, UnaryOp } from "../backend/types.ts";
import { BINARY, UNARY } from "../backend/cpu/elementwise.ts";

export type { BinaryOp, UnaryOp };
/** The scalar functions of the primitives: the cpu backend's reference (src/backend/cpu). */
export { BINARY, UNARY };

/** An array operand or a scalar. */
export type Operand = NDArray | number;

function check(fn: string, arg: string, x: unknown): void {
  if (!(x instanceof NDArray) && typeof x !== "number") {
    throw new ArgumentError(fn, arg, "an NDArray or a number", x);
  }
}

/** Apply a scalar function to every element (result has `x`'s dtype unless given). */
export function map(x: NDArray, f: (v: number) => number, dtype: DType = x.dtype): NDArray {
  hostOnly("map", x, "use a named primitive (unary/binary)");
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

/**
 * `x` as a kernel operand of `dtype` broadcast to `shape` on `be`. Numbers and 0-d host arrays
 * (scalars, allowed beside device arrays) become one-element buffers of `be`, pushed to `temps`
 * for the caller to free.
 */
function operand(
  be: ArrayBackend,
  x: Operand,
  dtype: DType,
  shape: readonly number[],
  temps: Storage[],
): Strided<Storage> {
  if (typeof x === "number" || (x.device === null && x.ndim === 0)) {
    const v = typeof x === "number" ? x : x.item();
    const buf = be.alloc(dtype, 1);
    be.fill([], v, { buf, offset: 0, strides: [] });
    temps.push(buf);
    return { buf, offset: 0, strides: shape.map(() => 0) };
  }
  return stridedOf(broadcastTo(x.dtype === dtype ? x : astype(x, dtype), shape));
}

/** Apply the unary primitive `op`. */
export function unary(op: UnaryOp, x: NDArray): NDArray {
  if (!(x instanceof NDArray)) throw new ArgumentError(op, "x", "an NDArray", x);
  if (!Object.hasOwn(UNARY, op)) {
    throw new ArgumentError("unary", "op", "a unary primitive name", op);
  }
  const be = backendOf(op, x);
  const { array, out } = freshOutput(be, x.dtype, x.shape);
  be.unary(op, x.shape, stridedOf(x), out);
  return array;
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
  for (const x of [a, b]) if (typeof x !== "number") hostOnly(fn, x, "use a named primitive");
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

/** Apply the binary primitive `op` with broadcasting. */
export function binary(op: BinaryOp, a: Operand, b: Operand): NDArray {
  if (!Object.hasOwn(BINARY, op)) {
    throw new ArgumentError("binary", "op", "a binary primitive name", op);
  }
  check(op, "a", a);
  check(op, "b", b);
  const be = backendOf(op, a, b);
  const da = typeof a === "number" ? undefined : a.dtype;
  const db = typeof b === "number" ? undefined : b.dtype;
  const dtype: DType = da && db ? promote(da, db) : (da ?? db ?? "f64");
  const shape = broadcastShapes(
    op,
    typeof a === "number" ? [] : a.shape,
    typeof b === "number" ? [] : b.shape,
  );
  const temps: Storage[] = [];
  const A = operand(be, a, dtype, shape, temps), B = operand(be, b, dtype, shape, temps);
  const { array, out } = freshOutput(be, dtype, shape);
  be.binary(op, shape, A, B, out);
  for (const t of temps) be.free(t);
  return array;
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
  const be = backendOf("where", cond, a, b);
  const temps: Storage[] = [];
  const C = operand(be, cond, dtype, shape, temps);
  const A = operand(be, a, dtype, shape, temps), B = operand(be, b, dtype, shape, temps);
  const { array, out } = freshOutput(be, dtype, shape);
  be.where(shape, C, A, B, out);
  for (const t of temps) be.free(t);
  return array;
}

/** Clamp every element to `[lo, hi]`. */
export function clip(x: NDArray, lo: number, hi: number): NDArray {
  if (!(lo <= hi)) throw new ArgumentError("clip", "lo, hi", "lo <= hi", `${lo}, ${hi}`);
  return minimum(maximum(x, lo), hi);
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
