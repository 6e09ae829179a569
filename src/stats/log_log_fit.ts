/**
 * Power-law fits: least squares of `ln y = intercept + slope·ln x`, with the slope's standard
 * error, as used for every scaling-law exponent in PAPERS.md.
 * @module
 */
import { ArgumentError } from "../errors/mod.ts";

/** Result of a least-squares line fit in log-log coordinates. */
export interface LogLogFit {
  /** Fitted exponent p of `y ≈ C·x^p`. */
  slope: number;
  /** Fitted `ln C`. */
  intercept: number;
  /** Number of points used. */
  n: number;
  /** Standard error of the slope from the residuals (NaN for n = 2, where the fit is exact). */
  slopeSe: number;
}

/**
 * Least-squares fit of `ln y = intercept + slope·ln x` (a power law `y ≈ C x^slope`).
 *
 * @param x positive abscissae (e.g. steps or samples)
 * @param y positive ordinates (e.g. risks), same length as x, at least 2 points
 * @returns slope, intercept, number of points and the slope's standard error
 */
export function fitLogLogSlope(x: ArrayLike<number>, y: ArrayLike<number>): LogLogFit {
  if (x.length !== y.length) {
    throw new ArgumentError(
      "fitLogLogSlope",
      "y",
      `an array of length ${x.length} (as "x"); its length`,
      y.length,
    );
  }
  const n = x.length;
  if (n < 2) throw new ArgumentError("fitLogLogSlope", "x", "at least 2 points", `${n} points`);
  let sx = 0, sy = 0;
  for (let i = 0; i < n; i++) {
    if (!(x[i] > 0) || !Number.isFinite(x[i])) {
      throw new ArgumentError("fitLogLogSlope", `x[${i}]`, "a finite number > 0", x[i]);
    }
    if (!(y[i] > 0) || !Number.isFinite(y[i])) {
      throw new ArgumentError("fitLogLogSlope", `y[${i}]`, "a finite number > 0", y[i]);
    }
    sx += Math.log(x[i]);
    sy += Math.log(y[i]);
  }
  const mx = sx / n, my = sy / n;
  let sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = Math.log(x[i]) - mx;
    sxx += dx * dx;
    sxy += dx * (Math.log(y[i]) - my);
  }
  if (sxx === 0) throw new ArgumentError("fitLogLogSlope", "x", "not all equal", x[0]);
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let rss = 0;
  for (let i = 0; i < n; i++) {
    rss += (Math.log(y[i]) - intercept - slope * Math.log(x[i])) ** 2;
  }
  const slopeSe = n > 2 ? Math.sqrt(rss / (n - 2) / sxx) : NaN;
  return { slope, intercept, n, slopeSe };
}
