/**
 * Normalized SGD (NSGD) on linear regression: the closed-form gradient normaliser, the effective
 * SGD learning rate and the variance-dominance diagnostic ρ_t.
 *
 * Implements idealised NSGD (arXiv:2510.14717, Seesaw, Section 5 and Assumption 3): with the
 * total expectation, `E‖g_t‖² = (1 + (κ−2)/B) Σ_i λ_i² m_i + tr(H)(s_t + σ²)/B` (κ = 3 for
 * Gaussian features gives `(1 + 1/B)`), and idealised NSGD is exactly SGD with
 * `η̃_t = η_t / sqrt(E‖g_t‖²)`.
 *
 * @module
 */

/** Feature distribution of `x = H^{1/2} z`: i.i.d. Gaussian or Rademacher (±1) coordinates z. */
export type FeatureDistribution = "gaussian" | "rademacher";

/**
 * Fourth moment κ = E z⁴ of one whitened feature coordinate: 3 (Gaussian) or 1 (Rademacher)
 * (non-Gaussian features in the exact recursion; PAPERS.md, "Constant-LR SGD").
 *
 * @param features the feature distribution
 * @returns κ
 */
export function featureFourthMoment(features: FeatureDistribution): number {
  switch (features) {
    case "gaussian":
      return 3;
    case "rademacher":
      return 1;
    default: {
      const bad: never = features;
      throw new Error(
        `featureFourthMoment: argument "features" must be "gaussian" or "rademacher", got ${
          JSON.stringify(bad)
        }`,
      );
    }
  }
}

/** The two parts of the minibatch gradient's second moment (arXiv:2510.14717, NSGD). */
export interface GradientMoments {
  /** Mean-gradient part `(1 + (κ−2)/B) Σ λ_i² m_i`. */
  meanPart: number;
  /** Noise part `tr(H)(s + σ²)/B`. */
  noisePart: number;
  /** `E‖g‖² = meanPart + noisePart`. */
  total: number;
  /** Variance-dominance diagnostic `ρ = meanPart / noisePart`; Assumption 3 holds when ρ ≪ 1. */
  rho: number;
  /** Noise ("McCandlish") critical batch `tr(H)(s+σ²)/Σλ²m` (PAPERS.md, "Constant-LR SGD"). */
  noiseCriticalBatch: number;
}

/** Options of {@link gradientMoments}. */
export interface GradientMomentOptions {
  /** Batch size B > 0 (samples per step). */
  batch: number;
  /** Label-noise variance σ² ≥ 0. */
  sigma2: number;
  /** Feature distribution (default "gaussian"). */
  features?: FeatureDistribution;
}

/**
 * Expected squared norm of the minibatch gradient of ½(y − ⟨w,x⟩)² at an error with diagonal
 * second moments m (eigenbasis), split into its mean and noise parts (arXiv:2510.14717, NSGD).
 *
 * @param lambda eigenvalues of H (length d)
 * @param m diagonal second moments `E[e_i²]` of the error `e = w − w*` (length d)
 * @param options batch size, noise variance and feature distribution
 * @returns the mean part, noise part, total, ρ and the noise critical batch
 */
export function gradientMoments(
  lambda: Float64Array,
  m: Float64Array,
  options: GradientMomentOptions,
): GradientMoments {
  const { batch, sigma2, features = "gaussian" } = options;
  if (lambda.length !== m.length) {
    throw new Error(
      `gradientMoments: arguments "lambda" and "m" must have equal length, got ${lambda.length} and ${m.length}`,
    );
  }
  if (!(batch > 0)) {
    throw new Error(`gradientMoments: option "batch" must be > 0, got ${batch}`);
  }
  if (!(sigma2 >= 0)) {
    throw new Error(`gradientMoments: option "sigma2" must be >= 0, got ${sigma2}`);
  }
  const kappa = featureFourthMoment(features);
  let s = 0, q = 0, tr = 0;
  for (let i = 0; i < lambda.length; i++) {
    const l = lambda[i];
    tr += l;
    s += l * m[i];
    q += l * l * m[i];
  }
  const meanPart = (1 + (kappa - 2) / batch) * q;
  const noisePart = tr * (s + sigma2) / batch;
  return {
    meanPart,
    noisePart,
    total: meanPart + noisePart,
    rho: meanPart / noisePart,
    noiseCriticalBatch: tr * (s + sigma2) / q,
  };
}

/** Options of {@link nsgdLrForEffectiveLr}. */
export interface NsgdLrOptions extends GradientMomentOptions {
  /** Desired effective SGD learning rate `η̃_0 = η / sqrt(E‖g_0‖²)` at the initial point. */
  effectiveLr: number;
}

/**
 * Solve for the NSGD learning rate η whose initial effective SGD learning rate is a given value:
 * `η = η̃_0 · sqrt(E‖g_0‖²)` (used by the scaled-down Seesaw
 * runs with `η̃_0 = 0.15·η_max(B₀)`, the safe default with c_η = 0.3; PAPERS.md, "Seesaw").
 *
 * @param lambda eigenvalues of H
 * @param m0 initial diagonal error second moments
 * @param options target effective LR, batch, σ², features
 * @returns the NSGD learning rate η
 */
export function nsgdLrForEffectiveLr(
  lambda: Float64Array,
  m0: Float64Array,
  options: NsgdLrOptions,
): number {
  if (!(options.effectiveLr > 0)) {
    throw new Error(
      `nsgdLrForEffectiveLr: option "effectiveLr" must be > 0, got ${options.effectiveLr}`,
    );
  }
  return options.effectiveLr * Math.sqrt(gradientMoments(lambda, m0, options).total);
}
