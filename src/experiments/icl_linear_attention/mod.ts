/**
 * The experiments of the ICL linear-attention papers (Lu et al., arXiv:2405.11751; Letey et al.,
 * arXiv:2509.26551; PAPERS.md) as typed functions `(config, ctx) → result`, and their figures.
 * @module
 */
export { fitIclGamma, type IclFitSpec, isotropicMoments, seedStats } from "./fit.ts";
export {
  doubleDescent,
  type DoubleDescentConfig,
  type DoubleDescentRow,
  type DoubleDescentSummary,
  doubleDescentTauGrid,
  type DoubleDescentTheory,
} from "./double_descent.ts";
export {
  taskDiversity,
  type TaskDiversityConfig,
  type TaskDiversityRow,
  type TaskDiversityTheory,
} from "./task_diversity.ts";
export {
  contextLength,
  type ContextLengthConfig,
  type ContextLengthRow,
} from "./context_length.ts";
export {
  alignment,
  ALIGNMENT_TESTS,
  type AlignmentCell,
  type AlignmentConfig,
  type AlignmentRow,
  type AlignmentSummary,
} from "./alignment.ts";
export { heatMap, type HeatMapConfig, type HeatMapResult } from "./heat_map.ts";
export {
  type MetricPoint,
  metricRanking,
  type MetricRankingConfig,
  type MetricSpearman,
} from "./metric_ranking.ts";
export {
  extrapolation,
  type ExtrapolationConfig,
  type ExtrapolationFit,
  type ExtrapolationRow,
  fitInverseDimension,
} from "./extrapolation.ts";
export { type IclLinearAttentionFigureConfig, iclLinearAttentionFigures } from "./figures.ts";
export {
  iclLinearAttentionMemoryBytes,
  type IclLinearAttentionScriptConfig,
  validateIclLinearAttention,
} from "./preflight.ts";
