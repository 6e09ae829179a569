/**
 * Reverse-mode automatic differentiation over a closed list of array primitives
 * (`Prim`, see prims.ts), with fused kernels for the transformer hot path (softmax, LayerNorm,
 * GELU, cross-entropy) and GEMM-based matmul VJPs (transposes passed to the kernel).
 * @example
 * ```ts
 * import { array } from "../array/mod.ts";
 * import { grad, mul, sum } from "./mod.ts";
 * const g = grad((p: { w: ReturnType<typeof array> }) => sum(mul(p.w, p.w)))({ w: array([1, 2]) });
 * if (g.w.get(1) !== 4) throw new Error("d/dw Σw² = 2w");
 * ```
 * @module
 */
export type { CustomBwd, NoParams, Prim, PrimParams } from "./prims.ts";
export type { Cotangents, Rule } from "./rules.ts";
export { RULES } from "./rules.ts";
export { activeTape, profilePrims, Tape, type TapeNode } from "./tape.ts";
export {
  assertSameTree,
  type Tree,
  type TreeLeaf,
  treeLeaves,
  treeMap,
  TreeMismatchError,
  treeSize,
  treeUnflatten,
} from "./tree.ts";
export { customVjp, grad, stopGradient, type ValueAndGrad, valueAndGrad } from "./grad.ts";
export { hvpFiniteDifference } from "./hvp.ts";
export {
  abs,
  add,
  type AxisOpts,
  bind,
  broadcastTo,
  concat,
  cos,
  crossEntropy,
  div,
  erf,
  exp,
  gelu,
  layerNorm,
  log,
  log1p,
  logSoftmax,
  logsumexp,
  matmul,
  type MatmulOpts,
  max,
  maximum,
  mean,
  minimum,
  mul,
  neg,
  type Operand,
  pow,
  relu,
  reshape,
  rmsNorm,
  sigmoid,
  sin,
  slice,
  softmax,
  softplus,
  sqrt,
  square,
  sub,
  sum,
  take,
  tanh,
  transpose,
} from "./ops.ts";
export {
  binaryK,
  type BinKernel,
  sumToShape,
  unaryK,
  type UnKernel,
} from "./elementwise_kernels.ts";
export type { SliceSpec } from "../array/shape_ops.ts";
