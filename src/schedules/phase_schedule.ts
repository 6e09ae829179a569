/**
 * Phase-indexed step schedules `(η_k, B_k) = (η₀α^{−k}, B₀β^k)` with equal samples per phase.
 *
 * Implements the step schedules of arXiv:2506.15535 (PAPERS.md, "Constant-LR SGD") and the
 * Theorem 1 setting of arXiv:2510.14717 (Seesaw): K phases of D samples each; phase k = floor(τ/D) (capped at K−1).
 *
 * @module
 */

import { type BatchRounding, roundBatch } from "./batch_rounding.ts";
import { checkPositive, checkProgress, type TrainingSchedule } from "./schedule.ts";

/** Options of {@link phaseSchedule}. */
export interface PhaseScheduleOptions {
  /** Initial learning rate η₀. */
  lr: number;
  /** Initial batch B₀. */
  batch: number;
  /** Samples per phase D. */
  phaseSamples: number;
  /** Number of phases K. */
  phases: number;
  /** LR decay α ≥ 1 per phase. */
  lrDecay: number;
  /** Batch growth β ≥ 1 per phase. */
  batchGrowth: number;
  /** Rounding of B₀β^k (default "none": fractional batches, for the theory solver). */
  batchRounding?: BatchRounding;
}

/**
 * Phase schedule (arXiv:2506.15535; arXiv:2510.14717, Theorem 1): in phase k = min(floor(τ/D), K−1) the LR is η₀α^{−k} and
 * the batch `round(B₀β^k)`.
 *
 * @param options η₀, B₀, D, K, α, β and rounding
 * @returns the joint schedule (total samples K·D)
 */
export function phaseSchedule(options: PhaseScheduleOptions): TrainingSchedule & {
  totalSamples: number;
} {
  const fn = "phaseSchedule";
  const { lr, batch, phaseSamples, phases, lrDecay, batchGrowth, batchRounding = "none" } = options;
  checkPositive(fn, "lr", lr);
  checkPositive(fn, "batch", batch);
  checkPositive(fn, "phaseSamples", phaseSamples);
  if (!Number.isInteger(phases) || phases < 1) {
    throw new Error(`${fn}: option "phases" must be a positive integer, got ${phases}`);
  }
  if (!(lrDecay >= 1)) throw new Error(`${fn}: option "lrDecay" must be >= 1, got ${lrDecay}`);
  if (!(batchGrowth >= 1)) {
    throw new Error(`${fn}: option "batchGrowth" must be >= 1, got ${batchGrowth}`);
  }
  const batches: number[] = [];
  for (let k = 0; k < phases; k++) {
    batches.push(roundBatch(batch * Math.pow(batchGrowth, k), batchRounding));
  }
  const phase = (samples: number): number => {
    checkProgress(fn, samples);
    return Math.min(phases - 1, Math.floor(samples / phaseSamples));
  };
  return {
    totalSamples: phases * phaseSamples,
    lr: (samples: number): number => lr * Math.pow(lrDecay, -phase(samples)),
    batch: (samples: number): number => batches[phase(samples)],
  };
}

/** Options of {@link phasePlan}. */
export interface PhasePlanOptions extends PhaseScheduleOptions {
  /**
   * Steps per phase from D/B_k: "floor" (default; each phase consumes at most D samples),
   * "round" or "ceil". The step counts of the scaled-down Seesaw runs (23142, 12555; PAPERS.md,
   * "Seesaw") come from nearest-integer batches with floor(D/B_k) steps; "round" gives 23143 (a
   * rounding choice for fractional samples per batch: ±1 step).
   */
  phaseSteps?: "floor" | "round" | "ceil";
}

/** A per-step plan plus the phase index of every step. */
export interface PhasePlan {
  /** Learning rate of each step. */
  lr: Float64Array;
  /** Batch size of each step. */
  batch: Float64Array;
  /** Samples seen before each step. */
  samplesBefore: Float64Array;
  /** Phase index k of each step. */
  phase: Int32Array;
  /** Number of steps. */
  steps: number;
  /** Total samples consumed. */
  samplesSeen: number;
}

/**
 * Per-step plan of a phase schedule with an integer number of steps per phase
 * (`N_k = floor(D/B_k)` by default) and, unless `batchRounding` says otherwise, nearest-integer
 * batches `round(B₀β^k)`: the form the reference numbers of the scaled-down
 * Seesaw runs use (PAPERS.md, "Seesaw").
 *
 * @param options as {@link phaseSchedule}, plus the per-phase step rounding
 * @returns per-step learning rates, batches, progress and phase indices
 */
export function phasePlan(options: PhasePlanOptions): PhasePlan {
  const { phaseSteps = "floor", batchRounding = "round" } = options;
  const sched = phaseSchedule({ ...options, batchRounding });
  const D = options.phaseSamples;
  const counts: number[] = [];
  const bs: number[] = [];
  for (let k = 0; k < options.phases; k++) {
    const b = sched.batch(k * D);
    bs.push(b);
    const x = D / b;
    const n = phaseSteps === "floor"
      ? Math.floor(x)
      : phaseSteps === "ceil"
      ? Math.ceil(x)
      : Math.round(x);
    counts.push(Math.max(1, n));
  }
  const T = counts.reduce((a, b) => a + b, 0);
  const lr = new Float64Array(T), batch = new Float64Array(T), before = new Float64Array(T);
  const phase = new Int32Array(T);
  let t = 0, tau = 0;
  for (let k = 0; k < options.phases; k++) {
    const eta = sched.lr(k * D);
    for (let j = 0; j < counts[k]; j++, t++) {
      lr[t] = eta;
      batch[t] = bs[k];
      before[t] = tau;
      phase[t] = k;
      tau += bs[k];
    }
  }
  return { lr, batch, samplesBefore: before, phase, steps: T, samplesSeen: tau };
}
