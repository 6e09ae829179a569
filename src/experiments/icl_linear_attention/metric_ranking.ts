/**
 * Which alignment measure predicts the ICL error (arXiv:2509.26551 §4, Fig. 2; PAPERS.md):
 * E_ICL of the linear model (theory) against ⟨C_test, K⟩, ⟨C_test, F⟩, the population metric
 * tr(C_test C_train⁻¹)/d and 1/CKA over power-law (C_train, C_test) pairs, with Spearman ρ.
 * @module
 */
import { powerLawSpectrum } from "../../data/icl_covariances.ts";
import { type AlignmentMetrics, alignmentMetrics, iclAlignmentError } from "../../theory/mod.ts";
import { spearman } from "../../stats/mod.ts";
import type { RunContext } from "../../run/mod.ts";

/** Knobs of {@link metricRanking}. */
export interface MetricRankingConfig {
  /** dimension d of the theory. */
  metricD: number;
  /** τ = n/d². */
  heatTau: number;
  /** α = ℓ/d. */
  alpha: number;
  /** label-noise variance ρ. */
  rho: number;
}

/** One (C_train, C_test, κ) point: E_ICL and every candidate metric. */
export type MetricPoint = AlignmentMetrics & {
  /** Exponent p_train of C_train. */
  pTrain: number;
  /** Exponent p_test of C_test. */
  pTest: number;
  /** C_test with the C_train spectrum in reverse order. */
  reversed: boolean;
  /** κ = k/d. */
  kappa: number;
  /** E_ICL (theory). */
  eIcl: number;
};

/** Spearman ρ of E_ICL against each candidate metric. */
export interface MetricSpearman {
  /** Spearman ρ for ⟨C_test, K⟩. */
  kAlignment: number;
  /** Spearman ρ for ⟨C_test, F⟩. */
  fAlignment: number;
  /** Spearman ρ for tr(C_test C_train⁻¹)/d. */
  population: number;
  /** Spearman ρ for 1/CKA(C_train, C_test). */
  inverseCka: number;
}

/**
 * E_ICL and the four metrics over p_train ∈ {0.25, 0.75, 1.25, 1.75, 2.5} × p_test ∈
 * {0, 0.5, 1, 1.5, 2} × {same, reversed order} × κ ∈ {0.2, 0.5, 1, 2, 5}. Sets `results.metrics`.
 *
 * @param c d, τ, α, ρ
 * @param ctx run context
 * @returns the points and the Spearman correlations
 */
export async function metricRanking(
  c: MetricRankingConfig,
  ctx: RunContext,
): Promise<{ points: MetricPoint[]; spearman: MetricSpearman }> {
  const d = c.metricD;
  const pts: MetricPoint[] = [];
  for (const pTr of [0.25, 0.75, 1.25, 1.75, 2.5]) {
    for (const pTe of [0, 0.5, 1, 1.5, 2]) {
      for (const rev of [false, true]) {
        for (const kappa of [0.2, 0.5, 1, 2, 5]) {
          const tr = powerLawSpectrum(d, { exponent: pTr });
          const te0 = powerLawSpectrum(d, { exponent: pTe });
          const te = rev ? te0.slice().reverse() : te0;
          const p = { alpha: c.alpha, tau: c.heatTau, rho: c.rho, kappa };
          const m = alignmentMetrics(tr, te, p);
          pts.push({
            pTrain: pTr,
            pTest: pTe,
            reversed: rev,
            kappa,
            eIcl: iclAlignmentError(tr, te, p).eIcl,
            ...m,
          });
        }
      }
    }
  }
  const e = pts.map((p) => p.eIcl);
  const rho: MetricSpearman = {
    kAlignment: spearman(e, pts.map((p) => p.kAlignment)),
    fAlignment: spearman(e, pts.map((p) => p.fAlignment)),
    population: spearman(e, pts.map((p) => p.population)),
    inverseCka: spearman(e, pts.map((p) => p.inverseCka)),
  };
  await ctx.results.set("metrics", {
    d,
    alpha: c.alpha,
    tau: c.heatTau,
    spearman: rho,
    points: pts,
  });
  return { points: pts, spearman: rho };
}
