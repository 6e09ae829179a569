/**
 * Partially symmetric couplings in the kinetic glass models (an extension: arXiv:2507.18461's
 * models are fully asymmetric; PAPERS.md "Kinetic glass"): E[(J_k)_ij (J_l)_ji] = Λ_kl/N with
 * Λ = λ·Γ. The DMFT gains a reaction term, solved by population Monte Carlo, and is compared with
 * simulation for K = 1 (where reciprocity alone creates temporal correlation) and the A1 Γ.
 * @module
 */
import { kineticGlassReactionDmft } from "../../theory/mod.ts";
import { simulateKineticSpin } from "../../models/mod.ts";
import { key } from "../../random/mod.ts";
import type { RunContext } from "../../run/mod.ts";
import { twoLagGamma } from "./compare.ts";
import type { SimulationSettings } from "./settings.ts";

/** Config of {@link partiallySymmetric}. */
export interface PartiallySymmetricConfig {
  /** Λ = lambda·Γ. */
  lambda: number;
  /** Gain g: the cases are Γ = [[g²]] (K = 1) and g²[[1, 0.8], [0.8, 1]]. */
  g: number;
  /** Population size M of the DMFT. */
  paths: number;
  /** Simulation size and window. */
  settings: SimulationSettings;
  /** Case i uses key(dmftSeed + i) for the DMFT and key(simSeed + i) for the simulation. */
  dmftSeed: number;
  /** See dmftSeed. */
  simSeed: number;
}

/** One case of {@link partiallySymmetric}. */
export interface PartiallySymmetricCase {
  /** Γ. */
  gamma: number[][];
  /** Λ. */
  reciprocal: number[][];
  /** Population DMFT c_τ. */
  dmft: number[];
  /** Simulated ĉ_τ. */
  sim: number[];
  /** max_{1≤τ≤maxLag} |ĉ_τ − c_τ|. */
  maxAbsError: number;
}

/** Both cases, keyed "K=1" and "A1 ρ=0.8". */
export function partiallySymmetric(
  cfg: PartiallySymmetricConfig,
  ctx: RunContext,
): Promise<Record<string, PartiallySymmetricCase>> {
  const s = cfg.settings;
  const cases: [string, number[][]][] = [
    ["K=1", [[cfg.g * cfg.g]]],
    ["A1 ρ=0.8", twoLagGamma(cfg.g * cfg.g, 0.8)],
  ];
  const out: Record<string, PartiallySymmetricCase> = {};
  cases.forEach(([label, gamma], i) => {
    const rec = gamma.map((r) => r.map((v) => cfg.lambda * v));
    const d = kineticGlassReactionDmft(gamma, rec, key(cfg.dmftSeed + i), {
      steps: s.T,
      paths: cfg.paths,
    }).laggedCorrelation({ fromStep: s.t0, maxLag: s.maxLag });
    const sim = simulateKineticSpin(gamma, key(cfg.simSeed + i), {
      variant: "ising",
      size: s.N,
      steps: s.T,
      samples: s.samples,
      reciprocal: rec,
    }).laggedCorrelation({ fromStep: s.t0, maxLag: s.maxLag });
    let e = 0;
    for (let tau = 1; tau <= s.maxLag; tau++) e = Math.max(e, Math.abs(sim[tau] - d[tau]));
    out[label] = {
      gamma,
      reciprocal: rec,
      dmft: Array.from(d),
      sim: Array.from(sim),
      maxAbsError: e,
    };
    ctx.log(`kinetic_glass: partially symmetric ${label} (N=${s.N}): max|ĉ−c| = ${e.toFixed(4)}`);
  });
  return Promise.resolve(out);
}
