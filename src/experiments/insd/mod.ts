/**
 * INSD, Iterative Neural Similarity Deflation (Qian & Pehlevan, "Discovering alternative
 * solutions beyond the simplicity bias in recurrent neural networks", arXiv:2509.21504): the
 * rate RNN with readout, training with the deflation penalty, the three tasks, evaluation, the
 * analyses and the acceptance criteria (PAPERS.md, INSD section).
 * @module
 */
export type { NDArray } from "../../array/mod.ts";
export type { Key } from "../../random/mod.ts";
export type { CtRnnParams } from "../../nn/rnn.ts";
export type { RunContext } from "../../run/mod.ts";
export type { PlotSpec } from "../../plot/mod.ts";
export {
  checkRateRnnSpec,
  initRateRnn,
  type RateRnnParams,
  type RateRnnSpec,
  readoutOf,
  rnnLayer,
  runRateRnn,
  simulateRateRnn,
} from "./network.ts";
export {
  type TrainedRnn,
  trainRateRnn,
  type TrainRateRnnOptions,
  type TrainRecord,
} from "./train.ts";
export {
  INSD_TASKS,
  type InsdTask,
  insdTask,
  type InsdTaskName,
  type InsdTaskOptions,
} from "./tasks.ts";
export { evaluateNetwork, type Evaluation } from "./evaluate.ts";
export {
  dsaAnalysis,
  type FixedPointSummary,
  fixedPointSummary,
  type FixedPointSummaryOptions,
  flattenRates,
  nullActivity,
  predictivityMatrix,
} from "./analysis.ts";
export {
  checkInsdConfig,
  type InsdConfig,
  type InsdCriteria,
  insdCriteria,
  type InsdTaskResult,
  type NetworkRecord,
  runInsdTask,
} from "./insd.ts";
export { insdFigures } from "./figures.ts";
export {
  insdMemoryBytes,
  type InsdNumberKey,
  type InsdScriptConfig,
  validateInsd,
} from "./preflight.ts";
