/**
 * The closed list of differentiable primitives and the parameters each one takes. `Prim` is the
 * union of their names; the rule table (rules.ts) and the gradient check table
 * (tests/gradcheck_test.ts) are typed `{ [P in Prim]: ... }`, so a primitive added here without a
 * rule or a check does not compile.
 * @module
 */
import type { NDArray } from "../array/ndarray.ts";
import type { SliceSpec } from "../array/shape_ops.ts";

/** No parameters. */
export type NoParams = Record<string, never>;

/** Backward function of a {@link customVjp} primitive: cotangents of every input. */
export type CustomBwd = (
  g: NDArray,
  inputs: readonly NDArray[],
  out: NDArray,
) => readonly (NDArray | null)[];

/** Parameters of every primitive, by name. Integer data (indices, targets) live here. */
export interface PrimParams {
  /** a + b (broadcasting). */
  add: NoParams;
  /** a − b (broadcasting). */
  sub: NoParams;
  /** a · b (broadcasting). */
  mul: NoParams;
  /** a / b (broadcasting). */
  div: NoParams;
  /** a ** b (broadcasting; a > 0 where b is differentiated). */
  pow: NoParams;
  /** Elementwise maximum (ties send the gradient to a). */
  maximum: NoParams;
  /** Elementwise minimum (ties send the gradient to a). */
  minimum: NoParams;
  /** c · x for a constant c. */
  scale: { c: number };
  /** x + c for a constant c. */
  shift: { c: number };
  /** −x */
  neg: NoParams;
  /** |x| */
  abs: NoParams;
  /** eˣ */
  exp: NoParams;
  /** ln x */
  log: NoParams;
  /** log(1 + x) */
  log1p: NoParams;
  /** √x */
  sqrt: NoParams;
  /** x² */
  square: NoParams;
  /** sin x */
  sin: NoParams;
  /** cos x */
  cos: NoParams;
  /** tanh x */
  tanh: NoParams;
  /** 1/(1+e^{−x}) */
  sigmoid: NoParams;
  /** max(x, 0) */
  relu: NoParams;
  /** GELU, tanh approximation 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))) (GPT-2). */
  gelu: NoParams;
  /** The error function. */
  erf: NoParams;
  /** log(1 + eˣ), overflow-safe. */
  softplus: NoParams;
  /** Matrix product of the last two axes with optional transposes; batch axes broadcast. */
  matmul: { transA: boolean; transB: boolean };
  /** Sum over `axes` (sorted, non-negative). */
  sum: { axes: number[]; keepdims: boolean };
  /** Maximum over `axes` (the gradient goes to every maximal entry). */
  max: { axes: number[]; keepdims: boolean };
  /** New shape, same elements. */
  reshape: { shape: number[] };
  /** Permute axes. */
  transpose: { perm: number[] };
  /** Broadcast to `shape` (numpy rules). */
  broadcastTo: { shape: number[] };
  /** Basic slicing, see {@link SliceSpec}. */
  slice: { specs: SliceSpec[] };
  /** Gather along `axis` with integer `indices` (output axis replaced by `indexShape`). */
  take: { indices: Int32Array; indexShape: number[]; axis: number };
  /** Join the inputs along `axis`. */
  concat: { axis: number };
  /** Softmax over the last axis of `scale·x`, optionally causal over the last two axes. */
  softmax: { scale: number; causal: boolean };
  /** log-softmax over the last axis. */
  logSoftmax: NoParams;
  /** log Σ exp over the last axis (the axis is dropped). */
  logsumexp: NoParams;
  /** LayerNorm over the last axis with gain and bias: inputs x, γ, β. */
  layerNorm: { eps: number };
  /** RMSNorm over the last axis with gain: inputs x, γ. */
  rmsNorm: { eps: number };
  /** Per-row cross-entropy of logits [N, V] against integer targets: output [N]. */
  crossEntropy: { targets: Int32Array };
  /** A user primitive from {@link customVjp}: forward already computed, backward given. */
  custom: { name: string; bwd: CustomBwd };
}

/** Name of a primitive. */
export type Prim = keyof PrimParams;
