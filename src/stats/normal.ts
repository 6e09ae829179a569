/**
 * The standard normal distribution: CDF Φ and its inverse (quantile), for z-score thresholds
 * such as the Bonferroni level of a multiple comparison.
 * @module
 */
import { erfc } from "../array/special.ts";
import { ArgumentError } from "../errors/mod.ts";

/** Standard normal CDF Φ(x) = ½ erfc(−x/√2), accurate in both tails. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * Standard normal quantile Φ⁻¹(p) for p in (0, 1), by bisection on {@link normalCdf} to
 * |Φ(x) − p| at double precision (about 1e-15 absolute in x for moderate p).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new ArgumentError("normalQuantile", "p", "a number in (0, 1)", p);
  let lo = -40, hi = 40;
  for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Two-sided Bonferroni threshold: |z| above it in any of `m` comparisons has family-wise
 * probability ≤ `level` under the null, Φ⁻¹(1 − level/(2m)).
 */
export function bonferroniZ(m: number, level = 0.05): number {
  if (!Number.isInteger(m) || m < 1) {
    throw new ArgumentError("bonferroniZ", "m", "a positive integer", m);
  }
  return normalQuantile(1 - level / (2 * m));
}
