/**
 * The cpu reference of the elementwise entries of the contract: fill, copy, unary, binary and
 * where over strided operands. The scalar function of every primitive is defined here once
 * ({@linkcode UNARY}, {@linkcode BINARY}); every other backend is tested against it.
 *
 * @module
 */
import {
  BINARY_OPS,
  type BinaryOp,
  type Strided,
  type TypedArray,
  UNARY_OPS,
  type UnaryOp,
} from "../types.ts";
import { checkOp, checkScalar, checkShapeArg, checkStrided } from "../validate.ts";
import { eachRow } from "./strided.ts";
import { erf } from "./special.ts";

/** The scalar function of every unary primitive (typed to cover them all). */
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

/** `out[i] = value` over `shape`. */
export function fillCpu(shape: readonly number[], value: number, out: Strided<TypedArray>): void {
  checkShapeArg("fill", shape);
  checkScalar("fill", "value", value);
  checkStrided("fill", "out", shape, out);
  const o = out.buf;
  eachRow(shape, [out], (b, len, inc) => {
    const s = inc[0];
    if (s === 1) o.fill(value, b[0], b[0] + len);
    else for (let i = 0, p = b[0]; i < len; i++, p += s) o[p] = value;
  });
}

/** `out[i] = x[i]` over `shape` (f32 ↔ f64 conversion rounds to nearest). */
export function copyCpu(
  shape: readonly number[],
  x: Strided<TypedArray>,
  out: Strided<TypedArray>,
): void {
  checkShapeArg("copy", shape);
  checkStrided("copy", "x", shape, x);
  checkStrided("copy", "out", shape, out);
  const xb = x.buf, o = out.buf;
  eachRow(shape, [x, out], (b, len, inc) => {
    const [sx, so] = inc;
    if (sx === 1 && so === 1) {
      if (xb === o && b[0] < b[1]) { // overlapping forward copy: go backwards
        for (let i = len - 1; i >= 0; i--) o[b[1] + i] = xb[b[0] + i];
      } else o.set(xb.subarray(b[0], b[0] + len), b[1]);
    } else {
      for (let i = 0, p = b[0], q = b[1]; i < len; i++, p += sx, q += so) o[q] = xb[p];
    }
  });
}

/** `out[i] = op(x[i])` over `shape`. */
export function unaryCpu(
  op: UnaryOp,
  shape: readonly number[],
  x: Strided<TypedArray>,
  out: Strided<TypedArray>,
): void {
  checkOp("unary", "op", op, UNARY_OPS);
  checkShapeArg("unary", shape);
  checkStrided("unary", "x", shape, x);
  checkStrided("unary", "out", shape, out);
  const f = UNARY[op], xb = x.buf, o = out.buf;
  eachRow(shape, [x, out], (b, len, inc) => {
    const [sx, so] = inc;
    for (let i = 0, p = b[0], q = b[1]; i < len; i++, p += sx, q += so) o[q] = f(xb[p]);
  });
}

/** `out[i] = op(a[i], b[i])` over `shape`. */
export function binaryCpu(
  op: BinaryOp,
  shape: readonly number[],
  a: Strided<TypedArray>,
  b: Strided<TypedArray>,
  out: Strided<TypedArray>,
): void {
  checkOp("binary", "op", op, BINARY_OPS);
  checkShapeArg("binary", shape);
  checkStrided("binary", "a", shape, a);
  checkStrided("binary", "b", shape, b);
  checkStrided("binary", "out", shape, out);
  const f = BINARY[op], ab = a.buf, bb = b.buf, o = out.buf;
  eachRow(shape, [a, b, out], (s, len, inc) => {
    const [sa, sb, so] = inc;
    for (let i = 0, p = s[0], q = s[1], r = s[2]; i < len; i++, p += sa, q += sb, r += so) {
      o[r] = f(ab[p], bb[q]);
    }
  });
}

/** `out[i] = c[i] ≠ 0 ? a[i] : b[i]` over `shape`. */
export function whereCpu(
  shape: readonly number[],
  c: Strided<TypedArray>,
  a: Strided<TypedArray>,
  b: Strided<TypedArray>,
  out: Strided<TypedArray>,
): void {
  checkShapeArg("where", shape);
  checkStrided("where", "c", shape, c);
  checkStrided("where", "a", shape, a);
  checkStrided("where", "b", shape, b);
  checkStrided("where", "out", shape, out);
  const cb = c.buf, ab = a.buf, bb = b.buf, o = out.buf;
  eachRow(shape, [c, a, b, out], (s, len, inc) => {
    const [sc, sa, sb, so] = inc;
    for (let i = 0; i < len; i++) {
      o[s[3] + i * so] = cb[s[0] + i * sc] !== 0 ? ab[s[1] + i * sa] : bb[s[2] + i * sb];
    }
  });
}
