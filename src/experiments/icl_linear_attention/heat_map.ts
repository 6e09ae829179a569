/**
 * Specialisation vs generalisation (arXiv:2509.26551 §4, Fig. 4; PAPERS.md): theory E_ICL over
 * (p_train, κ) for a power-law test covariance of exponent p_test, and the optimal p_train per κ.
 * @module
 */
import { powerLawSpectrum } from "../../data/icl_covariances.ts";
import { iclAlignmentError } from "../../theory/mod.ts";
import { linspace, logspace } from "../../stats/mod.ts";
import type { RunContext } from "../../run/mod.ts";

/** Knobs of {@link heatMap}. */
export interface HeatMapConfig {
  /** dimension d of the theory. */
  heatD: number;
  /** τ = n/d². */
  heatTau: number;
  /** exponent p_test of C_test = diag(j^−p) (trace d). */
  heatPTest: number;
  /** α = ℓ/d. */
  alpha: number;
  /** label-noise variance ρ. */
  rho: number;
}

/** The heat map: every cell and the best p_train per κ. */
export interface HeatMapResult {
  /** Dimension d. */
  d: number;
  /** α = ℓ/d. */
  alpha: number;
  /** τ = n/d². */
  tau: number;
  /** Exponent p_test of C_test. */
  pTest: number;
  /** E_ICL at every (p_train, κ). */
  cells: { pTrain: number; kappa: number; eIcl: number }[];
  /** The optimal p_train per κ. */
  best: { kappa: number; pTrainOpt: number; eIcl: number }[];
}

/**
 * E_ICL (arXiv:2509.26551 eq. E_ICL = e_scalar + ⟨C_test, K⟩) on 31 p_train ∈ [0, 3] × 31
 * log-spaced κ ∈ [0.1, 10]. Sets `results.heatMap`.
 *
 * @param c d, τ, p_test, α, ρ
 * @param ctx run context
 * @returns the cells and the optimal p_train per κ
 */
export async function heatMap(c: HeatMapConfig, ctx: RunContext): Promise<HeatMapResult> {
  const d = c.heatD;
  const test = powerLawSpectrum(d, { exponent: c.heatPTest });
  const ps = linspace(0, 3, 31);
  const ks = logspace(0.1, 10, 31);
  const cells: HeatMapResult["cells"] = [];
  const best: HeatMapResult["best"] = [];
  for (const kappa of ks) {
    let bp = 0;
    let be = Infinity;
    for (const p of ps) {
      const e = iclAlignmentError(powerLawSpectrum(d, { exponent: p }), test, {
        alpha: c.alpha,
        tau: c.heatTau,
        rho: c.rho,
        kappa,
      }).eIcl;
      cells.push({ pTrain: p, kappa, eIcl: e });
      if (e < be) {
        be = e;
        bp = p;
      }
    }
    best.push({ kappa, pTrainOpt: bp, eIcl: be });
  }
  const out = { d, alpha: c.alpha, tau: c.heatTau, pTest: c.heatPTest, cells, best };
  await ctx.results.set("heatMap", out);
  return out;
}
