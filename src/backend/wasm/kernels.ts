/**
 * Loads the committed BLAS kernel module (kernels/wasm/build/) on one shared
 * `WebAssembly.Memory`. The relaxed-SIMD build is used when the engine validates it, else the
 * plain-SIMD build (`WebAssembly.validate`, checked once). The bytes come from generated TS
 * modules (base64), so loading needs no file access and works in `deno bundle` output and
 * `deno compile` binaries.
 *
 * @module
 */
import { wasmBytes as relaxedBytes } from "../../../kernels/wasm/build/blas_relaxed_wasm.ts";
import { wasmBytes as simdBytes } from "../../../kernels/wasm/build/blas_simd_wasm.ts";

/** Memory limits the kernel modules were built with (64 KiB pages; see kernels/compile.ts). */
export const KERNEL_PAGES = { initial: 32, maximum: 32768 } as const;

/**
 * The exports of kernels/wasm/blas.ts. Pointers are byte addresses in the shared memory, sizes
 * and leading dimensions are in elements, booleans are 0/1; `s…` kernels take f32 data, `d…`
 * f64 data. Vectors are contiguous (the JS wrappers gather strided operands).
 */
export interface BlasExports {
  /** First byte of memory the kernels never touch. */
  heapBase(): number;
  /**
   * f32 GEMM, C = alpha·op(A)·op(B) + beta·C with cache blocks mcBlk/kcBlk/ncBlk and scratch
   * `work`; `packedB` = 0 packs B internally, else points at B packed by `sgemmPackB`.
   */
  sgemm(
    transA: number,
    transB: number,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    beta: number,
    c: number,
    ldc: number,
    mcBlk: number,
    kcBlk: number,
    ncBlk: number,
    work: number,
    packedB: number,
  ): void;
  /** f64 GEMM; arguments as {@linkcode BlasExports.sgemm}. */
  dgemm(
    transA: number,
    transB: number,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    beta: number,
    c: number,
    ldc: number,
    mcBlk: number,
    kcBlk: number,
    ncBlk: number,
    work: number,
    packedB: number,
  ): void;
  /** Packs all of op(B) for sgemm's `packedB` (k·⌈n/NR⌉·NR elements at `dst`). */
  sgemmPackB(
    transB: number,
    n: number,
    k: number,
    b: number,
    ldb: number,
    kcBlk: number,
    ncBlk: number,
    dst: number,
  ): void;
  /** Packs all of op(B) for dgemm's `packedB` (k·⌈n/NR⌉·NR elements at `dst`). */
  dgemmPackB(
    transB: number,
    n: number,
    k: number,
    b: number,
    ldb: number,
    kcBlk: number,
    ncBlk: number,
    dst: number,
  ): void;
  /** Bytes of scratch sgemm needs for the given blocks. */
  sgemmWorkBytes(mc: number, kc: number, nc: number): number;
  /** Bytes of scratch dgemm needs for the given blocks. */
  dgemmWorkBytes(mc: number, kc: number, nc: number): number;
  /** Micro-kernel shape of sgemm: `(MR << 8) | NR`. */
  sgemmTile(): number;
  /** Micro-kernel shape of dgemm: `(MR << 8) | NR`. */
  dgemmTile(): number;
  /** f32 GEMV, y = alpha·op(A)·x + beta·y, contiguous x and y. */
  sgemv(
    trans: number,
    m: number,
    n: number,
    alpha: number,
    a: number,
    lda: number,
    x: number,
    beta: number,
    y: number,
  ): void;
  /** f64 GEMV, y = alpha·op(A)·x + beta·y, contiguous x and y. */
  dgemv(
    trans: number,
    m: number,
    n: number,
    alpha: number,
    a: number,
    lda: number,
    x: number,
    beta: number,
    y: number,
  ): void;
  /** f32 dot product of contiguous vectors. */
  sdot(n: number, x: number, y: number): number;
  /** f64 dot product of contiguous vectors. */
  ddot(n: number, x: number, y: number): number;
  /** f32 y ← alpha·x + y. */
  saxpy(n: number, alpha: number, x: number, y: number): void;
  /** f64 y ← alpha·x + y. */
  daxpy(n: number, alpha: number, x: number, y: number): void;
  /** f32 x ← alpha·x. */
  sscal(n: number, alpha: number, x: number): void;
  /** f64 x ← alpha·x. */
  dscal(n: number, alpha: number, x: number): void;
  /** Euclidean norm of f32 data (squares summed in f64). */
  snrm2(n: number, x: number): number;
  /** Euclidean norm of f64 data (scaled fallback on overflow/underflow). */
  dnrm2(n: number, x: number): number;
  /** f32 GELU (tanh form) of `n` contiguous elements (n rounded up to a multiple of 4). */
  sgelu(n: number, x: number, y: number): void;
  /** f32 `dx = g·GELU′(x)` of `n` contiguous elements (n rounded up to a multiple of 4). */
  sgeluBwd(n: number, x: number, g: number, dx: number): void;
  /** f32 LayerNorm of contiguous rows in f64 lanes; `bt = 0`: no shift. */
  slayerNorm(
    rows: number,
    n: number,
    eps: number,
    x: number,
    gm: number,
    bt: number,
    y: number,
  ): void;
  /** f32 LayerNorm VJP: dx (f32), dγ and dβ (f64, n each, overwritten); xh: n f64 scratch. */
  slayerNormBwd(
    rows: number,
    n: number,
    eps: number,
    x: number,
    gm: number,
    g: number,
    dx: number,
    dg: number,
    db: number,
    xh: number,
  ): void;
  /** f32 softmax of `scale·x` over `rows` contiguous rows of length n; `tq > 0`: causal. */
  ssoftmaxRows(rows: number, n: number, tq: number, scale: number, x: number, y: number): void;
  /** f32 softmax VJP `dx = scale·y ⊙ (g − ⟨g, y⟩_row)` over contiguous rows; `tq > 0`: causal. */
  ssoftmaxRowsBwd(
    rows: number,
    n: number,
    tq: number,
    scale: number,
    y: number,
    g: number,
    dx: number,
  ): void;
  /**
   * Givens-rotation chain on a row-major f64 matrix (LAPACK `dlasr('R','V','F')` on columns
   * k..last): for each row and j = k … last−1, (x_j, x_{j+1}) ← (c_j·x_j + s_j·x_{j+1},
   * c_j·x_{j+1} − s_j·x_j) with c_j = cs[j], s_j = sn[j].
   */
  rotChainUp(
    x: number,
    ld: number,
    rows: number,
    k: number,
    last: number,
    cs: number,
    sn: number,
  ): void;
  /** FMA-throughput microbenchmark: `iters` × 12 f32x4 FMAs (96 FLOP each iteration); use mul ≈ 1, add ≈ 0. */
  peakF32(iters: number, seed: number, mul: number, add: number): number;
  /** FMA-throughput microbenchmark: `iters` × 12 f64x2 FMAs (48 FLOP each iteration); use mul ≈ 1, add ≈ 0. */
  peakF64(iters: number, seed: number, mul: number, add: number): number;
}

/** Which build was chosen: `relaxed` (relaxed SIMD FMA) or `simd` (mul+add fallback). */
export type KernelVariant = "relaxed" | "simd";

/** A loaded kernel module: its exports, the shared memory, and the build variant. */
export interface LoadedKernels {
  /** Kernel functions. */
  readonly exports: BlasExports;
  /** The shared linear memory (grows on demand, never shrinks). */
  readonly memory: WebAssembly.Memory;
  /** The bytes that were instantiated (workers instantiate the same module on the same memory). */
  readonly bytes: Uint8Array;
  /** Which build is in use. */
  readonly variant: KernelVariant;
  /** First free byte above the kernels' static data (64-byte aligned). */
  readonly heapBase: number;
}

let loaded: LoadedKernels | undefined;
let forced: KernelVariant | undefined;

/** Which kernel build this engine runs (relaxed SIMD if `WebAssembly.validate` accepts it). */
export function kernelVariant(): KernelVariant {
  return WebAssembly.validate(relaxedBytes as BufferSource) ? "relaxed" : "simd";
}

/** The kernel module, instantiated synchronously on first use. */
export function loadKernels(): LoadedKernels {
  if (loaded) return loaded;
  loaded = instantiateKernels(KERNEL_PAGES.initial);
  return loaded;
}

/**
 * A fresh instance of the kernel module (the current variant) on a new shared memory of
 * `initialPages` pages. {@linkcode loadKernels} keeps one for the backend; resident arenas
 * (arena.ts) make their own so that their buffers never meet the backend's scratch space.
 */
export function instantiateKernels(initialPages: number): LoadedKernels {
  const variant = forced ?? kernelVariant();
  const bytes = variant === "relaxed" ? relaxedBytes : simdBytes;
  const memory = new WebAssembly.Memory({
    initial: Math.max(initialPages, KERNEL_PAGES.initial),
    maximum: KERNEL_PAGES.maximum,
    shared: true,
  });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes as BufferSource), {
    env: { memory },
  });
  const exports = instance.exports as unknown as BlasExports;
  const heapBase = (exports.heapBase() + 63) & ~63;
  return { exports, memory, bytes, variant, heapBase };
}

/**
 * Drops the loaded module (and its memory) so that the next kernel call loads `variant`
 * (`undefined`: choose by `WebAssembly.validate` again). Worker threads must be shut down
 * first; use `useKernelVariant` from threads.ts, which does both.
 */
export function resetKernels(variant: KernelVariant | undefined): void {
  if (variant === "relaxed" && !WebAssembly.validate(relaxedBytes as BufferSource)) {
    throw new Error(
      'useKernelVariant: argument "variant" must be a build this engine supports, got "relaxed" ' +
        "(relaxed SIMD does not validate here)",
    );
  }
  if (variant !== undefined && variant !== "relaxed" && variant !== "simd") {
    throw new Error(
      `useKernelVariant: argument "variant" must be "relaxed", "simd" or "auto", got ${
        JSON.stringify(variant)
      }`,
    );
  }
  loaded = undefined;
  forced = variant;
}
