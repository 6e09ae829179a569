/**
 * The training loop: {@link fit} (variable batch per step, gradient accumulation, eval hooks,
 * loss curves as they happen, checkpoint/resume, progress bar), checkpoints, and LM glue.
 * @module
 */
export {
  type DataSource,
  type EvalRecord,
  fit,
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
