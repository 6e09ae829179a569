/**
 * The linear-regression part of the Seesaw reproduction (arXiv:2510.14717 §3 on the exact risk
 * recursion of arXiv:2506.15535; PAPERS.md, Seesaw): the SGD and NSGD phase-schedule families,
 * the cosine / Seesaw / fixed-LR sweep over B₀ and the Monte-Carlo check, composed.
 * @module
 */
import type { RunContext } from "../../run/mod.ts";
import { batchSweep, type BatchSweepConfig, type SweepRow } from "./batch_sweep.ts";
import type { RiskCurve } from "./curves.ts";
import { type McConfig, type McRow, seesawMonteCarlo } from "./mc_check.ts";
import {
  type FamilyRow,
  type PhaseFamilies,
  phaseFamilies,
  type PhaseFamilyConfig,
} from "./phase_families.ts";

/** Parameters of {@link seesawTheory}. */
export type TheoryConfig = PhaseFamilyConfig & BatchSweepConfig & McConfig;

/** Result of {@link seesawTheory}. */
export interface TheoryResult {
  /** Instance, LRs and the per-part rows (results.json `theory`). */
  theory: Omit<PhaseFamilies, "curves" | "claims"> & { sweep: SweepRow[]; mc: McRow[] };
  /** Every risk curve, keyed by schedule and source (results.json `curves`). */
  curves: Record<string, { theory: RiskCurve; mc?: RiskCurve }>;
  /** SGD family rows. */
  sgd: FamilyRow[];
  /** NSGD family rows. */
  nsgd: FamilyRow[];
  /** Sweep rows. */
  sweep: SweepRow[];
  /** Monte-Carlo rows. */
  mc: McRow[];
  /** Every claim of the three parts. */
  claims: PhaseFamilies["claims"] & {
    seesawMatchesCosineBelowCbs: boolean;
    sweepOrderingAtLargeB0: boolean;
  };
}

/**
 * Run the phase families, the B₀ sweep and the Monte-Carlo check.
 *
 * @param c the instance, schedules, sweep and Monte-Carlo parameters
 * @param ctx run context (progress)
 * @returns rows, curves and claims
 */
export function seesawTheory(c: TheoryConfig, ctx: RunContext): TheoryResult {
  const fam = phaseFamilies(c);
  const sw = batchSweep(c, ctx);
  const mc = seesawMonteCarlo(c, ctx);
  const { curves: _c, claims: _k, ...rest } = fam;
  return {
    theory: { ...rest, sweep: sw.sweep, mc: mc.mc },
    curves: { ...fam.curves, ...sw.curves, ...mc.curves },
    sgd: fam.sgd,
    nsgd: fam.nsgd,
    sweep: sw.sweep,
    mc: mc.mc,
    claims: { ...fam.claims, ...sw.claims },
  };
}
