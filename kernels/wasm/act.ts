// Activation kernels on contiguous f32 vectors in linear memory: GELU (tanh approximation,
// Hendrycks & Gimpel 2016, arXiv:1606.08415 eq. for GELU_tanh) forward and backward.
// Pointers are byte addresses; n is rounded UP to a multiple of 4 (the JS side reserves
// 64-byte-aligned spans, so the extra lanes read and write only its own scratch padding).
//
// 1 ± tanh u is computed without cancellation from e = exp(−2|u|) ∈ (0, 1]:
//   u ≥ 0: 1 + tanh u = 2/(1+e),  1 − tanh u = 2e/(1+e);   u < 0: the two swap.
// exp is 2^k·p(f), k = round(t), f = t − k ∈ [−½, ½], t = x·log2(e) clamped to [−126, 126],
// with the degree-6 polynomial of src/autodiff/fast_math.ts (f32 relative error ≈ 1 ulp).

const GC: f32 = 0.7978845608028654; // sqrt(2/π)
const GA: f32 = 0.044715;

// @ts-ignore: decorator
@inline function expNeg(t0: v128): v128 {
  // t0 = x·log2(e) (≤ 0 here); returns 2^t0
  const t = f32x4.max(t0, f32x4.splat(-126));
  const k = f32x4.nearest(t);
  const f = f32x4.sub(t, k);
  let p = f32x4.splat(0.00015403530393381606);
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(0.0013333558146428443));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(0.009618129107628477));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(0.05550410866482158));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(0.2402265069591007));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(0.6931471805599453));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(1));
  const ki = i32x4.trunc_sat_f32x4_s(k);
  const scale = i32x4.shl(i32x4.add(ki, i32x4.splat(127)), 23);
  return f32x4.mul(p, scale);
}

/** y = ½·x·(1 + tanh(√(2/π)(x + 0.044715x³))) elementwise (f32). */
export function sgelu(n: i32, x: usize, y: usize): void {
  const gc = f32x4.splat(GC), gca = f32x4.splat(GC * GA), half = f32x4.splat(0.5);
  const one = f32x4.splat(1), two = f32x4.splat(2), m2log2e = f32x4.splat(-2.885390081777927);
  const zero = f32x4.splat(0);
  for (let i = 0; i < n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    const u = f32x4.mul(v, f32x4.add(gc, f32x4.mul(gca, f32x4.mul(v, v))));
    const e = expNeg(f32x4.mul(f32x4.abs(u), m2log2e));
    const inv = f32x4.div(two, f32x4.add(one, e));
    const a = v128.bitselect(inv, f32x4.mul(e, inv), f32x4.ge(u, zero));
    v128.store(y + o, f32x4.mul(f32x4.mul(half, v), a));
  }
}

/** dx = g·GELU′(x) elementwise (f32), GELU′ = ½(1+t) + ½x(1−t²)·√(2/π)(1 + 3·0.044715x²). */
export function sgeluBwd(n: i32, x: usize, g: usize, dx: usize): void {
  const gc = f32x4.splat(GC), gca = f32x4.splat(GC * GA), half = f32x4.splat(0.5);
  const one = f32x4.splat(1), two = f32x4.splat(2), m2log2e = f32x4.splat(-2.885390081777927);
  const zero = f32x4.splat(0), gca3 = f32x4.splat(3 * GC * GA);
  for (let i = 0; i < n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    const v2 = f32x4.mul(v, v);
    const u = f32x4.mul(v, f32x4.add(gc, f32x4.mul(gca, v2)));
    const e = expNeg(f32x4.mul(f32x4.abs(u), m2log2e));
    const inv = f32x4.div(two, f32x4.add(one, e));
    const ei = f32x4.mul(e, inv);
    const pos = f32x4.ge(u, zero);
    const a = v128.bitselect(inv, ei, pos); // 1 + tanh u
    const b = v128.bitselect(ei, inv, pos); // 1 − tanh u
    const du = f32x4.add(gc, f32x4.mul(gca3, v2)); // d u / d x
    const d = f32x4.mul(half, f32x4.add(a, f32x4.mul(f32x4.mul(v, f32x4.mul(a, b)), du)));
    v128.store(dx + o, f32x4.mul(v128.load(g + o), d));
  }
}

// ---- softmax over contiguous rows (attention scores) ----

// @ts-ignore: decorator
@inline function expNegS(t0: f32): f32 {
  // scalar twin of expNeg: 2^t0 for t0 ≤ 0 (same clamp and polynomial)
  const t = max(t0, <f32>-126);
  const k = nearest(t);
  const f = t - k;
  let p: f32 = 0.00015403530393381606;
  p = p * f + <f32>0.0013333558146428443;
  p = p * f + <f32>0.009618129107628477;
  p = p * f + <f32>0.05550410866482158;
  p = p * f + <f32>0.2402265069591007;
  p = p * f + <f32>0.6931471805599453;
  p = p * f + <f32>1;
  return p * reinterpret<f32>((<i32>k + 127) << 23);
}

// @ts-ignore: decorator
@inline function causalLim(r: i32, n: i32, tq: i32): i32 {
  if (tq <= 0) return n;
  const l = (r % tq) + (n - tq) + 1;
  return l < n ? (l < 0 ? 0 : l) : n;
}

const LOG2E: f32 = 1.4426950408889634;

/**
 * y = softmax(scale·x) over each of `rows` contiguous rows of length n (f32). tq > 0: causal,
 * rows are [.., tq, n] score matrices and query r sees keys j ≤ r % tq + n − tq (others get 0).
 */
export function ssoftmaxRows(rows: i32, n: i32, tq: i32, scale: f32, x: usize, y: usize): void {
  const vs = f32x4.splat(scale * LOG2E);
  for (let r = 0; r < rows; r++) {
    const lim = causalLim(r, n, tq);
    const px = x + ((<usize>r * <usize>n) << 2), py = y + ((<usize>r * <usize>n) << 2);
    // max of x·scale·log2(e) (scale may be negative: take the max after scaling)
    let vm = f32x4.splat(-Infinity);
    let j = 0;
    for (; j + 4 <= lim; j += 4) vm = f32x4.max(vm, f32x4.mul(v128.load(px + (<usize>j << 2)), vs));
    let m = max(max(f32x4.extract_lane(vm, 0), f32x4.extract_lane(vm, 1)), max(f32x4.extract_lane(vm, 2), f32x4.extract_lane(vm, 3)));
    const sl = scale * LOG2E;
    for (; j < lim; j++) m = max(m, load<f32>(px + (<usize>j << 2)) * sl);
    const mm = f32x4.splat(m);
    let vsum = f32x4.splat(0);
    j = 0;
    for (; j + 4 <= lim; j += 4) {
      const o = <usize>j << 2;
      const e = expNeg(f32x4.sub(f32x4.mul(v128.load(px + o), vs), mm));
      v128.store(py + o, e);
      vsum = f32x4.add(vsum, e);
    }
    let s = f32x4.extract_lane(vsum, 0) + f32x4.extract_lane(vsum, 1) + f32x4.extract_lane(vsum, 2) + f32x4.extract_lane(vsum, 3);
    for (; j < lim; j++) {
      const e = expNegS(load<f32>(px + (<usize>j << 2)) * sl - m);
      store<f32>(py + (<usize>j << 2), e);
      s += e;
    }
    const inv = <f32>1 / s, vi = f32x4.splat(inv);
    j = 0;
    for (; j + 4 <= lim; j += 4) {
      const o = <usize>j << 2;
      v128.store(py + o, f32x4.mul(v128.load(py + o), vi));
    }
    for (; j < lim; j++) store<f32>(py + (<usize>j << 2), load<f32>(py + (<usize>j << 2)) * inv);
    for (; j < n; j++) store<f32>(py + (<usize>j << 2), 0);
  }
}

/** dx = scale·y ⊙ (g − ⟨g, y⟩_row) over contiguous rows (f32; causal as in ssoftmaxRows). */
export function ssoftmaxRowsBwd(rows: i32, n: i32, tq: i32, scale: f32, y: usize, g: usize, dx: usize): void {
  const vs = f32x4.splat(scale);
  for (let r = 0; r < rows; r++) {
    const lim = causalLim(r, n, tq);
    const ro = (<usize>r * <usize>n) << 2;
    const py = y + ro, pg = g + ro, pd = dx + ro;
    let vd = f32x4.splat(0);
    let j = 0;
    for (; j + 4 <= lim; j += 4) {
      const o = <usize>j << 2;
      vd = f32x4.add(vd, f32x4.mul(v128.load(pg + o), v128.load(py + o)));
    }
    let s = f32x4.extract_lane(vd, 0) + f32x4.extract_lane(vd, 1) + f32x4.extract_lane(vd, 2) + f32x4.extract_lane(vd, 3);
    for (; j < lim; j++) s += load<f32>(pg + (<usize>j << 2)) * load<f32>(py + (<usize>j << 2));
    const vsd = f32x4.splat(s);
    j = 0;
    for (; j + 4 <= lim; j += 4) {
      const o = <usize>j << 2;
      v128.store(pd + o, f32x4.mul(f32x4.mul(vs, v128.load(py + o)), f32x4.sub(v128.load(pg + o), vsd)));
    }
    for (; j < lim; j++) {
      const o = <usize>j << 2;
      store<f32>(pd + o, scale * load<f32>(py + o) * (load<f32>(pg + o) - s));
    }
    for (; j < n; j++) store<f32>(pd + (<usize>j << 2), 0);
  }
}

// ---- LayerNorm over contiguous f32 rows, arithmetic in f64 lanes ----
// Each pair of f32 elements is promoted to f64x2, all sums and products run in f64 (as the cpu
// reference does) and results are rounded to f32 once at the store.

// @ts-ignore: decorator
@inline function ld2(p: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}

// @ts-ignore: decorator
@inline function st2(p: usize, v: v128): void {
  v128.store64_lane(p, f32x4.demote_f64x2_zero(v), 0);
}

// @ts-ignore: decorator
@inline function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

// @ts-ignore: decorator
@inline function rowStats(px: usize, n: i32, eps: f64): v128 {
  // returns (mu, rs) in the two f64 lanes
  let s = f64x2.splat(0);
  let j = 0;
  for (; j + 2 <= n; j += 2) s = f64x2.add(s, ld2(px + (<usize>j << 2)));
  let mu = hsum(s);
  for (; j < n; j++) mu += <f64>load<f32>(px + (<usize>j << 2));
  mu /= <f64>n;
  const vm = f64x2.splat(mu);
  s = f64x2.splat(0);
  j = 0;
  for (; j + 2 <= n; j += 2) {
    const d = f64x2.sub(ld2(px + (<usize>j << 2)), vm);
    s = f64x2.add(s, f64x2.mul(d, d));
  }
  let v = hsum(s);
  for (; j < n; j++) {
    const d = <f64>load<f32>(px + (<usize>j << 2)) - mu;
    v += d * d;
  }
  const rs = 1 / Math.sqrt(v / <f64>n + eps);
  return f64x2.replace_lane(f64x2.splat(mu), 1, rs);
}

/** y = (x − μ)/√(σ² + eps)·γ (+ β when bt ≠ 0) over `rows` contiguous rows of length n (f32). */
export function slayerNorm(rows: i32, n: i32, eps: f64, x: usize, gm: usize, bt: usize, y: usize): void {
  for (let r = 0; r < rows; r++) {
    const ro = (<usize>r * <usize>n) << 2;
    const px = x + ro, py = y + ro;
    const st = rowStats(px, n, eps);
    const mu = f64x2.extract_lane(st, 0), rs = f64x2.extract_lane(st, 1);
    const vm = f64x2.splat(mu), vr = f64x2.splat(rs);
    let j = 0;
    for (; j + 2 <= n; j += 2) {
      const o = <usize>j << 2;
      let h = f64x2.mul(f64x2.mul(f64x2.sub(ld2(px + o), vm), vr), ld2(gm + o));
      if (bt != 0) h = f64x2.add(h, ld2(bt + o));
      st2(py + o, h);
    }
    for (; j < n; j++) {
      const o = <usize>j << 2;
      let h = (<f64>load<f32>(px + o) - mu) * rs * <f64>load<f32>(gm + o);
      if (bt != 0) h += <f64>load<f32>(bt + o);
      store<f32>(py + o, <f32>h);
    }
  }
}

/**
 * LayerNorm VJP over contiguous f32 rows: dx (f32), and dγ = Σ_rows g·x̂, dβ = Σ_rows g into the
 * f64 arrays dg, db (n each, overwritten); xh is n f64 of scratch.
 */
export function slayerNormBwd(
  rows: i32, n: i32, eps: f64, x: usize, gm: usize, g: usize, dx: usize, dg: usize, db: usize, xh: usize,
): void {
  memory.fill(dg, 0, <usize>n << 3);
  memory.fill(db, 0, <usize>n << 3);
  const inv = 1 / <f64>n;
  for (let r = 0; r < rows; r++) {
    const ro = (<usize>r * <usize>n) << 2;
    const px = x + ro, pg = g + ro, pd = dx + ro;
    const st = rowStats(px, n, eps);
    const mu = f64x2.extract_lane(st, 0), rs = f64x2.extract_lane(st, 1);
    const vm = f64x2.splat(mu), vr = f64x2.splat(rs);
    let m1v = f64x2.splat(0), m2v = f64x2.splat(0);
    let j = 0;
    for (; j + 2 <= n; j += 2) {
      const o = <usize>j << 2, o8 = <usize>j << 3;
      const h = f64x2.mul(f64x2.sub(ld2(px + o), vm), vr);
      const gj = ld2(pg + o);
      v128.store(xh + o8, h);
      v128.store(dg + o8, f64x2.add(v128.load(dg + o8), f64x2.mul(gj, h)));
      v128.store(db + o8, f64x2.add(v128.load(db + o8), gj));
      const dh = f64x2.mul(gj, ld2(gm + o));
      m1v = f64x2.add(m1v, dh);
      m2v = f64x2.add(m2v, f64x2.mul(dh, h));
    }
    let m1 = hsum(m1v), m2 = hsum(m2v);
    for (; j < n; j++) {
      const o = <usize>j << 2, o8 = <usize>j << 3;
      const h = (<f64>load<f32>(px + o) - mu) * rs, gj = <f64>load<f32>(pg + o);
      store<f64>(xh + o8, h);
      store<f64>(dg + o8, load<f64>(dg + o8) + gj * h);
      store<f64>(db + o8, load<f64>(db + o8) + gj);
      const dh = gj * <f64>load<f32>(gm + o);
      m1 += dh;
      m2 += dh * h;
    }
    m1 *= inv;
    m2 *= inv;
    const v1 = f64x2.splat(m1), v2 = f64x2.splat(m2);
    j = 0;
    for (; j + 2 <= n; j += 2) {
      const o = <usize>j << 2;
      const t = f64x2.sub(f64x2.sub(f64x2.mul(ld2(pg + o), ld2(gm + o)), v1), f64x2.mul(v128.load(xh + (<usize>j << 3)), v2));
      st2(pd + o, f64x2.mul(vr, t));
    }
    for (; j < n; j++) {
      const o = <usize>j << 2;
      const t = <f64>load<f32>(pg + o) * <f64>load<f32>(gm + o) - m1 - load<f64>(xh + (<usize>j << 3)) * m2;
      store<f32>(pd + o, <f32>(rs * t));
    }
  }
}
