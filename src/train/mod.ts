/**
 * The training loop: {@link fit} (variable batch per step, gradient accumulation, eval hooks,
 * loss curves as they happen, checkpoint/resume, progress bar), checkpoints, and LM glue.
 * @example
 * ```ts
 * import { fit, lmBatches, lmLoss } from "./mod.ts";
 * import { transformerLM } from "../nn/mod.ts";
 * import { adamw } from "../optim/mod.ts";
 * import { key } from "../random/key.ts";
 * import { cosineDecay, linearWarmup, withConstantBatch } from "../schedules/mod.ts";
 * const tokens = Int32Array.from({ length: 200 }, (_, i) => (i * 7) % 11);
 * const model = transformerLM({ vocab: 11, context: 16, dim: 16, heads: 2, layers: 1 });
 * const T = 16, total = 8 * T * 3; // progress counted in tokens: 3 steps of 8 sequences
 * const lr = linearWarmup(cosineDecay({ lr: 3e-3, totalSamples: total, minFactor: 0.1 }), {
 *   warmupSamples: total / 10,
 *   startFactor: 0.1,
 * });
 * const run = await fit({
 *   params: model.init(key(0)),
 *   loss: lmLoss(model, { zLoss: 1e-4 }),
 *   optimizer: adamw({ beta2: 0.95, clipNorm: 1 }),
 *   schedule: withConstantBatch(lr, { batch: 8 }), // or a Seesaw schedule (batch in sequences)
 *   data: lmBatches(key(1), tokens, { contextLength: T }),
 *   totalSamples: total,
 *   unitsPerItem: T,
 * });
 * if (run.step !== 3) throw new Error("3 steps expected");
 * ```
 * @module
 */
export {
  type DataSource,
  type EvalRecord,
  fit,
  type FitDevice,
  type FitOptions,
  type FitResult,
  type FitSchedule,
  type StepRecord,
} from "./fit.ts";
export {
  CheckpointMismatchError,
  loadCheckpoint,
  saveCheckpoint,
  type TrainState,
} from "./checkpoint.ts";
export { lmBatches, lmLoss, tokenBatch } from "./lm.ts";
