/**
 * The Seesaw learning-rate-and-batch ramp and its relatives (step-cosine, the α√β = const
 * variants, the fixed-LR batch ramp), as functions of samples (or tokens) seen.
 *
 * Implements the Seesaw rule and its experiment schedules (arXiv:2510.14717, Meterez et al.,
 * "Seesaw"; PAPERS.md, "Seesaw"): milestones are
 * the progress values where a base cosine-with-warmup schedule crosses `η₀·c^{−k}`,
 * `τ_k = τ_w + round((T − τ_w)·arccos(2(c^{−k} − f)/(1 − f) − 1)/π)` for k = 1..K,
 * `K = floor(ln f / ln(1/c))`; at each milestone the LR is divided by α and the floating batch
 * multiplied by β. Seesaw is (c, α, β) = (1.1, √1.1, 1.1). The new batch applies from the milestone
 * batch itself, not one batch later as in the released code: only then do all nine published
 * step counts of the paper match (PAPERS.md, "Seesaw").
 *
 * @module
 */

import { type BatchRounding, roundBatch } from "./batch_rounding.ts";
import {
  checkPositive,
  checkProgress,
  checkUnitInterval,
  type TrainingSchedule,
} from "./schedule.ts";

/** Options of {@link seesaw}. */
export interface SeesawOptions {
  /** Peak learning rate η₀. */
  lr: number;
  /** Initial batch size B₀ in items (samples, or sequences when progress counts tokens). */
  batch: number;
  /** Total training progress T in samples (or tokens). */
  totalSamples: number;
  /** Warmup fraction of T at constant batch (default 0.1). */
  warmupFraction?: number;
  /** LR at progress 0 as a fraction of η₀ during the linear warmup (default 0.1). */
  warmupStartFactor?: number;
  /** Floor of the base cosine, η_min/η₀ (`alpha_f`, default 0.1). */
  minFactor?: number;
  /** Base-schedule decay c per milestone: milestones where the cosine crosses η₀c^{−k} (1.1). */
  milestoneDecay?: number;
  /** LR divisor α at each milestone (default √milestoneDecay: Seesaw). */
  lrDecay?: number;
  /** Batch growth β at each milestone (default milestoneDecay: Seesaw). */
  batchGrowth?: number;
  /** Number of milestones K (default floor(ln minFactor / ln(1/milestoneDecay))). */
  milestones?: number;
  /** Batch rounding of the floating batch (default "floor"). */
  batchRounding?: BatchRounding;
}

/** A Seesaw-family schedule with its milestones. */
export interface SeesawSchedule extends TrainingSchedule {
  /** Milestone progress values τ_1 < … < τ_K (samples or tokens). */
  milestones: readonly number[];
  /** Batch size used after k milestones, k = 0..K. */
  batches: readonly number[];
  /** Number of milestones passed at progress τ. */
  milestoneIndex(samples: number): number;
}

/**
 * Milestones of the Seesaw experiments (arXiv:2510.14717): progress values where the cosine-with-warmup base schedule (floor
 * f, warmup fraction w) crosses `η₀·c^{−k}`, k = 1..K, rounded to whole samples/tokens.
 *
 * @param totalSamples T
 * @param options warmup fraction, floor f, decay c and optional K
 * @returns the increasing milestone list
 */
export function seesawMilestones(
  totalSamples: number,
  options: {
    warmupFraction?: number;
    minFactor?: number;
    milestoneDecay?: number;
    milestones?: number;
  },
): number[] {
  const fn = "seesawMilestones";
  const { warmupFraction = 0.1, minFactor = 0.1, milestoneDecay = 1.1 } = options;
  checkPositive(fn, "totalSamples", totalSamples);
  checkUnitInterval(fn, "warmupFraction", warmupFraction);
  if (!(minFactor > 0 && minFactor < 1)) {
    throw new Error(`${fn}: option "minFactor" must be in (0, 1), got ${minFactor}`);
  }
  if (!(milestoneDecay > 1) || !Number.isFinite(milestoneDecay)) {
    throw new Error(
      `${fn}: option "milestoneDecay" must be a finite number > 1, got ${milestoneDecay}`,
    );
  }
  const kMax = Math.floor(Math.log(minFactor) / Math.log(1 / milestoneDecay));
  const K = options.milestones ?? kMax;
  if (!Number.isInteger(K) || K < 0 || K > kMax) {
    throw new Error(`${fn}: option "milestones" must be an integer in [0, ${kMax}], got ${K}`);
  }
  const tw = warmupFraction * totalSamples;
  const out: number[] = [];
  for (let k = 1; k <= K; k++) {
    const r = Math.pow(milestoneDecay, -k);
    const c = Math.min(1, Math.max(-1, (2 * (r - minFactor)) / (1 - minFactor) - 1));
    out.push(tw + Math.round(((totalSamples - tw) * Math.acos(c)) / Math.PI));
  }
  return out;
}

/**
 * The Seesaw schedule family (arXiv:2510.14717, the rule and its experiments): linear warmup at constant batch B₀, then after
 * the k-th milestone LR `max(η₀α^{−k}, η_min)` and batch `round(B₀β^k)` (floating batch
 * multiplied by β at each milestone, then rounded). Special cases:
 * - Seesaw: `milestoneDecay = α² = β = 1.1` (the defaults);
 * - step-cosine base: `lrDecay = milestoneDecay`, `batchGrowth = 1`;
 * - Figure 2 variants: `milestoneDecay = 2`, α√β = 2;
 * - fixed-LR ramp: `lrDecay = 1`, `batchGrowth = 1.1` (see {@link fixedLrBatchRamp}).
 *
 * Deviation from the released code, documented: the code consumes at most one milestone per
 * batch; here k(τ) counts all milestones ≤ τ. They differ only if two milestones fall inside
 * one batch, which never happens in the published settings.
 *
 * @param options the schedule parameters
 * @returns the schedule with its milestones and batch ladder
 */
export function seesaw(options: SeesawOptions): SeesawSchedule {
  const fn = "seesaw";
  const {
    lr,
    batch,
    totalSamples,
    warmupFraction = 0.1,
    warmupStartFactor = 0.1,
    minFactor = 0.1,
    milestoneDecay = 1.1,
    batchRounding = "floor",
  } = options;
  const lrDecay = options.lrDecay ?? Math.sqrt(milestoneDecay);
  const batchGrowth = options.batchGrowth ?? milestoneDecay;
  checkPositive(fn, "lr", lr);
  checkPositive(fn, "batch", batch);
  checkUnitInterval(fn, "warmupStartFactor", warmupStartFactor);
  if (!(lrDecay >= 1) || !Number.isFinite(lrDecay)) {
    throw new Error(`${fn}: option "lrDecay" must be a finite number >= 1, got ${lrDecay}`);
  }
  if (!(batchGrowth >= 1) || !Number.isFinite(batchGrowth)) {
    throw new Error(`${fn}: option "batchGrowth" must be a finite number >= 1, got ${batchGrowth}`);
  }
  const milestones = seesawMilestones(totalSamples, {
    warmupFraction,
    minFactor,
    milestoneDecay,
    milestones: options.milestones,
  });
  const batches: number[] = [];
  let bf = batch;
  for (let k = 0; k <= milestones.length; k++) {
    batches.push(roundBatch(bf, batchRounding));
    bf *= batchGrowth;
  }
  const tw = warmupFraction * totalSamples;
  const lrMin = lr * minFactor;
  const milestoneIndex = (samples: number): number => {
    checkProgress(fn, samples);
    let k = 0;
    while (k < milestones.length && milestones[k] <= samples) k++;
    return k;
  };
  return {
    milestones,
    batches,
    milestoneIndex,
    lr(samples: number): number {
      checkProgress(fn, samples);
      if (samples < tw) return lr * (warmupStartFactor + (1 - warmupStartFactor) * (samples / tw));
      return Math.max(lrMin, lr * Math.pow(lrDecay, -milestoneIndex(samples)));
    },
    batch(samples: number): number {
      return batches[milestoneIndex(samples)];
    },
  };
}

/**
 * The "Fixed LR" baseline of Seesaw Figure 3 (arXiv:2510.14717): batch × β (default 1.1) at the
 * Seesaw milestones while the LR stays at η₀ after warmup.
 *
 * @param options as {@link seesaw}, without `lrDecay`
 * @returns the schedule
 */
export function fixedLrBatchRamp(options: Omit<SeesawOptions, "lrDecay">): SeesawSchedule {
  return seesaw({ ...options, lrDecay: 1 });
}
