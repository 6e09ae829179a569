/**
 * Neural-network layers as `{ init(key), apply(params, x) }` (see layer.ts), activations and
 * losses, all differentiable through src/autodiff.
 * @module
 */
export { checkDim, checkNonNeg, type DTypeOpt, type Layer } from "./layer.ts";
export { linear, linearApply, type LinearConfig, type LinearParams } from "./linear.ts";
export { embedding, type EmbeddingConfig, type EmbeddingParams, type Ids } from "./embedding.ts";
export {
  layerNorm,
  type LayerNormConfig,
  type LayerNormParams,
  rmsNorm,
  type RmsNormParams,
} from "./norms.ts";
export { type Activation, activation, ACTIVATIONS } from "./activations.ts";
export { mlp, type MlpConfig, type MlpParams } from "./mlp.ts";
export { type AttentionConfig, type AttentionParams, causalSelfAttention } from "./attention.ts";
export {
  type BlockConfig,
  type BlockParams,
  type LMConfig,
  type LMLayer,
  type LMParams,
  type TokenBatch,
  transformerBlock,
  transformerLM,
} from "./transformer.ts";
export {
  type LinearAttentionConfig,
  type LinearAttentionParams,
  linearSelfAttention,
} from "./linear_attention.ts";
export { ctRnn, type CtRnnConfig, type CtRnnParams, type RnnInput } from "./rnn.ts";
export { gru, type GruParams } from "./gru.ts";
export { crossEntropyLoss, mse, zLoss } from "./losses.ts";
