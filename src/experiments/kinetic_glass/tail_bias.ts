/**
 * Finite-size bias of the simulated tail of the lagged correlation in the kinetic glass models
 * (arXiv:2507.18461; PAPERS.md "Kinetic glass", finite-N tail): at each N, many coupling
 * samples of one model, the per-sample tail gap g_J = mean_{τ ∈ [fromLag, maxLag]} (ĉ_τ − c_τ)
 * against the transient DMFT, and its mean ± standard error across samples. A bias of order
 * 1/N shows as a constant N·gap, one of order 1/√N as a constant √N·gap; the per-sample SD
 * measures how far one coupling draw's tail strays.
 * @module
 */
import { mean, standardDeviation, standardError } from "../../stats/mod.ts";
import type { KineticVariant } from "../../theory/mod.ts";
import type { RunContext } from "../../run/mod.ts";
import { compareDmftSimulation, twoLagGamma } from "./compare.ts";
import { toeplitzThreeGamma } from "./context_three.ts";
import type { SimulationSettings } from "./settings.ts";

/** Config of {@link tailBias}. */
export interface TailBiasConfig {
  /** Label of the model. */
  label: string;
  /** Coupling covariance Γ. */
  gamma: number[][];
  /** Variant. */
  variant: KineticVariant;
  /** Noise σ. */
  sigma: number;
  /** Sizes N. */
  Ns: readonly number[];
  /** First lag of the tail. */
  fromLag: number;
  /** Window, chains and maxLag; `samples` coupling draws per N. */
  settings: SimulationSettings;
  /** Size number i uses seed + i. */
  seed: number;
  /** Zero the self-couplings (J_k)_ii (tests whether they cause the bias). */
  zeroDiagonal?: boolean;
}

/** One N of {@link tailBias}. */
export interface TailBiasRow {
  /** Sites. */
  N: number;
  /** Coupling samples. */
  samples: number;
  /** Mean tail gap over samples. */
  gap: number;
  /** Its standard error. */
  gapSe: number;
  /** SD of the single-sample tail gap. */
  sampleSd: number;
  /** N·gap (constant for a 1/N bias). */
  gapTimesN: number;
  /** √N·gap (constant for a 1/√N bias). */
  gapTimesSqrtN: number;
  /** Mean gap ĉ_τ − c_τ by lag τ = 0…maxLag, and its SE. */
  gapByLag: number[];
  /** SE of gapByLag. */
  gapByLagSe: number[];
}

/** Result of {@link tailBias}. */
export interface TailBiasResult {
  /** Label. */
  label: string;
  /** Lags averaged. */
  fromLag: number;
  /** Largest lag. */
  maxLag: number;
  /** DMFT c_τ of the largest N's window. */
  dmft: number[];
  /** One row per N. */
  rows: TailBiasRow[];
}

/** The tail gap of one model at each N. */
export function tailBias(cfg: TailBiasConfig, ctx: RunContext): Promise<TailBiasResult> {
  const s = cfg.settings;
  let dmft: number[] = [];
  const rows = cfg.Ns.map((N, i) => {
    const r = compareDmftSimulation(`tail ${cfg.label} N=${N}`, cfg.gamma, {
      ...s,
      N,
      variant: cfg.variant,
      sigma: cfg.sigma,
      seed: cfg.seed + i,
      zeroDiagonal: cfg.zeroDiagonal,
    });
    dmft = r.dmft;
    const tail = r.perSample.map((p) =>
      mean(p.slice(cfg.fromLag).map((v, j) => v - r.dmft[cfg.fromLag + j]))
    );
    const gap = mean(tail);
    const row: TailBiasRow = {
      N,
      samples: s.samples,
      gap,
      gapSe: standardError(tail),
      sampleSd: standardDeviation(tail),
      gapTimesN: N * gap,
      gapTimesSqrtN: Math.sqrt(N) * gap,
      gapByLag: r.sim.map((v, tau) => v - r.dmft[tau]),
      gapByLagSe: r.simSe,
    };
    ctx.log(
      `kinetic_glass: tail ${cfg.label} N=${N} (${s.samples} J): gap ${gap.toFixed(4)} ± ${
        row.gapSe.toFixed(4)
      } (single-J SD ${row.sampleSd.toFixed(4)}), N·gap ${row.gapTimesN.toFixed(2)}, √N·gap ${
        row.gapTimesSqrtN.toFixed(3)
      }`,
    );
    return row;
  });
  return Promise.resolve({ label: cfg.label, fromLag: cfg.fromLag, maxLag: s.maxLag, dmft, rows });
}

/** Config of {@link tailStudy}. */
export interface TailStudyConfig {
  /** Sizes N. */
  Ns: readonly number[];
  /** First lag of the tail. */
  fromLag: number;
  /** Window, chains and maxLag; `samples` coupling draws per N. */
  settings: SimulationSettings;
  /** Gaussian model: γ(0) = 1ᵀΓ1, cross-lag ρ and σ (Fig A3's Γ ∝ [[1, ρ], [ρ, 1]]). */
  gaussian: { gamma0: number; rho: number; sigma: number };
  /** Ising model: Fig A2's Γ = gain·Toeplitz(1, d, d²). */
  ising: { gain: number; decay: number };
  /** The Gaussian model uses seed, seed + 1, …; the Ising model seed + 100, …. */
  seed: number;
  /** Zero the self-couplings (J_k)_ii. */
  zeroDiagonal?: boolean;
}

/** The finite-N tail study of the Gaussian (Fig A3) and K = 3 Ising (Fig A2) models. */
export async function tailStudy(cfg: TailStudyConfig, ctx: RunContext): Promise<TailBiasResult[]> {
  const o = {
    Ns: cfg.Ns,
    fromLag: cfg.fromLag,
    settings: cfg.settings,
    zeroDiagonal: cfg.zeroDiagonal,
  };
  const { gamma0, rho, sigma } = cfg.gaussian;
  return [
    await tailBias({
      ...o,
      label: `Gaussian γ(0)=${gamma0}`,
      gamma: twoLagGamma(gamma0 / (2 + 2 * rho), rho),
      variant: "gaussian",
      sigma,
      seed: cfg.seed,
    }, ctx),
    await tailBias({
      ...o,
      label: "Ising A2 K=3",
      gamma: toeplitzThreeGamma(cfg.ising.gain, cfg.ising.decay),
      variant: "ising",
      sigma: 0,
      seed: cfg.seed + 100,
    }, ctx),
  ];
}
