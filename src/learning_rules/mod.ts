/**
 * Learning rules written by hand for an MLP with cached layers: backprop with MSE, direct
 * feedback alignment, and Error Broadcast and Decorrelation (arXiv:2504.11558) with its power and
 * entropy regularisers, plus the error-correlation statistic and update cosines they are judged by.
 * @module
 */
export {
  activate,
  activationDerivative,
  checkLocalMlpConfig,
  columnSums,
  dataOf,
  forwardLocalMlp,
  HIDDEN_ACTIVATIONS,
  type HiddenActivation,
  initLocalMlp,
  layerOuterProduct,
  type LocalMlpCache,
  type LocalMlpConfig,
  type LocalMlpParams,
  mseAndCorrect,
  onesWhere,
  outputError,
  readNumbers,
  repeatRows,
} from "./local_mlp.ts";
export { bpMseGradients, outputDelta } from "./bp_mse.ts";
export { dfaFeedback } from "./dfa.ts";
export {
  applyG,
  broadcastUpdate,
  type BroadcastUpdateOptions,
  DECORRELATION_GS,
  type DecorrelationG,
  initCrossCorrelation,
  updateCrossCorrelation,
} from "./ebd.ts";
export { powerDeviation, powerGradient, powerLoss } from "./power_normalisation.ts";
export { initLayerEntropy, layerEntropyGradient, type LayerEntropyState } from "./layer_entropy.ts";
export { meanAbsCorrelation, updateCosine } from "./error_correlation.ts";
