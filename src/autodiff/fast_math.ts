/**
 * Fast single-precision transcendental functions for the f32 hot path (the role SLEEF's
 * vectorised functions play in PyTorch): exp as 2^k·p(f) with a degree-6 polynomial on
 * f ∈ [−½, ½] and a power-of-two table; relative error ≤ 2e-7 (about one f32 ulp) for
 * |x| ≤ 87. f64 arrays always use the exact `Math` functions.
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

/** tanh x to f32 accuracy (absolute error ≤ 5e-7), via {@link expF32}. */
export function tanhF32(x: number): number {
  const e = expF32(-2 * Math.abs(x));
  const t = (1 - e) / (1 + e);
  return x < 0 ? -t : t;
}
