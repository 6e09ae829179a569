/**
 * The constant-LR SGD paper's experiments (arXiv:2506.15535): exact learning curves with
 * exponent fits and bounds, and the Monte-Carlo check of the recursion. PAPERS.md,
 * "Constant-LR SGD".
 * @module
 */
export {
  checkLearningCurvesConfig,
  type LearningCurves,
  type LearningCurvesConfig,
  type RiskCurve,
  sgdLearningCurves,
} from "./learning_curves.ts";
export { checkMcConfig, type McCheck, type McCheckConfig, sgdMonteCarloCheck } from "./mc_check.ts";
