/**
 * Fig A1 of the kinetic glass study (arXiv:2507.18461; PAPERS.md "Kinetic glass"): Ising
 * tokens with K = 2 lags, Γ = g²[[1, ρ], [ρ, 1]], for several cross-lag correlations ρ. Without
 * cross-lag correlation (ρ = 0) the DMFT gives exactly white tokens (c_τ = 0 for τ ≥ 1): the
 * paper's claim that stationary temporal correlations need correlated lag matrices.
 * @module
 */
import type { RunContext } from "../../run/mod.ts";
import type { Comparison } from "./compare.ts";
import { twoLagGamma } from "./compare.ts";
import { runComparison, type SimulationSettings } from "./settings.ts";

/** Config of {@link crossLagSweep}. */
export interface CrossLagConfig {
  /** Gain g (Γ = g²[[1, ρ], [ρ, 1]]). */
  g: number;
  /** Cross-lag correlations ρ. */
  rhos: readonly number[];
  /** Simulation size and window. */
  settings: SimulationSettings;
  /** Seed of the first ρ; ρ number i uses seed + i. */
  seed: number;
}

/** DMFT vs simulation for each ρ (labels "A1 ρ=<ρ>"). */
export function crossLagSweep(cfg: CrossLagConfig, ctx: RunContext): Promise<Comparison[]> {
  return Promise.resolve(cfg.rhos.map((rho, i) =>
    runComparison(ctx, cfg.settings, {
      label: `A1 ρ=${rho}`,
      gamma: twoLagGamma(cfg.g * cfg.g, rho),
      variant: "ising",
      sigma: 0,
      seed: cfg.seed + i,
    })
  ));
}
