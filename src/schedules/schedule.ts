/**
 * Schedule types: learning rate and batch size as functions of training progress measured in
 * samples (or tokens) seen, never in steps (Seesaw, arXiv:2510.14717, changes the batch, so
 * steps and samples are not proportional).
 *
 * @module
 */

import { ArgumentError } from "../errors/mod.ts";

/**
 * An {@link ArgumentError} (src/errors) carrying this module's exact message, so schedule argument
 * errors are caught like every other layer's while keeping their compact value display.
 */
function argumentError(message: string): ArgumentError {
  const e = new ArgumentError("", "", "", "");
  e.message = message;
  return e;
}

/** A learning-rate schedule: learning rate as a function of samples (or tokens) seen, ≥ 0. */
export type LrSchedule = (samples: number) => number;

/**
 * A joint learning-rate and batch-size schedule. Both are functions of the samples (or tokens)
 * seen before the step; `batch` is in items (samples, or sequences when progress counts tokens).
 */
export interface TrainingSchedule {
  /** Learning rate at progress `samples` (≥ 0). */
  lr(samples: number): number;
  /** Batch size in items at progress `samples` (> 0). */
  batch(samples: number): number;
}

/**
 * Throw the named error for a schedule queried at invalid progress (negative, NaN or infinite).
 *
 * @param fn name of the schedule function, used in the message
 * @param samples the progress the schedule was asked about
 */
export function checkProgress(fn: string, samples: number): void {
  if (!(samples >= 0) || !Number.isFinite(samples)) {
    throw argumentError(
      `${fn}: argument "samples" (training progress) must be a finite number >= 0, got ${samples}`,
    );
  }
}

/**
 * Pair a learning-rate schedule with a constant batch size.
 *
 * @param lr the learning-rate schedule
 * @param options the batch size in items (> 0)
 * @returns a joint schedule
 */
export function withConstantBatch(
  lr: LrSchedule,
  options: { batch: number },
): TrainingSchedule {
  const { batch } = options;
  if (!(batch > 0) || !Number.isFinite(batch)) {
    throw argumentError(
      `withConstantBatch: option "batch" must be a finite number > 0, got ${batch}`,
    );
  }
  return {
    lr,
    batch: (samples: number): number => {
      checkProgress("withConstantBatch", samples);
      return batch;
    },
  };
}

/** Positive finite number check shared by the schedule constructors. */
export function checkPositive(fn: string, name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) {
    throw argumentError(`${fn}: option "${name}" must be a finite number > 0, got ${v}`);
  }
}

/** Check a factor in [0, 1] (e.g. a floor or start factor). */
export function checkUnitInterval(fn: string, name: string, v: number): void {
  if (!(v >= 0 && v <= 1)) {
    throw argumentError(`${fn}: option "${name}" must be in [0, 1], got ${v}`);
  }
}
