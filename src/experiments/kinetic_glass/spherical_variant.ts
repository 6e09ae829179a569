/**
 * Fig A4 of the kinetic glass study (arXiv:2507.18461; PAPERS.md "Kinetic glass"): the
 * spherical variant s = √N u/‖u‖, u = h + σξ, at a moderate Γ (σ = 1) and in a strongly
 * correlated case where the transient DMFT is still converging at t ≈ T.
 * @module
 */
import type { RunContext } from "../../run/mod.ts";
import { type Comparison, twoLagGamma } from "./compare.ts";
import { runComparison, type SimulationSettings } from "./settings.ts";

/** Config of {@link sphericalVariant}. */
export interface SphericalVariantConfig {
  /** Moderate case: Γ = scale·[[1, ρ], [ρ, 1]], σ = 1. */
  moderate: { scale: number; rho: number };
  /** Strongly correlated case: scale, ρ and σ. */
  strong: { scale: number; rho: number; sigma: number };
  /** Simulation size and window. */
  settings: SimulationSettings;
  /** Seed of the moderate run; the strong run uses seed + 1. */
  seed: number;
}

/** Both spherical comparisons. */
export function sphericalVariant(
  cfg: SphericalVariantConfig,
  ctx: RunContext,
): Promise<{ moderate: Comparison; strong: Comparison }> {
  const moderate = runComparison(ctx, cfg.settings, {
    label: "A4 spherical moderate",
    gamma: twoLagGamma(cfg.moderate.scale, cfg.moderate.rho),
    variant: "spherical",
    sigma: 1,
    seed: cfg.seed,
  });
  const strong = runComparison(ctx, cfg.settings, {
    label: "A4 spherical strong",
    gamma: twoLagGamma(cfg.strong.scale, cfg.strong.rho),
    variant: "spherical",
    sigma: cfg.strong.sigma,
    seed: cfg.seed + 1,
  });
  return Promise.resolve({ moderate, strong });
}
