// Unary, binary and where kernels on contiguous f32 ("s") and f64 ("d") vectors in linear memory
// (pointers are byte addresses). n is rounded UP to a whole vector (4 f32 or 2 f64 lanes): the JS
// side (src/backend/wasm/elementwise.ts) lays operands out in 64-byte-aligned spans, so the extra
// lanes read and write only its own scratch padding.
//
// Op codes (kept equal to UNARY_CODES / BINARY_CODES in src/backend/wasm/elementwise.ts):
//   unary  0 neg, 1 abs, 2 exp, 3 log, 4 sqrt, 5 square, 6 tanh, 7 sigmoid, 8 relu, 9 sign,
//          10 reciprocal, 11 floor, 12 expm1, 13 log1p
//   binary 0 add, 1 sub, 2 mul, 3 div, 4 maximum, 5 minimum, 6 eq, 7 ne, 8 lt, 9 le, 10 gt, 11 ge
// Every op but exp/log/tanh/sigmoid/expm1/log1p is exactly rounded and bitwise equal to the cpu reference
// (including NaN, ±0 and ±∞; relu(NaN) = 0 and maximum/minimum return b on ties, as there).
// Each op's loop is its own case of a switch on a constant, so every loop body is straight-line.
import {
  exp_f32, exp_f64, expm1_f32, expm1_f64, log1p_f32, log1p_f64, log_f32, log_f64, sigmoid_f32,
  sigmoid_f64, tanh_f32, tanh_f64,
} from "./vmath";

// @ts-ignore: decorator
@inline function un32(op: i32, x: v128): v128 {
  const zero = f32x4.splat(0), one = f32x4.splat(1);
  switch (op) {
    case 0: return f32x4.neg(x);
    case 1: return f32x4.abs(x);
    case 2: return exp_f32(x);
    case 3: return log_f32(x);
    case 4: return f32x4.sqrt(x);
    case 5: return f32x4.mul(x, x);
    case 6: return tanh_f32(x);
    case 7: return sigmoid_f32(x);
    case 8: return v128.and(x, f32x4.gt(x, zero));
    case 9: return v128.bitselect(one, v128.bitselect(f32x4.splat(-1), x, f32x4.lt(x, zero)), f32x4.gt(x, zero));
    case 10: return f32x4.div(one, x);
    case 11: return f32x4.floor(x);
    case 12: return expm1_f32(x);
    default: return log1p_f32(x);
  }
}

// @ts-ignore: decorator
@inline function un64(op: i32, x: v128): v128 {
  const zero = f64x2.splat(0), one = f64x2.splat(1);
  switch (op) {
    case 0: return f64x2.neg(x);
    case 1: return f64x2.abs(x);
    case 2: return exp_f64(x);
    case 3: return log_f64(x);
    case 4: return f64x2.sqrt(x);
    case 5: return f64x2.mul(x, x);
    case 6: return tanh_f64(x);
    case 7: return sigmoid_f64(x);
    case 8: return v128.and(x, f64x2.gt(x, zero));
    case 9: return v128.bitselect(one, v128.bitselect(f64x2.splat(-1), x, f64x2.lt(x, zero)), f64x2.gt(x, zero));
    case 10: return f64x2.div(one, x);
    case 11: return f64x2.floor(x);
    case 12: return expm1_f64(x);
    default: return log1p_f64(x);
  }
}

// @ts-ignore: decorator
@inline function loopUn32(op: i32, n: i32, x: usize, y: usize): void {
  for (let i = 0; i < n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, un32(op, v128.load(x + o)));
  }
}

// @ts-ignore: decorator
@inline function loopUn64(op: i32, n: i32, x: usize, y: usize): void {
  for (let i = 0; i < n; i += 2) {
    const o = <usize>i << 3;
    v128.store(y + o, un64(op, v128.load(x + o)));
  }
}

/** y = op(x) elementwise on f32 (op codes above). */
export function sunary(op: i32, n: i32, x: usize, y: usize): void {
  switch (op) {
    case 0: loopUn32(0, n, x, y); break;
    case 1: loopUn32(1, n, x, y); break;
    case 2: loopUn32(2, n, x, y); break;
    case 3: loopUn32(3, n, x, y); break;
    case 4: loopUn32(4, n, x, y); break;
    case 5: loopUn32(5, n, x, y); break;
    case 6: loopUn32(6, n, x, y); break;
    case 7: loopUn32(7, n, x, y); break;
    case 8: loopUn32(8, n, x, y); break;
    case 9: loopUn32(9, n, x, y); break;
    case 10: loopUn32(10, n, x, y); break;
    case 11: loopUn32(11, n, x, y); break;
    case 12: loopUn32(12, n, x, y); break;
    default: loopUn32(13, n, x, y);
  }
}

/** y = op(x) elementwise on f64 (op codes above). */
export function dunary(op: i32, n: i32, x: usize, y: usize): void {
  switch (op) {
    case 0: loopUn64(0, n, x, y); break;
    case 1: loopUn64(1, n, x, y); break;
    case 2: loopUn64(2, n, x, y); break;
    case 3: loopUn64(3, n, x, y); break;
    case 4: loopUn64(4, n, x, y); break;
    case 5: loopUn64(5, n, x, y); break;
    case 6: loopUn64(6, n, x, y); break;
    case 7: loopUn64(7, n, x, y); break;
    case 8: loopUn64(8, n, x, y); break;
    case 9: loopUn64(9, n, x, y); break;
    case 10: loopUn64(10, n, x, y); break;
    case 11: loopUn64(11, n, x, y); break;
    case 12: loopUn64(12, n, x, y); break;
    default: loopUn64(13, n, x, y);
  }
}

// @ts-ignore: decorator
@inline function bin32(op: i32, a: v128, b: v128): v128 {
  const one = f32x4.splat(1);
  switch (op) {
    case 0: return f32x4.add(a, b);
    case 1: return f32x4.sub(a, b);
    case 2: return f32x4.mul(a, b);
    case 3: return f32x4.div(a, b);
    case 4: return v128.bitselect(a, b, v128.or(f32x4.gt(a, b), f32x4.ne(a, a)));
    case 5: return v128.bitselect(a, b, v128.or(f32x4.lt(a, b), f32x4.ne(a, a)));
    case 6: return v128.and(f32x4.eq(a, b), one);
    case 7: return v128.and(f32x4.ne(a, b), one);
    case 8: return v128.and(f32x4.lt(a, b), one);
    case 9: return v128.and(f32x4.le(a, b), one);
    case 10: return v128.and(f32x4.gt(a, b), one);
    default: return v128.and(f32x4.ge(a, b), one);
  }
}

// @ts-ignore: decorator
@inline function bin64(op: i32, a: v128, b: v128): v128 {
  const one = f64x2.splat(1);
  switch (op) {
    case 0: return f64x2.add(a, b);
    case 1: return f64x2.sub(a, b);
    case 2: return f64x2.mul(a, b);
    case 3: return f64x2.div(a, b);
    case 4: return v128.bitselect(a, b, v128.or(f64x2.gt(a, b), f64x2.ne(a, a)));
    case 5: return v128.bitselect(a, b, v128.or(f64x2.lt(a, b), f64x2.ne(a, a)));
    case 6: return v128.and(f64x2.eq(a, b), one);
    case 7: return v128.and(f64x2.ne(a, b), one);
    case 8: return v128.and(f64x2.lt(a, b), one);
    case 9: return v128.and(f64x2.le(a, b), one);
    case 10: return v128.and(f64x2.gt(a, b), one);
    default: return v128.and(f64x2.ge(a, b), one);
  }
}

// @ts-ignore: decorator
@inline function loopBin32(op: i32, n: i32, a: usize, b: usize, y: usize): void {
  for (let i = 0; i < n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, bin32(op, v128.load(a + o), v128.load(b + o)));
  }
}

// @ts-ignore: decorator
@inline function loopBin64(op: i32, n: i32, a: usize, b: usize, y: usize): void {
  for (let i = 0; i < n; i += 2) {
    const o = <usize>i << 3;
    v128.store(y + o, bin64(op, v128.load(a + o), v128.load(b + o)));
  }
}

/** y = op(a, b) elementwise on f32 (op codes above). */
export function sbinary(op: i32, n: i32, a: usize, b: usize, y: usize): void {
  switch (op) {
    case 0: loopBin32(0, n, a, b, y); break;
    case 1: loopBin32(1, n, a, b, y); break;
    case 2: loopBin32(2, n, a, b, y); break;
    case 3: loopBin32(3, n, a, b, y); break;
    case 4: loopBin32(4, n, a, b, y); break;
    case 5: loopBin32(5, n, a, b, y); break;
    case 6: loopBin32(6, n, a, b, y); break;
    case 7: loopBin32(7, n, a, b, y); break;
    case 8: loopBin32(8, n, a, b, y); break;
    case 9: loopBin32(9, n, a, b, y); break;
    case 10: loopBin32(10, n, a, b, y); break;
    default: loopBin32(11, n, a, b, y);
  }
}

/** y = op(a, b) elementwise on f64 (op codes above). */
export function dbinary(op: i32, n: i32, a: usize, b: usize, y: usize): void {
  switch (op) {
    case 0: loopBin64(0, n, a, b, y); break;
    case 1: loopBin64(1, n, a, b, y); break;
    case 2: loopBin64(2, n, a, b, y); break;
    case 3: loopBin64(3, n, a, b, y); break;
    case 4: loopBin64(4, n, a, b, y); break;
    case 5: loopBin64(5, n, a, b, y); break;
    case 6: loopBin64(6, n, a, b, y); break;
    case 7: loopBin64(7, n, a, b, y); break;
    case 8: loopBin64(8, n, a, b, y); break;
    case 9: loopBin64(9, n, a, b, y); break;
    case 10: loopBin64(10, n, a, b, y); break;
    default: loopBin64(11, n, a, b, y);
  }
}

/** y = c ≠ 0 ? a : b elementwise on f32 (a NaN condition selects a). */
export function swhere(n: i32, c: usize, a: usize, b: usize, y: usize): void {
  const zero = f32x4.splat(0);
  for (let i = 0; i < n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, v128.bitselect(v128.load(a + o), v128.load(b + o), f32x4.ne(v128.load(c + o), zero)));
  }
}

/** y = c ≠ 0 ? a : b elementwise on f64 (a NaN condition selects a). */
export function dwhere(n: i32, c: usize, a: usize, b: usize, y: usize): void {
  const zero = f64x2.splat(0);
  for (let i = 0; i < n; i += 2) {
    const o = <usize>i << 3;
    v128.store(y + o, v128.bitselect(v128.load(a + o), v128.load(b + o), f64x2.ne(v128.load(c + o), zero)));
  }
}
