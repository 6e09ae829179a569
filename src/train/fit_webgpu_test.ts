/**
 * Training parity of the WebGPU backend: `fit` with `device: gpu` against the host (cpu) `fit`
 * from the same f32 initialisation and the same batches, for an MLP (tanh, MSE) and the tiny
 * transformer LM (LayerNorm, causal attention, GELU, gather, cross-entropy), 50 AdamW steps each.
 * Runs on the llvmpipe software adapter in CI; each test destroys its device.
 *
 * Tolerance: both sides compute in f32 (GPU f32 arithmetic and WGSL exp/tanh, the host f32
 * storage with f64 accumulation inside fused loops, expF32/tanhF32), so per-op differences are a
 * few ulp (~1e-7 relative). AdamW divides by √v̂ + ε, which amplifies a relative gradient error
 * δ by at most O(1) per step when |g| ≫ ε; over 50 steps the loss error stays ≈ 50·(a few ulp)
 * amplified by the conditioning of a 1–2k parameter model. We assert 1e-4 relative on every
 * step's loss and gradient norm (about 10³ ulp; measured on llvmpipe: ≤ 1.1e-6), far below the
 * loss change over the run (the losses fall by > 20%), so a wrong VJP or update cannot pass.
 */
import assert from "node:assert/strict";
import { NDArray } from "../array/ndarray.ts";
import { treeLeaves } from "../autodiff/tree.ts";
import { mse } from "../nn/losses.ts";
import { mlp } from "../nn/mlp.ts";
import { transformerLM } from "../nn/transformer.ts";
import { adamw, sgd } from "../optim/mod.ts";
import { slice } from "../array/shape_ops.ts";
import { foldIn, key } from "../random/key.ts";
import { normal } from "../random/normal.ts";
import { constantLr, withConstantBatch } from "../schedules/mod.ts";
import { type Gpu, GpuStorage, requestGpu, toHost } from "../backend/webgpu/mod.ts";
import { type DataSource, fit, type FitOptions, lmBatches, lmLoss } from "./mod.ts";
import type { Tree } from "../autodiff/tree.ts";

async function withGpu(fn: (gpu: Gpu) => Promise<void>): Promise<void> {
  const gpu = await requestGpu();
  try {
    await fn(gpu);
  } finally {
    gpu.destroy();
  }
}

const STEPS = 50, RTOL = 1e-4;

/**
 * Run `fit` on the host and on the GPU from the same options; assert the per-step losses agree
 * within RTOL, that GPU live memory is flat across steps, and return the largest relative gap.
 */
async function parity<P extends Tree, B>(
  gpu: Gpu,
  opts: Omit<FitOptions<P, B>, "device">,
  readEverySteps = 1,
): Promise<{ maxRel: number; first: number; last: number }> {
  const host = await fit(opts);
  const live: number[] = [];
  // count every device→host read: the loop may read only its [loss, grad norm] pair per step
  const read = GpuStorage.prototype.read;
  let reads = 0;
  GpuStorage.prototype.read = function (this: GpuStorage) {
    reads++;
    return read.call(this);
  };
  let dev;
  try {
    dev = await fit({
      ...opts,
      device: gpu,
      readEverySteps,
      onStep: () => live.push(gpu.liveBytes),
    });
  } finally {
    GpuStorage.prototype.read = read;
  }
  assert.equal(dev.history.length, host.history.length);
  // one readback per readEverySteps steps, plus one before each eval hook (pending losses)
  const bursts = Math.ceil(dev.history.length / readEverySteps);
  assert.ok(
    reads >= bursts && reads <= bursts + dev.evals.length,
    `${reads} readbacks for ${dev.history.length} steps read every ${readEverySteps}`,
  );
  assert.deepEqual(dev.evals, host.evals, "eval hooks at the same steps");
  let maxRel = 0;
  host.history.forEach((h, i) => {
    const d = dev.history[i];
    const rel = Math.abs(d.loss - h.loss) / Math.abs(h.loss);
    maxRel = Math.max(maxRel, rel);
    assert.ok(rel < RTOL, `step ${i + 1}: gpu loss ${d.loss} vs cpu ${h.loss} (rel ${rel})`);
    assert.ok(
      Math.abs(d.gradNorm - h.gradNorm) <= RTOL * h.gradNorm,
      `step ${i + 1}: gpu grad norm ${d.gradNorm} vs cpu ${h.gradNorm}`,
    );
  });
  // memory: after the first step only params and optimizer state stay allocated
  assert.ok(live.every((b) => b === live[0]), `live bytes not flat: ${live.slice(0, 5)}…`);
  // the trained parameters themselves agree (read back once, at the end)
  const hl = treeLeaves(host.params), dl = treeLeaves(dev.params);
  for (let i = 0; i < hl.length; i++) {
    const a = hl[i].value.dataSync(), b = (await toHost(dl[i].value)).dataSync();
    let num = 0, den = 0;
    for (let j = 0; j < a.length; j++) {
      num += (a[j] - b[j]) ** 2;
      den += a[j] ** 2;
    }
    assert.ok(
      Math.sqrt(num / den) < 1e-2,
      `param ${hl[i].path}: rel. L2 gap ${Math.sqrt(num / den)}`,
    );
  }
  for (const l of [...dl, ...treeLeaves(dev.opt.slots)]) l.value.device?.release();
  assert.equal(gpu.liveBytes, 0, "every buffer released after the run");
  const hs = host.history;
  return { maxRel, first: hs[0].loss, last: hs[hs.length - 1].loss };
}

/** Regression batches y = tanh(x W*) + noise, a pure function of the step, with slicing. */
function regression(): DataSource<{ x: NDArray; y: NDArray }> {
  const wStar = normal(key(7), [8, 4], { dtype: "f32" });
  return {
    slice: (b, s, e) => ({ x: slice(b.x, [s, e]), y: slice(b.y, [s, e]) }),
    batch: (step, size) => {
      const x = normal(foldIn(key(8), step), [size, 8], { dtype: "f32" });
      const y = normal(foldIn(key(9), step), [size, 4], { dtype: "f32", std: 0.1 });
      const xd = x.dataSync(), wd = wStar.dataSync(), yd = y.dataSync();
      for (let i = 0; i < size; i++) {
        for (let k = 0; k < 4; k++) {
          let s = 0;
          for (let j = 0; j < 8; j++) s += xd[i * 8 + j] * wd[j * 4 + k];
          yd[i * 4 + k] += Math.tanh(s);
        }
      }
      return { x, y };
    },
  };
}

Deno.test("fit on webgpu: an MLP matches the cpu backend for 50 AdamW steps", async () => {
  await withGpu(async (gpu) => {
    const model = mlp({ sizes: [8, 16, 4], activation: "tanh" });
    const data = regression();
    const r = await parity(gpu, {
      params: model.init(key(1)),
      loss: (p, b) => mse(model.apply(p, b.x), b.y),
      optimizer: adamw({ weightDecay: 0.01, clipNorm: 1 }),
      schedule: withConstantBatch(constantLr({ lr: 1e-2 }), { batch: 16 }),
      data,
      totalSamples: 16 * STEPS,
    }, 8); // losses read in bursts of 8 steps (7 readbacks for 50 steps)
    assert.ok(r.last < 0.8 * r.first, `the MLP trains: ${r.first} → ${r.last}`);
    console.log(`mlp: max rel loss gap ${r.maxRel.toExponential(2)}`);
  });
});

Deno.test("fit on webgpu: micro-batch accumulation and SGD momentum match the cpu", async () => {
  await withGpu(async (gpu) => {
    const model = mlp({ sizes: [8, 16, 4], activation: "relu" });
    const r = await parity(gpu, {
      params: model.init(key(4)),
      loss: (p, b) => mse(model.apply(p, b.x), b.y),
      optimizer: sgd({ momentum: 0.9, weightDecay: 1e-3 }),
      schedule: withConstantBatch(constantLr({ lr: 2e-2 }), { batch: 12 }),
      data: regression(),
      microBatch: 5,
      totalSamples: 12 * 20,
      // an eval hook every 5 steps: pending losses are read before it runs
      eval: { everySamples: 60, fn: (_p, { step }) => ({ step }) },
    }, 3);
    assert.ok(r.last < r.first, `trains: ${r.first} → ${r.last}`);
  });
});

Deno.test("fit on webgpu: bad device and checkpoint options are named errors", async () => {
  const fake = { upload: (x: NDArray) => x, scope: <T>(f: () => T) => f() };
  const base = {
    params: { w: normal(key(1), [2, 2], { dtype: "f32" }) },
    loss: (p: { w: NDArray }) => mse(p.w, p.w),
    optimizer: sgd(),
    schedule: withConstantBatch(constantLr({ lr: 1 }), { batch: 1 }),
    data: { batch: () => null },
    totalSamples: 1,
  };
  await assert.rejects(
    () => fit({ ...base, device: {} as never }),
    /fit: argument "device" must be an object with upload and scope/,
  );
  await assert.rejects(
    () => fit({ ...base, device: fake, readEverySteps: 1.5 }),
    /fit: argument "readEverySteps" must be a positive integer/,
  );
  await assert.rejects(
    () => fit({ ...base, device: fake, checkpoint: { dir: "x", everySteps: 1, config: {} } }),
    /fit: argument "checkpoint" must be unset when training on a device/,
  );
});

Deno.test("fit on webgpu: the tiny transformer LM matches the cpu backend for 50 steps", async () => {
  await withGpu(async (gpu) => {
    const vocab = 16, context = 8;
    const model = transformerLM({
      vocab,
      context,
      dim: 16,
      heads: 2,
      layers: 1,
      hiddenStd: 0.1,
      embStd: 0.1,
      unembStd: 0.1,
    });
    // a periodic token stream with noise-free structure the model can learn
    const tokens = new Int32Array(256).map((_, i) => (i * 5 + (i >> 3)) % vocab);
    const r = await parity(gpu, {
      params: model.init(key(2)),
      loss: lmLoss(model),
      optimizer: adamw({ beta2: 0.95, clipNorm: 1 }),
      schedule: withConstantBatch(constantLr({ lr: 1e-2 }), { batch: 4 }),
      data: lmBatches(key(3), tokens, { contextLength: context }),
      totalSamples: 4 * STEPS,
    });
    assert.ok(r.last < 0.8 * r.first, `the LM trains: ${r.first} → ${r.last}`);
    console.log(`lm: max rel loss gap ${r.maxRel.toExponential(2)}`);
  });
});
