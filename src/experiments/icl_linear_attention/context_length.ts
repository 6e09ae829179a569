/**
 * Non-monotone e_ICL in context length α = ℓ/d at small task diversity (arXiv:2405.11751 §4,
 * Figs. 2–3; PAPERS.md): theory curves of the ridgeless e_ICL against α for several κ.
 * @module
 */
import { pnasIclErrorRidgeless } from "../../theory/mod.ts";
import { logspace } from "../../stats/mod.ts";
import type { RunContext } from "../../run/mod.ts";

/** Knobs of {@link contextLength}. */
export interface ContextLengthConfig {
  /** τ = n/d² of the sweep. */
  alphaTau: number;
  /** label-noise variance ρ of the sweep. */
  alphaRho: number;
  /** κ values (one curve each). */
  alphaKappas: number[];
}

/** One theory point of the α sweep. */
export interface ContextLengthRow {
  /** α = ℓ/d. */
  alpha: number;
  /** κ = k/d. */
  kappa: number;
  /** τ = n/d². */
  tau: number;
  /** Label-noise variance ρ. */
  rho: number;
  /** e_ICL, theory (d → ∞). */
  eIclTheory: number;
}

/**
 * e_ICL (d → ∞) at 80 log-spaced α ∈ [0.5, 1000] for each κ (arXiv:2405.11751 Fig. 2C).
 * Sets `results.contextLength`.
 *
 * @param c τ, ρ, κ values
 * @param ctx run context
 * @returns the rows
 */
export async function contextLength(
  c: ContextLengthConfig,
  ctx: RunContext,
): Promise<ContextLengthRow[]> {
  const rows: ContextLengthRow[] = [];
  for (const kappa of c.alphaKappas) {
    for (const alpha of logspace(0.5, 1000, 80)) {
      const e = pnasIclErrorRidgeless({ alpha, kappa, tau: c.alphaTau, rho: c.alphaRho });
      rows.push({ alpha, kappa, tau: c.alphaTau, rho: c.alphaRho, eIclTheory: e });
    }
  }
  await ctx.results.set("contextLength", rows);
  return rows;
}
