/**
 * Test helpers of the metrics: Gaussian matrices from keys and small matrix products.
 * @module
 */
import { fromTyped, matmul, type NDArray } from "../array/mod.ts";
import { key, normalF64, orthogonal } from "../random/mod.ts";

/** A [rows, cols] f64 standard Gaussian matrix from `seed`. */
export function gaussian(seed: number, rows: number, cols: number, std = 1): NDArray {
  return fromTyped(normalF64(key(seed), rows * cols, { std }), [rows, cols]);
}

/** A Haar-random orthogonal n×n (f64) from `seed`. */
export function haar(seed: number, n: number): NDArray {
  return orthogonal(key(seed), n, { dtype: "f64" });
}

/** x·q. */
export function mm(x: NDArray, q: NDArray): NDArray {
  return matmul(x, q);
}
