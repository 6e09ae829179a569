/**
 * FS setting of arXiv:2510.01098 (Results 3–5; PAPERS.md): per-mode gradient-flow losses against
 * time for several depths (closed form, α = ∞), and the out-of-distribution brittleness of
 * Γ = LΣ⁻¹ under a rotated test covariance Σ′ = e^{θS} Σ e^{−θS}.
 * @module
 */
import { foldIn, key, normalF64 } from "../../random/mod.ts";
import { sourceCapacitySpectra } from "../../data/icl_covariances.ts";
import { fsModeFlow, fsOutOfDistributionLoss } from "../../theory/mod.ts";
import { logspace } from "../../stats/mod.ts";
import type { RunContext } from "../../run/mod.ts";

/** Knobs of {@link fixedStructure}. */
export interface FixedStructureConfig {
  /** dimension D. */
  dim: number;
  /** capacity ν. */
  nu: number;
  /** source β. */
  beta: number;
  /** times tabulated in results. */
  fsTimes: number[];
  /** rotation angles θ of the OOD curve. */
  oodThetas: number[];
  /** base seed (draws S). */
  seed: number;
}

/** FS results. */
export interface FixedStructureResult {
  /** dimension D. */
  dim: number;
  /** capacity ν. */
  nu: number;
  /** source β. */
  beta: number;
  /** loss at each (depth, t ∈ fsTimes); depth "inf" is L = ∞. */
  flow: { depth: number | "inf"; time: number; loss: number }[];
  /** loss curves on 61 log-spaced t ∈ [0.1, 10⁵] for L = 1, 2, 4, ∞. */
  flowCurves: { depth: number | "inf"; times: number[]; loss: number[] }[];
  /** OOD risk of Γ = LΣ⁻¹ at each (L, θ). */
  ood: { depth: number; theta: number; loss: number }[];
}

/**
 * Closed-form FS mode flow and OOD brittleness. Sets `results.fs`.
 *
 * @param c D, ν, β, times, angles, seed
 * @param ctx run context
 * @returns the FS results and whether the OOD risk grows with θ at every L
 */
export async function fixedStructure(
  c: FixedStructureConfig,
  ctx: RunContext,
): Promise<{ result: FixedStructureResult; oodIncreasingInTheta: boolean }> {
  const D = c.dim;
  const root = key(c.seed);
  const { lambda, omega } = sourceCapacitySpectra(D, { nu: c.nu, beta: c.beta });
  const times = logspace(0.1, 1e5, 61);
  const flow: FixedStructureResult["flow"] = [];
  const flowCurves: FixedStructureResult["flowCurves"] = [];
  for (const L of [1, 2, 4, Infinity]) {
    const depth = L === Infinity ? "inf" : L;
    flowCurves.push({
      depth,
      times,
      loss: times.map((t) => fsModeFlow(t, { lambda, omega }, { depth: L }).loss),
    });
    for (const t of c.fsTimes) {
      flow.push({ depth, time: t, loss: fsModeFlow(t, { lambda, omega }, { depth: L }).loss });
    }
  }
  // OOD: random skew-symmetric S with unit-order entries / sqrt(D)
  const g = normalF64(foldIn(root, 7), D * D);
  const S = new Float64Array(D * D);
  for (let i = 0; i < D; i++) {
    for (let j = 0; j < D; j++) S[i * D + j] = (g[i * D + j] - g[j * D + i]) / Math.sqrt(2 * D);
  }
  const ood: FixedStructureResult["ood"] = [];
  for (const L of [1, 2, 4, 8]) {
    for (const th of c.oodThetas) {
      ood.push({
        depth: L,
        theta: th,
        loss: fsOutOfDistributionLoss(th, S, { lambda, omega, depth: L }),
      });
    }
  }
  const result = { dim: D, nu: c.nu, beta: c.beta, flow, flowCurves, ood };
  await ctx.results.set("fs", result);
  const oodIncreasingInTheta = [1, 2, 4, 8].every((L) => {
    const v = ood.filter((r) => r.depth === L).map((r) => r.loss);
    return v.every((x, i) => i === 0 || x >= v[i - 1]);
  });
  return { result, oodIncreasingInTheta };
}
