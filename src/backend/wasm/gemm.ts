/**
 * GEMM and batched strided GEMM on the wasm backend: copy operands into wasm memory (O(n²)),
 * run the packed, blocked SIMD kernel (O(n³), split across worker threads when large), copy C
 * out.
 *
 * @module
 */
import type { GemmArgs, GemmBatchedArgs, TypedArray } from "../types.ts";
import { checkGemm } from "../validate.ts";
import { batchOffsets, checkGemmBatched } from "../cpu/gemm_batched.ts";
import { align64, copyMatrixIn, copyMatrixOut, reserve, view } from "./scratch.ts";
import { plannedThreads, runGemm } from "./threads.ts";
import { type LoadedKernels, loadKernels } from "./kernels.ts";

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

/**
 * Bytes of C per thread produced before they are copied out: cache-resident groups on one
 * thread; larger on several, where each group is one threaded job and fewer jobs mean fewer
 * hand-overs between the threads.
 */
function groupBytes(threads: number): number {
  return threads > 1 ? 1 << 20 : 1 << 18;
}

const tiles: { f32?: { mr: number; nr: number }; f64?: { mr: number; nr: number } } = {};

/**
 * `C = alpha·op(A)·op(B) + beta·C` with the SIMD WebAssembly kernel (see
 * {@linkcode GemmArgs}); same semantics as the cpu backend's `gemmCpu`, including `beta = 0`
 * never reading C. Results are rounded in the operands' dtype (f32 accumulates in f32).
 */
export function gemmWasm(args: GemmArgs<Float32Array> | GemmArgs<Float64Array>): void {
  const dt = checkGemm("gemm", args);
  if (args.m === 0 || args.n === 0) return;
  const one = new Float64Array(1);
  runBatched(
    dt,
    args,
    one.fill(args.offA),
    one.slice().fill(args.offB),
    one.slice().fill(args.offC),
  );
}

/**
 * Batched strided GEMM (see {@linkcode GemmBatchedArgs}) with the SIMD kernel: every operand is
 * copied into wasm memory once (one `set` of its whole span when that is at most twice its
 * payload, as for head-split views and broadcast weights; else matrix by matrix, compacted),
 * the products run from a table of pointers (split over batch elements × row chunks on the
 * worker threads when large), and C is copied out once. Same semantics as `gemmBatchedCpu`.
 */
export function gemmBatchedWasm(
  args: GemmBatchedArgs<Float32Array> | GemmBatchedArgs<Float64Array>,
): void {
  const { dtype, count } = checkGemmBatched("gemmBatched", args);
  if (count === 0 || args.m === 0 || args.n === 0) return;
  runBatched(
    dtype,
    args,
    batchOffsets(args.offA, args.batch, args.strideA),
    batchOffsets(args.offB, args.batch, args.strideB),
    batchOffsets(args.offC, args.batch, args.strideC),
  );
}

/** Where and how one operand of a batch lies in wasm memory. */
interface Placement {
  /** Bytes it needs. */
  bytes: number;
  /** Leading dimension there. */
  ld: number;
  /** Copies it in at `ptr` and writes its per-element byte pointers to `ptrs[3t + slot]`. */
  copyIn(kern: LoadedKernels, ptr: number, ptrs: Int32Array, slot: number): void;
}

/** The placement of `count` `rows×cols` matrices `src[offs[t] + r*ld + c]`. */
function place(
  src: TypedArray,
  offs: Float64Array,
  rows: number,
  cols: number,
  ld: number,
  el: number,
): Placement {
  const count = offs.length;
  let lo = Infinity, hi = -Infinity;
  for (let t = 0; t < count; t++) {
    if (offs[t] < lo) lo = offs[t];
    if (offs[t] > hi) hi = offs[t];
  }
  const mat = (rows - 1) * ld + cols; // span of one matrix
  const span = hi - lo + mat;
  if (ld >= cols && span <= 2 * count * rows * cols) {
    // one copy of the whole span; the kernel reads every matrix in place there
    return {
      bytes: align64(span * el),
      ld,
      copyIn(kern, ptr, ptrs, slot) {
        view(kern, src, ptr, span).set(src.subarray(lo, lo + span));
        for (let t = 0; t < count; t++) ptrs[3 * t + slot] = ptr + (offs[t] - lo) * el;
      },
    };
  }
  // matrix by matrix (copyMatrixIn keeps ld when one matrix's span is ≤ twice its payload)
  const keep = ld >= cols && mat <= 2 * rows * cols;
  const slotEls = keep ? mat : rows * cols;
  return {
    bytes: align64(count * slotEls * el),
    ld: keep ? ld : cols,
    copyIn(kern, ptr, ptrs, slot) {
      for (let t = 0; t < count; t++) {
        const p = ptr + t * slotEls * el;
        copyMatrixIn(kern, src, offs[t], rows, cols, ld, p);
        ptrs[3 * t + slot] = p;
      }
    },
  };
}

function runBatched(
  dt: "f32" | "f64",
  args: GemmArgs<Float32Array> | GemmArgs<Float64Array>,
  offA: Float64Array,
  offB: Float64Array,
  offC: Float64Array,
): void {
  const { transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc } = args;
  const count = offC.length;
  const f64 = dt === "f64";
  const el = f64 ? 8 : 4;
  const blk = f64 ? gemmBlocking.f64 : gemmBlocking.f32;
  const readAB = k > 0 && alpha !== 0;
  const aRows = transA ? k : m, aCols = transA ? m : k;
  const bRows = transB ? n : k, bCols = transB ? k : n;
  const nc = Math.min(blk.nc, n);
  const tile = gemmTile(dt);
  // C = beta·C needs no split
  const threads = readAB ? plannedThreads(m, n, k, tile.mr, count) : 1;
  const E = loadKernels().exports;
  const workBytes = align64((f64 ? E.dgemmWorkBytes : E.sgemmWorkBytes)(blk.mc, blk.kc, nc));
  const pa = readAB ? place(a, offA, aRows, aCols, lda, el) : undefined;
  const pb = readAB ? place(b, offB, bRows, bCols, ldb, el) : undefined;
  // C is produced in groups of batch elements that stay cache-resident (about 256 KiB per
  // thread), each copied out right after its products ran; a single product is one group
  const per = m * n * el;
  const group = count === 1
    ? 1
    : Math.max(1, Math.min(count, Math.floor((groupBytes(threads) * threads) / per)));
  // layout: C (one group, compact) | A | B | pointer table | work × threads | packed B
  const cBytes = align64(group * per);
  const aBytes = pa ? pa.bytes : 0, bBytes = pb ? pb.bytes : 0;
  const tBytes = align64(count * 12);
  const packedBytes = threads > 1 && count === 1
    ? align64(k * Math.ceil(n / tile.nr) * tile.nr * el)
    : 0;
  const { k: kern, base } = reserve(
    "gemm",
    cBytes + aBytes + bBytes + tBytes + threads * workBytes + packedBytes,
  );
  const pC = base, pA = pC + cBytes, pB = pA + aBytes, pT = pB + bBytes;
  const pW = pT + tBytes;
  const ptrs = new Int32Array(kern.memory.buffer, pT, 3 * count);
  pa?.copyIn(kern, pA, ptrs, 0);
  pb?.copyIn(kern, pB, ptrs, 1);
  const work: number[] = [];
  for (let t = 0; t < threads; t++) work.push(pW + t * workBytes);
  // C_t is contiguous in its storage when batch t starts at offC[0] + t·m·n with ldc = n
  let dense = ldc === n || m === 1;
  for (let t = 1; dense && t < count; t++) dense = offC[t] === offC[0] + t * m * n;
  for (let g0 = 0; g0 < count; g0 += group) {
    const gc = Math.min(group, count - g0);
    for (let j = 0; j < gc; j++) ptrs[3 * (g0 + j) + 2] = pC + j * per;
    if (beta !== 0) {
      if (dense) view(kern, c, pC, gc * m * n).set(c.subarray(offC[g0], offC[g0] + gc * m * n));
      else {
        for (let j = 0; j < gc; j++) {
          copyMatrixIn(kern, c, offC[g0 + j], m, n, ldc, pC + j * per, { compact: true });
        }
      }
    }
    runGemm({
      f64,
      transA,
      transB,
      m,
      n,
      k,
      alpha,
      lda: pa ? pa.ld : Math.max(aCols, 1),
      ldb: pb ? pb.ld : Math.max(bCols, 1),
      beta,
      ldc: n,
      mc: blk.mc,
      kc: blk.kc,
      nc,
      count: gc,
      ptrs: ptrs.subarray(3 * g0, 3 * (g0 + gc)),
      work,
      packedB: packedBytes > 0 ? pW + threads * workBytes : 0,
      threads,
    }, tile);
    if (dense) c.set(view(kern, c, pC, gc * m * n), offC[g0]);
    else {
      for (let j = 0; j < gc; j++) copyMatrixOut(kern, c, offC[g0 + j], m, n, ldc, pC + j * per);
    }
  }
}
