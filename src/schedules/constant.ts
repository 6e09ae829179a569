/**
 * Constant learning rate.
 *
 * @module
 */

import { checkPositive, checkProgress, type LrSchedule } from "./schedule.ts";

/**
 * Constant learning-rate schedule `η(τ) = lr`.
 *
 * @param options the learning rate (> 0)
 * @returns the schedule as a function of samples seen
 */
export function constantLr(options: { lr: number }): LrSchedule {
  checkPositive("constantLr", "lr", options.lr);
  const { lr } = options;
  return (samples: number): number => {
    checkProgress("constantLr", samples);
    return lr;
  };
}
