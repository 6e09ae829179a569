/**
 * Fig A2 of the kinetic glass study (arXiv:2507.18461; PAPERS.md "Kinetic glass"): Ising tokens
 * with K = 3 lags, Γ = gain·Toeplitz(1, d, d²), DMFT vs simulation, and the linearised decay
 * ratio z of the stationary tail (the root inside the unit disc of 1 = a Σ_m G_m z^m) against
 * the stationary DMFT's c₉/c₈.
 * @module
 */
import {
  decayRatio,
  diagonalSums,
  kineticGlassStationary,
  linearResponseGain,
} from "../../theory/mod.ts";
import type { RunContext } from "../../run/mod.ts";
import type { Comparison } from "./compare.ts";
import { runComparison, type SimulationSettings } from "./settings.ts";

/** Config of {@link contextThree}. */
export interface ContextThreeConfig {
  /** Gain of Γ. */
  gain: number;
  /** Decay d of Γ = gain·Toeplitz(1, d, d²). */
  decay: number;
  /** Simulation size and window. */
  settings: SimulationSettings;
  /** Seed of the simulation. */
  seed: number;
}

/** Result of {@link contextThree}: the comparison plus the decay ratios. */
export interface ContextThreeResult extends Comparison {
  /** Linearised decay ratio z. */
  decayRatio: number;
  /** Stationary DMFT c₉/c₈. */
  tailRatio: number;
}

/** Γ = gain·Toeplitz(1, d, d²): the K = 3 coupling covariance of Fig A2. */
export function toeplitzThreeGamma(gain: number, decay: number): number[][] {
  const d = decay;
  return [[1, d, d * d], [d, 1, d], [d * d, d, 1]].map((r) => r.map((v) => v * gain));
}

/** K = 3 Ising DMFT vs simulation and the tail's decay ratio. */
export function contextThree(
  cfg: ContextThreeConfig,
  ctx: RunContext,
): Promise<ContextThreeResult> {
  const gamma = toeplitzThreeGamma(cfg.gain, cfg.decay);
  const r = runComparison(ctx, cfg.settings, {
    label: "A2 K=3",
    gamma,
    variant: "ising",
    sigma: 0,
    seed: cfg.seed,
  });
  const st = kineticGlassStationary(diagonalSums(gamma), { variant: "ising", maxLag: 60 });
  const z = decayRatio(diagonalSums(gamma), {
    gain: linearResponseGain("ising", { fieldVariance: st.fieldVariance }),
  });
  return Promise.resolve({ ...r, decayRatio: z, tailRatio: st.c[9] / st.c[8] });
}
