/**
 * Statistical helpers for testing samplers (Kolmogorov–Smirnov statistic, normal CDF,
 * moments, correlation). Used by the tests of src/random and src/data.
 *
 * @module
 */
import { erfc } from "../array/special.ts";

/** Sample mean of `x`. */
export function sampleMean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Unbiased sample variance of `x` (divides by n − 1). */
export function sampleVariance(x: ArrayLike<number>): number {
  const m = sampleMean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) ** 2;
  return s / (x.length - 1);
}

/** Pearson correlation of two equally long samples. */
export function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) {
    throw new Error(`correlation: lengths differ, got ${x.length} and ${y.length}`);
  }
  const mx = sampleMean(x), my = sampleMean(y);
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i] - mx, b = y[i] - my;
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * One-sample Kolmogorov–Smirnov statistic D_n = sup_x |F_n(x) − F(x)| of the sample `x`
 * against the continuous CDF `cdf`.
 */
export function ksStatistic(x: ArrayLike<number>, cdf: (v: number) => number): number {
  const s = Float64Array.from(x).sort();
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(s[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/**
 * The asymptotic 1% critical value of the one-sample KS statistic, 1.6276/√n (Kolmogorov
 * distribution quantile K⁻¹(0.99) = 1.6276); accurate for n ≳ 100.
 */
export function ksCritical1pct(n: number): number {
  return 1.6276 / Math.sqrt(n);
}

/** Complementary error function (the toolkit's one implementation, in src/array/special.ts). */
export { erfc };

/** Standard normal CDF Φ(x) = erfc(−x/√2)/2. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}
