/**
 * Fig A3 of the kinetic glass study (arXiv:2507.18461; PAPERS.md "Kinetic glass"): the Gaussian
 * (linear VAR(K)) variant. DMFT vs simulation at γ(0) = 1ᵀΓ1 = `gamma0` (relative error where
 * c_τ ≥ 0.1 c₀) and at the near-critical γ(0) = 0.9075, the spectral closed form
 * ĉ(ω) = σ²/(1 − γ(ω)), and the divergence of C_tt once max_ω γ(ω) ≥ 1 (stability).
 * @module
 */
import {
  couplingSpectrum,
  diagonalSums,
  gaussianStationarySpectral,
  kineticGlassDmft,
  maxCouplingSpectrum,
} from "../../theory/mod.ts";
import type { RunContext } from "../../run/mod.ts";
import { type Comparison, twoLagGamma } from "./compare.ts";
import { runComparison, type SimulationSettings } from "./settings.ts";

/** Config of {@link gaussianVariant}. */
export interface GaussianVariantConfig {
  /** γ(0) = 1ᵀΓ1 of the main run (≤ 0.8 for the 5% criterion). */
  gamma0: number;
  /** Cross-lag ρ (Γ ∝ [[1, ρ], [ρ, 1]]). */
  rho: number;
  /** Noise σ. */
  sigma: number;
  /** Simulation size and window. */
  settings: SimulationSettings;
  /** Seed of the first run; the near-critical run uses seed + 1. */
  seed: number;
}

/** Result of {@link gaussianVariant}. */
export interface GaussianVariantResult {
  /** The comparison at γ(0) = gamma0. */
  safe: Comparison;
  /** The comparison at γ(0) = 0.9075 (Γ = 0.3025[[1, 0.5], [0.5, 1]]). */
  critical: Comparison;
  /** Spectral stationary c₀…c_maxLag of the near-critical Γ. */
  spectral: number[];
  /** C_tt at t = 100 and 200 for 1ᵀΓ1 ∈ {0.9, 1, 1.05} (ρ = 0.5): divergence iff max γ ≥ 1. */
  divergence: { sumGamma: number; maxGamma: number; C100: number; C200: number }[];
  /** γ(ω) and σ²/(1 − γ(ω)) on ω ∈ [0, π] (101 points) for both Γ. */
  spectrum: { omega: number; gamma: number; chat: number; series: string }[];
}

/** The Gaussian variant experiment. */
export function gaussianVariant(
  cfg: GaussianVariantConfig,
  ctx: RunContext,
): Promise<GaussianVariantResult> {
  const s = cfg.gamma0 / (2 + 2 * cfg.rho);
  const safeGamma = twoLagGamma(s, cfg.rho), critGamma = twoLagGamma(0.3025, 0.5);
  const safe = runComparison(ctx, cfg.settings, {
    label: `A3 Gaussian γ(0)=${cfg.gamma0}`,
    gamma: safeGamma,
    variant: "gaussian",
    sigma: cfg.sigma,
    seed: cfg.seed,
  });
  const critical = runComparison(ctx, cfg.settings, {
    label: "A3 Gaussian γ(0)=0.9075",
    gamma: critGamma,
    variant: "gaussian",
    sigma: cfg.sigma,
    seed: cfg.seed + 1,
  });
  const spectrum: GaussianVariantResult["spectrum"] = [];
  for (
    const [label, G] of [
      [`γ(0)=${cfg.gamma0}`, diagonalSums(safeGamma)],
      ["γ(0)=0.9075", diagonalSums(critGamma)],
    ] as const
  ) {
    for (let i = 0; i <= 100; i++) {
      const w = (Math.PI * i) / 100;
      const gw = couplingSpectrum(G, w);
      spectrum.push({ omega: w, gamma: gw, chat: cfg.sigma ** 2 / (1 - gw), series: label });
    }
  }
  const divergence = [0.9, 1.0, 1.05].map((sum) => {
    const g = twoLagGamma(sum / 3, 0.5);
    const tr = kineticGlassDmft(g, { variant: "gaussian", steps: 200, sigma: 1 });
    return {
      sumGamma: sum,
      maxGamma: maxCouplingSpectrum(diagonalSums(g)).value,
      C100: tr.correlation(100, 100),
      C200: tr.correlation(200, 200),
    };
  });
  const spectral = Array.from(
    gaussianStationarySpectral(diagonalSums(critGamma), {
      sigma: cfg.sigma,
      maxLag: cfg.settings.maxLag,
    }),
  );
  ctx.log(
    `kinetic_glass: Gaussian γ(0)=${cfg.gamma0}: max relative error (c_τ ≥ 0.1 c₀) = ${
      (100 * safe.maxRelErrorWhereLarge).toFixed(2)
    }%`,
  );
  return Promise.resolve({ safe, critical, spectral, divergence, spectrum });
}
