/**
 * Stability limits, the safe default learning rate and the stationary constant-LR risk of
 * minibatch SGD on linear regression.
 *
 * Implements a derived stability analysis of the recursion shared by arXiv:2506.15535 and
 * arXiv:2510.14717 (PAPERS.md, "Constant-LR SGD"), generalised to features with fourth moment κ (κ = 3 Gaussian gives
 * `B + 1` and `1 + 1/B`).
 *
 * @module
 */

import { type FeatureDistribution, featureFourthMoment } from "./nsgd.ts";

/** Spectrum summary needed by the stability formulas. */
export interface SpectrumSummary {
  /** tr H = Σ λ_i. */
  traceH: number;
  /** Largest eigenvalue λ_1. */
  lambdaMax: number;
}

/** Options of {@link sgdMaxStableLr} and {@link sgdSafeLr}. */
export interface StableLrOptions {
  /** Batch size B > 0. */
  batch: number;
  /** Feature distribution (default "gaussian"). */
  features?: FeatureDistribution;
}

function checkSpectrum(fn: string, spec: SpectrumSummary): void {
  if (!(spec.traceH > 0) || !(spec.lambdaMax > 0) || spec.lambdaMax > spec.traceH * (1 + 1e-12)) {
    throw new Error(
      `${fn}: argument "spectrum" must have 0 < lambdaMax <= traceH, got traceH ${spec.traceH}, lambdaMax ${spec.lambdaMax}`,
    );
  }
}

/**
 * Largest learning rate for which E‖e‖² does not increase in the noiseless case
 * (derived from the arXiv:2506.15535 recursion): `η_max(B) = 2B / (tr H + (B + κ − 2) λ_1)`; for Gaussian features
 * `2B/(tr H + (B+1)λ_1)`.
 *
 * @param spectrum tr H and λ_1
 * @param options batch size and features
 * @returns η_max(B)
 */
export function sgdMaxStableLr(spectrum: SpectrumSummary, options: StableLrOptions): number {
  checkSpectrum("sgdMaxStableLr", spectrum);
  const { batch, features = "gaussian" } = options;
  if (!(batch > 0)) throw new Error(`sgdMaxStableLr: option "batch" must be > 0, got ${batch}`);
  const kappa = featureFourthMoment(features);
  return 2 * batch / (spectrum.traceH + (batch + kappa - 2) * spectrum.lambdaMax);
}

/**
 * Safe default learning rate (PAPERS.md, "Constant-LR SGD"): `η = c_η · B/(tr H + (B+1)λ_1)`
 * (= (c_η/2)·η_max(B)); use c_η ≤ 0.5.
 *
 * @param spectrum tr H and λ_1
 * @param options batch size, features and the constant `c` (= c_η, default 0.5)
 * @returns the learning rate
 */
export function sgdSafeLr(
  spectrum: SpectrumSummary,
  options: StableLrOptions & { c?: number },
): number {
  const { c = 0.5 } = options;
  if (!(c > 0)) throw new Error(`sgdSafeLr: option "c" must be > 0, got ${c}`);
  return 0.5 * c * sgdMaxStableLr(spectrum, options);
}

/** Options of {@link sgdStationaryRisk}. */
export interface StationaryRiskOptions {
  /** Constant learning rate η > 0. */
  lr: number;
  /** Constant batch size B > 0. */
  batch: number;
  /** Label-noise variance σ². */
  sigma2: number;
  /** Feature distribution (default "gaussian"). */
  features?: FeatureDistribution;
}

/** The stationary point of the constant-LR recursion. */
export interface StationaryRisk {
  /** Whether the fixed point exists: q < 1 and `ηλ_1(1 + (κ−2)/B) < 2`. */
  stable: boolean;
  /** `q = (η/B) Σ_i λ_i / (2 − ηλ_i(1 + (κ−2)/B))`. */
  q: number;
  /** Stationary excess risk `E_∞ = ½ σ² q/(1−q)` (Infinity when not stable). */
  risk: number;
  /** Stationary moments `m_i = (η/B)(s+σ²)/(2 − ηλ_i(1+(κ−2)/B))` (empty when not stable). */
  m: Float64Array;
}

/**
 * Closed-form stationary risk of constant-LR minibatch SGD (the fixed point of the
 * arXiv:2506.15535 recursion):
 * `E_∞ = ½σ² q/(1−q)`; also an exact stability test of the recursion.
 *
 * @param lambda eigenvalues of H
 * @param options learning rate, batch, noise and features
 * @returns stability flag, q, E_∞ and the stationary moments
 */
export function sgdStationaryRisk(
  lambda: Float64Array,
  options: StationaryRiskOptions,
): StationaryRisk {
  const { lr, batch, sigma2, features = "gaussian" } = options;
  if (!(lr > 0)) throw new Error(`sgdStationaryRisk: option "lr" must be > 0, got ${lr}`);
  if (!(batch > 0)) {
    throw new Error(`sgdStationaryRisk: option "batch" must be > 0, got ${batch}`);
  }
  if (!(sigma2 >= 0)) {
    throw new Error(`sgdStationaryRisk: option "sigma2" must be >= 0, got ${sigma2}`);
  }
  const kappa = featureFourthMoment(features);
  const g = 1 + (kappa - 2) / batch;
  let q = 0;
  let ok = true;
  const den = new Float64Array(lambda.length);
  for (let i = 0; i < lambda.length; i++) {
    den[i] = 2 - lr * lambda[i] * g;
    if (!(den[i] > 0)) ok = false;
    q += lambda[i] / den[i];
  }
  q *= lr / batch;
  if (!ok || !(q < 1)) {
    return { stable: false, q, risk: Infinity, m: new Float64Array(0) };
  }
  const s = sigma2 * q / (1 - q);
  const m = new Float64Array(lambda.length);
  for (let i = 0; i < lambda.length; i++) m[i] = (lr / batch) * (s + sigma2) / den[i];
  return { stable: true, q, risk: 0.5 * s, m };
}
