/**
 * Continuous-limit serial-step fraction of the most aggressive equivalent batch ramp.
 *
 * Implements the derived form of Lemma 1 of arXiv:2510.14717 (Seesaw; PAPERS.md, "Seesaw"):
 * for a base schedule with constant batch B₀ and LR ratio `r(τ) = η(τ)/η₀ ≤ 1`, the ramp uses
 * `B(τ) = B₀/r(τ)` and LR `η₀√r(τ)`, so `steps_ramp/steps_base = mean over samples of r(τ)`.
 * During a warmup the batch stays at B₀, so the warmup counts at full steps.
 *
 * @module
 */

/** Options of {@link serialStepFraction}. */
export interface StepFractionOptions {
  /** Fraction of the samples spent in warmup at constant batch (default 0). */
  warmupFraction?: number;
  /** Number of Simpson intervals on the post-warmup range (even; default 20000). */
  intervals?: number;
}

/**
 * Step fraction `warmupFraction + ∫_{warmupFraction}^{1} r(u) du` (arXiv:2510.14717, Lemma 1,
 * derived form), with composite Simpson quadrature.
 *
 * @param lrRatio the base schedule's LR ratio `r(u) ∈ (0, 1]` as a function of the sample
 *   fraction u ∈ [warmupFraction, 1]
 * @param options warmup fraction and quadrature resolution
 * @returns the ratio of serial steps of the equivalent ramp to the base schedule
 */
export function serialStepFraction(
  lrRatio: (u: number) => number,
  options: StepFractionOptions = {},
): number {
  const { warmupFraction = 0, intervals = 20000 } = options;
  if (!(warmupFraction >= 0 && warmupFraction < 1)) {
    throw new Error(
      `serialStepFraction: option "warmupFraction" must be in [0, 1), got ${warmupFraction}`,
    );
  }
  if (!Number.isInteger(intervals) || intervals < 2 || intervals % 2 !== 0) {
    throw new Error(
      `serialStepFraction: option "intervals" must be an even integer >= 2, got ${intervals}`,
    );
  }
  const a = warmupFraction, h = (1 - a) / intervals;
  let acc = 0;
  for (let j = 0; j <= intervals; j++) {
    const u = a + j * h;
    const r = lrRatio(u);
    if (!(r > 0 && r <= 1 + 1e-12)) {
      throw new Error(`serialStepFraction: lrRatio(${u}) must be in (0, 1], got ${r}`);
    }
    const w = j === 0 || j === intervals ? 1 : j % 2 === 1 ? 4 : 2;
    acc += w * r;
  }
  return a + acc * h / 3;
}
