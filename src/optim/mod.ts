/**
 * Optimizers as `{ init, update }` pairs over parameter trees: SGD (momentum, Nesterov),
 * normalized SGD, Adam, AdamW (decoupled weight decay), with per-group multipliers and
 * global-norm clipping; non-finite gradients raise {@link NonFiniteGradientError}.
 * @module
 */
export {
  type CommonOptions,
  type GroupScale,
  NonFiniteGradientError,
  type Optimizer,
  type OptState,
  type UpdateOptions,
  type UpdateResult,
  zerosTree,
} from "./optimizer.ts";
export { sgd, type SgdOptions } from "./sgd.ts";
export { nsgd, type NsgdOptions } from "./nsgd.ts";
export { adam, type AdamOptions, adamw } from "./adam.ts";
export { clipByGlobalNorm, globalNorm } from "./clip.ts";
