/**
 * Smoke test for packaged builds: runs a 256×256 GEMM (threaded) and small kernels on the wasm
 * backend and compares with the cpu backend; exits 1 on a mismatch. Used to verify that the
 * embedded kernels load in `deno bundle` output:
 *
 *   deno bundle kernels/bundle_smoke.ts -o out/smoke.js && deno run -A out/smoke.js
 *
 * @module
 */
import {
  configureWasmThreads,
  cpuBackend,
  kernelVariant,
  shutdownWorkers,
  wasmBackend,
  wasmThreads,
} from "../src/backend/mod.ts";

const n = 256;
const a = Float64Array.from({ length: n * n }, (_, i) => Math.sin(i));
const b = Float64Array.from({ length: n * n }, (_, i) => Math.cos(3 * i));
const c1 = new Float64Array(n * n), c2 = new Float64Array(n * n);
const args = {
  transA: false,
  transB: true,
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
  offC: 0,
  ldc: n,
};
await configureWasmThreads({ threads: 2, minFlops: 0 });
cpuBackend.gemm({ ...args, c: c1 });
wasmBackend.gemm({ ...args, c: c2 });
let err = 0;
for (let i = 0; i < n * n; i++) err = Math.max(err, Math.abs(c1[i] - c2[i]));
const dot = wasmBackend.dot(n, a, 0, 1, b, 0, 1) - cpuBackend.dot(n, a, 0, 1, b, 0, 1);
console.log(
  `kernels: ${kernelVariant()}, threaded GEMMs: ${wasmThreads().threadedJobs}, ` +
    `max |C_wasm - C_cpu| = ${err.toExponential(2)}, dot diff = ${dot.toExponential(2)}`,
);
await shutdownWorkers();
if (!(err < 1e-11 && Math.abs(dot) < 1e-12 && wasmThreads().threadedJobs === 1)) Deno.exit(1);
