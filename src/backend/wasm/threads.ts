/**
 * Worker threads for large GEMMs: each worker instantiates the same kernel module on the same
 * shared `WebAssembly.Memory`, so operands are never copied between threads.
 *
 * Protocol (all through an `Int32Array` control block in shared memory; no messages per job):
 * the main thread writes the job, bumps the generation word and `Atomics.notify`s; every ready
 * worker and the main thread then take row chunks of C from a shared counter (`Atomics.add`)
 * until none are left, so a thread slowed down by other processes simply takes fewer chunks;
 * the main thread then `Atomics.wait`s for the workers' done count. The `Backend.gemm` call
 * stays synchronous.
 *
 * Lifecycle: the pool starts lazily on the first GEMM large enough to be split (that call
 * blocks a few ms until the workers have instantiated the module). Workers are `unref`'d
 * (`node:worker_threads`), so they never keep the process alive, and (checked with Deno 2.9.6)
 * a pool left running does not trip `deno test --sanitize-ops --sanitize-resources`.
 * `shutdownWorkers()` terminates them explicitly (tests that change the thread count use it).
 *
 * @module
 */
import { Worker } from "node:worker_threads";
import { type KernelVariant, loadKernels, resetKernels } from "./kernels.ts";

// Control block word indices (Int32); f64 scalars live at byte offset 128 of the block.
const GEN = 0,
  CMD = 1,
  NEXT = 2,
  NCHUNK = 3,
  DONE = 4,
  DT = 5,
  TA = 6,
  TB = 7,
  M = 8,
  N = 9,
  K = 10,
  A = 11,
  LDA = 12,
  B = 13,
  LDB = 14,
  C = 15,
  LDC = 16,
  MC = 17,
  KC = 18,
  NC = 19,
  CHUNK = 20,
  READY = 21,
  PACKED = 22,
  FAILED = 23,
  WORK = 24; // WORK + w: scratch pointer of thread w (w = 0 is main)

/** Most threads a pool may have (main thread included); bounded by the control block. */
export const MAX_THREADS = 8;

// Runs inside each worker (plain JS, no imports: it must survive bundling as a string).
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
parentPort.once("message", ({ bytes, memory, ctrl, index }) => {
  const E = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
  const I = new Int32Array(memory.buffer, ctrl, 64);
  const F = new Float64Array(memory.buffer, ctrl + 128, 2);
  let gen = Atomics.load(I, ${GEN});
  Atomics.add(I, ${READY}, 1);
  Atomics.notify(I, ${READY});
  for (;;) {
    Atomics.wait(I, ${GEN}, gen);
    const g = Atomics.load(I, ${GEN});
    if (g === gen) continue;
    gen = g;
    if (Atomics.load(I, ${CMD}) === 2) break;
    try {
      runChunks(E, I, F, I[${WORK} + index]);
    } catch (e) {
      Atomics.store(I, ${FAILED}, 1);
    }
    Atomics.add(I, ${DONE}, 1);
    Atomics.notify(I, ${DONE});
  }
});
${runChunksSource()}
`;

function runChunksSource(): string {
  return `function runChunks(E, I, F, work) {
  const f64 = I[${DT}] === 1, sh = f64 ? 3 : 2, gemm = f64 ? E.dgemm : E.sgemm;
  const ta = I[${TA}], tb = I[${TB}], m = I[${M}], n = I[${N}], k = I[${K}];
  const a = I[${A}], lda = I[${LDA}], b = I[${B}], ldb = I[${LDB}], c = I[${C}], ldc = I[${LDC}];
  const chunk = I[${CHUNK}], nChunks = I[${NCHUNK}];
  for (;;) {
    const q = Atomics.add(I, ${NEXT}, 1);
    if (q >= nChunks) break;
    const i0 = q * chunk, rows = Math.min(chunk, m - i0);
    const ai = a + ((ta ? i0 : i0 * lda) << sh);
    gemm(ta, tb, rows, n, k, F[0], ai, lda, b, ldb, F[1], c + ((i0 * ldc) << sh), ldc,
      I[${MC}], I[${KC}], I[${NC}], work, I[${PACKED}]);
  }
}`;
}

// deno-lint-ignore no-explicit-any
type RunChunks = (E: any, I: Int32Array, F: Float64Array, work: number) => void;
const runChunks = new Function(`${runChunksSource()}; return runChunks;`)() as RunChunks;

interface Pool {
  workers: Worker[];
  ctrl: Int32Array;
  scalars: Float64Array;
}

let pool: Pool | undefined;
let threads = Math.max(1, Math.min(2, navigator.hardwareConcurrency ?? 1));
let minFlops = 1e7;
let threadedJobs = 0;

/**
 * Sets how many threads (main thread included) large wasm GEMMs use, and the smallest
 * `2·m·n·k` that is split across them. Defaults: `min(2, hardwareConcurrency)` threads and
 * `minFlops = 1e7` (about a 171³ product; smaller ones stay on one thread: at n = 128 two
 * threads measured slower than one, at n = 256 1.46× faster, bench/README.md). Changing the count
 * shuts the current pool down; the next large GEMM starts a new one.
 */
export async function configureWasmThreads(
  opts: { threads?: number; minFlops?: number },
): Promise<void> {
  if (opts.threads !== undefined) {
    const t = opts.threads;
    if (!Number.isInteger(t) || t < 1 || t > MAX_THREADS) {
      throw new Error(
        `configureWasmThreads: argument "threads" must be an integer in 1..${MAX_THREADS}, got ${t}`,
      );
    }
    if (t !== threads) {
      await shutdownWorkers();
      threads = t;
    }
  }
  if (opts.minFlops !== undefined) {
    const f = opts.minFlops;
    if (typeof f !== "number" || !(f >= 0)) {
      throw new Error(
        `configureWasmThreads: argument "minFlops" must be a non-negative number, got ${f}`,
      );
    }
    minFlops = f;
  }
}

/**
 * The current thread settings of the wasm GEMM (see {@linkcode configureWasmThreads}), the
 * number of live workers, and how many GEMMs were split across threads so far.
 */
export function wasmThreads(): {
  threads: number;
  minFlops: number;
  workersRunning: number;
  threadedJobs: number;
} {
  return { threads, minFlops, workersRunning: pool ? pool.workers.length : 0, threadedJobs };
}

function ensurePool(): Pool {
  if (pool) return pool;
  const k = loadKernels();
  const ctrlPtr = k.heapBase; // CONTROL_BYTES reserved there by scratch.ts
  const ctrl = new Int32Array(k.memory.buffer, ctrlPtr, 64);
  ctrl.fill(0);
  const scalars = new Float64Array(k.memory.buffer, ctrlPtr + 128, 2);
  const workers: Worker[] = [];
  for (let w = 1; w < threads; w++) {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    worker.postMessage({ bytes: k.bytes, memory: k.memory, ctrl: ctrlPtr, index: w });
    workers.push(worker);
  }
  // Block until every worker has instantiated the module (a few ms; worker start-up does not
  // need this thread's event loop). Afterwards every worker takes part in every job.
  const t0 = performance.now();
  let ready;
  while ((ready = Atomics.load(ctrl, READY)) < workers.length) {
    if (performance.now() - t0 > 10000) {
      for (const w of workers) w.terminate();
      throw new Error(`gemm: wasm worker threads did not start within 10 s (${ready} ready)`);
    }
    Atomics.wait(ctrl, READY, ready, 5);
  }
  pool = { workers, ctrl, scalars };
  return pool;
}

/**
 * Starts the worker pool now instead of at the first large GEMM (blocks until the workers
 * are ready, a few milliseconds). Does nothing with one thread.
 */
export function startWorkers(): void {
  if (threads > 1) ensurePool();
}

/** Terminates the worker pool (if any) and waits until the workers are gone. */
export async function shutdownWorkers(): Promise<void> {
  const p = pool;
  if (!p) return;
  pool = undefined;
  Atomics.store(p.ctrl, CMD, 2);
  Atomics.add(p.ctrl, GEN, 1);
  Atomics.notify(p.ctrl, GEN);
  await Promise.all(p.workers.map((w) => w.terminate()));
}

/** GEMM operands already in wasm memory (byte pointers; leading dimensions in elements). */
export interface GemmJob {
  f64: boolean;
  transA: boolean;
  transB: boolean;
  m: number;
  n: number;
  k: number;
  alpha: number;
  a: number;
  lda: number;
  b: number;
  ldb: number;
  beta: number;
  c: number;
  ldc: number;
  mc: number;
  kc: number;
  nc: number;
  /** Scratch pointer per thread (length ≥ the thread count used). */
  work: readonly number[];
  /**
   * Scratch for all of op(B) packed once and shared by the threads (k·⌈n/NR⌉·NR elements);
   * used only when the job is split.
   */
  packedB: number;
  /** Threads to use (from {@linkcode plannedThreads}; 1 = main thread only). */
  threads: number;
}

/** How many threads {@linkcode runGemm} would use for this problem right now (≥ 1). */
export function plannedThreads(m: number, n: number, k: number, mr: number): number {
  if (threads <= 1 || 2 * m * n * k < minFlops || m < 2 * mr) return 1;
  return threads;
}

/**
 * Runs the GEMM, split by rows of C (chunks aligned to `rowAlign`, the micro-kernel rows) over
 * the main thread and every worker when `job.threads > 1`; otherwise on the main thread.
 * Synchronous.
 */
export function runGemm(job: GemmJob, rowAlign: number): void {
  const k = loadKernels();
  const E = k.exports;
  const t = job.threads;
  const gemm = job.f64 ? E.dgemm : E.sgemm;
  if (t === 1) {
    gemm(
      +job.transA,
      +job.transB,
      job.m,
      job.n,
      job.k,
      job.alpha,
      job.a,
      job.lda,
      job.b,
      job.ldb,
      job.beta,
      job.c,
      job.ldc,
      job.mc,
      job.kc,
      job.nc,
      job.work[0],
      0,
    );
    return;
  }
  const p = ensurePool();
  threadedJobs++;
  // pack B once for everyone: each thread then only packs its own rows of A
  (job.f64 ? E.dgemmPackB : E.sgemmPackB)(
    +job.transB,
    job.n,
    job.k,
    job.b,
    job.ldb,
    job.kc,
    job.nc,
    job.packedB,
  );
  const helpers = p.workers.length;
  const I = p.ctrl;
  // chunks of rows: about 8 per thread so a thread slowed by other processes takes fewer; a
  // chunk re-packs nothing shared (B is packed once above), only its own rows of A
  const target = Math.ceil(job.m / ((helpers + 1) * 8));
  const chunk = Math.max(4 * rowAlign, Math.ceil(target / rowAlign) * rowAlign);
  I[DT] = job.f64 ? 1 : 0;
  I[TA] = +job.transA;
  I[TB] = +job.transB;
  I[M] = job.m;
  I[N] = job.n;
  I[K] = job.k;
  I[A] = job.a;
  I[LDA] = job.lda;
  I[B] = job.b;
  I[LDB] = job.ldb;
  I[C] = job.c;
  I[LDC] = job.ldc;
  I[MC] = job.mc;
  I[KC] = job.kc;
  I[NC] = job.nc;
  I[CHUNK] = chunk;
  I[PACKED] = job.packedB;
  I[NCHUNK] = Math.ceil(job.m / chunk);
  for (let w = 0; w <= helpers; w++) I[WORK + w] = job.work[w];
  p.scalars[0] = job.alpha;
  p.scalars[1] = job.beta;
  Atomics.store(I, NEXT, 0);
  Atomics.store(I, DONE, 0);
  Atomics.store(I, FAILED, 0);
  Atomics.store(I, CMD, 1);
  Atomics.add(I, GEN, 1);
  Atomics.notify(I, GEN);
  runChunks(E, I, p.scalars, job.work[0]);
  let done;
  while ((done = Atomics.load(I, DONE)) < helpers) Atomics.wait(I, DONE, done);
  if (Atomics.load(I, FAILED)) {
    throw new Error("gemm: a wasm worker thread failed while computing its rows");
  }
}

/**
 * Selects which kernel build the wasm backend uses from the next call on: `"relaxed"`
 * (relaxed-SIMD FMA), `"simd"` (the plain-SIMD fallback, mul+add) or `"auto"` (relaxed when
 * `WebAssembly.validate` accepts it; the default). Shuts the worker pool down first, since the
 * workers run the old module on the old memory. Used by tests to cover both builds.
 */
export async function useKernelVariant(variant: KernelVariant | "auto"): Promise<void> {
  await shutdownWorkers();
  resetKernels(variant === "auto" ? undefined : variant);
}
