/**
 * Reductions over axes with `keepdims`: sum, mean, prod, max, min, argmax, argmin, variance, std,
 * norm, logsumexp. The reduced axes are moved last and made contiguous, and the backend reduces
 * the rows (`Kernels.reduceRows`; sums compensated on cpu); mean, variance, std and norm are
 * compositions of those and of elementwise primitives, so they run on every backend alike.
 * @module
 */
import { allocTyped, type TypedArray } from "./dtype.ts";
import { ArgumentError, normAxis } from "./errors.ts";
import { backendOf, checkNDArray, freshOutput, hostOnly, NDArray, storageOf } from "./ndarray.ts";
import { contiguous, reshape, transpose } from "./shape_ops.ts";
import { binary, unary, where } from "./elementwise.ts";
import type { ReduceOp } from "../backend/types.ts";

/** Which axes to reduce and whether to keep them as length-1 axes. */
export interface ReduceOptions {
  /** Axis or axes to reduce (default: all). Negative axes count from the end. */
  axis?: number | readonly number[];
  /** Keep reduced axes with length 1 (default false). */
  keepdims?: boolean;
}

/** The result of {@link plan}. */
interface Plan {
  axes: number[];
  keep: number[];
  len: number;
  outer: number;
  shape: number[];
}

/** The reduced axes, the kept axes, the group length, the outer count and the result shape. */
function plan(fn: string, x: NDArray, opts: ReduceOptions, emptyOk: boolean): Plan {
  if (!(x instanceof NDArray)) throw new ArgumentError(fn, "x", "an NDArray", x);
  if (opts === null || typeof opts !== "object") {
    throw new ArgumentError(fn, "opts", "an options object ({ axis?, keepdims? })", opts);
  }
  const nd = x.ndim;
  const axes = opts.axis === undefined ? [...Array(nd).keys()] : [
    ...new Set(
      (typeof opts.axis === "number" ? [opts.axis] : opts.axis).map((a) => normAxis(fn, a, nd)),
    ),
  ].sort((a, b) => a - b);
  const keep = [...Array(nd).keys()].filter((a) => !axes.includes(a));
  const len = axes.reduce((s, a) => s * x.shape[a], 1);
  if (len === 0 && !emptyOk) {
    throw new ArgumentError(fn, "x", "a non-empty reduction", `${len} elements along axes ${axes}`);
  }
  const outer = keep.reduce((s, a) => s * x.shape[a], 1);
  const shape = opts.keepdims
    ? x.shape.map((d, i) => axes.includes(i) ? 1 : d)
    : keep.map((a) => x.shape[a]);
  return { axes, keep, len, outer, shape };
}

/** Reduce over the chosen axes with the backend's row reduction `op`. */
function reduceOp(op: ReduceOp, x: NDArray, opts: ReduceOptions, emptyOk = true): NDArray {
  const { axes, keep, len, outer, shape } = plan(op, x, opts, emptyOk);
  const be = backendOf(op, x);
  const c = contiguous(transpose(x, [...keep, ...axes]));
  const { array } = freshOutput(be, x.dtype, shape);
  be.reduceRows(op, outer, len, storageOf(c), c.offset, storageOf(array), 0);
  return array;
}

/**
 * Reduce host array `x` over the chosen axes with a JS function of each contiguous group of
 * values, passed as `(buf, start, len)` (device arrays throw: use a named reduction). Returns an
 * array of the kept axes.
 */
export function reduceWith(
  fn: string,
  x: NDArray,
  opts: ReduceOptions,
  f: (buf: TypedArray, start: number, len: number) => number,
  emptyOk = true,
): NDArray {
  const { axes, keep, len, outer, shape } = plan(fn, x, opts, emptyOk);
  hostOnly(fn, x, "use a named reduction");
  const c = contiguous(transpose(x, [...keep, ...axes]));
  const b = c.buffer;
  const out = allocTyped(x.dtype, outer);
  for (let i = 0; i < outer; i++) out[i] = f(b, c.offset + i * len, len);
  return new NDArray(out, shape);
}

/** Number of elements a reduction with these options combines into each output. */
function groupSize(x: NDArray, opts: ReduceOptions): number {
  if (opts.axis === undefined) return x.size;
  const axes = new Set(
    (typeof opts.axis === "number" ? [opts.axis] : opts.axis).map((a) => a < 0 ? a + x.ndim : a),
  );
  let n = 1;
  for (const a of axes) n *= x.shape[a] ?? 1;
  return n;
}

/** Sum of elements. */
export function sum(x: NDArray, opts: ReduceOptions = {}): NDArray {
  return reduceOp("sum", x, opts);
}

/** Arithmetic mean (NaN for empty reductions): the sum divided by the group size. */
export function mean(x: NDArray, opts: ReduceOptions = {}): NDArray {
  checkNDArray("mean", "x", x);
  return binary("div", sum(x, opts), groupSize(x, opts));
}

/** Product of elements. */
export function prod(x: NDArray, opts: ReduceOptions = {}): NDArray {
  return reduceOp("prod", x, opts);
}

/** Maximum (NaN propagates; error on an empty reduction). */
export function max(x: NDArray, opts: ReduceOptions = {}): NDArray {
  return reduceOp("max", x, opts, false);
}

/** Minimum (NaN propagates; error on an empty reduction). */
export function min(x: NDArray, opts: ReduceOptions = {}): NDArray {
  return reduceOp("min", x, opts, false);
}

function argOpts(fn: string, x: NDArray, axis?: number): ReduceOptions {
  if (axis === undefined) return {};
  return { axis: normAxis(fn, axis, x.ndim) };
}

/** Index of the first maximum along `axis` (flattened when omitted), as integer-valued floats. */
export function argmax(x: NDArray, opts: { axis?: number; keepdims?: boolean } = {}): NDArray {
  checkNDArray("argmax", "x", x);
  return reduceOp(
    "argmax",
    x,
    { ...argOpts("argmax", x, opts.axis), keepdims: opts.keepdims },
    false,
  );
}

/** Index of the first minimum along `axis` (flattened when omitted). */
export function argmin(x: NDArray, opts: { axis?: number; keepdims?: boolean } = {}): NDArray {
  checkNDArray("argmin", "x", x);
  return reduceOp(
    "argmin",
    x,
    { ...argOpts("argmin", x, opts.axis), keepdims: opts.keepdims },
    false,
  );
}

/** Variance Σ(x − x̄)²/(n − ddof) by the two-pass algorithm (ddof default 0). */
export function variance(x: NDArray, opts: ReduceOptions & { ddof?: number } = {}): NDArray {
  const ddof = opts.ddof ?? 0;
  if (!Number.isInteger(ddof) || ddof < 0) {
    throw new ArgumentError("variance", "ddof", "a non-negative integer", ddof);
  }
  checkNDArray("variance", "x", x);
  const m = mean(x, { axis: opts.axis, keepdims: true });
  const ss = sum(unary("square", binary("sub", x, m)), {
    axis: opts.axis,
    keepdims: opts.keepdims,
  });
  return binary("div", ss, groupSize(x, opts) - ddof);
}

/** Standard deviation √variance. */
export function std(x: NDArray, opts: ReduceOptions & { ddof?: number } = {}): NDArray {
  return unary("sqrt", variance(x, opts));
}

/**
 * Vector p-norm over the axes (default the 2-norm of all elements). Scaled by the largest
 * magnitude `s` first (`s·(Σ(|x|/s)^p)^(1/p)`), so it neither overflows nor underflows; a zero,
 * infinite or NaN scale is the answer itself.
 */
export function norm(x: NDArray, opts: ReduceOptions & { ord?: number } = {}): NDArray {
  const ord = opts.ord ?? 2;
  if (!(ord >= 1)) throw new ArgumentError("norm", "ord", "a number >= 1 or Infinity", ord);
  checkNDArray("norm", "x", x);
  const a = unary("abs", x);
  const s = reduceOp("max", a, { axis: opts.axis, keepdims: true });
  if (ord === Infinity) return opts.keepdims ? s : reshape(s, plan("norm", x, opts, true).shape);
  // a scale of 0 or ∞ (or NaN) would give 0/0 or ∞/∞: divide by 1 there, and answer s
  const ok = binary("mul", binary("gt", s, 0), binary("lt", s, Infinity));
  const safe = where(ok, s, 1);
  const p = sum(binary("pow", binary("div", a, safe), ord), opts);
  const sk = opts.keepdims ? s : reshape(s, p.shape);
  const okk = opts.keepdims ? ok : reshape(ok, p.shape);
  return where(okk, binary("mul", sk, binary("pow", p, 1 / ord)), sk);
}

/** log Σ exp(x), computed stably by shifting by the maximum. */
export function logsumexp(x: NDArray, opts: ReduceOptions = {}): NDArray {
  return reduceOp("logsumexp", x, opts);
}
