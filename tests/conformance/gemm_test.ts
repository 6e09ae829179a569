// GEMM conformance: every backend × dtype against the cpu oracle over sizes that hit SIMD and
// tile remainders, both transposes, leading-dimension padding, offsets, alpha/beta (incl.
// beta = 0 with NaN in C, and alpha = 0 with NaN in A and B).
import assert from "node:assert/strict";
import { assertWithin, cases, fill, oracle, SIZES, unitRoundoff, withCase } from "./backends.ts";
import type { Backend, DType, GemmArgs, TypedArray } from "../../src/backend/mod.ts";
import { configureWasmThreads, shutdownWorkers, wasmThreads } from "../../src/backend/mod.ts";

type Args = GemmArgs<Float32Array> | GemmArgs<Float64Array>;

interface Case {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  alpha: number;
  beta: number;
  pad: number;
  off: number;
}

function make(dtype: DType, c: Case, seed: number) {
  const { m, n, k, transA, transB, pad, off } = c;
  const lda = (transA ? m : k) + pad, ldb = (transB ? k : n) + pad, ldc = n + pad;
  const a = fill(dtype, off + lda * (transA ? k : m), seed);
  const b = fill(dtype, off + ldb * (transB ? n : k), seed + 1);
  const cc = fill(dtype, off + ldc * m + pad, seed + 2);
  if (c.beta === 0) cc.fill(NaN); // must never be read
  if (c.alpha === 0) {
    a.fill(NaN); // must never be read either
    b.fill(NaN);
  }
  return { a, b, c: cc, lda, ldb, ldc };
}

function args(c: Case, d: ReturnType<typeof make>, cOut: TypedArray): Args {
  return {
    transA: c.transA,
    transB: c.transB,
    m: c.m,
    n: c.n,
    k: c.k,
    alpha: c.alpha,
    a: d.a,
    offA: c.off,
    lda: d.lda,
    b: d.b,
    offB: c.off,
    ldb: d.ldb,
    beta: c.beta,
    c: cOut,
    offC: c.off,
    ldc: d.ldc,
  } as Args;
}

/** Runs one case on `backend` and checks it against the oracle with a rigorous error bound. */
function check(backend: Backend, dtype: DType, c: Case, seed: number): void {
  const d = make(dtype, c, seed);
  const expected = d.c.slice();
  const actual = d.c.slice();
  oracle.gemm(args(c, d, expected));
  backend.gemm(args(c, d, actual));
  // Bound: |ĉ - c| ≤ (k+3)·u·(|alpha|·|A||B| + |beta|·|C|) (+ one rounding of the oracle), the
  // standard γ_k bound of a length-k dot product with an extra term for alpha/beta/storage.
  const abs = (x: TypedArray) => x.map((v) => Math.abs(v));
  const bound = abs(d.c); // |C| (NaN where C is NaN; unused then since beta = 0)
  if (c.alpha !== 0) {
    oracle.gemm({
      ...args(c, { ...d, a: abs(d.a), b: abs(d.b) }, bound),
      alpha: Math.abs(c.alpha),
      beta: Math.abs(c.beta),
    } as Args);
  } else {
    for (let i = 0; i < bound.length; i++) bound[i] = Math.abs(c.beta) * bound[i];
  }
  const u = unitRoundoff(dtype);
  const tol = Array.from(bound, (v) => (c.k + 3) * u * (Number.isFinite(v) ? v : 0) + 1e-300);
  // entries outside the m×n window (padding, offset) must be untouched: tolerance 0 there
  const inWindow = new Uint8Array(bound.length);
  for (let i = 0; i < c.m; i++) {
    for (let j = 0; j < c.n; j++) inWindow[c.off + i * d.ldc + j] = 1;
  }
  for (let i = 0; i < tol.length; i++) if (!inWindow[i]) tol[i] = 0;
  const what =
    `${backend.name} ${dtype} gemm m=${c.m} n=${c.n} k=${c.k} tA=${c.transA} tB=${c.transB} ` +
    `alpha=${c.alpha} beta=${c.beta} pad=${c.pad} off=${c.off}`;
  assertWithin(actual, expected, tol, what);
}

const S = SIZES;
const TRANS: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];

for (const tc of cases()) {
  const { backend, dtype } = tc;
  Deno.test(
    `conformance gemm ${tc.label} ${dtype}: size cover × transposes`,
    withCase(tc, () => {
      let seed = 1;
      // each size appears as m, n and k; mixed triples rotate through the list
      for (let i = 0; i < S.length; i++) {
        const triples = [[S[i], S[(i + 3) % S.length], S[(i + 7) % S.length]], [S[i], S[i], S[i]]];
        for (const [m, n, k] of triples) {
          for (const [transA, transB] of TRANS) {
            const pad = (i + +transA) % 2 === 0 ? 0 : 3;
            const off = i % 3 === 0 ? 0 : 5;
            check(backend, dtype, { m, n, k, transA, transB, alpha: 1, beta: 0, pad, off }, seed++);
          }
        }
      }
    }),
  );

  Deno.test(
    `conformance gemm ${tc.label} ${dtype}: alpha/beta incl. NaN-safety`,
    withCase(tc, () => {
      let seed = 100;
      const ab: [number, number][] = [[1, 0], [0.5, -2], [-1.5, 1], [0, 3], [0, 0], [2, 0]];
      for (const [alpha, beta] of ab) {
        for (const [m, n, k] of [[17, 129, 5], [128, 16, 129], [4, 15, 0], [1, 1, 1], [0, 3, 4]]) {
          for (const [transA, transB] of TRANS) {
            check(backend, dtype, { m, n, k, transA, transB, alpha, beta, pad: 2, off: 3 }, seed++);
          }
        }
      }
    }),
  );

  Deno.test(
    `conformance gemm ${tc.label} ${dtype}: rejects bad input`,
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
      } as Args;
      assert.throws(
        () => backend.gemm({ ...base, m: -1 }),
        /gemm: argument "m" must be a non-negative integer, got -1/,
      );
      assert.throws(
        () => backend.gemm({ ...base, k: NaN }),
        /gemm: argument "k" must be a non-negative integer, got NaN/,
      );
      assert.throws(() => backend.gemm({ ...base, n: 1.5 }), /argument "n"/);
      assert.throws(
        () => backend.gemm({ ...base, offB: 15 }),
        /gemm: argument "b" must hold a 2x2 matrix/,
      );
      assert.throws(() => backend.gemm({ ...base, ldc: 1 }), /argument "ldc" must be >= n = 2/);
      const other = dtype === "f32" ? new Float64Array(16) : new Float32Array(16);
      assert.throws(
        () => backend.gemm({ ...base, b: other } as unknown as Args),
        /gemm: argument "b" must have the dtype of "a"/,
      );
    }),
  );
}

Deno.test("conformance gemm wasm: two threads give the same result as one", async () => {
  const saved = wasmThreads();
  try {
    const wasm = cases().find((c) => c.backend.name === "wasm")!.backend;
    for (const dtype of ["f32", "f64"] as const) {
      const shapes = [
        [129, 127, 128, false, false],
        [300, 33, 65, true, true],
        [50, 1, 1000, true, false], // one column of C
        [25, 17, 3, false, true], // two row chunks, the second partial
      ] as const;
      for (const [m, n, k, transA, transB] of shapes) {
        const c: Case = { m, n, k, transA, transB, alpha: 0.5, beta: -1, pad: 1, off: 2 };
        const d = make(dtype, c, 7);
        const one = d.c.slice(), two = d.c.slice();
        await configureWasmThreads({ threads: 1 });
        wasm.gemm(args(c, d, one));
        await configureWasmThreads({ threads: 2, minFlops: 0 });
        const before = wasmThreads().threadedJobs;
        wasm.gemm(args(c, d, two));
        assert.equal(wasmThreads().threadedJobs, before + 1, "the GEMM was split across threads");
        // each row of C is computed by exactly the same kernel sequence, so results are bitwise equal
        assert.deepEqual(two, one);
        check(wasm, dtype, c, 7); // and against the oracle, threaded
      }
    }
  } finally {
    await shutdownWorkers();
    await configureWasmThreads({ threads: saved.threads, minFlops: saved.minFlops });
  }
});
