/**
 * Step (piecewise-constant) learning-rate decay.
 *
 * @module
 */

import { checkPositive, checkProgress, type LrSchedule } from "./schedule.ts";

/** Options of {@link stepDecay}: give either `everySamples` or `boundariesSamples`. */
export interface StepDecayOptions {
  /** Initial learning rate η₀ (> 0). */
  lr: number;
  /** Multiply the LR by `factor` every this many samples. */
  everySamples?: number;
  /** Multiply the LR by `factor` at each of these increasing progress values. */
  boundariesSamples?: readonly number[];
  /** Multiplicative factor per decay, in (0, 1] (e.g. 1/2, or 1/α for phase schedules). */
  factor: number;
}

/**
 * Step decay `η(τ) = η₀ · factor^{k(τ)}` where k(τ) counts the boundaries ≤ τ
 * (`stepDecay({ lr, everySamples, factor })`).
 *
 * @param options initial LR, boundaries (periodic or explicit) and factor
 * @returns the schedule as a function of samples seen
 */
export function stepDecay(options: StepDecayOptions): LrSchedule {
  const { lr, everySamples, boundariesSamples, factor } = options;
  checkPositive("stepDecay", "lr", lr);
  if (!(factor > 0 && factor <= 1)) {
    throw new Error(`stepDecay: option "factor" must be in (0, 1], got ${factor}`);
  }
  if ((everySamples === undefined) === (boundariesSamples === undefined)) {
    throw new Error(
      'stepDecay: give exactly one of options "everySamples" and "boundariesSamples"',
    );
  }
  if (everySamples !== undefined) {
    checkPositive("stepDecay", "everySamples", everySamples);
    return (samples: number): number => {
      checkProgress("stepDecay", samples);
      return lr * Math.pow(factor, Math.floor(samples / everySamples));
    };
  }
  const b = boundariesSamples!;
  for (let i = 0; i < b.length; i++) {
    if (!(b[i] >= 0) || (i > 0 && !(b[i] > b[i - 1]))) {
      throw new Error(
        `stepDecay: option "boundariesSamples" must be increasing and >= 0, got ${
          JSON.stringify(b)
        }`,
      );
    }
  }
  return (samples: number): number => {
    checkProgress("stepDecay", samples);
    let k = 0;
    while (k < b.length && b[k] <= samples) k++;
    return lr * Math.pow(factor, k);
  };
}
