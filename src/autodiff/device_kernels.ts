/**
 * Device (WebGPU) branches of the autodiff kernels that are not (yet) entries of the backend
 * contract: for each such host kernel of elementwise_kernels.ts and fused_kernels.ts, a
 * composition of src/array operations, which run where the data lives. (Softmax, LayerNorm, the
 * unary kernels, logsumexp and log-softmax run on every backend alike and need none.) The host kernels call
 * these at their top when their input is a device array (`x.device`), so the rule table is the
 * same on every backend and no value is read back. Integer data (targets, gather indices, masks)
 * reach the device through the gather kernel: a 0/1 pattern is `take([0, 1], pattern)`, a
 * one-hot matrix is `take(I, targets)`. Formulas are those of the host kernels (each names its
 * counterpart).
 * @module
 */
import { NDArray, sizeOf } from "../array/ndarray.ts";
import * as E from "../array/elementwise.ts";
import { logsumexp, sum } from "../array/reduce.ts";
import { matmul } from "../array/matmul.ts";
import { assignInto, broadcastTo, contiguous, reshape, take } from "../array/shape_ops.ts";
import { fullLike } from "../array/creation.ts";

/** A device array of `shape` filled with `value`, on the device of `like`. */
export function devFull(like: NDArray, shape: readonly number[], value: number): NDArray {
  return fullLike(like, shape, value);
}

/** A device array of 0/1 values given by the integer `pattern` (row-major, size of `shape`). */
export function devPattern(like: NDArray, pattern: Int32Array, shape: readonly number[]): NDArray {
  const base = devFull(like, [2], 0);
  assignInto(new NDArray(base.device!, [1], [1], 1), 1);
  return reshape(take(base, pattern), shape);
}

/** The n×n identity on the device of `like` (zeros, then the strided diagonal set to 1). */
export function devEye(like: NDArray, n: number): NDArray {
  const z = devFull(like, [n, n], 0);
  if (n > 0) assignInto(new NDArray(z.device!, [n], [n + 1], 0), 1);
  return z;
}

/** One-hot rows [k, n] of integer `indices` (each in [0, n)). */
export function devOneHot(like: NDArray, indices: Int32Array, n: number): NDArray {
  return take(devEye(like, n), indices);
}

/** Sum `g` down to `shape` (the VJP of a broadcast), see `sumToShape`. */
export function devSumToShape(g: NDArray, shape: readonly number[]): NDArray {
  if (g.ndim === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  const lead = g.ndim - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.ndim; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  const s = axes.length ? sum(g, { axis: axes, keepdims: true }) : g;
  return reshape(s, shape);
}

/** Rows view: `x` as [r, n] over its last axis. */
function rows2(x: NDArray): NDArray {
  const n = x.shape[x.ndim - 1];
  return reshape(contiguous(x), [n === 0 ? 0 : x.size / n, n]);
}

/** Sum of `a` over all axes but the last: [..., n] → [n]. */
function colSum(a: NDArray): NDArray {
  return sum(rows2(a), { axis: 0 });
}

/** RMSNorm over the last axis, x/√(mean x² + eps)·γ (`rmsNormK`). */
export function devRmsNorm(x: NDArray, gamma: NDArray, eps: number): NDArray {
  const n = x.shape[x.ndim - 1];
  const rs = E.reciprocal(
    E.sqrt(E.add(E.div(sum(E.square(x), { axis: -1, keepdims: true }), n), eps)),
  );
  return E.mul(E.mul(x, rs), gamma);
}

/** VJP of RMSNorm: [dx, dγ] (`rmsNormBwdK`). */
export function devRmsNormBwd(
  x: NDArray,
  gamma: NDArray,
  g: NDArray,
  eps: number,
): [NDArray, NDArray] {
  const n = x.shape[x.ndim - 1];
  const rs = E.reciprocal(
    E.sqrt(E.add(E.div(sum(E.square(x), { axis: -1, keepdims: true }), n), eps)),
  );
  const dg = colSum(E.mul(E.mul(g, x), rs));
  const m = E.div(
    E.mul(sum(E.mul(E.mul(g, gamma), x), { axis: -1, keepdims: true }), E.square(rs)),
    n,
  );
  const dx = E.mul(E.sub(E.mul(g, gamma), E.mul(x, m)), rs);
  return [dx, dg];
}

/** Per-row cross-entropy lse(z) − z_t of logits [N, V] (`crossEntropyK`). */
export function devCrossEntropy(z: NDArray, targets: Int32Array): NDArray {
  const [r, v] = z.shape;
  const flat = new Int32Array(r);
  for (let i = 0; i < r; i++) flat[i] = i * v + targets[i];
  const picked = take(reshape(contiguous(z), [r * v]), flat);
  return E.sub(logsumexp(z, { axis: -1 }), picked);
}

/** VJP of cross-entropy: g_row · (softmax(z) − onehot(t)) (`crossEntropyBwdK`). */
export function devCrossEntropyBwd(z: NDArray, targets: Int32Array, g: NDArray): NDArray {
  const [r, v] = z.shape;
  const p = E.exp(E.sub(z, logsumexp(z, { axis: -1, keepdims: true })));
  return E.mul(reshape(g, [r, 1]), E.sub(p, devOneHot(z, targets, v)));
}

/** Gather along `axis` (`takeK`). */
export function devTake(
  x: NDArray,
  indices: Int32Array,
  indexShape: number[],
  axis: number,
): NDArray {
  const r = take(x, indices, { axis });
  return reshape(r, [...x.shape.slice(0, axis), ...indexShape, ...x.shape.slice(axis + 1)]);
}

/**
 * VJP of the gather (`takeBwdK`): the scatter-add dx[a, i, :] = Σ_t [idx_t = i] g[a, t, :],
 * as the GEMM onehotᵀ · g (repeated indices add up, as the host loop does).
 */
export function devTakeBwd(
  g: NDArray,
  indices: Int32Array,
  shape: readonly number[],
  axis: number,
): NDArray {
  const outer = sizeOf(shape.slice(0, axis)), n = shape[axis];
  const inner = sizeOf(shape.slice(axis + 1)), k = indices.length;
  const oh = devOneHot(g, indices, n); // [k, n]
  const g3 = reshape(contiguous(g), [outer, k, inner]);
  const d = matmul(broadcastTo(oh, [outer, k, n]), g3, { transA: true }); // [outer, n, inner]
  return reshape(d, shape);
}

/** 1 where `out` equals `x` (broadcast to out's shape), else 0 (the `mask` of max/min). */
export function devMask(out: NDArray, x: NDArray): NDArray {
  return E.eq(out, broadcastTo(x, out.shape));
}

/** Zeros of `shape` on the device of `like`, with `g` written into the view `at(z)`. */
export function devScatterSlice(
  like: NDArray,
  shape: readonly number[],
  at: (z: NDArray) => NDArray,
  g: NDArray,
): NDArray {
  const z = devFull(like, shape, 0);
  assignInto(at(z), g);
  return z;
}
