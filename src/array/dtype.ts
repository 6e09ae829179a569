/**
 * Element types. saddle has two: `f64` (first-class on cpu/wasm; theory solvers need it) and `f32`
 * (the WebGPU type and the fast training type). Mixed operations promote to f64.
 * @module
 */

import type { DType, TypedArray } from "../backend/types.ts";
export type { DType, TypedArray };

/** All dtypes, as data (for conformance tables). */
export const DTYPES: readonly DType[] = ["f32", "f64"];

/** Allocate a zero-filled host buffer of `n` elements of `dtype`. */
export function allocTyped(dtype: DType, n: number): TypedArray {
  switch (dtype) {
    case "f32":
      return new Float32Array(n);
    case "f64":
      return new Float64Array(n);
    default:
      throw new Error(`allocTyped: unknown dtype ${dtype satisfies never}`);
  }
}

/** The dtype of a host buffer. */
export function dtypeOf(buf: TypedArray): DType {
  return buf instanceof Float32Array ? "f32" : "f64";
}

/** The result dtype of combining two dtypes (f32 with f64 gives f64). */
export function promote(a: DType, b: DType): DType {
  return a === "f64" || b === "f64" ? "f64" : "f32";
}

/** Machine epsilon of a dtype (2^-52 for f64, 2^-23 for f32). */
export function epsOf(dtype: DType): number {
  return dtype === "f64" ? 2 ** -52 : 2 ** -23;
}

/** True if `x` is one of the two dtype names. */
export function isDType(x: unknown): x is DType {
  return x === "f32" || x === "f64";
}
