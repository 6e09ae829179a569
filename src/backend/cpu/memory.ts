/**
 * Buffer entries of the host backends (`alloc`, `dtypeOf`, `read`, `free`): host buffers are
 * typed arrays, garbage collected, and readable at once.
 *
 * @module
 */
import type { DType, TypedArray } from "../types.ts";
import { checkSize, dtypeOf } from "../validate.ts";
import { ArgumentError } from "../../errors/mod.ts";

/** A zero-filled typed array of `n` elements of `dtype`. */
export function allocHost(dtype: DType, n: number): TypedArray {
  checkSize("alloc", "n", n);
  if (dtype === "f32") return new Float32Array(n);
  if (dtype === "f64") return new Float64Array(n);
  throw new ArgumentError("alloc", "dtype", '"f32" or "f64"', dtype);
}

/** The dtype of a host buffer. */
export function dtypeOfHost(buf: TypedArray): DType {
  return dtypeOf("dtypeOf", "buf", buf);
}

/** The buffer itself (host kernels have already run). */
export function readHost(buf: TypedArray): Promise<TypedArray> {
  return Promise.resolve(buf);
}

/** No-op: host buffers are garbage collected. */
export function freeHost(_buf: TypedArray): void {}
