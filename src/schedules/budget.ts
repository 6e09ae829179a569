/**
 * End a joint schedule exactly at a sample budget: the last batch is cut to what is left, so
 * schedules whose batches grow (Seesaw, the fixed-LR ramp) see the same number of samples as a
 * constant-batch baseline (the comparison of Seesaw's Figure 3, arXiv:2510.14717, at equal
 * samples; PAPERS.md, Seesaw).
 *
 * @module
 */

import { checkPositive, checkProgress, type TrainingSchedule } from "./schedule.ts";

/** Options of {@link endAtBudget}. */
export interface BudgetOptions {
  /** The budget T in samples (or tokens). */
  totalSamples: number;
  /** Samples (tokens) per batch item, e.g. the sequence length when counting tokens (1). */
  samplesPerItem?: number;
  /**
   * True (default) rounds the cut batch up to whole items, (T − τ)/samplesPerItem rounded up,
   * as training needs; false keeps the fractional remainder (for the exact risk recursion).
   */
  wholeItems?: boolean;
}

/**
 * The schedule with its batch capped at the remaining budget: `batch(τ) = min(B(τ), (T − τ)/u)`
 * (u = samples per item; rounded up to whole items unless `wholeItems` is false), LR unchanged.
 * Unrolled with `planSteps`, it ends at exactly T when T is a multiple of u·(item granularity),
 * instead of overshooting by up to one batch.
 *
 * @param schedule the joint schedule
 * @param options the budget and the samples per item
 * @returns the capped schedule (queried beyond T, it returns the uncapped batch)
 */
export function endAtBudget(schedule: TrainingSchedule, options: BudgetOptions): TrainingSchedule {
  const { totalSamples, samplesPerItem = 1, wholeItems = true } = options;
  checkPositive("endAtBudget", "totalSamples", totalSamples);
  checkPositive("endAtBudget", "samplesPerItem", samplesPerItem);
  return {
    lr: (samples: number) => schedule.lr(samples),
    batch(samples: number): number {
      checkProgress("endAtBudget", samples);
      const b = schedule.batch(samples);
      if (samples >= totalSamples) return b;
      const left = (totalSamples - samples) / samplesPerItem;
      return Math.min(b, wholeItems ? Math.ceil(left - 1e-9) : left);
    },
  };
}
