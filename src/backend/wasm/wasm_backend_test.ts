import assert from "node:assert/strict";
import { wasmBackend } from "./wasm_backend.ts";
import { kernelVariant, loadKernels } from "./kernels.ts";
import {
  configureWasmThreads,
  MAX_THREADS,
  shutdownWorkers,
  useKernelVariant,
  wasmThreads,
} from "./threads.ts";
import { gemmCpu } from "../cpu/gemm.ts";

Deno.test("wasm kernels: relaxed SIMD is chosen on this engine, memory is shared", () => {
  // Deno 2.9 (V8 15) validates relaxed SIMD without flags (measured; Node 20 with V8 11 refuses
  // the same module without --experimental-relaxed-simd)
  assert.equal(kernelVariant(), "relaxed");
  const k = loadKernels();
  assert.equal(k.variant, "relaxed");
  assert.ok(k.memory.buffer instanceof SharedArrayBuffer);
  assert.equal(k.heapBase % 64, 0);
});

Deno.test("wasm gemm: memory grows for large operands and results stay exact", () => {
  // integer-valued data: every partial sum is an exact small integer in f64, so wasm must match
  // the cpu oracle bit for bit, also after the memory grew
  const before = loadKernels().memory.buffer.byteLength;
  const m = 300, n = 260, k = 200;
  const a = Float64Array.from({ length: m * k }, (_, i) => (i % 7) - 3);
  const b = Float64Array.from({ length: k * n }, (_, i) => (i % 5) - 2);
  const c1 = new Float64Array(m * n), c2 = new Float64Array(m * n);
  const args = {
    transA: false,
    transB: false,
    m,
    n,
    k,
    alpha: 1,
    a,
    offA: 0,
    lda: k,
    b,
    offB: 0,
    ldb: n,
    beta: 0,
    offC: 0,
    ldc: n,
  };
  wasmBackend.gemm({ ...args, c: c1 });
  gemmCpu({ ...args, c: c2 });
  assert.deepEqual(c1, c2);
  assert.ok(loadKernels().memory.buffer.byteLength >= before);
  assert.ok(loadKernels().memory.buffer.byteLength >= 3 * 8 * 200 * 300);
});

Deno.test("wasm threads: configuration is validated and workers shut down", async () => {
  const saved = wasmThreads();
  try {
    await assert.rejects(
      () => configureWasmThreads({ threads: 0 }),
      /configureWasmThreads: argument "threads" must be an integer in 1\.\.8, got 0/,
    );
    await assert.rejects(() => configureWasmThreads({ threads: MAX_THREADS + 1 }), /got 9/);
    await assert.rejects(
      () => configureWasmThreads({ minFlops: -1 }),
      /argument "minFlops" must be a non-negative number, got -1/,
    );
    await configureWasmThreads({ threads: 2, minFlops: 0 });
    const n = 64;
    const a = new Float32Array(n * n).fill(1);
    const c = new Float32Array(n * n);
    wasmBackend.gemm({
      transA: false,
      transB: false,
      m: n,
      n,
      k: n,
      alpha: 1,
      a,
      offA: 0,
      lda: n,
      b: a,
      offB: 0,
      ldb: n,
      beta: 0,
      c,
      offC: 0,
      ldc: n,
    });
    assert.ok(c.every((v) => v === n));
    assert.equal(wasmThreads().workersRunning, 1);
    await shutdownWorkers();
    assert.equal(wasmThreads().workersRunning, 0);
  } finally {
    await shutdownWorkers();
    await configureWasmThreads({ threads: saved.threads, minFlops: saved.minFlops });
  }
});

Deno.test("wasm kernels: the plain-SIMD fallback build can be forced and computes the same", async () => {
  const n = 37;
  const a = Float64Array.from({ length: n * n }, (_, i) => (i % 11) - 5);
  const run = () => {
    const c = new Float64Array(n * n);
    wasmBackend.gemm({
      transA: true,
      transB: false,
      m: n,
      n,
      k: n,
      alpha: 1,
      a,
      offA: 0,
      lda: n,
      b: a,
      offB: 0,
      ldb: n,
      beta: 0,
      c,
      offC: 0,
      ldc: n,
    });
    return c;
  };
  try {
    await useKernelVariant("simd");
    assert.equal(loadKernels().variant, "simd");
    const simd = run();
    await useKernelVariant("auto");
    assert.equal(loadKernels().variant, "relaxed");
    // integer data: both builds are exact, so they agree bit for bit
    assert.deepEqual(run(), simd);
    await assert.rejects(
      () => useKernelVariant("sse" as "simd"),
      /useKernelVariant: argument "variant" must be "relaxed", "simd" or "auto", got "sse"/,
    );
  } finally {
    await useKernelVariant("auto");
  }
});
