/**
 * Shared settings of the kinetic glass experiments (arXiv:2507.18461; PAPERS.md "Kinetic
 * glass"): the simulation size and measurement window every DMFT-vs-simulation comparison uses,
 * and the log line each comparison prints.
 * @module
 */
import type { RunContext } from "../../run/mod.ts";
import type { KineticVariant } from "../../theory/mod.ts";
import { compareDmftSimulation, type Comparison } from "./compare.ts";

/** Simulation size and measurement window shared by the comparisons. */
export interface SimulationSettings {
  /** Sites N. */
  N: number;
  /** Generated tokens T. */
  T: number;
  /** First time of the window [t0, T]. */
  t0: number;
  /** Coupling samples J. */
  samples: number;
  /** Chains per coupling sample. */
  chains: number;
  /** Largest lag compared. */
  maxLag: number;
}

/**
 * Runs {@link compareDmftSimulation} for one (label, Γ, variant, σ) at the shared settings
 * (N overridable) and logs max |ĉ − c| and c₁.
 */
export function runComparison(
  ctx: RunContext,
  settings: SimulationSettings,
  o: {
    label: string;
    gamma: number[][];
    variant: KineticVariant;
    sigma: number;
    seed: number;
    N?: number;
  },
): Comparison {
  const N = o.N ?? settings.N;
  const r = compareDmftSimulation(o.label, o.gamma, {
    ...settings,
    N,
    variant: o.variant,
    sigma: o.sigma,
    seed: o.seed,
  });
  ctx.log(
    `kinetic_glass: ${o.label} (N=${N}): max|ĉ−c| = ${r.maxAbsError.toFixed(4)}; c₁ DMFT ${
      r.dmft[1].toFixed(4)
    } sim ${r.sim[1].toFixed(4)} (${r.simSeconds.toFixed(1)} s)`,
  );
  return r;
}
