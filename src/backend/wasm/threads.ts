/**
 * Worker threads for large GEMMs and for the row / elementwise kernels of training (GELU, row
 * softmax, LayerNorm; {@linkcode runSplit}): each worker instantiates the same kernel module on
 * the same shared `WebAssembly.Memory`, so operands are never copied between threads.
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

// Control block (CONTROL_BYTES = 512 at the heap base): Int32 words 0..127; f64 scalars at
// byte F_BYTE (alpha, beta, then the split kernels' scalars); two BigInt64 claim words at
// byte CLAIM_BYTE. A claim word holds (job generation << 32) | next item, so a worker that
// read the parameters of an older job can never claim an item of a newer one.
const GEN = 0,
  CMD = 1,
  CDONE = 2, // items (row chunks) finished in this job
  POOL = 4, // id of the live pool: a worker of an older pool that still runs exits on seeing it
  EXITED = 24, // workers of the current pool that have left their loop
  NCHUNK = 3,
  DT = 5,
  TA = 6,
  TB = 7,
  M = 8,
  N = 9,
  K = 10,
  TBL = 11, // byte pointer of the batch table: (a, b, c) byte pointers per batch element
  LDA = 12,
  NB = 13, // batch elements
  LDB = 14,
  CPB = 15, // row chunks per batch element
  LDC = 16,
  MC = 17,
  KC = 18,
  NC = 19,
  CHUNK = 20,
  READY = 21,
  PACKED = 22,
  FAILED = 23,
  PDONE = 25, // B-packing items finished
  NPACK = 26, // B-packing items
  PW = 27, // columns per B-packing item (multiple of NR)
  NR_ = 28, // micro-kernel columns
  WORK = 32, // WORK + w: scratch pointer of thread w (w = 0 is main)
  // split row / elementwise kernels (CMD 3): kernel id, scalar and pointer counts, which
  // pointers advance with the work unit (bit mask), bytes per unit, units, units per chunk
  KID = 40,
  NSCAL = 41,
  NPTR = 42,
  ADV = 43,
  UNITB = 44,
  UNITS = 45,
  UCHUNK = 46,
  PTR0 = 64, // PTR0 + i: byte pointer i (at most 8)
  F_BYTE = 384, // f64: alpha, beta, split scalars (at most 6)
  CLAIM_BYTE = 448, // BigInt64: [0] next item, [1] next B-packing item
  WORDS = 128;

/** The kernels {@linkcode runSplit} can split, by id (the worker looks them up by name). */
const SPLIT_KERNELS: readonly SplitKernel[] = [
  "sgelu",
  "sgeluBwd",
  "ssoftmaxRows",
  "ssoftmaxRowsBwd",
  "slayerNorm",
];

/** A kernel of kernels/wasm/act.ts that {@linkcode runSplit} can split over its work units. */
export type SplitKernel =
  | "sgelu"
  | "sgeluBwd"
  | "ssoftmaxRows"
  | "ssoftmaxRowsBwd"
  | "slayerNorm";

/** op(B) up to this many elements is packed by the calling thread alone (no packing barrier). */
const SMALL_B = 1 << 16;

/** Most threads a pool may have (main thread included); bounded by the control block. */
export const MAX_THREADS = 8;

// Runs inside each worker (plain JS, no imports: it must survive bundling as a string).
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
parentPort.once("message", ({ bytes, memory, ctrl, index, pool }) => {
  const E = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
  const I = new Int32Array(memory.buffer, ctrl, ${WORDS});
  const F = new Float64Array(memory.buffer, ctrl + ${F_BYTE}, 8);
  const Q = new BigInt64Array(memory.buffer, ctrl + ${CLAIM_BYTE}, 2);
  const NAMES = ${JSON.stringify(SPLIT_KERNELS)};
  let gen = Atomics.load(I, ${GEN});
  Atomics.add(I, ${READY}, 1);
  Atomics.notify(I, ${READY});
  for (;;) {
    Atomics.wait(I, ${GEN}, gen);
    const g = Atomics.load(I, ${GEN});
    if (g === gen) continue;
    gen = g;
    const cmd = Atomics.load(I, ${CMD});
    if (cmd === 2 || Atomics.load(I, ${POOL}) !== pool) break;
    try {
      if (cmd === 3) runSplitChunks(E[NAMES[I[${KID}]]], I, F, Q, g);
      else runChunks(E, I, F, Q, g, I[${WORK} + index], memory);
    } catch (e) {
      // parameters read from a job that had already ended (nothing was claimed): ignore
    }
  }
  if (Atomics.load(I, ${POOL}) === pool) {
    Atomics.add(I, ${EXITED}, 1);
    Atomics.notify(I, ${EXITED});
  }
});
${claimSource()}
${runChunksSource()}
${runSplitSource()}
`;

// Claims the next item of job generation g from claim word w (fewer than n items), or -1.
function claimSource(): string {
  return `function claim(Q, w, g, n) {
  const tag = BigInt(g >>> 0) << 32n;
  for (;;) {
    const cur = Atomics.load(Q, w);
    if ((cur & ~0xffffffffn) !== tag) return -1;
    const q = Number(cur & 0xffffffffn);
    if (q >= n) return -1;
    if (Atomics.compareExchange(Q, w, cur, cur + 1n) === cur) return q;
  }
}
function finishItem(I, word, n) {
  if (Atomics.add(I, word, 1) + 1 === n) Atomics.notify(I, word);
}`;
}

function runSplitSource(): string {
  return `function runSplitChunks(fn, I, F, Q, g) {
  const nScal = I[${NSCAL}], nPtr = I[${NPTR}], adv = I[${ADV}], unitB = I[${UNITB}];
  const units = I[${UNITS}], chunk = I[${UCHUNK}], nChunks = I[${NCHUNK}];
  const args = new Array(1 + nScal + nPtr);
  for (let i = 0; i < nScal; i++) args[1 + i] = F[2 + i];
  const ptrs = [];
  for (let i = 0; i < nPtr; i++) ptrs.push(I[${PTR0} + i]);
  for (;;) {
    const q = claim(Q, 0, g, nChunks);
    if (q < 0) break;
    try {
      const u0 = q * chunk;
      args[0] = Math.min(chunk, units - u0);
      for (let i = 0; i < nPtr; i++) args[1 + nScal + i] = (adv >> i) & 1 ? ptrs[i] + u0 * unitB : ptrs[i];
      fn(...args);
    } catch (e) {
      Atomics.store(I, ${FAILED}, 1);
    } finally {
      finishItem(I, ${CDONE}, nChunks);
    }
  }
}`;
}

function runChunksSource(): string {
  return `function runChunks(E, I, F, Q, g, work, memory) {
  const f64 = I[${DT}] === 1, sh = f64 ? 3 : 2, gemm = f64 ? E.dgemm : E.sgemm;
  const ta = I[${TA}], tb = I[${TB}], m = I[${M}], n = I[${N}], k = I[${K}];
  const lda = I[${LDA}], ldb = I[${LDB}], ldc = I[${LDC}], mc = I[${MC}], kc = I[${KC}];
  const nc = I[${NC}], packed = I[${PACKED}], nb = I[${NB}], cpb = I[${CPB}];
  const alpha = F[0], beta = F[1], chunk = I[${CHUNK}], nChunks = I[${NCHUNK}];
  const T = new Int32Array(memory.buffer, I[${TBL}], 3 * nb);
  if (packed) {
    // phase 1: pack op(B) (one batch element) into the shared buffer, column pieces of
    // I[PW] columns per (jc, pc) block, then wait until every piece is packed
    const pack = f64 ? E.dgemmPackB : E.sgemmPackB, b = T[1], nr = I[${NR_}], pw = I[${PW}];
    const nPack = I[${NPACK}], pieces = Math.ceil(Math.min(nc, n) / pw);
    const kBlocks = Math.ceil(k / kc);
    for (;;) {
      const q = claim(Q, 1, g, nPack);
      if (q < 0) break;
      const piece = q % pieces, blk = (q - piece) / pieces;
      const pcI = blk % kBlocks, jcI = (blk - pcI) / kBlocks;
      const jc = jcI * nc, pc = pcI * kc;
      const ncj = Math.min(nc, n - jc), kcj = Math.min(kc, k - pc);
      const j0 = piece * pw;
      try {
        if (j0 < ncj) {
          const w = Math.min(pw, ncj - j0), ncp = Math.ceil(ncj / nr) * nr;
          const src = b + ((tb ? (jc + j0) * ldb + pc : pc * ldb + jc + j0) << sh);
          pack(tb, w, kcj, src, ldb, kc, nc, packed + ((jc * k + pc * ncp + j0 * kcj) << sh));
        }
      } catch (e) {
        Atomics.store(I, ${FAILED}, 1);
      } finally {
        finishItem(I, ${PDONE}, nPack);
      }
    }
    // wait for the pieces other threads claimed (leave if this job has ended meanwhile)
    let d;
    while ((d = Atomics.load(I, ${PDONE})) < nPack) {
      if (Atomics.load(I, ${GEN}) !== g) return;
      Atomics.wait(I, ${PDONE}, d, 2);
    }
  }
  for (;;) {
    const q = claim(Q, 0, g, nChunks);
    if (q < 0) break;
    try {
      const bi = (q / cpb) | 0, i0 = (q - bi * cpb) * chunk, rows = Math.min(chunk, m - i0);
      if (rows > 0) {
        const a = T[3 * bi], b = T[3 * bi + 1], c = T[3 * bi + 2];
        const ai = a + ((ta ? i0 : i0 * lda) << sh);
        gemm(ta, tb, rows, n, k, alpha, ai, lda, b, ldb, beta, c + ((i0 * ldc) << sh), ldc,
          mc, kc, nc, work, packed);
      }
    } catch (e) {
      Atomics.store(I, ${FAILED}, 1);
    } finally {
      finishItem(I, ${CDONE}, nChunks);
    }
  }
}`;
}

type RunSplitChunks = (
  fn: (...args: number[]) => void,
  I: Int32Array,
  F: Float64Array,
  Q: BigInt64Array,
  g: number,
) => void;
const runSplitChunks = new Function(
  `${claimSource()}; ${runSplitSource()}; return runSplitChunks;`,
)() as RunSplitChunks;

type RunChunks = (
  // deno-lint-ignore no-explicit-any
  E: any,
  I: Int32Array,
  F: Float64Array,
  Q: BigInt64Array,
  g: number,
  work: number,
  memory: WebAssembly.Memory,
) => void;
const runChunks = new Function(
  `${claimSource()}; ${runChunksSource()}; return runChunks;`,
)() as RunChunks;

/**
 * Publishes the job whose parameters are already written (command `cmd`, `items` work items)
 * to the workers, runs items on this thread too, waits until every item is finished (by
 * whichever thread claimed it; a worker that wakes late finds nothing left and does not hold
 * this thread up), and throws if one failed.
 */
function runJob(p: Pool, cmd: number, items: number, run: (g: number) => void, what: string) {
  const I = p.ctrl;
  const g = (I[GEN] + 1) | 0;
  Atomics.store(I, CDONE, 0);
  Atomics.store(I, PDONE, 0);
  Atomics.store(I, FAILED, 0);
  I[NCHUNK] = items;
  const tag = BigInt(g >>> 0) << 32n;
  Atomics.store(p.claims, 0, tag);
  Atomics.store(p.claims, 1, tag);
  Atomics.store(I, CMD, cmd);
  Atomics.store(I, GEN, g);
  Atomics.notify(I, GEN);
  run(g);
  let done;
  while ((done = Atomics.load(I, CDONE)) < items) Atomics.wait(I, CDONE, done);
  if (Atomics.load(I, FAILED)) {
    throw new Error(`${what}: a wasm worker thread failed while computing its share`);
  }
}

interface Pool {
  workers: Worker[];
  ctrl: Int32Array;
  scalars: Float64Array;
  claims: BigInt64Array;
}

let pool: Pool | undefined;
let threads = Math.max(1, Math.min(2, navigator.hardwareConcurrency ?? 1));
let minFlops = 1e7;
/** Split row / elementwise kernels only when their per-unit operands span this many bytes. */
const MIN_SPLIT_BYTES = 1 << 18;
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
  const ctrl = new Int32Array(k.memory.buffer, ctrlPtr, WORDS);
  // the generation word stays monotonic across pools, so claim tags never repeat; the pool id
  // changes, so a worker of an older pool that has not stopped yet can never take part
  const gen = ctrl[GEN], id = (ctrl[POOL] + 1) | 0;
  ctrl.fill(0);
  ctrl[GEN] = gen;
  Atomics.store(ctrl, POOL, id);
  const scalars = new Float64Array(k.memory.buffer, ctrlPtr + F_BYTE, 8);
  const claims = new BigInt64Array(k.memory.buffer, ctrlPtr + CLAIM_BYTE, 2);
  const workers: Worker[] = [];
  for (let w = 1; w < threads; w++) {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    worker.postMessage({ bytes: k.bytes, memory: k.memory, ctrl: ctrlPtr, index: w, pool: id });
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
  pool = { workers, ctrl, scalars, claims };
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
  const I = p.ctrl;
  Atomics.store(I, CMD, 2);
  Atomics.add(I, GEN, 1);
  Atomics.notify(I, GEN);
  // wait (at most 1 s) until every worker has left its loop, then retire the pool id: a worker
  // that is still running JS after terminate() can then never join a later pool's jobs
  const t0 = performance.now();
  let e;
  while ((e = Atomics.load(I, EXITED)) < p.workers.length && performance.now() - t0 < 1000) {
    Atomics.wait(I, EXITED, e, 10);
  }
  Atomics.add(I, POOL, 1);
  await Promise.all(p.workers.map((w) => w.terminate()));
}

/**
 * A (batched) GEMM whose operands are already in wasm memory: `count` products sharing shape,
 * transposes, scalars and leading dimensions (in elements), with byte pointers
 * `(a, b, c)` of batch element `t` at `ptrs[3t], ptrs[3t+1], ptrs[3t+2]`.
 */
export interface GemmJob {
  /** f64 operands (else f32). */
  f64: boolean;
  /** Use Aᵀ (A stored k×m). */
  transA: boolean;
  /** Use Bᵀ (B stored n×k). */
  transB: boolean;
  /** Rows of every C_t. */
  m: number;
  /** Columns of every C_t. */
  n: number;
  /** Inner dimension. */
  k: number;
  /** Scale of the products. */
  alpha: number;
  /** Leading dimension of every A_t in wasm memory. */
  lda: number;
  /** Leading dimension of every B_t in wasm memory. */
  ldb: number;
  /** Scale of the incoming C_t (0: not read). */
  beta: number;
  /** Leading dimension of every C_t in wasm memory. */
  ldc: number;
  /** Rows of A per packed block. */
  mc: number;
  /** Depth per packed block. */
  kc: number;
  /** Columns of B per packed panel. */
  nc: number;
  /** Batch elements (≥ 1). */
  count: number;
  /** The pointer table: a view of 3·count Int32 in the kernels' memory. */
  ptrs: Int32Array;
  /** Scratch pointer per thread (length ≥ the thread count used). */
  work: readonly number[];
  /**
   * Scratch for all of op(B) packed once and shared by the threads (k·⌈n/NR⌉·NR elements);
   * used only when a single product (`count = 1`) is split (0 otherwise).
   */
  packedB: number;
  /** Threads to use (from {@linkcode plannedThreads}; 1 = main thread only). */
  threads: number;
}

/**
 * How many threads {@linkcode runGemm} would use right now for `count` products of shape
 * m×n×k (≥ 1): all of them when the total `2·m·n·k·count` reaches `minFlops` and there is
 * enough to split (several products, or at least two row tiles of one).
 */
export function plannedThreads(m: number, n: number, k: number, mr: number, count = 1): number {
  if (threads <= 1 || 2 * m * n * k * count < minFlops) return 1;
  if (count <= 1 && m < 2 * mr) return 1;
  return threads;
}

/**
 * Runs the job on the main thread (`job.threads = 1`) or over the main thread and every worker:
 * the work items are row chunks of every batch element (chunks aligned to the micro-kernel rows
 * `tile.mr`), taken from a shared counter, so a thread slowed by other processes simply takes
 * fewer. A single split product first packs op(B) once into `job.packedB`, the threads sharing
 * that packing too (column pieces of `tile.nr`-multiples), then computes. Synchronous.
 */
export function runGemm(job: GemmJob, tile: { mr: number; nr: number }): void {
  const k = loadKernels();
  const E = k.exports;
  const t = job.threads;
  const gemm = job.f64 ? E.dgemm : E.sgemm;
  const P = job.ptrs;
  if (t === 1) {
    const ta = +job.transA, tb = +job.transB;
    for (let i = 0; i < job.count; i++) {
      gemm(
        ta,
        tb,
        job.m,
        job.n,
        job.k,
        job.alpha,
        P[3 * i],
        job.lda,
        P[3 * i + 1],
        job.ldb,
        job.beta,
        P[3 * i + 2],
        job.ldc,
        job.mc,
        job.kc,
        job.nc,
        job.work[0],
        0,
      );
    }
    return;
  }
  const p = ensurePool();
  threadedJobs++;
  const helpers = p.workers.length;
  const I = p.ctrl;
  const { mr, nr } = tile;
  let chunk: number;
  if (job.count === 1) {
    // about 8 chunks per thread so a thread slowed by other processes takes fewer
    const target = Math.ceil(job.m / ((helpers + 1) * 8));
    chunk = Math.max(4 * mr, Math.ceil(target / mr) * mr);
  } else {
    const cpb = Math.max(1, Math.ceil((8 * (helpers + 1)) / job.count));
    chunk = Math.max(2 * mr, Math.ceil(Math.ceil(job.m / cpb) / mr) * mr);
  }
  const cpb = Math.ceil(job.m / chunk);
  const packed = job.count === 1 ? job.packedB : 0;
  I[DT] = job.f64 ? 1 : 0;
  I[TA] = +job.transA;
  I[TB] = +job.transB;
  I[M] = job.m;
  I[N] = job.n;
  I[K] = job.k;
  I[TBL] = P.byteOffset;
  I[NB] = job.count;
  I[LDA] = job.lda;
  I[LDB] = job.ldb;
  I[LDC] = job.ldc;
  I[MC] = job.mc;
  I[KC] = job.kc;
  I[NC] = job.nc;
  I[CHUNK] = chunk;
  I[CPB] = cpb;
  I[PACKED] = packed;
  if (packed && job.k * job.n <= SMALL_B) {
    // small B: packed here before the job starts (a few µs), so no thread waits for another
    (job.f64 ? E.dgemmPackB : E.sgemmPackB)(
      +job.transB,
      job.n,
      job.k,
      P[1],
      job.ldb,
      job.kc,
      job.nc,
      packed,
    );
    I[NPACK] = 0;
  } else if (packed) {
    const ncEff = Math.min(job.nc, job.n);
    const pw = Math.max(2 * nr, Math.ceil(Math.ceil(ncEff / (4 * (helpers + 1))) / nr) * nr);
    I[PW] = pw;
    I[NR_] = nr;
    I[NPACK] = Math.ceil(job.n / job.nc) * Math.ceil(job.k / job.kc) * Math.ceil(ncEff / pw);
  }
  for (let w = 0; w <= helpers; w++) I[WORK + w] = job.work[w];
  p.scalars[0] = job.alpha;
  p.scalars[1] = job.beta;
  runJob(
    p,
    1,
    cpb * job.count,
    (g) => runChunks(E, I, p.scalars, p.claims, g, job.work[0], k.memory),
    "gemm",
  );
}

/**
 * Runs `kernel` over `units` work units (elements of an elementwise kernel, rows of a row
 * kernel), split over the main thread and the workers in chunks of a multiple of `align` units
 * when threads are configured and the operands span at least 256 KiB; otherwise one call on
 * the main thread. The kernel is called as `kernel(count, ...scalars, ...pointers)` where the
 * pointers whose `advance` flag is set move by `unitBytes` per unit (per-row operands) and the
 * others stay (shared vectors such as LayerNorm's gain). Work units must be independent, so
 * the result does not depend on the split. Synchronous.
 */
export function runSplit(
  kernel: SplitKernel,
  units: number,
  unitBytes: number,
  align: number,
  scalars: readonly number[],
  pointers: readonly (readonly [ptr: number, advance: boolean])[],
): void {
  const k = loadKernels();
  const fn = k.exports[kernel] as unknown as (...args: number[]) => void;
  const nAdv = pointers.filter(([, a]) => a).length;
  if (threads <= 1 || units * unitBytes * nAdv < MIN_SPLIT_BYTES || units < 2 * align) {
    fn(units, ...scalars, ...pointers.map(([p]) => p));
    return;
  }
  const p = ensurePool();
  threadedJobs++;
  const helpers = p.workers.length;
  const I = p.ctrl;
  // about 4 chunks per thread: a thread slowed by other processes takes fewer
  const chunk = Math.max(align, Math.ceil(units / (4 * (helpers + 1)) / align) * align);
  I[KID] = SPLIT_KERNELS.indexOf(kernel);
  I[NSCAL] = scalars.length;
  I[NPTR] = pointers.length;
  let adv = 0;
  pointers.forEach(([ptr, a], i) => {
    I[PTR0 + i] = ptr;
    if (a) adv |= 1 << i;
  });
  I[ADV] = adv;
  I[UNITB] = unitBytes;
  I[UNITS] = units;
  I[UCHUNK] = chunk;
  scalars.forEach((v, i) => (p.scalars[2 + i] = v));
  runJob(
    p,
    3,
    Math.ceil(units / chunk),
    (g) => runSplitChunks(fn, I, p.scalars, p.claims, g),
    kernel,
  );
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
