/**
 * Linear learning-rate warmup wrapped around any schedule.
 *
 * @module
 */

import { checkPositive, checkProgress, checkUnitInterval, type LrSchedule } from "./schedule.ts";

/** Options of {@link linearWarmup}. */
export interface LinearWarmupOptions {
  /** Length of the warmup in samples (or tokens), > 0. */
  warmupSamples: number;
  /** LR at progress 0 as a fraction of the post-warmup LR `base(warmupSamples)` (default 0). */
  startFactor?: number;
}

/**
 * Linear warmup: for τ < W the LR rises linearly from `startFactor·base(W)` to `base(W)`;
 * afterwards it is `base(τ)`. The Seesaw experiments (arXiv:2510.14717, the
 * released training configs; PAPERS.md, "Seesaw") warm up over the first 10% of tokens from 0.1·η₀.
 *
 * @param base the schedule after warmup
 * @param options warmup length and start factor
 * @returns the warmed-up schedule
 */
export function linearWarmup(base: LrSchedule, options: LinearWarmupOptions): LrSchedule {
  const { warmupSamples, startFactor = 0 } = options;
  checkPositive("linearWarmup", "warmupSamples", warmupSamples);
  checkUnitInterval("linearWarmup", "startFactor", startFactor);
  return (samples: number): number => {
    checkProgress("linearWarmup", samples);
    if (samples >= warmupSamples) return base(samples);
    const peak = base(warmupSamples);
    return peak * (startFactor + (1 - startFactor) * (samples / warmupSamples));
  };
}
