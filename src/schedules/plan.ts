/**
 * Unroll a joint schedule into per-step learning rates and batch sizes.
 *
 * @module
 */

import { checkPositive, type TrainingSchedule } from "./schedule.ts";

/** Per-step plan of a run: the step-t values and the progress before step t. */
export interface SchedulePlan {
  /** Learning rate of each step. */
  lr: Float64Array;
  /** Batch size (items) of each step. */
  batch: Float64Array;
  /** Samples (or tokens) seen before each step. */
  samplesBefore: Float64Array;
  /** Number of steps (serial optimizer steps). */
  steps: number;
  /** Samples (or tokens) seen at the end (≥ totalSamples; overshoot at most one batch). */
  samplesSeen: number;
}

/** Options of {@link planSteps}. */
export interface PlanOptions {
  /** Stop once progress ≥ this (samples or tokens). */
  totalSamples: number;
  /** Samples (tokens) per batch item, e.g. the sequence length when progress counts tokens. */
  samplesPerItem?: number;
  /** Safety cap on the number of steps (default 1e8). */
  maxSteps?: number;
}

/**
 * Unroll a schedule: starting from progress 0, each step uses `lr(τ)` and `batch(τ)` at the
 * progress τ before the step, then τ += batch·samplesPerItem; training stops once τ ≥ T
 * (as in the Seesaw experiments, arXiv:2510.14717: can overshoot by one batch).
 *
 * @param schedule the joint LR/batch schedule
 * @param options total progress, samples per item and a step cap
 * @returns per-step LR, batch and progress
 */
export function planSteps(schedule: TrainingSchedule, options: PlanOptions): SchedulePlan {
  const { totalSamples, samplesPerItem = 1, maxSteps = 1e8 } = options;
  checkPositive("planSteps", "totalSamples", totalSamples);
  checkPositive("planSteps", "samplesPerItem", samplesPerItem);
  let cap = 1024;
  let lr: Float64Array<ArrayBuffer> = new Float64Array(cap);
  let batch: Float64Array<ArrayBuffer> = new Float64Array(cap);
  let before: Float64Array<ArrayBuffer> = new Float64Array(cap);
  let tau = 0, t = 0;
  while (tau < totalSamples) {
    if (t >= maxSteps) {
      throw new Error(`planSteps: more than maxSteps = ${maxSteps} steps before ${totalSamples}`);
    }
    if (t === cap) {
      cap *= 2;
      const grow = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
        const b = new Float64Array(cap);
        b.set(a);
        return b;
      };
      lr = grow(lr);
      batch = grow(batch);
      before = grow(before);
    }
    const b = schedule.batch(tau);
    if (!(b > 0) || !Number.isFinite(b)) {
      throw new Error(`planSteps: schedule returned batch ${b} at progress ${tau}`);
    }
    lr[t] = schedule.lr(tau);
    batch[t] = b;
    before[t] = tau;
    tau += b * samplesPerItem;
    t++;
  }
  return {
    lr: lr.slice(0, t),
    batch: batch.slice(0, t),
    samplesBefore: before.slice(0, t),
    steps: t,
    samplesSeen: tau,
  };
}
