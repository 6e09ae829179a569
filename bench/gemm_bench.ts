// Deno.bench groups for GEMM per size (`deno task bench`): wasm backend (1 and 2 threads) vs
// the cpu oracle at small n. GFLOP/s = 2n³ / (avg time); bench/gemm.ts prints them directly.
import {
  configureWasmThreads,
  cpuBackend,
  shutdownWorkers,
  startWorkers,
  wasmBackend,
} from "../src/backend/mod.ts";
import type { Backend, GemmArgs } from "../src/backend/mod.ts";

function args(dtype: "f32" | "f64", n: number): GemmArgs<Float32Array> | GemmArgs<Float64Array> {
  const Arr = dtype === "f32" ? Float32Array : Float64Array;
  const a = new Arr(n * n).map((_, i) => Math.sin(i));
  const b = new Arr(n * n).map((_, i) => Math.cos(i));
  return {
    transA: false,
    transB: false,
    m: n,
    n,
    k: n,
    alpha: 1,
    a,
    offA: 0,
    lda: n,
    b,
    offB: 0,
    ldb: n,
    beta: 0,
    c: new Arr(n * n),
    offC: 0,
    ldc: n,
  } as GemmArgs<Float32Array> | GemmArgs<Float64Array>;
}

function gemmBench(backend: Backend, dtype: "f32" | "f64", n: number, threads: number): void {
  const x = args(dtype, n);
  Deno.bench({
    name: `${backend.name} ${dtype} n=${n} threads=${threads}`,
    group: `gemm ${dtype} n=${n}`,
    baseline: backend.name === "wasm" && threads === 1,
    async fn(b) {
      await configureWasmThreads({ threads });
      startWorkers();
      b.start();
      backend.gemm(x);
      b.end();
    },
  });
}

for (const dtype of ["f32", "f64"] as const) {
  for (const n of [128, 256, 512]) {
    gemmBench(wasmBackend, dtype, n, 1);
    gemmBench(wasmBackend, dtype, n, 2);
    if (n === 128) gemmBench(cpuBackend, dtype, n, 1);
  }
}

Deno.bench({
  name: "shutdown workers",
  group: "teardown",
  n: 1,
  warmup: 0,
  async fn() {
    await shutdownWorkers();
  },
});
