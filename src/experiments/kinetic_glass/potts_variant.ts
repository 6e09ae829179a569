/**
 * The Potts/softmax token variant of the kinetic glass models (arXiv:2507.18461 names Ising,
 * Gaussian and spherical tokens; PAPERS.md "Kinetic glass" lists this optional extension): q
 * states per site, p(s_i = a) = softmax_a(β h_{i,a}), with the DMFT closure evaluated by Monte
 * Carlo, against simulation.
 * @module
 */
import { kineticPottsDmft } from "../../theory/mod.ts";
import { simulateKineticPotts } from "../../models/mod.ts";
import { key } from "../../random/mod.ts";
import type { RunContext } from "../../run/mod.ts";

/** Config of {@link pottsVariant}. */
export interface PottsVariantConfig {
  /** Coupling covariance Γ. */
  gamma: number[][];
  /** States q per site. */
  states: number;
  /** Inverse temperature β. */
  beta: number;
  /** Sites N. */
  N: number;
  /** Generated tokens T. */
  T: number;
  /** First time of the window. */
  t0: number;
  /** Largest lag (capped at T − t0 − 1). */
  maxLag: number;
  /** Monte Carlo samples of the DMFT closure. */
  mcSamples: number;
  /** Coupling samples of the simulation. */
  samples: number;
  /** Seed of the DMFT's Monte Carlo; the simulation uses seed + 1. */
  seed: number;
}

/** Result of {@link pottsVariant}. */
export interface PottsVariantResult {
  /** States q. */
  states: number;
  /** β. */
  beta: number;
  /** Sites. */
  N: number;
  /** Γ. */
  gamma: number[][];
  /** DMFT C_τ (Monte Carlo closure). */
  dmft: number[];
  /** Simulated C_τ. */
  sim: number[];
  /** max_{1≤τ≤maxLag} |ĉ_τ − c_τ|. */
  maxAbsError: number;
  /** Wall seconds of the DMFT. */
  dmftSeconds: number;
  /** Wall seconds of the simulation. */
  simSeconds: number;
}

/** Potts DMFT vs simulation. */
export function pottsVariant(
  cfg: PottsVariantConfig,
  ctx: RunContext,
): Promise<PottsVariantResult> {
  const maxLag = Math.min(cfg.maxLag, cfg.T - cfg.t0 - 1);
  const t1 = performance.now();
  const o = { states: cfg.states, beta: cfg.beta, steps: cfg.T };
  const d = kineticPottsDmft(cfg.gamma, key(cfg.seed), { ...o, samples: cfg.mcSamples })
    .laggedCorrelation({ fromStep: cfg.t0, maxLag });
  const t2 = performance.now();
  const sim = simulateKineticPotts(cfg.gamma, key(cfg.seed + 1), {
    ...o,
    size: cfg.N,
    samples: cfg.samples,
  }).laggedCorrelation({ fromStep: cfg.t0, maxLag });
  let err = 0;
  for (let tau = 1; tau <= maxLag; tau++) err = Math.max(err, Math.abs(sim[tau] - d[tau]));
  ctx.log(
    `kinetic_glass: Potts q=${cfg.states} β=${cfg.beta} (N=${cfg.N}): max|ĉ−c| = ${err.toFixed(4)}`,
  );
  return Promise.resolve({
    states: cfg.states,
    beta: cfg.beta,
    N: cfg.N,
    gamma: cfg.gamma,
    dmft: Array.from(d),
    sim: Array.from(sim),
    maxAbsError: err,
    dmftSeconds: (t2 - t1) / 1e3,
    simSeconds: (performance.now() - t2) / 1e3,
  });
}
