/**
 * One DMFT-vs-simulation comparison of the extended-context kinetic spin models of
 * Zavatone-Veth & Pehlevan (arXiv:2507.18461; PAPERS.md "Kinetic glass"): the transient DMFT
 * c_τ averaged over the same window t ∈ [t0, T] as the simulated ĉ_τ, the stationary DMFT, and
 * the per-lag standard error of ĉ_τ across independent coupling samples J.
 * @module
 */
import {
  diagonalSums,
  kineticGlassDmft,
  kineticGlassStationary,
  type KineticVariant,
} from "../../theory/mod.ts";
import { simulateKineticSpin } from "../../models/mod.ts";
import { key } from "../../random/mod.ts";
import { mean, standardError } from "../../stats/mod.ts";
import { ArgumentError, checkPositiveInt } from "../../errors/mod.ts";

/** Options of {@link compareDmftSimulation}. */
export interface CompareOptions {
  /** Token variant. */
  variant: KineticVariant;
  /** Noise σ of the Gaussian and spherical variants (ignored by Ising/sign). */
  sigma: number;
  /** Sites N. */
  N: number;
  /** Generated tokens T. */
  T: number;
  /** First time of the window [t0, T] (transient DMFT and simulation alike). */
  t0: number;
  /** Independent coupling samples J (≥ 2 for a standard error). */
  samples: number;
  /** Chains per coupling sample. */
  chains: number;
  /** Largest lag τ compared. */
  maxLag: number;
  /** Seed of the simulation (`key(seed)`). */
  seed: number;
  /** Zero the self-couplings (J_k)_ii (default false). */
  zeroDiagonal?: boolean;
}

/** One DMFT-vs-simulation comparison (results.json entry). */
export interface Comparison {
  /** Label. */
  label: string;
  /** Variant. */
  variant: KineticVariant;
  /** Γ used (K×K). */
  gamma: number[][];
  /** σ. */
  sigma: number;
  /** Sites. */
  N: number;
  /** Transient DMFT c_τ averaged over the window, τ = 0…maxLag. */
  dmft: number[];
  /** Stationary DMFT c_τ (NaN where the stationary solver does not converge). */
  stationary: number[];
  /** Simulated ĉ_τ (mean over coupling samples). */
  sim: number[];
  /**
   * Standard error of ĉ_τ: the SD of the per-sample ĉ_τ across coupling samples over
   * √samples, so it contains both the spread between coupling draws and the time-sampling noise
   * within each draw (0 with one sample).
   */
  simSe: number[];
  /** Per coupling sample, ĉ_τ (τ = 0…maxLag). */
  perSample: number[][];
  /** z_τ = (ĉ_τ − c_τ)/SE_τ (NaN where SE = 0). */
  z: number[];
  /** max_{1≤τ≤maxLag} |ĉ_τ − c_τ| against the transient DMFT (the same window). */
  maxAbsError: number;
  /** Root-mean-square of ĉ_τ − c_τ over 1 ≤ τ ≤ maxLag. */
  rmsError: number;
  /** Mean over coupling samples of each sample's rms_τ(ĉ_τ − c_τ) (τ ≥ 1). */
  sampleRmsError: number;
  /**
   * The tail as one statistic: per coupling draw the mean over τ ∈ [fromLag, maxLag] of
   * ĉ_τ − c_τ (fromLag = ⌈maxLag/2⌉), then its mean, SE across draws and t = gap/SE with
   * samples − 1 degrees of freedom. One draw's error is shared by all tail lags, so this replaces
   * several correlated per-lag z-scores by one t.
   */
  tailGap: { fromLag: number; gap: number; se: number; t: number; dof: number };
  /** max |ĉ_τ − c_τ|/c_τ over lags with |c_τ| ≥ 0.1 |c₀| (the Gaussian variant's criterion). */
  maxRelErrorWhereLarge: number;
  /** Transient C_{t,t+1} by t (DMFT and simulation). */
  transient: { t: number[]; dmft: number[]; sim: number[] };
  /** Wall seconds of the simulation. */
  simSeconds: number;
}

/**
 * Runs the transient DMFT (arXiv:2507.18461 DMFT, PAPERS.md), the stationary solver on Γ's
 * diagonal sums and `samples` simulations of the model at N sites, and compares the lagged
 * correlations c_τ = mean_{t ∈ [t0, T−τ]} C_{t,t+τ} for τ = 0…maxLag.
 */
export function compareDmftSimulation(
  label: string,
  gamma: number[][],
  o: CompareOptions,
): Comparison {
  const fn = "compareDmftSimulation";
  for (const k of ["N", "T", "samples", "chains", "maxLag", "t0"] as const) {
    checkPositiveInt(fn, k, o[k]);
  }
  if (o.t0 + o.maxLag >= o.T) {
    throw new ArgumentError(fn, "t0", `t0 + maxLag < T = ${o.T} (maxLag ${o.maxLag})`, o.t0);
  }
  const tr = kineticGlassDmft(gamma, { variant: o.variant, steps: o.T, sigma: o.sigma });
  const dmft = Array.from(tr.laggedCorrelation({ fromStep: o.t0, maxLag: o.maxLag }));
  let stationary: number[];
  try {
    stationary = Array.from(
      kineticGlassStationary(diagonalSums(gamma), {
        variant: o.variant,
        sigma: o.sigma,
        maxLag: Math.max(60, o.maxLag),
        maxIterations: 5000,
      }).c.slice(0, o.maxLag + 1),
    );
  } catch {
    // beyond the Gaussian stability edge there is no stationary state
    stationary = new Array(o.maxLag + 1).fill(NaN);
  }
  const t1 = performance.now();
  const sim = simulateKineticSpin(gamma, key(o.seed), {
    variant: o.variant,
    size: o.N,
    steps: o.T,
    sigma: o.sigma,
    samples: o.samples,
    chains: o.chains,
    zeroDiagonal: o.zeroDiagonal,
  });
  const simSeconds = (performance.now() - t1) / 1e3;
  const c = Array.from(sim.laggedCorrelation({ fromStep: o.t0, maxLag: o.maxLag }));
  const perSample = Array.from(
    { length: o.samples },
    (_, s) => Array.from(sim.laggedCorrelation({ fromStep: o.t0, maxLag: o.maxLag, sample: s })),
  );
  const lags = Array.from({ length: o.maxLag + 1 }, (_, tau) => tau);
  const simSe = lags.map((tau) => o.samples < 2 ? 0 : standardError(perSample.map((p) => p[tau])));
  let maxAbs = 0, maxRel = 0, ss = 0;
  for (let tau = 1; tau <= o.maxLag; tau++) {
    maxAbs = Math.max(maxAbs, Math.abs(c[tau] - dmft[tau]));
    ss += (c[tau] - dmft[tau]) ** 2;
  }
  for (const tau of lags) {
    if (Math.abs(dmft[tau]) >= 0.1 * Math.abs(dmft[0])) {
      maxRel = Math.max(maxRel, Math.abs(c[tau] - dmft[tau]) / Math.abs(dmft[tau]));
    }
  }
  const K = gamma.length;
  const ts: number[] = [], td: number[] = [], tsim: number[] = [];
  for (let t = 1; t < o.T; t++) {
    ts.push(t);
    td.push(tr.correlation(t, t + 1));
    tsim.push(sim.meanOverlap.get(t + K - 1, t + K));
  }
  const sampleRms = perSample.map((p) => {
    let q = 0;
    for (let tau = 1; tau <= o.maxLag; tau++) q += (p[tau] - dmft[tau]) ** 2;
    return Math.sqrt(q / o.maxLag);
  });
  const fromLag = Math.ceil(o.maxLag / 2);
  const tails = perSample.map((p) => mean(p.slice(fromLag).map((v, i) => v - dmft[fromLag + i])));
  const tailSe = o.samples < 2 ? 0 : standardError(tails);
  const gap = mean(tails);
  return {
    label,
    variant: o.variant,
    gamma,
    sigma: o.sigma,
    N: o.N,
    dmft,
    stationary,
    sim: c,
    simSe,
    perSample,
    z: lags.map((tau) => simSe[tau] > 0 ? (c[tau] - dmft[tau]) / simSe[tau] : NaN),
    maxAbsError: maxAbs,
    rmsError: Math.sqrt(ss / o.maxLag),
    sampleRmsError: mean(sampleRms),
    tailGap: { fromLag, gap, se: tailSe, t: tailSe > 0 ? gap / tailSe : NaN, dof: o.samples - 1 },
    maxRelErrorWhereLarge: maxRel,
    transient: { t: ts, dmft: td, sim: tsim },
    simSeconds,
  };
}

/** Γ = scale·[[1, ρ], [ρ, 1]]: the two-lag coupling covariance of the A1, A3 and A4 figures. */
export function twoLagGamma(scale: number, rho: number): number[][] {
  return [[scale, scale * rho], [scale * rho, scale]];
}
