/**
 * Fig A5 of the kinetic glass study (arXiv:2507.18461; PAPERS.md "Kinetic glass"): the transient
 * C_{t,t+1} from an i.i.d. prompt (Ising, K = 2, Γ = g²[[1, ρ], [ρ, 1]]), DMFT vs simulation.
 * @module
 */
import type { RunContext } from "../../run/mod.ts";
import { type Comparison, twoLagGamma } from "./compare.ts";
import { runComparison, type SimulationSettings } from "./settings.ts";

/** Config of {@link isingTransient}. */
export interface TransientConfig {
  /** Gain g. */
  g: number;
  /** Cross-lag correlation ρ. */
  rho: number;
  /** Simulation size and window. */
  settings: SimulationSettings;
  /** Seed of the simulation. */
  seed: number;
}

/** The transient C_{t,t+1}(t) (and the whole comparison it comes from). */
export function isingTransient(cfg: TransientConfig, ctx: RunContext): Promise<Comparison> {
  return Promise.resolve(runComparison(ctx, cfg.settings, {
    label: "A5 transient",
    gamma: twoLagGamma(cfg.g * cfg.g, cfg.rho),
    variant: "ising",
    sigma: 0,
    seed: cfg.seed,
  }));
}
