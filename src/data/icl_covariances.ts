/**
 * Covariance spectra used by the in-context-regression experiments: power-law, spiked, low-rank
 * and isotropic families (Letey et al. arXiv:2509.26551), and the source/capacity pair
 * (Bordelon, Letey, Pehlevan arXiv:2510.01098).
 *
 * All return eigenvalues (diagonals in the standard basis) as Float64Array.
 *
 * @module
 */

import { checkNonNegative, checkPositiveInt } from "../errors/mod.ts";

function checkDim(fn: string, d: number): void {
  checkPositiveInt(fn, "d", d);
}

function normaliseTrace(v: Float64Array, total: number): Float64Array {
  let s = 0;
  for (const x of v) s += x;
  for (let i = 0; i < v.length; i++) v[i] *= total / s;
  return v;
}

/**
 * Power-law spectrum `c_j ∝ (j + offset)^{−p}`, j = 1..d, rescaled to trace d
 * (arXiv:2509.26551; offset 0 is `j^{−p}`, offset 1 the authors' `(j+1)^{−p}` sweeps).
 * p = 0 is isotropic. Sorted non-increasing.
 *
 * @param d dimension
 * @param options `exponent` p ≥ 0, `offset` (default 0)
 * @returns the d eigenvalues, summing to d
 */
export function powerLawSpectrum(
  d: number,
  options: { exponent: number; offset?: number },
): Float64Array {
  checkDim("powerLawSpectrum", d);
  const p = options.exponent;
  checkNonNegative("powerLawSpectrum", "exponent", p);
  const off = options.offset ?? 0;
  const v = new Float64Array(d);
  for (let j = 0; j < d; j++) v[j] = (j + 1 + off) ** -p;
  return normaliseTrace(v, d);
}

/**
 * Spiked spectrum (arXiv:2509.26551): every entry equals `s` except index `index`, which gets
 * `d − s(d − 1)`, so the trace is d.
 *
 * @param d dimension
 * @param options `level` s ∈ [0, d/(d−1)], `index` of the spike (0-based)
 * @returns the d diagonal entries
 */
export function spikedSpectrum(d: number, options: { level: number; index: number }): Float64Array {
  checkDim("spikedSpectrum", d);
  const { level, index } = options;
  if (!Number.isInteger(index) || index < 0 || index >= d) {
    throw new Error(
      `spikedSpectrum: argument "index" must be an integer in [0, ${d}), got ${index}`,
    );
  }
  if (!(level >= 0) || level * (d - 1) > d) {
    throw new Error(`spikedSpectrum: argument "level" must lie in [0, d/(d-1)], got ${level}`);
  }
  const v = new Float64Array(d).fill(level);
  v[index] = d - level * (d - 1);
  return v;
}

/**
 * Low-rank spectrum (arXiv:2509.26551): `rank` equal eigenvalues `d/rank` on the chosen indices
 * (default the first `rank`), the rest 0. Trace d.
 *
 * @param d dimension
 * @param options `rank` r ∈ [1, d]; `start` index of the support (default 0)
 * @returns the d diagonal entries
 */
export function lowRankSpectrum(
  d: number,
  options: { rank: number; start?: number },
): Float64Array {
  checkDim("lowRankSpectrum", d);
  const { rank } = options;
  const start = options.start ?? 0;
  if (!Number.isInteger(rank) || rank < 1 || rank > d) {
    throw new Error(
      `lowRankSpectrum: argument "rank" must be an integer in [1, ${d}], got ${rank}`,
    );
  }
  if (!Number.isInteger(start) || start < 0 || start + rank > d) {
    throw new Error(
      `lowRankSpectrum: argument "start" must be an integer in [0, ${d - rank}], got ${start}`,
    );
  }
  const v = new Float64Array(d);
  for (let j = start; j < start + rank; j++) v[j] = d / rank;
  return v;
}

/** Source/capacity spectra of arXiv:2510.01098. */
export interface SourceCapacitySpectra {
  /** covariate eigenvalues `λ_k = k^{−ν}`. */
  lambda: Float64Array;
  /** task eigenvalues ω_k with `ω_k λ_k ∝ k^{−νβ−1}`, normalised so `(1/D) Σ ω_k λ_k = 1`. */
  omega: Float64Array;
}

/**
 * Power-law source/capacity spectra (Bordelon, Letey, Pehlevan arXiv:2510.01098): capacity
 * `λ_k = k^{−ν}` (ν > 1) and source `ω_k λ_k ∝ k^{−νβ−1}`, i.e. `ω_k ∝ k^{−νβ−1+ν}`,
 * normalised so that `(1/D) Σ_k ω_k λ_k = 1` (E y² = 1 + σ²; our default normalisation, PAPERS.md
 * "Deep linear attention ICL").
 *
 * @param dim D, number of modes
 * @param options `nu` ν > 0 and `beta` β > 0
 * @returns λ and ω
 */
export function sourceCapacitySpectra(
  dim: number,
  options: { nu: number; beta: number },
): SourceCapacitySpectra {
  checkDim("sourceCapacitySpectra", dim);
  const { nu, beta } = options;
  if (!(nu > 0) || !(beta > 0)) {
    throw new Error(
      `sourceCapacitySpectra: arguments "nu" and "beta" must be positive, got nu = ${nu}, beta = ${beta}`,
    );
  }
  const lambda = new Float64Array(dim);
  const omega = new Float64Array(dim);
  let s = 0;
  for (let k = 1; k <= dim; k++) {
    lambda[k - 1] = k ** -nu;
    omega[k - 1] = k ** (-nu * beta - 1 + nu);
    s += lambda[k - 1] * omega[k - 1];
  }
  for (let k = 0; k < dim; k++) omega[k] *= dim / s;
  return { lambda, omega };
}
