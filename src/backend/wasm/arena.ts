/**
 * Wasm-resident f64 buffers for algorithms that run many O(n²) kernel passes over one matrix
 * (e.g. the Givens-rotation sweeps of SVD/QL iterations, src/linalg/KERNELS.md), where copying
 * the matrix in and out per pass would cost as much as the pass.
 *
 * An arena owns its own instance of the kernel module on its own memory, so its buffers never
 * collide with the wasm backend's per-call scratch space. Buffers are bump-allocated and freed
 * all at once ({@linkcode WasmArena.reset}), or with the arena (dropped by the GC).
 *
 * @module
 */
import { instantiateKernels, KERNEL_PAGES, type LoadedKernels } from "./kernels.ts";

/** An f64 buffer inside a {@linkcode WasmArena}. */
export interface ResidentF64 {
  /** Byte address in the arena's memory. */
  readonly ptr: number;
  /** Number of f64 elements. */
  readonly length: number;
  /**
   * A `Float64Array` view of the buffer. Take a fresh view after any later `alloc` (the memory
   * may have grown, which detaches nothing but leaves old views valid only for their range).
   */
  view(): Float64Array;
}

/** A bump allocator of f64 buffers in a private wasm memory, with kernels that run on them. */
export class WasmArena {
  #k: LoadedKernels;
  #top: number;

  /** An arena with room for `capacityF64` elements before it has to grow (it grows on demand). */
  constructor(capacityF64 = 0) {
    if (!Number.isSafeInteger(capacityF64) || capacityF64 < 0) {
      throw new Error(
        `WasmArena: argument "capacityF64" must be a non-negative integer, got ${capacityF64}`,
      );
    }
    this.#k = instantiateKernels(Math.ceil((capacityF64 * 8 + 65536) / 65536) + 1);
    this.#top = this.#k.heapBase;
  }

  /** Allocates `length` f64 elements (64-byte aligned, zero-filled). */
  alloc(length: number): ResidentF64 {
    if (!Number.isSafeInteger(length) || length < 0) {
      throw new Error(
        `WasmArena.alloc: argument "length" must be a non-negative integer, got ${length}`,
      );
    }
    const ptr = this.#top;
    const end = ptr + Math.ceil((length * 8) / 64) * 64;
    const have = this.#k.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / 65536);
      if (have / 65536 + pages > KERNEL_PAGES.maximum) {
        throw new Error(
          `WasmArena.alloc: ${end} bytes exceed the maximum wasm memory of ` +
            `${KERNEL_PAGES.maximum * 65536} bytes`,
        );
      }
      this.#k.memory.grow(pages);
    }
    this.#top = end;
    const memory = this.#k.memory;
    const buf: ResidentF64 = {
      ptr,
      length,
      view: () => new Float64Array(memory.buffer, ptr, length),
    };
    buf.view().fill(0); // memory is reused after reset()
    return buf;
  }

  /** Frees every buffer of this arena at once (their views must no longer be used). */
  reset(): void {
    this.#top = this.#k.heapBase;
  }

  /**
   * Applies a chain of Givens rotations to the columns of the row-major matrix `x` (`rows`
   * rows, leading dimension `ld`), LAPACK `dlasr('R', 'V', 'F')`: for j = k … last−1 in order,
   * columns (j, j+1) ← (c_j·col_j + s_j·col_{j+1}, c_j·col_{j+1} − s_j·col_j) with
   * c_j = cs[j], s_j = sn[j] (indices into `cs`/`sn`, which need ≥ last elements). Results are
   * bitwise equal to the scalar JS loop (same IEEE operations, no FMA).
   */
  rotChainUp(
    x: ResidentF64,
    opts: { ld: number; rows: number; k: number; last: number; cs: ResidentF64; sn: ResidentF64 },
  ): void {
    const { ld, rows, k, last, cs, sn } = opts;
    const fn = "WasmArena.rotChainUp";
    for (const [name, v] of [["ld", ld], ["rows", rows], ["k", k], ["last", last]] as const) {
      if (!Number.isSafeInteger(v) || v < 0) {
        throw new Error(`${fn}: argument "${name}" must be a non-negative integer, got ${v}`);
      }
    }
    if (last < k) throw new Error(`${fn}: argument "last" must be >= k = ${k}, got ${last}`);
    if (rows > 0 && (ld <= last || (rows - 1) * ld + last >= x.length)) {
      throw new Error(
        `${fn}: argument "x" must hold ${rows} rows of leading dimension ld > last = ${last}, ` +
          `got ld ${ld} and length ${x.length}`,
      );
    }
    if (cs.length < last || sn.length < last) {
      throw new Error(
        `${fn}: arguments "cs" and "sn" must hold at least last = ${last} elements, got ` +
          `${cs.length} and ${sn.length}`,
      );
    }
    if (rows === 0 || last === k) return;
    this.#k.exports.rotChainUp(x.ptr, ld, rows, k, last, cs.ptr, sn.ptr);
  }
}
