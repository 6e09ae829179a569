/**
 * Internal helpers of the similarity metrics: read an activity matrix (rows = samples, columns
 * = units) into f64 working storage, centre its columns, and the GEMM products the metrics need
 * (on the default backend's f64 GEMM).
 * @module
 */
import { fromTyped, isNDArray, matmul, type NDArray } from "../array/mod.ts";
import { ArgumentError } from "../errors/mod.ts";

/** A samples × units matrix in row-major f64. */
export interface Samples {
  /** Rows (samples). */
  s: number;
  /** Columns (units / features). */
  n: number;
  /** Row-major copy, owned by the caller. */
  data: Float64Array;
}

/** Read a 2-D finite array (samples × units) into a fresh f64 copy, or throw naming `arg`. */
export function readSamples(fn: string, arg: string, x: unknown): Samples {
  if (!isNDArray(x) || x.ndim !== 2 || x.shape[0] < 1 || x.shape[1] < 1) {
    throw new ArgumentError(fn, arg, "a non-empty 2-D array [samples, units]", x);
  }
  const src = x.dataSync();
  const data = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (!Number.isFinite(v)) throw new ArgumentError(fn, `${arg}[${i}]`, "a finite number", v);
    data[i] = v;
  }
  return { s: x.shape[0], n: x.shape[1], data };
}

/** Read two activity matrices with the same number of samples (rows), or throw naming `y`. */
export function readPair(
  fn: string,
  x: unknown,
  y: unknown,
  names: [string, string] = ["x", "y"],
): [Samples, Samples] {
  const a = readSamples(fn, names[0], x), b = readSamples(fn, names[1], y);
  if (a.s !== b.s) {
    throw new ArgumentError(
      fn,
      names[1],
      `a 2-D array with ${a.s} rows (the samples of "${names[0]}")`,
      (y as NDArray).shape,
    );
  }
  return [a, b];
}

/** Subtract each column's mean in place; returns the means. */
export function centerColumns(a: Samples): Float64Array {
  const mu = new Float64Array(a.n);
  for (let i = 0; i < a.s; i++) for (let j = 0; j < a.n; j++) mu[j] += a.data[i * a.n + j];
  for (let j = 0; j < a.n; j++) mu[j] /= a.s;
  for (let i = 0; i < a.s; i++) for (let j = 0; j < a.n; j++) a.data[i * a.n + j] -= mu[j];
  return mu;
}

/** aᵀb (a: s×na, b: s×nb) as a row-major na×nb f64 buffer. */
export function crossProduct(a: Samples, b: Samples): Float64Array {
  const A = fromTyped(a.data, [a.s, a.n]), B = fromTyped(b.data, [b.s, b.n]);
  return matmul(A, B, { transA: true }).dataSync() as Float64Array;
}

/** a·m (a: s×k, m: k×p row-major) as an s×p sample matrix. */
export function times(a: Samples, m: Float64Array, p: number): Samples {
  const out = matmul(fromTyped(a.data, [a.s, a.n]), fromTyped(m, [a.n, p]));
  return { s: a.s, n: p, data: out.dataSync() as Float64Array };
}

/** Squared Frobenius norm of a flat buffer. */
export function sumSquares(d: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i] * d[i];
  return s;
}
