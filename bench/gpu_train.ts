/**
 * Training-step time of the WebGPU backend on the bench:train model (4-layer, d = 128, 4-head,
 * context 128, batch 32 character-level transformer LM, AdamW, f32; 22.85 GFLOP per step) through
 * `fit({ device })`: forward, backward and update all on the device, losses read back once per
 * `--steps` steps. One JSON line:
 * `{"bench":"train","impl":"saddle-webgpu","step_ms":..,"gflops":..,"loss_first":..,"loss_last":..}`
 * plus the adapter report.
 *
 * Timing: one short `fit` call first (pipeline compilation, buffer pool warm-up), then a `fit` of
 * `--steps` steps timed end to end (the host waits for the final losses, so every step has run).
 *
 * Run: `deno run -A bench/gpu_train.ts [--steps=20] [--batch=32]`; on a GPU machine without
 * network use bench/gpu_run.sh (bundle + xz'd deno binary).
 * @module
 */
import { parseArgs } from "node:util";
import { requestGpu } from "../src/backend/webgpu/mod.ts";
import { transformerLM } from "../src/nn/mod.ts";
import { adamw } from "../src/optim/mod.ts";
import { constantLr, withConstantBatch } from "../src/schedules/mod.ts";
import { fit, lmBatches, lmLoss } from "../src/train/mod.ts";
import { key } from "../src/random/key.ts";
import { randomBits } from "../src/random/bits.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    steps: { type: "string", default: "20" },
    batch: { type: "string", default: "32" },
  },
  strict: true,
});
const STEPS = Number(values.steps), BATCH = Number(values.batch);
const CFG = { vocab: 96, context: 128, dim: 128, heads: 4, layers: 4 };
/** Model FLOPs per step: 3 × forward GEMM FLOPs (as bench/train.ts), scaled to the batch. */
const GFLOP = 22.85 * BATCH / 32;

const gpu = await requestGpu();
try {
  console.log(JSON.stringify({ bench: "train", impl: "adapter", ...gpu.adapter }));
  const model = transformerLM(CFG);
  const bits = randomBits(key(1), 1 << 16);
  const tokens = Int32Array.from(bits, (b) => b % CFG.vocab);
  const run = async (steps: number) =>
    await fit({
      params: model.init(key(0)),
      loss: lmLoss(model),
      optimizer: adamw({ weightDecay: 0.1 }),
      schedule: withConstantBatch(constantLr({ lr: 1e-3 }), { batch: BATCH }),
      data: lmBatches(key(2), tokens, { contextLength: CFG.context }),
      totalSamples: BATCH * steps,
      device: gpu,
      readEverySteps: steps,
    });
  await run(2); // warm-up: pipelines compiled, pool filled
  const t0 = performance.now();
  const r = await run(STEPS);
  const ms = (performance.now() - t0) / STEPS;
  const losses = r.history.map((h) => h.loss);
  console.log(JSON.stringify({
    bench: "train",
    impl: "saddle-webgpu",
    ...CFG,
    batch: BATCH,
    steps: STEPS,
    step_ms: +ms.toFixed(2),
    gflops: +(GFLOP * 1000 / ms).toFixed(1),
    loss_first: losses[0],
    loss_last: losses[losses.length - 1],
  }));
} finally {
  gpu.destroy();
}
