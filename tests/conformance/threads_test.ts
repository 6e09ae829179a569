// Row and elementwise kernels split over the wasm worker threads (GELU, GELU VJP, causal and
// plain row softmax and its VJP, LayerNorm): the split result is bitwise equal to the
// one-thread result (work units are independent rows / elements, and row chunks start at
// multiples of the causal period), and the split really happened.
import assert from "node:assert/strict";
import { fill } from "./backends.ts";
import { getBackend } from "../../src/backend/mod.ts";
import { configureWasmThreads, shutdownWorkers, wasmThreads } from "../../src/backend/mod.ts";

Deno.test("conformance wasm row kernels: two threads give the same result as one", async () => {
  const saved = wasmThreads();
  const wasm = getBackend("wasm");
  const runs: [string, () => Float32Array[]][] = [];
  const x = fill("f32", 40003, 1) as Float32Array, g = fill("f32", 40003, 2) as Float32Array;
  runs.push(["gelu", () => {
    const y = new Float32Array(40001), dx = new Float32Array(40001);
    wasm.gelu(40000, x, 3, y, 1);
    wasm.geluBwd(40000, x, 3, g, 2, dx, 0);
    return [y, dx];
  }]);
  for (const tq of [0, 100]) {
    // 300 rows of 130: causal score matrices [3, 100, 130] (query r sees keys ≤ r % 100 + 30)
    runs.push([`softmax tq=${tq}`, () => {
      const y = new Float32Array(300 * 130), dx = new Float32Array(300 * 130);
      wasm.softmaxRows(300, 130, tq, 0.7, x, 5, y, 0);
      wasm.softmaxRowsBwd(300, 130, tq, 0.7, y, 0, g, 1, dx, 0);
      return [y, dx];
    }]);
  }
  runs.push(["layerNorm", () => {
    const y = new Float32Array(300 * 128 + 2), gamma = fill("f32", 128, 3);
    const beta = fill("f32", 128, 4);
    wasm.layerNormRows(300, 128, 1e-5, x, 7, gamma, 0, beta, 0, y, 2);
    return [y];
  }]);
  try {
    for (const [name, run] of runs) {
      await configureWasmThreads({ threads: 1 });
      const one = run();
      await configureWasmThreads({ threads: 2, minFlops: 0 });
      const before = wasmThreads().threadedJobs;
      const two = run();
      assert.ok(wasmThreads().threadedJobs > before, `${name} was split across threads`);
      for (let i = 0; i < one.length; i++) assert.deepEqual(two[i], one[i], name);
      assert.ok(one[0].some((v) => v !== 0), `${name} computed something`);
    }
  } finally {
    await configureWasmThreads({ threads: saved.threads, minFlops: saved.minFlops });
    await shutdownWorkers();
  }
});
