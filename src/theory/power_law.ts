/**
 * Power-law ("source/capacity") linear-regression instances and log-log exponent fits.
 *
 * Implements the power-law instance of arXiv:2506.15535 and arXiv:2510.14717 (PAPERS.md, "Constant-LR SGD"):
 * eigenvalues `λ_i = i^{-a}` and a target with `λ_i (w*_i)² ∝ i^{-b}`, normalised to `‖w*‖² = 1`,
 * plus the power-law corollaries of its bounds (`−(b−1)/a` for the bias, `1/a − 1` for the
 * averaged variance).
 *
 * @module
 */

/** A diagonal linear-regression instance in the eigenbasis of the feature covariance H. */
export interface PowerLawInstance {
  /** Eigenvalues `λ_i = i^{-a}`, i = 1..d, in decreasing order (length d). */
  lambda: Float64Array;
  /** Squared target coordinates `(w*_i)² = c·i^{-(b−a)}`, summing to `‖w*‖²` (length d). */
  wStarSq: Float64Array;
  /** Trace of H, `Σ_i λ_i`. */
  traceH: number;
  /** Largest eigenvalue `λ_1` (= 1 for this instance). */
  lambdaMax: number;
}

/** Options of {@link powerLawInstance}. */
export interface PowerLawOptions {
  /** Capacity exponent a > 1 of `λ_i = i^{-a}`. */
  a: number;
  /** Source exponent b > 1: `λ_i (w*_i)² ∝ i^{-b}`. */
  b: number;
  /** Squared norm of the target `‖w*‖²` (default 1, as in arXiv:2506.15535). */
  wStarNormSq?: number;
}

function checkPositiveInt(fn: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) {
    throw new Error(`${fn}: argument "${name}" must be a positive integer, got ${v}`);
  }
}

/**
 * Build the power-law instance of arXiv:2506.15535: `λ_i = i^{-a}`,
 * `(w*_i)² = c·i^{-(b−a)}` with `c` chosen so that `Σ_i (w*_i)² = wStarNormSq`.
 * With `w_0 = 0` the initial error second moments are `m_i(0) = (w*_i)²`.
 *
 * @param d dimension (number of eigen-directions), a positive integer
 * @param options exponents `a > 1`, `b > 1` and the target norm
 * @returns the eigenvalues, the squared target coordinates, `tr H` and `λ_1`
 */
export function powerLawInstance(d: number, options: PowerLawOptions): PowerLawInstance {
  checkPositiveInt("powerLawInstance", "d", d);
  const { a, b, wStarNormSq = 1 } = options;
  if (!(a > 1) || !Number.isFinite(a)) {
    throw new Error(`powerLawInstance: option "a" must be a finite number > 1, got ${a}`);
  }
  if (!(b > 1) || !Number.isFinite(b)) {
    throw new Error(`powerLawInstance: option "b" must be a finite number > 1, got ${b}`);
  }
  if (!(wStarNormSq >= 0) || !Number.isFinite(wStarNormSq)) {
    throw new Error(
      `powerLawInstance: option "wStarNormSq" must be a finite number >= 0, got ${wStarNormSq}`,
    );
  }
  const lambda = new Float64Array(d);
  const wStarSq = new Float64Array(d);
  let traceH = 0;
  let z = 0;
  for (let i = 0; i < d; i++) {
    const l = Math.pow(i + 1, -a);
    lambda[i] = l;
    traceH += l;
    const w = Math.pow(i + 1, -(b - a));
    wStarSq[i] = w;
    z += w;
  }
  const c = wStarNormSq / z;
  for (let i = 0; i < d; i++) wStarSq[i] *= c;
  return { lambda, wStarSq, traceH, lambdaMax: lambda[0] };
}

export { fitLogLogSlope, type LogLogFit } from "../stats/log_log_fit.ts";

/**
 * Predicted power-law exponents (corollaries of the arXiv:2506.15535 bounds, derived;
 * PAPERS.md, "Constant-LR SGD"):
 * bias (last or averaged iterate) `≍ (ηN)^{−(b−1)/a}` and averaged variance `≍ N^{1/a − 1}` at
 * fixed η.
 *
 * @param options the exponents a and b of the instance
 * @returns `{ bias: −(b−1)/a, averagedVariance: 1/a − 1 }`
 */
export function powerLawRiskExponents(
  options: { a: number; b: number },
): { bias: number; averagedVariance: number } {
  const { a, b } = options;
  if (!(a > 1)) {
    throw new Error(`powerLawRiskExponents: option "a" must be > 1, got ${a}`);
  }
  return { bias: -(b - 1) / a, averagedVariance: 1 / a - 1 };
}
