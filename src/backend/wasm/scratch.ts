/**
 * JS-managed scratch space in the kernels' linear memory, and the copies in and out of it.
 *
 * Layout: `[heapBase, heapBase + CONTROL_BYTES)` is the worker control block (threads.ts); the
 * scratch region starts above it. Each kernel call lays its operands out from the scratch base
 * (calls are synchronous, so they never overlap). Memory grows to the largest call seen and is
 * never shrunk or reallocated per call.
 *
 * @module
 */
import type { TypedArray } from "../types.ts";
import { KERNEL_PAGES, type LoadedKernels, loadKernels } from "./kernels.ts";

/** Bytes reserved at the heap base for the worker control block. */
export const CONTROL_BYTES = 512;

/** Rounds `bytes` up to a multiple of 64 (cache-line alignment of every operand). */
export function align64(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}

/**
 * Makes sure `bytes` of scratch exist and returns the loaded kernels and the scratch base
 * pointer. Throws if that exceeds the module's 2 GiB maximum memory.
 */
export function reserve(fn: string, bytes: number): { k: LoadedKernels; base: number } {
  const k = loadKernels();
  const base = k.heapBase + CONTROL_BYTES;
  const need = base + bytes;
  const have = k.memory.buffer.byteLength;
  if (need > have) {
    const pages = Math.ceil((need - have) / 65536);
    if (have / 65536 + pages > KERNEL_PAGES.maximum) {
      throw new Error(
        `${fn}: operands need ${need} bytes of WebAssembly memory, more than the maximum ` +
          `${KERNEL_PAGES.maximum * 65536}; use the cpu backend or split the problem`,
      );
    }
    k.memory.grow(pages);
  }
  return { k, base };
}

/** A view of `len` elements of the dtype of `like` at byte address `ptr`. */
export function view(k: LoadedKernels, like: TypedArray, ptr: number, len: number): TypedArray {
  return like instanceof Float32Array
    ? new Float32Array(k.memory.buffer, ptr, len)
    : new Float64Array(k.memory.buffer, ptr, len);
}

/**
 * Copies the stored `rows×cols` matrix `src[off + r*ld + c]` to `ptr` and returns the leading
 * dimension used there: `ld` itself when the whole span is at most twice the payload (one
 * `set`) and `compact` is not asked for, else `cols` (row by row, compacted).
 */
export function copyMatrixIn(
  k: LoadedKernels,
  src: TypedArray,
  off: number,
  rows: number,
  cols: number,
  ld: number,
  ptr: number,
  opts: { compact: boolean } = { compact: false },
): number {
  if (rows === 0 || cols === 0) return Math.max(cols, 1);
  const span = (rows - 1) * ld + cols;
  if (ld >= cols && span <= 2 * rows * cols && (!opts.compact || ld === cols || rows === 1)) {
    view(k, src, ptr, span).set(src.subarray(off, off + span));
    return ld;
  }
  const dst = view(k, src, ptr, rows * cols);
  for (let r = 0; r < rows; r++) {
    const s = off + r * ld;
    if (cols >= 16) dst.set(src.subarray(s, s + cols), r * cols);
    else for (let c = 0; c < cols; c++) dst[r * cols + c] = src[s + c];
  }
  return cols;
}

/** Copies the compact `rows×cols` matrix at `ptr` out to `dst[off + r*ld + c]`. */
export function copyMatrixOut(
  k: LoadedKernels,
  dst: TypedArray,
  off: number,
  rows: number,
  cols: number,
  ld: number,
  ptr: number,
): void {
  if (rows === 0 || cols === 0) return;
  const src = view(k, dst, ptr, rows * cols);
  if (ld === cols || rows === 1) {
    dst.set(src, off);
    return;
  }
  for (let r = 0; r < rows; r++) {
    const d = off + r * ld;
    if (cols >= 16) dst.set(src.subarray(r * cols, (r + 1) * cols), d);
    else for (let c = 0; c < cols; c++) dst[d + c] = src[r * cols + c];
  }
}

/** Copies the strided vector `src[off + i*inc]`, `i < n`, contiguously to `ptr`. */
export function copyVectorIn(
  k: LoadedKernels,
  src: TypedArray,
  off: number,
  inc: number,
  n: number,
  ptr: number,
): void {
  if (n === 0) return;
  const dst = view(k, src, ptr, n);
  if (inc === 1) dst.set(src.subarray(off, off + n));
  else for (let i = 0; i < n; i++) dst[i] = src[off + i * inc];
}

/** Copies `n` contiguous elements at `ptr` out to `dst[off + i*inc]`. */
export function copyVectorOut(
  k: LoadedKernels,
  dst: TypedArray,
  off: number,
  inc: number,
  n: number,
  ptr: number,
): void {
  if (n === 0) return;
  const src = view(k, dst, ptr, n);
  if (inc === 1) dst.set(src, off);
  else for (let i = 0; i < n; i++) dst[off + i * inc] = src[i];
}
