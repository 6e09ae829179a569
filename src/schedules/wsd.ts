/**
 * Warmup–stable–decay (WSD) learning-rate schedule.
 *
 * @module
 */

import { checkPositive, checkProgress, checkUnitInterval, type LrSchedule } from "./schedule.ts";

/** Options of {@link wsd}. */
export interface WsdOptions {
  /** Peak (stable) learning rate η₀. */
  lr: number;
  /** Total progress in samples (or tokens); the decay ends here. */
  totalSamples: number;
  /** Linear warmup length from 0 (default 0). */
  warmupSamples?: number;
  /** Length of the final decay phase (> 0, ≤ totalSamples − warmupSamples). */
  decaySamples: number;
  /** Final LR as a fraction of η₀ (default 0). */
  minFactor?: number;
  /** Shape of the decay: "linear" (default), "cosine" or "sqrt" (1 − √u). */
  decayShape?: "linear" | "cosine" | "sqrt";
}

/**
 * WSD: linear warmup from 0 to η₀, constant η₀, then a decay to `minFactor·η₀` over the last
 * `decaySamples` (the "anytime" schedule family of Meterez et al., arXiv:2602.03702).
 *
 * @param options peak LR, phase lengths, floor and decay shape
 * @returns the schedule as a function of samples seen
 */
export function wsd(options: WsdOptions): LrSchedule {
  const {
    lr,
    totalSamples,
    warmupSamples = 0,
    decaySamples,
    minFactor = 0,
    decayShape = "linear",
  } = options;
  checkPositive("wsd", "lr", lr);
  checkPositive("wsd", "totalSamples", totalSamples);
  checkPositive("wsd", "decaySamples", decaySamples);
  checkUnitInterval("wsd", "minFactor", minFactor);
  if (!(warmupSamples >= 0 && warmupSamples + decaySamples <= totalSamples)) {
    throw new Error(
      `wsd: options must satisfy 0 <= warmupSamples and warmupSamples + decaySamples <= totalSamples, got ${warmupSamples} + ${decaySamples} > ${totalSamples}`,
    );
  }
  const decayStart = totalSamples - decaySamples;
  const shape = (u: number): number => {
    switch (decayShape) {
      case "linear":
        return 1 - u;
      case "cosine":
        return 0.5 * (1 + Math.cos(Math.PI * u));
      case "sqrt":
        return 1 - Math.sqrt(u);
      default: {
        const bad: never = decayShape;
        throw new Error(`wsd: option "decayShape" must be linear|cosine|sqrt, got ${bad}`);
      }
    }
  };
  shape(0); // validates decayShape eagerly
  return (samples: number): number => {
    checkProgress("wsd", samples);
    if (samples < warmupSamples) return lr * (samples / warmupSamples);
    if (samples < decayStart) return lr;
    const u = Math.min(1, (samples - decayStart) / decaySamples);
    return lr * (minFactor + (1 - minFactor) * shape(u));
  };
}
