/**
 * Differentiable array operations: each applies one primitive (or a short composition of them)
 * and records it on the active tape, so {@link grad} can differentiate through it. Outside a
 * `grad` call they are plain fast array operations. Numbers act as constants.
 * @module
 */
import { ArgumentError, describe, normAxis, ShapeError } from "../array/errors.ts";
import { NDArray } from "../array/ndarray.ts";
import { fullLike } from "../array/creation.ts";
import type { SliceSpec } from "../array/shape_ops.ts";
import { checkTargets } from "./fused_kernels.ts";
import type { Prim, PrimParams } from "./prims.ts";
import { RULES } from "./rules.ts";
import { profileAdd, profiling, record } from "./tape.ts";

/** Apply primitive `prim` to `inputs` and record it when an input is tracked. */
export function bind<P extends Prim>(
  prim: P,
  inputs: readonly NDArray[],
  params: PrimParams[P],
): NDArray {
  inputs.forEach((x, i) => {
    if (!(x instanceof NDArray)) throw new ArgumentError(prim, `input ${i}`, "an NDArray", x);
  });
  if (!profiling()) return record(prim, inputs, params, RULES[prim].impl(inputs, params));
  const t = performance.now();
  const out = RULES[prim].impl(inputs, params);
  profileAdd(`${prim}.fwd`, performance.now() - t);
  return record(prim, inputs, params, out);
}

/** An array or a constant number. */
export type Operand = NDArray | number;

function constLike(c: number, like: NDArray): NDArray {
  return fullLike(like, [], c);
}

function binary(
  op: "add" | "sub" | "mul" | "div" | "pow" | "maximum" | "minimum",
  a: Operand,
  b: Operand,
): NDArray {
  if (typeof a === "number" && typeof b === "number") {
    throw new ArgumentError(op, "a, b", "at least one NDArray", `${a}, ${b}`);
  }
  if (typeof b === "number") {
    const x = a as NDArray;
    if (op === "add") return bind("shift", [x], { c: b });
    if (op === "sub") return bind("shift", [x], { c: -b });
    if (op === "mul") return bind("scale", [x], { c: b });
    if (op === "div") return bind("scale", [x], { c: 1 / b });
    return bind(op, [x, constLike(b, x)], {});
  }
  if (typeof a === "number") {
    if (op === "add") return bind("shift", [b], { c: a });
    if (op === "mul") return bind("scale", [b], { c: a });
    if (op === "sub") return bind("shift", [bind("neg", [b], {})], { c: a });
    return bind(op, [constLike(a, b), b], {});
  }
  return bind(op, [a, b], {});
}

/** a + b with numpy broadcasting. */
export const add = (a: Operand, b: Operand): NDArray => binary("add", a, b);
/** a − b with numpy broadcasting. */
export const sub = (a: Operand, b: Operand): NDArray => binary("sub", a, b);
/** a · b (elementwise) with numpy broadcasting. */
export const mul = (a: Operand, b: Operand): NDArray => binary("mul", a, b);
/** a / b with numpy broadcasting. */
export const div = (a: Operand, b: Operand): NDArray => binary("div", a, b);
/** a ** b with numpy broadcasting (differentiating in b needs a > 0). */
export const pow = (a: Operand, b: Operand): NDArray => binary("pow", a, b);
/** Elementwise maximum (ties send the gradient to a). */
export const maximum = (a: Operand, b: Operand): NDArray => binary("maximum", a, b);
/** Elementwise minimum (ties send the gradient to a). */
export const minimum = (a: Operand, b: Operand): NDArray => binary("minimum", a, b);

/** −x */
export const neg = (x: NDArray): NDArray => bind("neg", [x], {});
/** |x| (gradient 0 at 0) */
export const abs = (x: NDArray): NDArray => bind("abs", [x], {});
/** eˣ */
export const exp = (x: NDArray): NDArray => bind("exp", [x], {});
/** ln x */
export const log = (x: NDArray): NDArray => bind("log", [x], {});
/** log(1 + x) */
export const log1p = (x: NDArray): NDArray => bind("log1p", [x], {});
/** √x */
export const sqrt = (x: NDArray): NDArray => bind("sqrt", [x], {});
/** x² */
export const square = (x: NDArray): NDArray => bind("square", [x], {});
/** sin x */
export const sin = (x: NDArray): NDArray => bind("sin", [x], {});
/** cos x */
export const cos = (x: NDArray): NDArray => bind("cos", [x], {});
/** tanh x */
export const tanh = (x: NDArray): NDArray => bind("tanh", [x], {});
/** Logistic sigmoid 1/(1 + e^{−x}). */
export const sigmoid = (x: NDArray): NDArray => bind("sigmoid", [x], {});
/** max(x, 0) (gradient 0 at 0). */
export const relu = (x: NDArray): NDArray => bind("relu", [x], {});
/** GELU, tanh approximation (GPT-2; PyTorch `approximate="tanh"`). */
export const gelu = (x: NDArray): NDArray => bind("gelu", [x], {});
/** The error function erf x. */
export const erf = (x: NDArray): NDArray => bind("erf", [x], {});
/** Softplus log(1 + eˣ), overflow-safe. */
export const softplus = (x: NDArray): NDArray => bind("softplus", [x], {});

/** Options of {@link matmul}. */
export interface MatmulOpts {
  /** Use the transpose of `a`'s last two axes. */
  transA?: boolean;
  /** Use the transpose of `b`'s last two axes. */
  transB?: boolean;
}

/**
 * Matrix product `op(a) @ op(b)` over the last two axes, batch axes broadcasting (numpy
 * `matmul`); 1-D operands are treated as a row (a) or column (b) vector. Transposes are passed
 * to the GEMM kernel, never materialised.
 */
export function matmul(a: NDArray, b: NDArray, opts: MatmulOpts = {}): NDArray {
  if (!(a instanceof NDArray)) throw new ArgumentError("matmul", "a", "an NDArray", a);
  if (!(b instanceof NDArray)) throw new ArgumentError("matmul", "b", "an NDArray", b);
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError("matmul", `operands need ≥ 1 axis, got ${describe(a)} and ${describe(b)}`);
  }
  const av = a.ndim === 1, bv = b.ndim === 1;
  const A = av ? reshape(a, [1, a.size]) : a, B = bv ? reshape(b, [b.size, 1]) : b;
  let c = bind("matmul", [A, B], {
    transA: !av && !!opts.transA,
    transB: !bv && !!opts.transB,
  });
  if (av) c = reshape(c, [...c.shape.slice(0, -2), c.shape[c.ndim - 1]]);
  if (bv) c = reshape(c, c.shape.slice(0, -1));
  return c;
}

/** Axes to reduce and whether to keep them. */
export interface AxisOpts {
  /** Axis or axes (default all); negative counts from the end. */
  axis?: number | readonly number[];
  /** Keep reduced axes with length 1. */
  keepdims?: boolean;
}

function axesOf(fn: string, x: NDArray, axis: number | readonly number[] | undefined): number[] {
  if (axis === undefined) return [...x.shape.keys()];
  const list = typeof axis === "number" ? [axis] : [...axis];
  return [...new Set(list.map((a) => normAxis(fn, a, x.ndim)))].sort((p, q) => p - q);
}

/** Sum over axes. */
export function sum(x: NDArray, opts: AxisOpts = {}): NDArray {
  return bind("sum", [x], { axes: axesOf("sum", x, opts.axis), keepdims: !!opts.keepdims });
}

/** Mean over axes. */
export function mean(x: NDArray, opts: AxisOpts = {}): NDArray {
  const axes = axesOf("mean", x, opts.axis);
  const n = axes.reduce((s, a) => s * x.shape[a], 1);
  return mul(sum(x, { axis: axes, keepdims: opts.keepdims }), 1 / n);
}

/** Maximum over axes (the gradient goes to every maximal entry). */
export function max(x: NDArray, opts: AxisOpts = {}): NDArray {
  return bind("max", [x], { axes: axesOf("max", x, opts.axis), keepdims: !!opts.keepdims });
}

/** New shape with the same elements (one entry may be −1). */
export function reshape(x: NDArray, shape: readonly number[]): NDArray {
  const s = [...shape];
  const i = s.indexOf(-1);
  if (i >= 0) {
    const known = s.reduce((p, d, j) => j === i ? p : p * d, 1);
    s[i] = known === 0 ? 0 : x.size / known;
  }
  return bind("reshape", [x], { shape: s });
}

/** Permute axes (default: reverse them). */
export function transpose(x: NDArray, perm?: readonly number[]): NDArray {
  const p = perm ? [...perm] : [...x.shape.keys()].reverse();
  return bind("transpose", [x], { perm: p.map((a) => normAxis("transpose", a, x.ndim, "perm")) });
}

/** Broadcast to `shape` (numpy rules). */
export function broadcastTo(x: NDArray, shape: readonly number[]): NDArray {
  return bind("broadcastTo", [x], { shape: [...shape] });
}

/** Basic slicing: `slice(x, 1, [0, 3], null)` is numpy's `x[1, 0:3, :]`. */
export function slice(x: NDArray, ...specs: SliceSpec[]): NDArray {
  return bind("slice", [x], { specs });
}

/** Gather entries of `x` along `axis` (default 0) at integer `indices`. */
export function take(
  x: NDArray,
  indices: ArrayLike<number> | NDArray,
  opts: { axis?: number } = {},
): NDArray {
  const axis = normAxis("take", opts.axis ?? 0, x.ndim);
  const raw = indices instanceof NDArray ? indices.dataSync() : indices;
  const indexShape = indices instanceof NDArray ? [...indices.shape] : [raw.length];
  const n = x.shape[axis];
  const idx = new Int32Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const j = raw[i] < 0 ? raw[i] + n : raw[i];
    if (!Number.isInteger(j) || j < 0 || j >= n) {
      throw new ArgumentError("take", "indices", `integers in [${-n}, ${n})`, `${raw[i]} at ${i}`);
    }
    idx[i] = j;
  }
  return bind("take", [x], { indices: idx, indexShape, axis });
}

/** Join arrays along `axis` (default 0). */
export function concat(xs: readonly NDArray[], opts: { axis?: number } = {}): NDArray {
  if (xs.length === 0) throw new ArgumentError("concat", "xs", "at least one array", xs);
  return bind("concat", xs, { axis: normAxis("concat", opts.axis ?? 0, xs[0].ndim) });
}

/** Move `axis` to the end (for the last-axis fused kernels) and return the inverse perm. */
function lastAxis(fn: string, x: NDArray, axis: number | undefined): [NDArray, number[] | null] {
  const ax = normAxis(fn, axis ?? -1, x.ndim);
  if (ax === x.ndim - 1) return [x, null];
  const perm = [...x.shape.keys()].filter((a) => a !== ax).concat([ax]);
  const inv = new Array<number>(perm.length);
  perm.forEach((a, i) => inv[a] = i);
  return [transpose(x, perm), inv];
}

/**
 * Softmax of `scale·x` over the last axis. With `causal`, the last two axes are [T_q, T_k] and
 * query i attends to keys j ≤ i + T_k − T_q (the autoregressive mask), fused in one pass.
 */
export function softmax(x: NDArray, opts: { scale?: number; causal?: boolean } = {}): NDArray {
  if (opts.causal && x.ndim < 2) {
    throw new ArgumentError("softmax", "x", "≥ 2 axes when causal", x);
  }
  return bind("softmax", [x], { scale: opts.scale ?? 1, causal: !!opts.causal });
}

/** log-softmax over `axis` (default last). */
export function logSoftmax(x: NDArray, opts: { axis?: number } = {}): NDArray {
  const [y, inv] = lastAxis("logSoftmax", x, opts.axis);
  const r = bind("logSoftmax", [y], {});
  return inv ? transpose(r, inv) : r;
}

/** log Σ exp over `axis` (default last; the axis is dropped). */
export function logsumexp(x: NDArray, opts: { axis?: number } = {}): NDArray {
  const [y] = lastAxis("logsumexp", x, opts.axis);
  return bind("logsumexp", [y], {});
}

/**
 * LayerNorm over the last axis (Ba et al. 2016): (x − μ)/√(σ² + eps)·γ + β with the biased
 * variance. `gamma` and `beta` have the size of the last axis; omit `beta` for no bias.
 */
export function layerNorm(
  x: NDArray,
  opts: { gamma: NDArray; beta?: NDArray; eps?: number },
): NDArray {
  const d = x.shape[x.ndim - 1];
  checkVec("layerNorm", "gamma", opts.gamma, d);
  let beta = opts.beta;
  if (beta) checkVec("layerNorm", "beta", beta, d);
  else beta = fullLike(x, [d], 0);
  return bind("layerNorm", [x, opts.gamma, beta], { eps: opts.eps ?? 1e-5 });
}

/** RMSNorm over the last axis (Zhang & Sennrich 2019): x/√(mean x² + eps)·γ. */
export function rmsNorm(x: NDArray, opts: { gamma: NDArray; eps?: number }): NDArray {
  checkVec("rmsNorm", "gamma", opts.gamma, x.shape[x.ndim - 1]);
  return bind("rmsNorm", [x, opts.gamma], { eps: opts.eps ?? 1e-6 });
}

function checkVec(fn: string, arg: string, v: NDArray, d: number): void {
  if (!(v instanceof NDArray) || v.ndim !== 1 || v.shape[0] !== d) {
    throw new ArgumentError(fn, arg, `a 1-D array of length ${d}`, v);
  }
}

/**
 * Per-example cross-entropy with logits: for logits [..., V] and integer targets (one per row),
 * returns lse(z) − z_target with shape [...]. Fused: one pass forward, one backward.
 */
export function crossEntropy(logits: NDArray, targets: ArrayLike<number> | NDArray): NDArray {
  if (!(logits instanceof NDArray) || logits.ndim < 1) {
    throw new ArgumentError("crossEntropy", "logits", "an NDArray with ≥ 1 axis", logits);
  }
  const v = logits.shape[logits.ndim - 1];
  const rows = logits.size / Math.max(v, 1);
  const raw = targets instanceof NDArray ? targets.dataSync() : targets;
  const t = new Int32Array(raw.length);
  for (let i = 0; i < raw.length; i++) t[i] = Number.isInteger(raw[i]) ? raw[i] : -1;
  checkTargets("crossEntropy", t, rows, v);
  const z2 = logits.ndim === 2 ? logits : reshape(logits, [rows, v]);
  const l = bind("crossEntropy", [z2], { targets: t });
  return logits.ndim === 2 ? l : reshape(l, logits.shape.slice(0, -1));
}
