/**
 * Fast single-precision transcendental functions for the f32 hot path (the role SLEEF's
 * vectorised functions play in PyTorch): exp as 2^k·p(f) with a degree-6 polynomial on
 * f ∈ [−½, ½] and a power-of-two table, relative error ≤ 2e-7 (about one f32 ulp) for
 * |x| ≤ 87; tanh as Eigen's rational approximation. f64 arrays always use the exact `Math`
 * functions.
 * @module
 */

const POW2 = new Float64Array(256);
for (let i = 0; i < 256; i++) POW2[i] = Math.pow(2, i - 128);

/** eˣ to f32 accuracy (relative error ≤ 2e-7; saturates at 2^±126 outside |x| ≲ 87). */
export function expF32(x: number): number {
  let t = x * 1.4426950408889634;
  if (t < -126) t = -126;
  else if (t > 126) t = 126;
  const k = ((t + 128.5) | 0) - 128, f = t - k;
  const p = 1 +
    f * (0.6931471805599453 +
        f * (0.2402265069591007 +
            f * (0.05550410866482158 +
                f *
                  (0.009618129107628477 +
                    f * (0.0013333558146428443 + f * 0.00015403530393381606)))));
  return p * POW2[k + 128];
}

/**
 * tanh x to f32 accuracy (absolute error ≤ 3e-8 on ℝ) with the odd 13/6 rational minimax
 * approximation on [−9, 9] used by Eigen's `generic_fast_tanh_float` (also XLA's f32 tanh);
 * no exp, no table.
 */
export function tanhF32(x: number): number {
  if (x > 9) x = 9;
  else if (x < -9) x = -9;
  const x2 = x * x;
  const p = x *
    (4.89352455891786e-3 +
      x2 * (6.37261928875436e-4 +
          x2 * (1.48572235717979e-5 +
              x2 * (5.12229709037114e-8 +
                  x2 * (-8.60467152213735e-11 +
                      x2 * (2.00018790482477e-13 + x2 * -2.76076847742355e-16))))));
  const q = 4.89352518554385e-3 +
    x2 * (2.268434632439e-3 + x2 * (1.18534705686654e-4 + x2 * 1.19825839466702e-6));
  return p / q;
}

/** 1 + tanh x to f32 relative accuracy (exp-based where tanh x is near −1). */
export function onePlusTanhF32(x: number): number {
  if (x < -3) {
    const e = expF32(2 * x);
    return 2 * e / (1 + e);
  }
  if (x > 3) return 2 - oneMinusTanhF32(x);
  return 1 + tanhF32(x);
}

/** 1 − tanh x to f32 relative accuracy (exp-based where tanh x is near 1). */
export function oneMinusTanhF32(x: number): number {
  if (x > 3) {
    const e = expF32(-2 * x);
    return 2 * e / (1 + e);
  }
  if (x < -3) return 2 - onePlusTanhF32(x);
  return 1 - tanhF32(x);
}
