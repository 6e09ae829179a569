// Batched strided GEMM conformance: every backend × dtype against the cpu oracle's plain `gemm`
// called once per batch element, over batch shapes (empty, 1, several axes, zero extent),
// contiguous / broadcast (stride 0) / interleaved (head-split views) / negative batch strides,
// both transposes, edge sizes, alpha/beta incl. NaN-safety, C with gaps between and inside the
// batch matrices (which must stay untouched), and the wasm thread split (bitwise equal to one
// thread).
import assert from "node:assert/strict";
import { assertWithin, cases, fill, oracle, unitRoundoff, withCase } from "./backends.ts";
import type { Backend, DType, GemmArgs, TypedArray } from "../../src/backend/mod.ts";
import type { GemmBatchedArgs } from "../../src/backend/types.ts";
import { configureWasmThreads, shutdownWorkers, wasmThreads } from "../../src/backend/mod.ts";
import { gemmBlocking } from "../../src/backend/wasm/gemm.ts";

type Args = GemmBatchedArgs<Float32Array> | GemmBatchedArgs<Float64Array>;

interface Case {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  alpha: number;
  beta: number;
  batch: number[];
  /** Layout of A / B over the batch: "dense" batch after batch, "bcast" stride 0 on the first
   * axis, "heads" interleaved matrices (the [B, H, T, dh] view of a [B·T, H·dh] array),
   * "neg" a negative stride on the last axis. */
  layoutA: Layout;
  layoutB: Layout;
  /** Extra elements between rows of C (ldc = n + padC) and between batch matrices of C. */
  padC: number;
}
type Layout = "dense" | "bcast" | "heads" | "neg";

/** Storage, offset, leading dimension and batch strides of `rows×cols` matrices over `batch`. */
function layout(
  dtype: DType,
  batch: number[],
  rows: number,
  cols: number,
  kind: Layout,
  seed: number,
) {
  const nb = batch.reduce((a, b) => a * b, 1);
  const strides = new Array<number>(batch.length);
  let ld = cols, len: number, off = 0;
  if (kind === "heads" && batch.length > 0) {
    // matrices side by side along the rows: ld = cols·(last batch extent)
    const h = batch[batch.length - 1];
    ld = cols * h;
    strides[batch.length - 1] = cols;
    for (let i = batch.length - 2, s = rows * ld; i >= 0; i--) {
      strides[i] = s;
      s *= batch[i];
    }
    len = Math.max(1, nb / Math.max(h, 1)) * rows * ld;
  } else {
    ld = cols + 1; // padded rows
    for (let i = batch.length - 1, s = rows * ld + 2; i >= 0; i--) {
      strides[i] = s;
      s *= batch[i];
    }
    len = nb * (rows * ld + 2) + 1;
    if (kind === "bcast" && batch.length > 0) strides[0] = 0;
    if (kind === "neg" && batch.length > 0) {
      const last = batch.length - 1;
      off = Math.max(0, batch[last] - 1) * strides[last];
      strides[last] = -strides[last];
    }
  }
  return { buf: fill(dtype, Math.max(len, 1) + 3, seed), off, ld, strides };
}

function offsetsOf(off: number, batch: number[], strides: number[]): number[] {
  let offs = [off];
  for (let i = 0; i < batch.length; i++) {
    const next: number[] = [];
    for (const o of offs) for (let t = 0; t < batch[i]; t++) next.push(o + t * strides[i]);
    offs = next;
  }
  return offs;
}

function make(dtype: DType, c: Case, seed: number) {
  const A = layout(dtype, c.batch, c.transA ? c.k : c.m, c.transA ? c.m : c.k, c.layoutA, seed);
  const B = layout(dtype, c.batch, c.transB ? c.n : c.k, c.transB ? c.k : c.n, c.layoutB, seed + 1);
  const ldc = c.n + c.padC;
  const strideC = new Array<number>(c.batch.length);
  for (let i = c.batch.length - 1, s = c.m * ldc + c.padC; i >= 0; i--) {
    strideC[i] = s;
    s *= c.batch[i];
  }
  const nb = c.batch.reduce((a, b) => a * b, 1);
  const C = fill(dtype, nb * (c.m * ldc + c.padC) + 4, seed + 2);
  if (c.beta === 0) C.fill(NaN); // must never be read
  if (c.alpha === 0) {
    A.buf.fill(NaN); // must never be read either
    B.buf.fill(NaN);
  }
  return { A, B, C, ldc, strideC, offC: 1 };
}

function args(
  c: Case,
  d: ReturnType<typeof make>,
  a: TypedArray,
  b: TypedArray,
  cc: TypedArray,
): Args {
  return {
    transA: c.transA,
    transB: c.transB,
    m: c.m,
    n: c.n,
    k: c.k,
    alpha: c.alpha,
    a,
    offA: d.A.off,
    lda: d.A.ld,
    b,
    offB: d.B.off,
    ldb: d.B.ld,
    beta: c.beta,
    c: cc,
    offC: d.offC,
    ldc: d.ldc,
    batch: c.batch,
    strideA: d.A.strides,
    strideB: d.B.strides,
    strideC: d.strideC,
  } as Args;
}

/** The oracle: plain `gemm` once per batch element. */
function perElement(a: Args, alphaBeta?: [number, number]): void {
  const oa = offsetsOf(a.offA, a.batch as number[], a.strideA as number[]);
  const ob = offsetsOf(a.offB, a.batch as number[], a.strideB as number[]);
  const oc = offsetsOf(a.offC, a.batch as number[], a.strideC as number[]);
  for (let t = 0; t < oc.length; t++) {
    const g = { ...a, offA: oa[t], offB: ob[t], offC: oc[t] } as GemmArgs<Float64Array>;
    if (alphaBeta) [g.alpha, g.beta] = alphaBeta;
    oracle.gemm(g);
  }
}

function check(backend: Backend, dtype: DType, c: Case, seed: number): TypedArray {
  const d = make(dtype, c, seed);
  const expected = d.C.slice(), actual = d.C.slice();
  perElement(args(c, d, d.A.buf, d.B.buf, expected));
  backend.gemmBatched(args(c, d, d.A.buf, d.B.buf, actual));
  // Bound as in gemm_test.ts: (k+3)·u·(|alpha|·|A||B| + |beta|·|C|) per element of C.
  const abs = (x: TypedArray) => x.map((v) => Math.abs(v));
  const bound = abs(d.C);
  if (c.alpha !== 0) {
    perElement(args(c, d, abs(d.A.buf), abs(d.B.buf), bound), [
      Math.abs(c.alpha),
      Math.abs(c.beta),
    ]);
  } else {
    for (let i = 0; i < bound.length; i++) bound[i] = Math.abs(c.beta) * bound[i];
  }
  const u = unitRoundoff(dtype);
  const tol = Array.from(bound, (v) => (c.k + 3) * u * (Number.isFinite(v) ? v : 0) + 1e-300);
  // entries outside every batch element's m×n window must be untouched: tolerance 0 there
  const inWindow = new Uint8Array(bound.length);
  for (const o of offsetsOf(d.offC, c.batch, d.strideC)) {
    for (let i = 0; i < c.m; i++) for (let j = 0; j < c.n; j++) inWindow[o + i * d.ldc + j] = 1;
  }
  for (let i = 0; i < tol.length; i++) if (!inWindow[i]) tol[i] = 0;
  const what = `${backend.name} ${dtype} gemmBatched batch=[${c.batch}] m=${c.m} n=${c.n} ` +
    `k=${c.k} tA=${c.transA} tB=${c.transB} A=${c.layoutA} B=${c.layoutB} alpha=${c.alpha} ` +
    `beta=${c.beta} padC=${c.padC}`;
  assertWithin(actual, expected, tol, what);
  return actual;
}

const TRANS: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];
const BATCHES = [[], [1], [3], [2, 3], [0], [2, 0, 3]];
const LAYOUTS: [Layout, Layout][] = [
  ["dense", "dense"],
  ["heads", "heads"],
  ["dense", "bcast"],
  ["bcast", "heads"],
  ["neg", "dense"],
];

for (const tc of cases()) {
  const { backend, dtype } = tc;
  Deno.test(
    `conformance gemmBatched ${tc.label} ${dtype}: batch shapes × layouts × transposes`,
    withCase(tc, () => {
      let seed = 1;
      const sizes = [[1, 1, 1], [5, 17, 3], [17, 4, 16], [13, 9, 0], [0, 4, 5], [4, 0, 2]];
      for (const batch of BATCHES) {
        for (const [la, lb] of LAYOUTS) {
          for (const [transA, transB] of TRANS) {
            const [m, n, k] = sizes[seed % sizes.length];
            const padC = seed % 2 === 0 ? 0 : 2;
            check(backend, dtype, {
              m,
              n,
              k,
              transA,
              transB,
              alpha: 1,
              beta: 0,
              batch,
              layoutA: la,
              layoutB: lb,
              padC,
            }, seed++);
          }
        }
      }
      // C of one product larger than the wasm backend's cache-resident group: one group per
      // product, C copied in (beta ≠ 0) and out per group, dense and with gaps
      for (const padC of [0, 1]) {
        check(backend, dtype, {
          m: 300,
          n: 300,
          k: 3,
          transA: true,
          transB: false,
          alpha: 0.5,
          beta: -1,
          batch: [3],
          layoutA: "dense",
          layoutB: "heads",
          padC,
        }, seed++);
      }
      // tile remainders of the wasm micro-kernel (6×8 f32, 4×4 f64) and a k beyond one block
      for (const [m, n, k] of [[129, 17, 5], [7, 129, 300]]) {
        check(backend, dtype, {
          m,
          n,
          k,
          transA: false,
          transB: true,
          alpha: 1,
          beta: 0,
          batch: [2, 2],
          layoutA: "heads",
          layoutB: "dense",
          padC: 0,
        }, seed++);
      }
    }),
  );

  Deno.test(
    `conformance gemmBatched ${tc.label} ${dtype}: alpha/beta incl. NaN-safety`,
    withCase(tc, () => {
      let seed = 100;
      for (const [alpha, beta] of [[0.5, -2], [0, 3], [0, 0], [2, 0], [-1, 1]]) {
        for (const [transA, transB] of TRANS) {
          for (const padC of [0, 3]) {
            check(backend, dtype, {
              m: 6,
              n: 9,
              k: 5,
              transA,
              transB,
              alpha,
              beta,
              batch: [2, 2],
              layoutA: "heads",
              layoutB: "bcast",
              padC,
            }, seed++);
          }
        }
      }
    }),
  );

  Deno.test(
    `conformance gemmBatched ${tc.label} ${dtype}: rejects bad input`,
    withCase(tc, () => {
      const z = dtype === "f32" ? new Float32Array(16) : new Float64Array(16);
      const base = {
        transA: false,
        transB: false,
        m: 2,
        n: 2,
        k: 2,
        alpha: 1,
        a: z,
        offA: 0,
        lda: 2,
        b: z,
        offB: 0,
        ldb: 2,
        beta: 0,
        c: z.slice(),
        offC: 0,
        ldc: 2,
        batch: [2],
        strideA: [4],
        strideB: [0],
        strideC: [4],
      } as Args;
      backend.gemmBatched(base); // valid
      assert.throws(() => backend.gemmBatched({ ...base, m: -1 }), /argument "m"/);
      assert.throws(
        () => backend.gemmBatched({ ...base, batch: [2, 1] }),
        /gemmBatched: argument "strideA" must be an array of 2 integers/,
      );
      assert.throws(
        () => backend.gemmBatched({ ...base, batch: [-1] }),
        /gemmBatched: argument "batch" must be an array of non-negative integers/,
      );
      assert.throws(
        () => backend.gemmBatched({ ...base, strideC: [0] }),
        /gemmBatched: argument "strideC" must be nonzero where the batch extent is > 1/,
      );
      assert.throws(
        () => backend.gemmBatched({ ...base, batch: [5] }),
        /gemmBatched: argument "a" must hold a 2x2 matrix/,
      );
      assert.throws(
        () => backend.gemmBatched({ ...base, offC: 2, strideC: [-4] }),
        /gemmBatched: argument "strideC" must be strides that keep every batch element at offset >= 0/,
      );
    }),
  );
}

Deno.test("conformance gemmBatched wasm: two threads give the same result as one", async () => {
  const saved = wasmThreads();
  const savedNc = gemmBlocking.f32.nc, savedNcD = gemmBlocking.f64.nc;
  try {
    const wasm = cases().find((c) => c.backend.name === "wasm")!.backend;
    for (const dtype of ["f32", "f64"] as const) {
      const shapes: [number[], number, number, number, boolean, boolean, Layout][] = [
        [[3, 4], 33, 20, 7, false, true, "heads"], // many small products: split over the batch
        [[2], 100, 17, 9, true, false, "dense"], // few products: split over batch × row chunks
        [[], 61, 70, 600, false, false, "dense"], // one product: B packed by all threads, k > kc
        [[1], 40, 57, 300, true, true, "dense"],
        [[3], 300, 260, 5, false, false, "heads"], // one group per product (C > 256 KiB)
      ];
      for (const nc of [4096, 16]) {
        // nc = 16: several column blocks of packed B (jc loop) in the shared packing
        gemmBlocking.f32.nc = nc;
        gemmBlocking.f64.nc = nc;
        for (const [batch, m, n, k, transA, transB, lay] of shapes) {
          const c: Case = {
            m,
            n,
            k,
            transA,
            transB,
            alpha: 0.5,
            beta: -1,
            batch,
            layoutA: lay,
            layoutB: "dense",
            padC: 1,
          };
          await configureWasmThreads({ threads: 1 });
          const one = check(wasm, dtype, c, 7);
          await configureWasmThreads({ threads: 2, minFlops: 0 });
          const before = wasmThreads().threadedJobs;
          const two = check(wasm, dtype, c, 7);
          // one threaded job per group of batch elements (several when C_t is large)
          assert.ok(wasmThreads().threadedJobs > before, "the GEMM was split across threads");
          // every row of every C_t runs the same kernel sequence on 1 or 2 threads: bitwise equal
          assert.deepEqual(two, one);
        }
      }
    }
  } finally {
    gemmBlocking.f32.nc = savedNc;
    gemmBlocking.f64.nc = savedNcD;
    await configureWasmThreads({ threads: saved.threads, minFlops: saved.minFlops });
    await shutdownWorkers();
  }
});
