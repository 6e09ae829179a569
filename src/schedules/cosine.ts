/**
 * Cosine learning-rate decay with a floor.
 *
 * @module
 */

import { checkPositive, checkProgress, checkUnitInterval, type LrSchedule } from "./schedule.ts";

/** Options of {@link cosineDecay}. */
export interface CosineOptions {
  /** Peak learning rate η₀ (> 0). */
  lr: number;
  /** Progress at which the decay ends, in samples (or tokens). */
  totalSamples: number;
  /** Progress at which the decay starts (e.g. the end of a warmup); default 0. */
  startSamples?: number;
  /** Floor η_min/η₀ (the Seesaw experiments' `alpha_f = 0.1`); default 0. */
  minFactor?: number;
}

/**
 * Cosine decay with a floor (the Seesaw base schedule, arXiv:2510.14717): `η = η_min + (η₀ − η_min)(1 + cos(πu))/2` with
 * `u = (τ − start)/(total − start)` clipped to [0, 1]; η₀ before `start`, η_min after `total`.
 *
 * @param options peak LR, start/end progress and floor
 * @returns the schedule as a function of samples seen
 */
export function cosineDecay(options: CosineOptions): LrSchedule {
  const { lr, totalSamples, startSamples = 0, minFactor = 0 } = options;
  checkPositive("cosineDecay", "lr", lr);
  checkPositive("cosineDecay", "totalSamples", totalSamples);
  checkUnitInterval("cosineDecay", "minFactor", minFactor);
  if (!(startSamples >= 0 && startSamples < totalSamples)) {
    throw new Error(
      `cosineDecay: option "startSamples" must be in [0, totalSamples = ${totalSamples}), got ${startSamples}`,
    );
  }
  const lo = lr * minFactor;
  return (samples: number): number => {
    checkProgress("cosineDecay", samples);
    const u = Math.min(1, Math.max(0, (samples - startSamples) / (totalSamples - startSamples)));
    return lo + (lr - lo) * 0.5 * (1 + Math.cos(Math.PI * u));
  };
}
