/**
 * Fused row kernels and their VJPs: (causal, scaled) softmax, log-softmax, logsumexp, LayerNorm,
 * RMSNorm, cross-entropy with logits, and gather/scatter along an axis. Each is one or two passes
 * over contiguous rows, the transformer's non-GEMM hot path. These functions never record.
 * Softmax, LayerNorm (with their VJPs) and logsumexp run through the backend contract on every
 * backend (`softmaxRows`, `layerNormRows`, `reduceRows`; SIMD on wasm, WGSL on webgpu; on f32
 * data the exponentials are f32-accurate); the others still compose device array ops for device
 * arrays (device_kernels.ts).
 * @module
 */
import { allocTyped, type TypedArray } from "../array/dtype.ts";
import { ArgumentError } from "../array/errors.ts";
import { NDArray, sizeOf } from "../array/ndarray.ts";
import { astype, contiguous, reshape } from "../array/shape_ops.ts";
import { backendOf, freshOutput, storageOf } from "../array/ndarray.ts";
import { logsumexp, sum } from "../array/reduce.ts";
import * as E from "../array/elementwise.ts";
import * as D from "./device_kernels.ts";

function rows(x: NDArray): { d: TypedArray; n: number; r: number } {
  const n = x.shape[x.ndim - 1];
  return { d: x.dataSync(), n, r: n === 0 ? 0 : x.size / n };
}

/**
 * Softmax over the last axis of `scale·x`. With `causal`, the last two axes are [Tq, Tk] and
 * query i sees keys j ≤ i + Tk − Tq (the rest get probability 0).
 */
export function softmaxK(x: NDArray, scale: number, causal: boolean): NDArray {
  const { be, c, n, r } = onRows("softmax", x);
  const tq = causal ? (x.ndim >= 2 ? x.shape[x.ndim - 2] : 1) : 0;
  const { array } = freshOutput(be, x.dtype, x.shape);
  be.softmaxRows(r, n, tq, scale, storageOf(c), c.offset, storageOf(array), 0);
  return array;
}

/** VJP of {@link softmaxK}: dx = scale · y ⊙ (g − ⟨g, y⟩_row). */
export function softmaxBwdK(y: NDArray, g: NDArray, scale: number, causal: boolean): NDArray {
  const { be, c, n, r } = onRows("softmaxBwd", y, g);
  const gc = contiguous(g.dtype === y.dtype ? g : astype(g, y.dtype));
  const tq = causal ? (y.ndim >= 2 ? y.shape[y.ndim - 2] : 1) : 0;
  const { array } = freshOutput(be, y.dtype, y.shape);
  be.softmaxRowsBwd(
    r,
    n,
    tq,
    scale,
    storageOf(c),
    c.offset,
    storageOf(gc),
    gc.offset,
    storageOf(array),
    0,
  );
  return array;
}

/**
 * The backend of `x` (and the other operands), `x` made contiguous, and its rows: `r` rows of
 * length `n` over the last axis.
 */
function onRows(fn: string, x: NDArray, ...others: NDArray[]) {
  const be = backendOf(fn, x, ...others);
  const n = x.shape[x.ndim - 1];
  return { be, c: contiguous(x), n, r: n === 0 ? 0 : x.size / n };
}

/** Row maxima and log Σ exp of each row of `d` (n per row, r rows). */
function rowLse(d: TypedArray, n: number, r: number): Float64Array {
  const lse = new Float64Array(r);
  for (let i = 0; i < r; i++) {
    const o = i * n;
    let m = -Infinity;
    for (let j = 0; j < n; j++) if (d[o + j] > m) m = d[o + j];
    if (!Number.isFinite(m)) {
      lse[i] = m;
      continue;
    }
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.exp(d[o + j] - m);
    lse[i] = m + Math.log(s);
  }
  return lse;
}

/** log Σ exp over the last axis (the axis is dropped): the backend's row reduction. */
export function logsumexpK(x: NDArray): NDArray {
  return logsumexp(x, { axis: -1 });
}

/** VJP of {@link logsumexpK}: dx = g_row · exp(x − lse), on `x`'s backend. */
export function logsumexpBwdK(x: NDArray, lse: NDArray, g: NDArray): NDArray {
  const kd = [...x.shape.slice(0, -1), 1];
  const gx = g.dtype === x.dtype ? g : astype(g, x.dtype);
  const lx = lse.dtype === x.dtype ? lse : astype(lse, x.dtype);
  return E.mul(reshape(gx, kd), E.exp(E.sub(x, reshape(lx, kd))));
}

/** log-softmax over the last axis: x − logsumexp(x), on `x`'s backend. */
export function logSoftmaxK(x: NDArray): NDArray {
  return E.sub(x, logsumexp(x, { axis: -1, keepdims: true }));
}

/** VJP of {@link logSoftmaxK}: dx = g − softmax · Σ_row g, on `y`'s backend. */
export function logSoftmaxBwdK(y: NDArray, g: NDArray): NDArray {
  const gy = g.dtype === y.dtype ? g : astype(g, y.dtype);
  return E.sub(gy, E.mul(E.exp(y), sum(gy, { axis: -1, keepdims: true })));
}

/**
 * LayerNorm over the last axis: y = (x − μ)/√(σ² + eps) · γ + β (biased variance, as PyTorch).
 * `beta` may be null (no bias).
 */
export function layerNormK(x: NDArray, gamma: NDArray, beta: NDArray | null, eps: number): NDArray {
  const { be, c, n, r } = onRows("layerNorm", x, gamma, ...(beta ? [beta] : []));
  const gm = contiguous(gamma.dtype === x.dtype ? gamma : astype(gamma, x.dtype));
  const bt = beta ? contiguous(beta.dtype === x.dtype ? beta : astype(beta, x.dtype)) : null;
  const { array } = freshOutput(be, x.dtype, x.shape);
  be.layerNormRows(
    r,
    n,
    eps,
    storageOf(c),
    c.offset,
    storageOf(gm),
    gm.offset,
    bt ? storageOf(bt) : null,
    bt ? bt.offset : 0,
    storageOf(array),
    0,
  );
  return array;
}

/** VJP of {@link layerNormK}: [dx, dγ, dβ]. */
export function layerNormBwdK(
  x: NDArray,
  gamma: NDArray,
  g: NDArray,
  eps: number,
): [NDArray, NDArray, NDArray] {
  const { be, c, n, r } = onRows("layerNormBwd", x, gamma, g);
  const gm = contiguous(gamma.dtype === x.dtype ? gamma : astype(gamma, x.dtype));
  const gc = contiguous(g.dtype === x.dtype ? g : astype(g, x.dtype));
  const dx = freshOutput(be, x.dtype, x.shape).array;
  const dg = freshOutput(be, x.dtype, [n]).array, db = freshOutput(be, x.dtype, [n]).array;
  be.layerNormRowsBwd(
    r,
    n,
    eps,
    storageOf(c),
    c.offset,
    storageOf(gm),
    gm.offset,
    storageOf(gc),
    gc.offset,
    storageOf(dx),
    0,
    storageOf(dg),
    storageOf(db),
  );
  return [dx, astype(dg, gamma.dtype), astype(db, gamma.dtype)];
}

/** RMSNorm over the last axis: y = x/√(mean(x²) + eps) · γ. */
export function rmsNormK(x: NDArray, gamma: NDArray, eps: number): NDArray {
  if (x.device) return D.devRmsNorm(x, gamma, eps);
  const { d, n, r } = rows(x);
  const gm = gamma.dataSync();
  const out = allocTyped(x.dtype, x.size);
  for (let i = 0; i < r; i++) {
    const o = i * n;
    let s = 0;
    for (let j = 0; j < n; j++) s += d[o + j] * d[o + j];
    const rs = 1 / Math.sqrt(s / n + eps);
    for (let j = 0; j < n; j++) out[o + j] = d[o + j] * rs * gm[j];
  }
  return new NDArray(out, x.shape);
}

/** VJP of {@link rmsNormK}: [dx, dγ]. */
export function rmsNormBwdK(
  x: NDArray,
  gamma: NDArray,
  g: NDArray,
  eps: number,
): [NDArray, NDArray] {
  if (x.device) return D.devRmsNormBwd(x, gamma, g, eps);
  const { d, n, r } = rows(x);
  const gm = gamma.dataSync(), gd = g.dataSync();
  const dx = allocTyped(x.dtype, x.size), dg = new Float64Array(n);
  for (let i = 0; i < r; i++) {
    const o = i * n;
    let s = 0;
    for (let j = 0; j < n; j++) s += d[o + j] * d[o + j];
    const rs = 1 / Math.sqrt(s / n + eps);
    let m = 0;
    for (let j = 0; j < n; j++) {
      dg[j] += gd[o + j] * d[o + j] * rs;
      m += gd[o + j] * gm[j] * d[o + j];
    }
    m *= rs * rs / n;
    for (let j = 0; j < n; j++) dx[o + j] = rs * (gd[o + j] * gm[j] - d[o + j] * m);
  }
  const dgOut = allocTyped(gamma.dtype, n);
  dgOut.set(dg);
  return [new NDArray(dx, x.shape), new NDArray(dgOut, [n])];
}

/** Validate integer class targets for logits with `v` classes. */
export function checkTargets(fn: string, targets: Int32Array, rowsN: number, v: number): void {
  if (targets.length !== rowsN) {
    throw new ArgumentError(fn, "targets", `${rowsN} class indices (one per row)`, targets.length);
  }
  for (let i = 0; i < targets.length; i++) {
    if (targets[i] < 0 || targets[i] >= v) {
      throw new ArgumentError(fn, "targets", `class indices in [0, ${v})`, `${targets[i]} at ${i}`);
    }
  }
}

/** Per-row cross-entropy −log softmax(z)[t] = lse(z) − z_t of logits [N, V]: output [N]. */
export function crossEntropyK(z: NDArray, targets: Int32Array): NDArray {
  if (z.device) return D.devCrossEntropy(z, targets);
  const { d, n, r } = rows(z);
  const lse = rowLse(d, n, r);
  const out = allocTyped(z.dtype, r);
  for (let i = 0; i < r; i++) out[i] = lse[i] - d[i * n + targets[i]];
  return new NDArray(out, [r]);
}

/** VJP of {@link crossEntropyK}: dz = g_row · (softmax(z) − onehot(t)). */
export function crossEntropyBwdK(z: NDArray, targets: Int32Array, g: NDArray): NDArray {
  if (z.device) return D.devCrossEntropyBwd(z, targets, g);
  const { d, n, r } = rows(z);
  const gd = g.dataSync();
  const lse = rowLse(d, n, r);
  const out = allocTyped(z.dtype, z.size);
  for (let i = 0; i < r; i++) {
    const o = i * n, gi = gd[i], l = lse[i];
    for (let j = 0; j < n; j++) out[o + j] = gi * Math.exp(d[o + j] - l);
    out[o + targets[i]] -= gi;
  }
  return new NDArray(out, z.shape);
}

/** Gather `x` along `axis` at `indices`; the axis is replaced by `indexShape`. */
export function takeK(
  x: NDArray,
  indices: Int32Array,
  indexShape: number[],
  axis: number,
): NDArray {
  if (x.device) return D.devTake(x, indices, indexShape, axis);
  const d = x.dataSync();
  const outer = sizeOf(x.shape.slice(0, axis)), n = x.shape[axis];
  const inner = sizeOf(x.shape.slice(axis + 1)), k = indices.length;
  const out = allocTyped(x.dtype, outer * k * inner);
  for (let a = 0; a < outer; a++) {
    for (let t = 0; t < k; t++) {
      const src = (a * n + indices[t]) * inner, dst = (a * k + t) * inner;
      for (let j = 0; j < inner; j++) out[dst + j] = d[src + j];
    }
  }
  return new NDArray(out, [...x.shape.slice(0, axis), ...indexShape, ...x.shape.slice(axis + 1)]);
}

/** VJP of {@link takeK}: scatter-add `g` back into an array of `shape`. */
export function takeBwdK(
  g: NDArray,
  indices: Int32Array,
  shape: readonly number[],
  axis: number,
): NDArray {
  if (g.device) return D.devTakeBwd(g, indices, shape, axis);
  const gd = g.dataSync();
  const outer = sizeOf(shape.slice(0, axis)), n = shape[axis];
  const inner = sizeOf(shape.slice(axis + 1)), k = indices.length;
  const out = allocTyped(g.dtype, sizeOf(shape));
  for (let a = 0; a < outer; a++) {
    for (let t = 0; t < k; t++) {
      const dst = (a * n + indices[t]) * inner, src = (a * k + t) * inner;
      for (let j = 0; j < inner; j++) out[dst + j] += gd[src + j];
    }
  }
  return new NDArray(out, shape);
}
