/**
 * Internal helpers of the NDArray-facing linalg functions: validate an argument, copy it into
 * a fresh contiguous Float64Array (checking for NaN/Inf), and wrap results back into arrays of
 * the input dtype. f32 inputs are computed in f64 and the results rounded to f32.
 * @module
 */
import { ArgumentError, type DType, isNDArray, NDArray } from "../array/mod.ts";
import { NonFiniteError } from "./errors.ts";

/** A matrix argument copied into f64 working storage. */
export interface WorkMatrix {
  /** Rows. */
  m: number;
  /** Columns. */
  n: number;
  /** Row-major copy (owned by the caller, may be overwritten). */
  data: Float64Array;
  /** Dtype of the original argument. */
  dtype: DType;
}

/** Throw unless `x` is an NDArray. */
export function checkArray(fn: string, arg: string, x: unknown): NDArray {
  if (!isNDArray(x)) throw new ArgumentError(fn, arg, "an NDArray", x);
  return x;
}

/** Copy the elements of `x` (row-major) into a new Float64Array, rejecting NaN/Inf. */
export function copyFinite(fn: string, arg: string, x: NDArray, finite = true): Float64Array {
  const src = x.dataSync();
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (finite && !Number.isFinite(v)) throw new NonFiniteError(fn, arg, i, v);
    out[i] = v;
  }
  return out;
}

/**
 * Read a 2-D matrix argument (square when `square`), as an f64 copy. Messages follow
 * `fn: argument "a" must be a square 2-D array, got shape [3,4]`.
 */
export function readMatrix(
  fn: string,
  arg: string,
  x: unknown,
  opts: { square?: boolean; finite?: boolean } = {},
): WorkMatrix {
  const a = checkArray(fn, arg, x);
  if (a.shape.length !== 2) {
    throw new ArgumentError(fn, arg, opts.square ? "a square 2-D array" : "a 2-D array", a.shape);
  }
  const [m, n] = a.shape;
  if (opts.square && m !== n) {
    throw new ArgumentError(fn, arg, "a square 2-D array", a.shape);
  }
  return { m, n, data: copyFinite(fn, arg, a, opts.finite ?? true), dtype: a.dtype };
}

/**
 * Read a right-hand side with `rows` rows: shape `[rows]` (one vector) or `[rows, k]`.
 * Returns the f64 copy, the number of columns, and whether it was a vector.
 */
export function readRhs(
  fn: string,
  arg: string,
  x: unknown,
  rows: number,
): { data: Float64Array; k: number; vector: boolean; dtype: DType } {
  const b = checkArray(fn, arg, x);
  if (b.shape.length === 1 && b.shape[0] === rows) {
    return { data: copyFinite(fn, arg, b), k: 1, vector: true, dtype: b.dtype };
  }
  if (b.shape.length === 2 && b.shape[0] === rows) {
    return { data: copyFinite(fn, arg, b), k: b.shape[1], vector: false, dtype: b.dtype };
  }
  throw new ArgumentError(fn, arg, `shape [${rows}] or [${rows}, k]`, b.shape);
}

/** Wrap an f64 result as an NDArray of `dtype` (rounding to f32 when asked). */
export function wrap(data: Float64Array, shape: readonly number[], dtype: DType): NDArray {
  return new NDArray(dtype === "f32" ? Float32Array.from(data) : data, shape);
}

/** The common dtype of two arguments (f32 only if both are f32). */
export function joinDtype(a: DType, b: DType): DType {
  return a === "f32" && b === "f32" ? "f32" : "f64";
}

/** Machine epsilon of a dtype. */
export function epsFor(dtype: DType): number {
  return dtype === "f32" ? 2 ** -23 : 2 ** -52;
}

/** Largest absolute entry. */
export function maxAbs(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const v = Math.abs(x[i]);
    if (v > s) s = v;
  }
  return s;
}
