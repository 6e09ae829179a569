/**
 * Array creation: from JS values or typed arrays, constants, ranges and identities.
 * The default dtype is f64 (theory code needs it); pass `{ dtype: "f32" }` for training work.
 * @module
 */
import { allocTyped, type DType, dtypeOf, isDType, type TypedArray } from "./dtype.ts";
import { ArgumentError, checkFinite, checkSize, describe } from "./errors.ts";
import {
  backendOf,
  checkNDArray,
  checkShape,
  freshOutput,
  MAX_ELEMENTS,
  NDArray,
  type Nested,
  sizeOf,
} from "./ndarray.ts";

/** Options shared by the creation functions. */
export interface DTypeOptions {
  /** Element type (default `"f64"`). */
  dtype?: DType;
}

function dt(fn: string, opts?: DTypeOptions): DType {
  const d = opts?.dtype ?? "f64";
  if (!isDType(d)) throw new ArgumentError(fn, "dtype", `"f32" or "f64"`, d);
  return d;
}

function inferShape(fn: string, v: Nested): number[] {
  const shape: number[] = [];
  let cur: Nested = v;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0];
  }
  if (!Array.isArray(v) && typeof v !== "number") {
    throw new ArgumentError(fn, "values", "a number, nested number arrays or a typed array", v);
  }
  return shape;
}

function fillFlat(fn: string, v: Nested, shape: number[], axis: number, out: TypedArray, pos: {
  i: number;
}): void {
  if (axis === shape.length) {
    if (typeof v !== "number") throw new ArgumentError(fn, "values", "a number at the leaves", v);
    out[pos.i++] = v;
    return;
  }
  if (!Array.isArray(v) || v.length !== shape[axis]) {
    throw new ArgumentError(
      fn,
      "values",
      `a rectangular nested array (axis ${axis} of length ${shape[axis]})`,
      v,
    );
  }
  for (const e of v) fillFlat(fn, e, shape, axis + 1, out, pos);
}

/**
 * Create an array from a number, nested arrays or a typed array (copied).
 * `shape` reshapes flat input; without it the shape is inferred.
 * @example
 * ```ts
 * import { array } from "./mod.ts";
 * const a = array([[1, 2], [3, 4]]);
 * if (a.get(1, 0) !== 3) throw new Error("wrong element");
 * ```
 */
export function array(
  values: Nested | TypedArray | readonly number[],
  opts: DTypeOptions & { shape?: number[] } = {},
): NDArray {
  if (ArrayBuffer.isView(values)) {
    const d = opts.dtype ?? dtypeOf(values as TypedArray);
    const buf = allocTyped(dt("array", { dtype: d }), (values as TypedArray).length);
    buf.set(values as TypedArray);
    const shape = opts.shape ? checkShape("array", opts.shape) : [buf.length];
    if (sizeOf(shape) !== buf.length) {
      throw new ArgumentError("array", "shape", `a shape of size ${buf.length}`, shape);
    }
    return new NDArray(buf, shape);
  }
  const d = dt("array", opts);
  const inferred = inferShape("array", values as Nested);
  const buf = allocTyped(d, sizeOf(inferred));
  fillFlat("array", values as Nested, inferred, 0, buf, { i: 0 });
  if (opts.shape) {
    checkShape("array", opts.shape);
    if (sizeOf(opts.shape) !== buf.length) {
      throw new ArgumentError("array", "shape", `a shape of size ${buf.length}`, opts.shape);
    }
    return new NDArray(buf, opts.shape);
  }
  return new NDArray(buf, inferred);
}

/** Wrap a typed array as an array of `shape` without copying (row-major). */
export function fromTyped(buf: TypedArray, shape?: readonly number[]): NDArray {
  if (!(buf instanceof Float32Array || buf instanceof Float64Array)) {
    throw new ArgumentError("fromTyped", "buf", "a Float32Array or Float64Array", buf);
  }
  const s = shape ? [...checkShape("fromTyped", shape)] : [buf.length];
  if (sizeOf(s) !== buf.length) {
    throw new ArgumentError("fromTyped", "shape", `a shape of size ${buf.length}`, s);
  }
  return new NDArray(buf, s);
}

/** An array of `shape` filled with `value`. */
export function full(shape: readonly number[], value: number, opts?: DTypeOptions): NDArray {
  checkShape("full", shape);
  if (typeof value !== "number") throw new ArgumentError("full", "value", "a number", value);
  const buf = allocTyped(dt("full", opts), sizeOf(shape));
  if (value !== 0) buf.fill(value);
  return new NDArray(buf, shape);
}

/** An array of zeros. */
export function zeros(shape: readonly number[], opts?: DTypeOptions): NDArray {
  return full(shape, 0, opts);
}

/** An array of ones. */
export function ones(shape: readonly number[], opts?: DTypeOptions): NDArray {
  return full(shape, 1, opts);
}

/**
 * An array of `shape` filled with `value`, of `like`'s dtype and where `like` lives (the host, or
 * `like`'s device): constants for computations that must stay on one backend.
 */
export function fullLike(like: NDArray, shape: readonly number[], value: number): NDArray {
  checkNDArray("fullLike", "like", like);
  checkShape("fullLike", shape);
  if (typeof value !== "number") throw new ArgumentError("fullLike", "value", "a number", value);
  const be = backendOf("fullLike", like);
  const { array, out } = freshOutput(be, like.dtype, shape);
  be.fill(shape, value, out);
  return array;
}

/** Zeros with the shape and dtype of `x`, where `x` lives. */
export function zerosLike(x: NDArray): NDArray {
  return fullLike(x, x.shape, 0);
}

/** Ones with the shape and dtype of `x`, where `x` lives. */
export function onesLike(x: NDArray): NDArray {
  return fullLike(x, x.shape, 1);
}

/**
 * Evenly spaced values `start, start+step, ...` below `stop` (numpy's `arange`).
 * With one number it is the stop: `arange(5)` is `[0,1,2,3,4]`.
 */
export function arange(
  start: number,
  stop?: number,
  opts: DTypeOptions & { step?: number } = {},
): NDArray {
  let a = start, b = stop;
  if (b === undefined) [a, b] = [0, start];
  checkFinite("arange", "start", a);
  checkFinite("arange", "stop", b);
  const step = checkFinite("arange", "step", opts.step ?? 1);
  if (step === 0) throw new ArgumentError("arange", "step", "a non-zero number", step);
  const n = Math.max(0, Math.ceil((b - a) / step));
  if (n > MAX_ELEMENTS) {
    throw new ArgumentError("arange", "step", `a step giving at most ${MAX_ELEMENTS} values`, step);
  }
  const buf = allocTyped(dt("arange", opts), n);
  for (let i = 0; i < n; i++) buf[i] = a + i * step;
  return new NDArray(buf, [n]);
}

/** `num` evenly spaced values from `start` to `stop` inclusive (default num 50). */
export function linspace(
  start: number,
  stop: number,
  opts: DTypeOptions & { num?: number } = {},
): NDArray {
  checkFinite("linspace", "start", start);
  checkFinite("linspace", "stop", stop);
  const n = checkSize("linspace", "num", opts.num ?? 50);
  checkShape("linspace", [n], "num");
  const buf = allocTyped(dt("linspace", opts), n);
  for (let i = 0; i < n; i++) buf[i] = n === 1 ? start : start + (stop - start) * (i / (n - 1));
  return new NDArray(buf, [n]);
}

/** The `n × m` identity (ones on the diagonal shifted by `k`). */
export function eye(n: number, opts: DTypeOptions & { m?: number; k?: number } = {}): NDArray {
  checkSize("eye", "n", n);
  const m = checkSize("eye", "m", opts.m ?? n);
  checkShape("eye", [n, m], "n");
  const k = opts.k ?? 0;
  if (!Number.isInteger(k)) throw new ArgumentError("eye", "k", "an integer", k);
  const buf = allocTyped(dt("eye", opts), n * m);
  for (let i = 0; i < n; i++) {
    const j = i + k;
    if (j >= 0 && j < m) buf[i * m + j] = 1;
  }
  return new NDArray(buf, [n, m]);
}

/** Coerce a number or array to an array of the given dtype (numbers become 0-d arrays). */
export function asArray(x: NDArray | number, dtype: DType = "f64"): NDArray {
  if (x instanceof NDArray) return x;
  if (typeof x !== "number") throw new ArgumentError("asArray", "x", "an NDArray or a number", x);
  return full([], x, { dtype });
}

/** Describe a value for diagnostics (re-exported for modules building their own errors). */
export { describe };
