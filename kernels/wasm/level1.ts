// Level-1 BLAS on contiguous vectors in linear memory (the JS side gathers strided operands):
// dot, axpy, scal, nrm2 for f32 ("s") and f64 ("d"). Pointers are byte addresses, n elements.
import { fmaF32, fmaF64 } from "./simd";

/** Σ x[i]·y[i], f32 lanes with 4 independent accumulators (16 partial sums). */
export function sdot(n: i32, x: usize, y: usize): f32 {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const o = <usize>i << 2;
    a0 = fmaF32(v128.load(x + o), v128.load(y + o), a0);
    a1 = fmaF32(v128.load(x + o, 16), v128.load(y + o, 16), a1);
    a2 = fmaF32(v128.load(x + o, 32), v128.load(y + o, 32), a2);
    a3 = fmaF32(v128.load(x + o, 48), v128.load(y + o, 48), a3);
  }
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    a0 = fmaF32(v128.load(x + o), v128.load(y + o), a0);
  }
  const s = f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3));
  let r = f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
  for (; i < n; i++) r += load<f32>(x + (<usize>i << 2)) * load<f32>(y + (<usize>i << 2));
  return r;
}

/** Σ x[i]·y[i], f64 lanes with 4 independent accumulators. */
export function ddot(n: i32, x: usize, y: usize): f64 {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const o = <usize>i << 3;
    a0 = fmaF64(v128.load(x + o), v128.load(y + o), a0);
    a1 = fmaF64(v128.load(x + o, 16), v128.load(y + o, 16), a1);
    a2 = fmaF64(v128.load(x + o, 32), v128.load(y + o, 32), a2);
    a3 = fmaF64(v128.load(x + o, 48), v128.load(y + o, 48), a3);
  }
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    a0 = fmaF64(v128.load(x + o), v128.load(y + o), a0);
  }
  const s = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
  let r = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < n; i++) r += load<f64>(x + (<usize>i << 3)) * load<f64>(y + (<usize>i << 3));
  return r;
}

/** y ← alpha·x + y (f32). */
export function saxpy(n: i32, alpha: f32, x: usize, y: usize): void {
  const va = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, fmaF32(va, v128.load(x + o), v128.load(y + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, load<f32>(y + o) + alpha * load<f32>(x + o));
  }
}

/** y ← alpha·x + y (f64). */
export function daxpy(n: i32, alpha: f64, x: usize, y: usize): void {
  const va = f64x2.splat(alpha);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    v128.store(y + o, fmaF64(va, v128.load(x + o), v128.load(y + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(y + o, load<f64>(y + o) + alpha * load<f64>(x + o));
  }
}

/** x ← alpha·x (f32). */
export function sscal(n: i32, alpha: f32, x: usize): void {
  const va = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(x + o, f32x4.mul(va, v128.load(x + o)));
  }
  for (; i < n; i++) store<f32>(x + (<usize>i << 2), alpha * load<f32>(x + (<usize>i << 2)));
}

/** x ← alpha·x (f64). */
export function dscal(n: i32, alpha: f64, x: usize): void {
  const va = f64x2.splat(alpha);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    v128.store(x + o, f64x2.mul(va, v128.load(x + o)));
  }
  for (; i < n; i++) store<f64>(x + (<usize>i << 3), alpha * load<f64>(x + (<usize>i << 3)));
}

/**
 * sqrt(Σ x[i]²) of f32 data, squares summed in f64 lanes: an f32 square can neither overflow
 * nor underflow in f64, so no scaling is needed.
 */
export function snrm2(n: i32, x: usize): f64 {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    const lo = f64x2.promote_low_f32x4(v);
    const hi = f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1));
    a0 = fmaF64(lo, lo, a0);
    a1 = fmaF64(hi, hi, a1);
  }
  const s = f64x2.add(a0, a1);
  let r = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < n; i++) {
    const v = <f64>load<f32>(x + (<usize>i << 2));
    r += v * v;
  }
  return sqrt(r);
}

/**
 * sqrt(Σ x[i]²) of f64 data. Fast path: one SIMD pass of plain squares, accepted when the sum is
 * finite and ≥ 2^-900 (then no square overflowed and underflow losses are below 2^-170
 * relative). Otherwise a scaled two-pass scalar loop, s·sqrt(Σ (xᵢ/s)²) with s = max |xᵢ|
 * (NaN if any NaN, else Inf if any ±Inf).
 */
export function dnrm2(n: i32, x: usize): f64 {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 3;
    const v = v128.load(x + o);
    const w = v128.load(x + o, 16);
    a0 = fmaF64(v, v, a0);
    a1 = fmaF64(w, w, a1);
  }
  const s = f64x2.add(a0, a1);
  let r = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < n; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    r += v * v;
  }
  if (r < Infinity && r >= 1.1830521861667747e-271) return sqrt(r); // 2^-900
  let scale: f64 = 0;
  let nan = false;
  for (i = 0; i < n; i++) {
    const v = abs<f64>(load<f64>(x + (<usize>i << 3)));
    if (v > scale) scale = v;
    else if (v != v) nan = true;
  }
  if (nan) return NaN;
  if (scale == 0) return 0;
  if (scale == Infinity) return Infinity;
  let ssq: f64 = 0;
  for (i = 0; i < n; i++) {
    const v = load<f64>(x + (<usize>i << 3)) / scale;
    ssq += v * v;
  }
  return scale * sqrt(ssq);
}
