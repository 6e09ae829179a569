/**
 * GEMM on the wasm backend: copy operands into wasm memory (O(n²)), run the packed, blocked
 * SIMD kernel (O(n³), split across worker threads when large), copy C out.
 *
 * @module
 */
import type { GemmArgs } from "../types.ts";
import { checkGemm } from "../validate.ts";
import { align64, copyMatrixIn, copyMatrixOut, reserve } from "./scratch.ts";
import { plannedThreads, runGemm } from "./threads.ts";
import { loadKernels } from "./kernels.ts";

/** Cache-blocking parameters of one dtype, in elements. */
export interface GemmBlocking {
  /** Rows of A per packed block (the L2-resident A block is mc×kc). */
  mc: number;
  /** Depth per packed block. */
  kc: number;
  /** Columns of B per packed panel (kc×nc). */
  nc: number;
}

/**
 * Blocking used by the wasm GEMM, per dtype (tuned with kernels/dev/; see bench/README.md).
 * Mutable for experiments; `mc` should be a multiple of the micro-kernel rows
 * ({@linkcode gemmTile}).
 */
export const gemmBlocking: { f32: GemmBlocking; f64: GemmBlocking } = {
  f32: { mc: 120, kc: 256, nc: 4096 },
  f64: { mc: 60, kc: 256, nc: 4096 },
};

/** The register tile (micro-kernel rows × columns) of the loaded GEMM kernel for a dtype. */
export function gemmTile(dtype: "f32" | "f64"): { mr: number; nr: number } {
  let t = tiles[dtype];
  if (t === undefined) {
    const E = loadKernels().exports;
    const packed = dtype === "f32" ? E.sgemmTile() : E.dgemmTile();
    t = tiles[dtype] = { mr: packed >> 8, nr: packed & 255 };
  }
  return t;
}

const tiles: { f32?: { mr: number; nr: number }; f64?: { mr: number; nr: number } } = {};

/**
 * `C = alpha·op(A)·op(B) + beta·C` with the SIMD WebAssembly kernel (see
 * {@linkcode GemmArgs}); same semantics as the cpu backend's `gemmCpu`, including `beta = 0`
 * never reading C. Results are rounded in the operands' dtype (f32 accumulates in f32).
 */
export function gemmWasm(args: GemmArgs<Float32Array> | GemmArgs<Float64Array>): void {
  const dt = checkGemm("gemm", args);
  const { transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc } = args;
  if (m === 0 || n === 0) return;
  const f64 = dt === "f64";
  const el = f64 ? 8 : 4;
  const blk = f64 ? gemmBlocking.f64 : gemmBlocking.f32;
  const readAB = k > 0 && alpha !== 0;
  const aRows = transA ? k : m, aCols = transA ? m : k;
  const bRows = transB ? n : k, bCols = transB ? k : n;
  const nc = Math.min(blk.nc, n);
  const { mr } = gemmTile(dt);
  const threads = readAB ? plannedThreads(m, n, k, mr) : 1; // C = beta·C needs no split
  const E = loadKernels().exports;
  const workBytes = align64((f64 ? E.dgemmWorkBytes : E.sgemmWorkBytes)(blk.mc, blk.kc, nc));
  // layout: C | A | B | work × threads | packed B (threaded only); the A and B spans are at
  // most twice their payload (see scratch.ts)
  const cBytes = align64(m * n * el);
  const aBytes = readAB ? align64(2 * aRows * aCols * el) : 0;
  const bBytes = readAB ? align64(2 * bRows * bCols * el) : 0;
  const { nr } = gemmTile(dt);
  const packedBytes = threads > 1 ? align64(k * Math.ceil(n / nr) * nr * el) : 0;
  const { k: kern, base } = reserve(
    "gemm",
    cBytes + aBytes + bBytes + threads * workBytes + packedBytes,
  );
  const pC = base, pA = pC + cBytes, pB = pA + aBytes, pW = pB + bBytes;
  let ldaW = Math.max(aCols, 1), ldbW = Math.max(bCols, 1);
  if (readAB) {
    ldaW = copyMatrixIn(kern, a, offA, aRows, aCols, lda, pA);
    ldbW = copyMatrixIn(kern, b, offB, bRows, bCols, ldb, pB);
  }
  if (beta !== 0) copyMatrixIn(kern, c, offC, m, n, ldc, pC, { compact: true });
  const work: number[] = [];
  for (let t = 0; t < threads; t++) work.push(pW + t * workBytes);
  const packedB = pW + threads * workBytes;
  runGemm({
    f64,
    transA,
    transB,
    m,
    n,
    k,
    alpha,
    a: pA,
    lda: ldaW,
    b: pB,
    ldb: ldbW,
    beta,
    c: pC,
    ldc: n,
    mc: blk.mc,
    kc: blk.kc,
    nc,
    work,
    packedB,
    threads,
  }, mr);
  copyMatrixOut(kern, c, offC, m, n, ldc, pC);
}
