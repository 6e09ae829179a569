/**
 * N-scaling of the DMFT-vs-simulation error of the kinetic glass models (arXiv:2507.18461;
 * PAPERS.md "Kinetic glass"): Ising K = 2, Γ = g²[[1, ρ], [ρ, 1]], at several N, with fitted
 * log-log slopes of three error statistics (the DMFT is the N → ∞ limit, so the error of a
 * self-averaging quantity falls like N^{−1/2}).
 * @module
 */
import { fitLogLogSlope } from "../../stats/mod.ts";
import type { RunContext } from "../../run/mod.ts";
import { twoLagGamma } from "./compare.ts";
import { runComparison, type SimulationSettings } from "./settings.ts";

/** Config of {@link finiteSizeScaling}. */
export interface FiniteSizeConfig {
  /** Sizes N. */
  Ns: readonly number[];
  /** Gain g. */
  g: number;
  /** Cross-lag correlation ρ. */
  rho: number;
  /** Simulation settings (N is replaced by each entry of Ns). */
  settings: SimulationSettings;
  /** Seed of the first N; size number i uses seed + i. */
  seed: number;
}

/** Error-vs-N table and fitted slopes (NaN with fewer than two sizes). */
export interface FiniteSizeResult {
  /** Sizes. */
  N: number[];
  /** max_τ |ĉ_τ − c_τ| of the sample mean. */
  error: number[];
  /** rms_τ (ĉ_τ − c_τ) of the sample mean. */
  rmsError: number[];
  /** Mean over samples of the single-sample rms error. */
  sampleRmsError: number[];
  /** Fitted d log error / d log N of `error`. */
  slope: number;
  /** Same for `rmsError`. */
  rmsSlope: number;
  /** Same for `sampleRmsError`. */
  sampleRmsSlope: number;
}

/** DMFT-vs-simulation error at each N and its power-law slope. */
export function finiteSizeScaling(
  cfg: FiniteSizeConfig,
  ctx: RunContext,
): Promise<FiniteSizeResult> {
  const Ns = [...cfg.Ns];
  const rs = Ns.map((N, i) =>
    runComparison(ctx, cfg.settings, {
      label: `scaling N=${N}`,
      gamma: twoLagGamma(cfg.g * cfg.g, cfg.rho),
      variant: "ising",
      sigma: 0,
      seed: cfg.seed + i,
      N,
    })
  );
  const error = rs.map((r) => r.maxAbsError);
  const rmsError = rs.map((r) => r.rmsError);
  const sampleRmsError = rs.map((r) => r.sampleRmsError);
  const slope = (ys: number[]) => Ns.length > 1 ? fitLogLogSlope(Ns, ys).slope : NaN;
  const out = {
    N: Ns,
    error,
    rmsError,
    sampleRmsError,
    slope: slope(error),
    rmsSlope: slope(rmsError),
    sampleRmsSlope: slope(sampleRmsError),
  };
  const fmt = (v: number[]) => JSON.stringify(v.map((e) => +e.toFixed(4)));
  ctx.log(
    `kinetic_glass: error vs N ${fmt(error)}, slope ${out.slope.toFixed(2)}; rms ${
      fmt(rmsError)
    }, slope ${out.rmsSlope.toFixed(2)}; single-J rms ${fmt(sampleRmsError)}, slope ${
      out.sampleRmsSlope.toFixed(2)
    } (target ≈ −0.5)`,
  );
  return Promise.resolve(out);
}
