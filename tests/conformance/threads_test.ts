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

Deno.test("wasm threads: training steps give bitwise the same losses on 1 and 2 threads", async () => {
  const { valueAndGrad } = await import("../../src/autodiff/mod.ts");
  const { crossEntropyLoss, transformerLM } = await import("../../src/nn/mod.ts");
  const { adamw } = await import("../../src/optim/mod.ts");
  const { key } = await import("../../src/random/key.ts");
  const saved = wasmThreads();
  const model = transformerLM({ vocab: 11, context: 8, dim: 16, heads: 2, layers: 1 });
  const n = 4 * 8;
  const tokens = Int32Array.from({ length: n }, (_, i) => (i * 7) % 11);
  const targets = Int32Array.from({ length: n }, (_, i) => (i * 5 + 3) % 11);
  const run = async (threads: number) => {
    // minFlops 0: every product of the step is split when threads > 1
    await configureWasmThreads({ threads, minFlops: 0 });
    let params = model.init(key(0));
    const opt = adamw({ weightDecay: 0.1 });
    let state = opt.init(params);
    const vg = valueAndGrad((p: typeof params) =>
      crossEntropyLoss(model.apply(p, { tokens, batch: 4, seq: 8 }), targets)
    );
    const losses: number[] = [];
    for (let s = 0; s < 3; s++) {
      const { value, grad } = vg(params);
      const r = opt.update(params, grad, { state, lr: 1e-2 });
      params = r.params;
      state = r.state;
      losses.push(value.item());
    }
    return losses;
  };
  try {
    const one = await run(1);
    const before = wasmThreads().threadedJobs;
    const two = await run(2);
    assert.ok(wasmThreads().threadedJobs > before, "the step's GEMMs were split");
    // every product and row kernel computes each output element with the same operation
    // sequence whatever the split, so the whole training trajectory is bitwise equal
    assert.deepEqual(two, one);
    assert.ok(one[2] < one[0], `the loss decreases: ${one}`);
  } finally {
    await configureWasmThreads({ threads: saved.threads, minFlops: saved.minFlops });
    await shutdownWorkers();
  }
});
