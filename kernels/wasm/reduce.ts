// Row reductions of contiguous f32 ("s") and f64 ("d") rows: `rows` rows of length `len` from x,
// one f64 result per row into out (the JS side rounds it to the dtype once). Op codes (equal to
// REDUCE_CODES in src/backend/wasm/reduce.ts): 0 sum, 1 max, 2 min, 3 logsumexp, 4 prod,
// 5 argmax, 6 argmin.
// - sum: f32 rows are summed in f64 lanes (error ≤ len·2^-53 relative to Σ|x|, far below f32's
//   u); f64 rows with Neumaier compensation in each of two lanes (as the cpu reference's
//   Kahan–Babuška sum, an infinite partial sum returns the plain sum);
// - max/min: NaN propagates, −∞/+∞ for an empty row;
// - logsumexp: m = max ignoring NaN (as the cpu reference), then m + log Σ exp(x − m) with the
//   vector exp and log of vmath.ts (no libm: the module has no static data); −∞ for an empty row, m itself when m is not finite.
// - prod: f32 rows multiply in f64 lanes, f64 rows in two lanes (1 for an empty row);
// - argmax/argmin: index (as f64) of the first extremum, NaN never selected (the cpu reference's
//   strict comparisons), 0 for an empty row: per-lane value and index, lanes merged by value
//   then smallest index.
import { exp_f32, exp_f64, log_f64 } from "./vmath";

// @ts-ignore: decorator
@inline function better(op: i32, v: f64, i: i32, m: f64, k: i32): bool {
  // op 5: argmax, 6: argmin; ties go to the smaller index
  return op == 5 ? v > m || (v == m && i < k) : v < m || (v == m && i < k);
}

// @ts-ignore: decorator
@inline function argExt32(op: i32, px: usize, len: i32): f64 {
  const init: f32 = op == 6 ? Infinity : -Infinity;
  let vm = f32x4.splat(init), vi = i32x4.splat(0);
  let idx = i32x4(0, 1, 2, 3);
  const four = i32x4.splat(4);
  let j = 0;
  for (; j + 4 <= len; j += 4) {
    const x = v128.load(px + (<usize>j << 2));
    const mask = op == 5 ? f32x4.gt(x, vm) : f32x4.lt(x, vm);
    vm = v128.bitselect(x, vm, mask);
    vi = v128.bitselect(idx, vi, mask);
    idx = i32x4.add(idx, four);
  }
  let m: f64 = init, k: i32 = 0;
  if (better(op, <f64>f32x4.extract_lane(vm, 0), i32x4.extract_lane(vi, 0), m, k)) { m = <f64>f32x4.extract_lane(vm, 0); k = i32x4.extract_lane(vi, 0); }
  if (better(op, <f64>f32x4.extract_lane(vm, 1), i32x4.extract_lane(vi, 1), m, k)) { m = <f64>f32x4.extract_lane(vm, 1); k = i32x4.extract_lane(vi, 1); }
  if (better(op, <f64>f32x4.extract_lane(vm, 2), i32x4.extract_lane(vi, 2), m, k)) { m = <f64>f32x4.extract_lane(vm, 2); k = i32x4.extract_lane(vi, 2); }
  if (better(op, <f64>f32x4.extract_lane(vm, 3), i32x4.extract_lane(vi, 3), m, k)) { m = <f64>f32x4.extract_lane(vm, 3); k = i32x4.extract_lane(vi, 3); }
  for (; j < len; j++) {
    const v = <f64>load<f32>(px + (<usize>j << 2));
    if (op == 5 ? v > m : v < m) { m = v; k = j; }
  }
  return <f64>k;
}

// @ts-ignore: decorator
@inline function argExt64(op: i32, px: usize, len: i32): f64 {
  const init: f64 = op == 6 ? Infinity : -Infinity;
  let vm = f64x2.splat(init), vi = i64x2.splat(0);
  let idx = i64x2(0, 1);
  const two = i64x2.splat(2);
  let j = 0;
  for (; j + 2 <= len; j += 2) {
    const x = v128.load(px + (<usize>j << 3));
    const mask = op == 5 ? f64x2.gt(x, vm) : f64x2.lt(x, vm);
    vm = v128.bitselect(x, vm, mask);
    vi = v128.bitselect(idx, vi, mask);
    idx = i64x2.add(idx, two);
  }
  let m: f64 = init, k: i32 = 0;
  if (better(op, f64x2.extract_lane(vm, 0), <i32>i64x2.extract_lane(vi, 0), m, k)) { m = f64x2.extract_lane(vm, 0); k = <i32>i64x2.extract_lane(vi, 0); }
  if (better(op, f64x2.extract_lane(vm, 1), <i32>i64x2.extract_lane(vi, 1), m, k)) { m = f64x2.extract_lane(vm, 1); k = <i32>i64x2.extract_lane(vi, 1); }
  for (; j < len; j++) {
    const v = load<f64>(px + (<usize>j << 3));
    if (op == 5 ? v > m : v < m) { m = v; k = j; }
  }
  return <f64>k;
}

// @ts-ignore: decorator
@inline function hsum2(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

// @ts-ignore: decorator
@inline function pick(op: i32, m: v128, x: v128): v128 {
  // op 1: max, 2: min, 3: max ignoring NaN; NaN in x replaces m for 1 and 2
  if (op == 1) return v128.bitselect(x, m, v128.or(f32x4.gt(x, m), f32x4.ne(x, x)));
  if (op == 2) return v128.bitselect(x, m, v128.or(f32x4.lt(x, m), f32x4.ne(x, x)));
  return v128.bitselect(x, m, f32x4.gt(x, m));
}

// @ts-ignore: decorator
@inline function pickS(op: i32, m: f64, x: f64): f64 {
  if (op == 1) return x > m || x != x ? x : m;
  if (op == 2) return x < m || x != x ? x : m;
  return x > m ? x : m;
}

// @ts-ignore: decorator
@inline function pick64(op: i32, m: v128, x: v128): v128 {
  if (op == 1) return v128.bitselect(x, m, v128.or(f64x2.gt(x, m), f64x2.ne(x, x)));
  if (op == 2) return v128.bitselect(x, m, v128.or(f64x2.lt(x, m), f64x2.ne(x, x)));
  return v128.bitselect(x, m, f64x2.gt(x, m));
}

// @ts-ignore: decorator
@inline function extreme32(op: i32, px: usize, len: i32): f64 {
  const init: f32 = op == 2 ? Infinity : -Infinity;
  let vm = f32x4.splat(init);
  let j = 0;
  for (; j + 4 <= len; j += 4) vm = pick(op, vm, v128.load(px + (<usize>j << 2)));
  let m: f64 = init;
  for (let l = 0; l < 4; l++) {
    // lanes in order; NaN in any lane wins for max/min
    const v = <f64>(l == 0 ? f32x4.extract_lane(vm, 0) : l == 1 ? f32x4.extract_lane(vm, 1) : l == 2 ? f32x4.extract_lane(vm, 2) : f32x4.extract_lane(vm, 3));
    m = pickS(op, m, v);
  }
  for (; j < len; j++) m = pickS(op, m, <f64>load<f32>(px + (<usize>j << 2)));
  return m;
}

// @ts-ignore: decorator
@inline function extreme64(op: i32, px: usize, len: i32): f64 {
  const init: f64 = op == 2 ? Infinity : -Infinity;
  let vm = f64x2.splat(init);
  let j = 0;
  for (; j + 2 <= len; j += 2) vm = pick64(op, vm, v128.load(px + (<usize>j << 3)));
  let m = pickS(op, pickS(op, init, f64x2.extract_lane(vm, 0)), f64x2.extract_lane(vm, 1));
  for (; j < len; j++) m = pickS(op, m, load<f64>(px + (<usize>j << 3)));
  return m;
}

/** f32 row reductions (op codes above); out: rows f64 values. */
export function sreduce(op: i32, rows: i32, len: i32, x: usize, out: usize): void {
  for (let r = 0; r < rows; r++) {
    const px = x + ((<usize>r * <usize>len) << 2);
    let res: f64 = 0;
    if (op == 0) {
      let a = f64x2.splat(0), b = f64x2.splat(0);
      let j = 0;
      for (; j + 4 <= len; j += 4) {
        const v = v128.load(px + (<usize>j << 2));
        a = f64x2.add(a, f64x2.promote_low_f32x4(v));
        b = f64x2.add(b, f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)));
      }
      res = hsum2(f64x2.add(a, b));
      for (; j < len; j++) res += <f64>load<f32>(px + (<usize>j << 2));
    } else if (op == 1) {
      res = extreme32(1, px, len);
    } else if (op == 2) {
      res = extreme32(2, px, len);
    } else if (op == 4) {
      let a = f64x2.splat(1), b = f64x2.splat(1);
      let j = 0;
      for (; j + 4 <= len; j += 4) {
        const v = v128.load(px + (<usize>j << 2));
        a = f64x2.mul(a, f64x2.promote_low_f32x4(v));
        b = f64x2.mul(b, f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)));
      }
      const ab = f64x2.mul(a, b);
      res = f64x2.extract_lane(ab, 0) * f64x2.extract_lane(ab, 1);
      for (; j < len; j++) res *= <f64>load<f32>(px + (<usize>j << 2));
    } else if (op == 5) {
      res = argExt32(5, px, len);
    } else if (op == 6) {
      res = argExt32(6, px, len);
    } else {
      const m = extreme32(3, px, len);
      if (!isFinite(m)) {
        res = m;
      } else {
        const vm = f32x4.splat(<f32>m);
        let a = f64x2.splat(0), b = f64x2.splat(0);
        let j = 0;
        for (; j + 4 <= len; j += 4) {
          const e = exp_f32(f32x4.sub(v128.load(px + (<usize>j << 2)), vm));
          a = f64x2.add(a, f64x2.promote_low_f32x4(e));
          b = f64x2.add(b, f64x2.promote_low_f32x4(i32x4.shuffle(e, e, 2, 3, 0, 1)));
        }
        let s = hsum2(f64x2.add(a, b));
        for (; j < len; j++) s += <f64>f32x4.extract_lane(exp_f32(f32x4.splat(load<f32>(px + (<usize>j << 2)) - <f32>m)), 0);
        res = m + f64x2.extract_lane(log_f64(f64x2.splat(s)), 0);
      }
    }
    store<f64>(out + (<usize>r << 3), res);
  }
}

/** f64 row reductions (op codes above); out: rows f64 values. */
export function dreduce(op: i32, rows: i32, len: i32, x: usize, out: usize): void {
  for (let r = 0; r < rows; r++) {
    const px = x + ((<usize>r * <usize>len) << 3);
    let res: f64 = 0;
    if (op == 0) {
      // Neumaier compensation per lane
      let s = f64x2.splat(0), c = f64x2.splat(0);
      let j = 0;
      for (; j + 2 <= len; j += 2) {
        const v = v128.load(px + (<usize>j << 3));
        const t = f64x2.add(s, v);
        const big = f64x2.ge(f64x2.abs(s), f64x2.abs(v));
        c = f64x2.add(c, v128.bitselect(f64x2.add(f64x2.sub(s, t), v), f64x2.add(f64x2.sub(v, t), s), big));
        s = t;
      }
      // fold lane 1 and the tail into lane 0's scalar compensated sum
      let sum = f64x2.extract_lane(s, 0), comp = f64x2.extract_lane(c, 0) + f64x2.extract_lane(c, 1);
      const s1 = f64x2.extract_lane(s, 1);
      let t = sum + s1;
      comp += Math.abs(sum) >= Math.abs(s1) ? (sum - t) + s1 : (s1 - t) + sum;
      sum = t;
      for (; j < len; j++) {
        const v = load<f64>(px + (<usize>j << 3));
        t = sum + v;
        comp += Math.abs(sum) >= Math.abs(v) ? (sum - t) + v : (v - t) + sum;
        sum = t;
      }
      res = isFinite(sum) ? sum + comp : sum;
    } else if (op == 1) {
      res = extreme64(1, px, len);
    } else if (op == 2) {
      res = extreme64(2, px, len);
    } else if (op == 4) {
      let a = f64x2.splat(1);
      let j = 0;
      for (; j + 2 <= len; j += 2) a = f64x2.mul(a, v128.load(px + (<usize>j << 3)));
      res = f64x2.extract_lane(a, 0) * f64x2.extract_lane(a, 1);
      for (; j < len; j++) res *= load<f64>(px + (<usize>j << 3));
    } else if (op == 5) {
      res = argExt64(5, px, len);
    } else if (op == 6) {
      res = argExt64(6, px, len);
    } else {
      const m = extreme64(3, px, len);
      if (!isFinite(m)) {
        res = m;
      } else {
        const vm = f64x2.splat(m);
        let a = f64x2.splat(0);
        let j = 0;
        for (; j + 2 <= len; j += 2) a = f64x2.add(a, exp_f64(f64x2.sub(v128.load(px + (<usize>j << 3)), vm)));
        let s = hsum2(a);
        for (; j < len; j++) s += f64x2.extract_lane(exp_f64(f64x2.splat(load<f64>(px + (<usize>j << 3)) - m)), 0);
        res = m + f64x2.extract_lane(log_f64(f64x2.splat(s)), 0);
      }
    }
    store<f64>(out + (<usize>r << 3), res);
  }
}
