/**
 * Device storage: how an {@link NDArray} can live on an accelerator (WebGPU) while keeping one
 * array type for users. A device array carries its storage, and the storage carries the table of
 * operations that run where the data lives — so src/array needs no import of any GPU module and
 * nothing registers itself on import. Host-only operations (a JS closure in `map`,
 * `dataSync`) on a device array throw {@link DeviceArrayError}; nothing silently copies to host.
 * @module
 */
import type { DType, TypedArray } from "./dtype.ts";
import type { NDArray } from "./ndarray.ts";
import type { BinaryOp, UnaryOp } from "./elementwise.ts";

/** Reductions a device implements natively; the rest are composed from these in src/array. */
export type DeviceReduceOp = "sum" | "max" | "min" | "prod" | "argmax" | "argmin" | "logsumexp";

/** Operations a device provides on its own arrays (shapes are already validated by src/array). */
export interface DeviceOps {
  /** Device name for messages, e.g. `"webgpu"`. */
  readonly name: string;
  /** Elementwise unary primitive; result contiguous. */
  unary(op: UnaryOp, x: NDArray): NDArray;
  /** Elementwise binary primitive on operands already broadcast (as views) to `shape`. */
  binary(op: BinaryOp, a: NDArray, b: NDArray, shape: readonly number[]): NDArray;
  /** `c ? a : b` on operands already broadcast to `shape`. */
  where(c: NDArray, a: NDArray, b: NDArray, shape: readonly number[]): NDArray;
  /** Reduce the trailing `len` elements of a contiguous `[outer, len]` view (row-major). */
  reduceRows(op: DeviceReduceOp, x: NDArray, outer: number, len: number): NDArray;
  /** Batched GEMM: `a` is `[...batch, m, k]` (or its transpose), `b` `[...batch, k, n]`. */
  matmul(a: NDArray, b: NDArray, transA: boolean, transB: boolean): NDArray;
  /** A contiguous row-major copy of a strided view. */
  contiguous(x: NDArray): NDArray;
  /** Copy `src` (a view already broadcast to `dst.shape`) into the strided view `dst`. */
  assign(dst: NDArray, src: NDArray): void;
  /** A new array of `shape` filled with `value`. */
  full(shape: readonly number[], value: number, dtype: DType): NDArray;
  /** Gather along an axis of a contiguous `[outer, n, inner]` view by integer indices. */
  take(x: NDArray, indices: Int32Array, outer: number, n: number, inner: number): NDArray;
}

/** The storage of an array that lives on a device. */
export interface DeviceStorage {
  /** Element type (WebGPU: always f32). */
  readonly dtype: DType;
  /** Capacity in elements. */
  readonly length: number;
  /** The operations of the device that owns this storage. */
  readonly ops: DeviceOps;
  /** True once {@link DeviceStorage.release} ran; any use afterwards throws. */
  readonly released: boolean;
  /** Read the whole storage back to the host (async; waits for queued work). */
  read(): Promise<TypedArray>;
  /** Return the memory to the device's pool now (deterministic free). */
  release(): void;
}

/** A host-only operation was asked of an array that lives on a device. */
export class DeviceArrayError extends Error {
  /** Build `fn: <what> is not available for arrays on <device>; <hint>`. */
  constructor(fn: string, device: string, hint: string) {
    super(`${fn}: not available for arrays on ${device}; ${hint}`);
    this.name = "DeviceArrayError";
  }
}
