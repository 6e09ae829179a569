/**
 * Reductions over axes with `keepdims`: sum, mean, prod, max, min, argmax, argmin, variance, std,
 * norm, logsumexp. Sums use pairwise-free compensated (Kahan–Babuška) accumulation so f32 and long
 * f64 reductions stay accurate.
 * @module
 */
import { allocTyped, type TypedArray } from "./dtype.ts";
import { ArgumentError, normAxis } from "./errors.ts";
import { checkNDArray, NDArray } from "./ndarray.ts";
import { contiguous, reshape, transpose } from "./shape_ops.ts";
import { DeviceArrayError, type DeviceReduceOp } from "./device.ts";
import { binary, unary } from "./elementwise.ts";

/** Which axes to reduce and whether to keep them as length-1 axes. */
export interface ReduceOptions {
  /** Axis or axes to reduce (default: all). Negative axes count from the end. */
  axis?: number | readonly number[];
  /** Keep reduced axes with length 1 (default false). */
  keepdims?: boolean;
}

/**
 * Reduce `x` over the chosen axes with a function of each contiguous group of values.
 * The group is passed as `(buf, start, len)`. Returns an array of the kept axes.
 */
export function reduceWith(
  fn: string,
  x: NDArray,
  opts: ReduceOptions,
  f: (buf: TypedArray, start: number, len: number) => number,
  emptyOk = true,
): NDArray {
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
  if (x.device) {
    const op = DEVICE_REDUCE[fn];
    if (!op) throw new DeviceArrayError(fn, x.device.ops.name, "no device reduction of that name");
    const c = contiguous(transpose(x, [...keep, ...axes]));
    return reshape(x.device.ops.reduceRows(op, c, outer, len), shape);
  }
  const c = contiguous(transpose(x, [...keep, ...axes]));
  const out = allocTyped(x.dtype, outer);
  for (let i = 0; i < outer; i++) out[i] = f(c.buffer, c.offset + i * len, len);
  return new NDArray(out, shape);
}

/** Reductions by function name that a device runs natively (see DeviceOps.reduceRows). */
const DEVICE_REDUCE: Record<string, DeviceReduceOp | undefined> = {
  sum: "sum",
  max: "max",
  min: "min",
  prod: "prod",
  argmax: "argmax",
  argmin: "argmin",
  logsumexp: "logsumexp",
};

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

function kahanSum(b: TypedArray, s: number, n: number): number {
  let sum = 0, comp = 0;
  for (let i = s; i < s + n; i++) {
    const v = b[i];
    const t = sum + v;
    comp += Math.abs(sum) >= Math.abs(v) ? (sum - t) + v : (v - t) + sum;
    sum = t;
  }
  return sum + comp;
}

/** Sum of elements. */
export function sum(x: NDArray, opts: ReduceOptions = {}): NDArray {
  return reduceWith("sum", x, opts, kahanSum);
}

/** Arithmetic mean (NaN for empty reductions). */
export function mean(x: NDArray, opts: ReduceOptions = {}): NDArray {
  checkNDArray("mean", "x", x);
  if (x.device) return binary("div", sum(x, opts), groupSize(x, opts));
  return reduceWith("mean", x, opts, (b, s, n) => kahanSum(b, s, n) / n);
}

/** Product of elements. */
export function prod(x: NDArray, opts: ReduceOptions = {}): NDArray {
  return reduceWith("prod", x, opts, (b, s, n) => {
    let p = 1;
    for (let i = s; i < s + n; i++) p *= b[i];
    return p;
  });
}

/** Maximum (NaN propagates; error on an empty reduction). */
export function max(x: NDArray, opts: ReduceOptions = {}): NDArray {
  return reduceWith("max", x, opts, (b, s, n) => {
    let m = -Infinity;
    for (let i = s; i < s + n; i++) {
      if (b[i] > m || Number.isNaN(b[i])) m = b[i];
      if (Number.isNaN(m)) break;
    }
    return m;
  }, false);
}

/** Minimum (NaN propagates; error on an empty reduction). */
export function min(x: NDArray, opts: ReduceOptions = {}): NDArray {
  return reduceWith("min", x, opts, (b, s, n) => {
    let m = Infinity;
    for (let i = s; i < s + n; i++) {
      if (b[i] < m || Number.isNaN(b[i])) m = b[i];
      if (Number.isNaN(m)) break;
    }
    return m;
  }, false);
}

function argOpts(fn: string, x: NDArray, axis?: number): ReduceOptions {
  if (axis === undefined) return {};
  return { axis: normAxis(fn, axis, x.ndim) };
}

/** Index of the first maximum along `axis` (flattened when omitted), as integer-valued floats. */
export function argmax(x: NDArray, opts: { axis?: number; keepdims?: boolean } = {}): NDArray {
  return reduceWith("argmax", x, { ...argOpts("argmax", x, opts.axis), keepdims: opts.keepdims }, (
    b,
    s,
    n,
  ) => {
    let m = -Infinity, k = 0;
    for (let i = 0; i < n; i++) if (b[s + i] > m) [m, k] = [b[s + i], i];
    return k;
  }, false);
}

/** Index of the first minimum along `axis` (flattened when omitted). */
export function argmin(x: NDArray, opts: { axis?: number; keepdims?: boolean } = {}): NDArray {
  return reduceWith("argmin", x, { ...argOpts("argmin", x, opts.axis), keepdims: opts.keepdims }, (
    b,
    s,
    n,
  ) => {
    let m = Infinity, k = 0;
    for (let i = 0; i < n; i++) if (b[s + i] < m) [m, k] = [b[s + i], i];
    return k;
  }, false);
}

/** Variance Σ(x − x̄)²/(n − ddof) by the two-pass algorithm (ddof default 0). */
export function variance(x: NDArray, opts: ReduceOptions & { ddof?: number } = {}): NDArray {
  const ddof = opts.ddof ?? 0;
  if (!Number.isInteger(ddof) || ddof < 0) {
    throw new ArgumentError("variance", "ddof", "a non-negative integer", ddof);
  }
  if (x.device) {
    const m = mean(x, { axis: opts.axis, keepdims: true });
    const ss = sum(unary("square", binary("sub", x, m)), opts);
    return binary("div", ss, groupSize(x, opts) - ddof);
  }
  return reduceWith("variance", x, opts, (b, s, n) => {
    const m = kahanSum(b, s, n) / n;
    let acc = 0;
    for (let i = s; i < s + n; i++) acc += (b[i] - m) * (b[i] - m);
    return acc / (n - ddof);
  });
}

/** Standard deviation √variance. */
export function std(x: NDArray, opts: ReduceOptions & { ddof?: number } = {}): NDArray {
  const v = variance(x, opts);
  if (v.device) return unary("sqrt", v);
  const d = v.buffer;
  for (let i = 0; i < d.length; i++) d[i] = Math.sqrt(d[i]);
  return v;
}

/** Vector p-norm over the axes (default the 2-norm of all elements; scaled, overflow-safe). */
export function norm(x: NDArray, opts: ReduceOptions & { ord?: number } = {}): NDArray {
  const ord = opts.ord ?? 2;
  if (!(ord >= 1)) throw new ArgumentError("norm", "ord", "a number >= 1 or Infinity", ord);
  if (x.device) {
    if (ord === Infinity) return max(unary("abs", x), opts);
    const p = sum(binary("pow", unary("abs", x), ord), opts);
    return binary("pow", p, 1 / ord);
  }
  return reduceWith("norm", x, opts, (b, s, n) => {
    let scale = 0;
    for (let i = s; i < s + n; i++) scale = Math.max(scale, Math.abs(b[i]));
    if (scale === 0 || ord === Infinity || !Number.isFinite(scale)) return scale;
    let acc = 0;
    for (let i = s; i < s + n; i++) acc += Math.pow(Math.abs(b[i]) / scale, ord);
    return scale * Math.pow(acc, 1 / ord);
  });
}

/** log Σ exp(x), computed stably by shifting by the maximum. */
export function logsumexp(x: NDArray, opts: ReduceOptions = {}): NDArray {
  return reduceWith("logsumexp", x, opts, (b, s, n) => {
    let m = -Infinity;
    for (let i = s; i < s + n; i++) if (b[i] > m) m = b[i];
    if (m === -Infinity || !Number.isFinite(m)) return m;
    let acc = 0;
    for (let i = s; i < s + n; i++) acc += Math.exp(b[i] - m);
    return m + Math.log(acc);
  });
}
