/**
 * The experiments of the deep linear-attention ICL scaling-law paper (Bordelon, Letey, Pehlevan,
 * arXiv:2510.01098; PAPERS.md) as typed functions `(config, ctx) → result`, and their figures.
 * @module
 */
export {
  type DeepPromptConfig,
  deepPrompts,
  scaledIdentity,
  type TailAveragedSgd,
  trainTailAveraged,
} from "./train.ts";
export {
  type IsoConfig,
  type IsoCurve,
  isoDepth,
  type IsoDepthRow,
  type IsoDepthSummary,
  isoTrainingCurve,
} from "./iso_depth.ts";
export { type RrsConfig, rrsDepth, type RrsDepthRow, type RrsSummary } from "./rrs_depth.ts";
export {
  fixedStructure,
  type FixedStructureConfig,
  type FixedStructureResult,
} from "./fixed_structure.ts";
export {
  type ExponentFit,
  scalingLaws,
  type ScalingLawsConfig,
  type ScalingLawsResult,
  type ScalingLawsSummary,
} from "./scaling_laws.ts";
export { type IclDeepScalingFigureConfig, iclDeepScalingFigures } from "./figures.ts";
export {
  iclDeepScalingMemoryBytes,
  type IclDeepScalingScriptConfig,
  validateIclDeepScaling,
} from "./preflight.ts";
