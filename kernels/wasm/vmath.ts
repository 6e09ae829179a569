// Vector math on v128 lanes: exp, log, tanh, sigmoid for f32x4 and f64x2 (pure functions, all
// @inline). Accuracy (measured against Math.* on dense grids by kernels/dev/05_vmath.ts and stated
// in kernels/README.md): a few ulp.
//
// exp: Cody–Waite reduction x = k·ln2 + r, |r| ≤ ½ln2, then e^r by Cephes expf's degree-5
// minimax polynomial (f32) or the degree-13 Taylor polynomial (f64, truncation < 2^-57), and the
// scale 2^k applied as two factors 2^⌊k/2⌋·2^(k−⌊k/2⌋) so that gradual underflow and overflow
// round once. NaN propagates (wasm min/max and arithmetic), ±∞ give ∞ and 0.
// log: x = 2^e·m with m in [√½, √2), log m from Cephes logf's polynomial (f32) or fdlibm's
// s = f/(2+f) form (f64); subnormals are scaled first; log(0) = −∞, log(x<0) = NaN, log(∞) = ∞.
// tanh: odd polynomial (f32: Cephes tanhf) or rational (f64: Cephes tanh) for |x| < 0.625, else
// (1 − e)/(1 + e) with e = exp(−2|x|); the sign of x is copied (tanh(−0) = −0).
// sigmoid: e = exp(−|x|), 1/(1+e) for x ≥ 0 and e/(1+e) below (the cpu reference's two branches).

// ---- f32x4 ----

// @ts-ignore: decorator
@inline export function exp_f32(x: v128): v128 {
  const xc = f32x4.min(f32x4.max(x, f32x4.splat(-110)), f32x4.splat(89));
  const k = f32x4.nearest(f32x4.mul(xc, f32x4.splat(1.44269504088896341)));
  let r = f32x4.sub(xc, f32x4.mul(k, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(k, f32x4.splat(-2.12194440e-4)));
  const z = f32x4.mul(r, r);
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(p, z), r), f32x4.splat(1));
  const ki = i32x4.trunc_sat_f32x4_s(k);
  const k1 = i32x4.shr_s(ki, 1), k2 = i32x4.sub(ki, k1);
  const s1 = i32x4.shl(i32x4.add(k1, i32x4.splat(127)), 23);
  const s2 = i32x4.shl(i32x4.add(k2, i32x4.splat(127)), 23);
  return f32x4.mul(f32x4.mul(p, s1), s2);
}

// @ts-ignore: decorator
@inline export function log_f32(x0: v128): v128 {
  // subnormals: scale by 2^23 first
  const sub = f32x4.lt(x0, f32x4.splat(1.17549435e-38));
  const x = v128.bitselect(f32x4.mul(x0, f32x4.splat(8388608)), x0, sub);
  const bits = x;
  let e = i32x4.sub(i32x4.shr_u(bits, 23), i32x4.splat(126));
  e = i32x4.sub(e, v128.and(sub, i32x4.splat(23)));
  const m = v128.or(v128.and(bits, i32x4.splat(0x007fffff)), i32x4.splat(0x3f000000)); // [½, 1)
  const small = f32x4.lt(m, f32x4.splat(0.707106781186547524));
  e = i32x4.add(e, small); // true lanes are −1
  const f = f32x4.sub(v128.bitselect(f32x4.add(m, m), m, small), f32x4.splat(1));
  const ef = f32x4.convert_i32x4_s(e);
  const z = f32x4.mul(f, f);
  let y = f32x4.splat(7.0376836292e-2);
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(-1.1514610310e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(1.1676998740e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(-1.2420140846e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(1.4249322787e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(-1.6668057665e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(2.0000714765e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(-2.4999993993e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(3.3333331174e-1));
  y = f32x4.mul(f32x4.mul(y, f), z);
  y = f32x4.add(y, f32x4.mul(ef, f32x4.splat(-2.12194440e-4)));
  y = f32x4.sub(y, f32x4.mul(f32x4.splat(0.5), z));
  let r = f32x4.add(f, y);
  r = f32x4.add(r, f32x4.mul(ef, f32x4.splat(0.693359375)));
  // specials: x = ±0 → −∞, x < 0 → NaN, x = ∞ → ∞, NaN → NaN
  r = v128.bitselect(f32x4.splat(-Infinity), r, f32x4.eq(x0, f32x4.splat(0)));
  r = v128.bitselect(f32x4.splat(NaN), r, f32x4.lt(x0, f32x4.splat(0)));
  r = v128.bitselect(x0, r, f32x4.eq(x0, f32x4.splat(Infinity)));
  return v128.bitselect(x0, r, f32x4.ne(x0, x0));
}

// @ts-ignore: decorator
@inline export function tanh_f32(x: v128): v128 {
  const ax = f32x4.abs(x);
  const e = exp_f32(f32x4.mul(ax, f32x4.splat(-2)));
  const big = f32x4.div(f32x4.sub(f32x4.splat(1), e), f32x4.add(f32x4.splat(1), e));
  const z = f32x4.mul(ax, ax);
  let p = f32x4.splat(-5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-3.33332819422e-1));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), ax), ax);
  const t = v128.bitselect(small, big, f32x4.lt(ax, f32x4.splat(0.625)));
  return v128.or(t, v128.and(x, f32x4.splat(-0.0)));
}

// @ts-ignore: decorator
@inline export function sigmoid_f32(x: v128): v128 {
  const e = exp_f32(f32x4.neg(f32x4.abs(x)));
  const s = f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), e));
  return v128.bitselect(s, f32x4.mul(e, s), f32x4.ge(x, f32x4.splat(0)));
}

// ---- f64x2 ----

// @ts-ignore: decorator
@inline export function exp_f64(x: v128): v128 {
  const xc = f64x2.min(f64x2.max(x, f64x2.splat(-746)), f64x2.splat(710));
  const k = f64x2.nearest(f64x2.mul(xc, f64x2.splat(1.4426950408889634)));
  let r = f64x2.sub(xc, f64x2.mul(k, f64x2.splat(6.93147180369123816490e-01)));
  r = f64x2.sub(r, f64x2.mul(k, f64x2.splat(1.90821492927058770002e-10)));
  let p = f64x2.splat(1.6059043836821613e-10); // 1/13!
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(2.08767569878681e-9)); // 1/12!
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(2.505210838544172e-8)); // 1/11!
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(2.755731922398589e-7)); // 1/10!
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(2.7557319223985893e-6)); // 1/9!
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(2.48015873015873e-5)); // 1/8!
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.984126984126984e-4)); // 1/7!
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.388888888888889e-3)); // 1/6!
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(8.333333333333333e-3)); // 1/5!
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(4.1666666666666664e-2)); // 1/4!
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.6666666666666666e-1)); // 1/3!
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(0.5));
  p = f64x2.add(f64x2.mul(p, f64x2.mul(r, r)), r);
  p = f64x2.add(p, f64x2.splat(1));
  const ki = i32x4.trunc_sat_f64x2_s_zero(k);
  const k1 = i32x4.shr_s(ki, 1), k2 = i32x4.sub(ki, k1);
  const s1 = i64x2.shl(i64x2.add(i64x2.extend_low_i32x4_s(k1), i64x2.splat(1023)), 52);
  const s2 = i64x2.shl(i64x2.add(i64x2.extend_low_i32x4_s(k2), i64x2.splat(1023)), 52);
  return f64x2.mul(f64x2.mul(p, s1), s2);
}

// @ts-ignore: decorator
@inline export function log_f64(x0: v128): v128 {
  const sub = f64x2.lt(x0, f64x2.splat(2.2250738585072014e-308));
  const x = v128.bitselect(f64x2.mul(x0, f64x2.splat(18014398509481984)), x0, sub); // 2^54
  // exponent as f64 via the 2^52 + 2^51 trick; mantissa scaled to [1, 2)
  const ebits = i64x2.sub(i64x2.shr_u(x, 52), i64x2.splat(1023));
  let k = f64x2.sub(
    i64x2.add(ebits, i64x2.splat(0x4338000000000000)),
    f64x2.splat(6755399441055744.0),
  );
  k = f64x2.sub(k, v128.and(sub, f64x2.splat(54)));
  let m = v128.or(v128.and(x, i64x2.splat(0x000fffffffffffff)), i64x2.splat(0x3ff0000000000000));
  const hi = f64x2.gt(m, f64x2.splat(1.4142135623730951));
  m = v128.bitselect(f64x2.mul(m, f64x2.splat(0.5)), m, hi);
  k = f64x2.add(k, v128.and(hi, f64x2.splat(1)));
  const f = f64x2.sub(m, f64x2.splat(1));
  const s = f64x2.div(f, f64x2.add(f64x2.splat(2), f));
  const z = f64x2.mul(s, s), w = f64x2.mul(z, z);
  const t1 = f64x2.mul(w, f64x2.add(f64x2.splat(3.999999999940941908e-01),
    f64x2.mul(w, f64x2.add(f64x2.splat(2.222219843214978396e-01),
      f64x2.mul(w, f64x2.splat(1.531383769920937332e-01))))));
  const t2 = f64x2.mul(z, f64x2.add(f64x2.splat(6.666666666666735130e-01),
    f64x2.mul(w, f64x2.add(f64x2.splat(2.857142874366239149e-01),
      f64x2.mul(w, f64x2.add(f64x2.splat(1.818357216161805012e-01),
        f64x2.mul(w, f64x2.splat(1.479819860511658591e-01))))))));
  const R = f64x2.add(t2, t1);
  const hfsq = f64x2.mul(f64x2.mul(f64x2.splat(0.5), f), f);
  const lo = f64x2.add(f64x2.mul(s, f64x2.add(hfsq, R)), f64x2.mul(k, f64x2.splat(1.90821492927058770002e-10)));
  let r = f64x2.sub(
    f64x2.mul(k, f64x2.splat(6.93147180369123816490e-01)),
    f64x2.sub(f64x2.sub(hfsq, lo), f),
  );
  r = v128.bitselect(f64x2.splat(-Infinity), r, f64x2.eq(x0, f64x2.splat(0)));
  r = v128.bitselect(f64x2.splat(NaN), r, f64x2.lt(x0, f64x2.splat(0)));
  r = v128.bitselect(x0, r, f64x2.eq(x0, f64x2.splat(Infinity)));
  return v128.bitselect(x0, r, f64x2.ne(x0, x0));
}

// @ts-ignore: decorator
@inline export function tanh_f64(x: v128): v128 {
  const ax = f64x2.abs(x);
  const e = exp_f64(f64x2.mul(ax, f64x2.splat(-2)));
  const big = f64x2.div(f64x2.sub(f64x2.splat(1), e), f64x2.add(f64x2.splat(1), e));
  // Cephes tanh: x + x·z·P(z)/Q(z), z = x², for |x| < 0.625
  const z = f64x2.mul(ax, ax);
  let P = f64x2.splat(-9.64399179425052238628e-1);
  P = f64x2.add(f64x2.mul(P, z), f64x2.splat(-9.92877231001918586564e1));
  P = f64x2.add(f64x2.mul(P, z), f64x2.splat(-1.61468768441708447952e3));
  let Q = f64x2.add(z, f64x2.splat(1.12811678491632931402e2));
  Q = f64x2.add(f64x2.mul(Q, z), f64x2.splat(2.23548839060100448583e3));
  Q = f64x2.add(f64x2.mul(Q, z), f64x2.splat(4.84406305325125486048e3));
  const small = f64x2.add(ax, f64x2.mul(f64x2.mul(ax, z), f64x2.div(P, Q)));
  const t = v128.bitselect(small, big, f64x2.lt(ax, f64x2.splat(0.625)));
  return v128.or(t, v128.and(x, f64x2.splat(-0.0)));
}

// @ts-ignore: decorator
@inline export function sigmoid_f64(x: v128): v128 {
  const e = exp_f64(f64x2.neg(f64x2.abs(x)));
  const s = f64x2.div(f64x2.splat(1), f64x2.add(f64x2.splat(1), e));
  return v128.bitselect(s, f64x2.mul(e, s), f64x2.ge(x, f64x2.splat(0)));
}

// expm1: x·q(x) with q the Taylor series of (e^x − 1)/x for |x| < ½ (exact sign of ±0, tiny x
// returned as x), e^x − 1 beyond (−1 at −∞). log1p: with u = 1 + x, x itself where u = 1, else
// log(u)·(x/(u − 1)) (the rounding error of u cancels to first order; Goldberg 1991, Thm. 4).

// @ts-ignore: decorator
@inline export function expm1_f32(x: v128): v128 {
  let q = f32x4.splat(2.755731922398589e-7); // 1/10!
  q = f32x4.add(f32x4.mul(q, x), f32x4.splat(2.7557319223985893e-6));
  q = f32x4.add(f32x4.mul(q, x), f32x4.splat(2.48015873015873e-5));
  q = f32x4.add(f32x4.mul(q, x), f32x4.splat(1.984126984126984e-4));
  q = f32x4.add(f32x4.mul(q, x), f32x4.splat(1.388888888888889e-3));
  q = f32x4.add(f32x4.mul(q, x), f32x4.splat(8.333333333333333e-3));
  q = f32x4.add(f32x4.mul(q, x), f32x4.splat(4.1666666666666664e-2));
  q = f32x4.add(f32x4.mul(q, x), f32x4.splat(1.6666666666666666e-1));
  q = f32x4.add(f32x4.mul(q, x), f32x4.splat(0.5));
  q = f32x4.add(f32x4.mul(q, x), f32x4.splat(1));
  const small = f32x4.mul(x, q);
  const big = f32x4.sub(exp_f32(x), f32x4.splat(1));
  return v128.bitselect(small, big, f32x4.lt(f32x4.abs(x), f32x4.splat(0.5)));
}

// @ts-ignore: decorator
@inline export function log1p_f32(x: v128): v128 {
  const u = f32x4.add(f32x4.splat(1), x);
  const r = f32x4.mul(log_f32(u), f32x4.div(x, f32x4.sub(u, f32x4.splat(1))));
  const one = f32x4.eq(u, f32x4.splat(1)), inf = f32x4.eq(x, f32x4.splat(Infinity));
  return v128.bitselect(x, r, v128.or(one, inf));
}

// @ts-ignore: decorator
@inline export function expm1_f64(x: v128): v128 {
  let q = f64x2.splat(2.8114572543455206e-15); // 1/17!
  q = f64x2.add(f64x2.mul(q, x), f64x2.splat(4.779477332387385e-14)); // 1/16!
  q = f64x2.add(f64x2.mul(q, x), f64x2.splat(7.647163731819816e-13)); // 1/15!
  q = f64x2.add(f64x2.mul(q, x), f64x2.splat(1.1470745597729725e-11)); // 1/14!
  q = f64x2.add(f64x2.mul(q, x), f64x2.splat(1.6059043836821613e-10)); // 1/13!
  q = f64x2.add(f64x2.mul(q, x), f64x2.splat(2.08767569878681e-9));
  q = f64x2.add(f64x2.mul(q, x), f64x2.splat(2.505210838544172e-8));
  q = f64x2.add(f64x2.mul(q, x), f64x2.splat(2.755731922398589e-7));
  q = f64x2.add(f64x2.mul(q, x), f64x2.splat(2.7557319223985893e-6));
  q = f64x2.add(f64x2.mul(q, x), f64x2.splat(2.48015873015873e-5));
  q = f64x2.add(f64x2.mul(q, x), f64x2.splat(1.984126984126984e-4));
  q = f64x2.add(f64x2.mul(q, x), f64x2.splat(1.388888888888889e-3));
  q = f64x2.add(f64x2.mul(q, x), f64x2.splat(8.333333333333333e-3));
  q = f64x2.add(f64x2.mul(q, x), f64x2.splat(4.1666666666666664e-2));
  q = f64x2.add(f64x2.mul(q, x), f64x2.splat(1.6666666666666666e-1));
  q = f64x2.add(f64x2.mul(q, x), f64x2.splat(0.5));
  q = f64x2.add(f64x2.mul(q, x), f64x2.splat(1));
  const small = f64x2.mul(x, q);
  const big = f64x2.sub(exp_f64(x), f64x2.splat(1));
  return v128.bitselect(small, big, f64x2.lt(f64x2.abs(x), f64x2.splat(0.5)));
}

// @ts-ignore: decorator
@inline export function log1p_f64(x: v128): v128 {
  const u = f64x2.add(f64x2.splat(1), x);
  const r = f64x2.mul(log_f64(u), f64x2.div(x, f64x2.sub(u, f64x2.splat(1))));
  const one = f64x2.eq(u, f64x2.splat(1)), inf = f64x2.eq(x, f64x2.splat(Infinity));
  return v128.bitselect(x, r, v128.or(one, inf));
}
