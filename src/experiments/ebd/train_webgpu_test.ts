/**
 * WebGPU parity of the EBD trainer (arXiv:2504.11558; PAPERS.md, EBD section): `trainEbdMethod`
 * with `device: gpu` against the host run from the same f32 weights and batches, for BP and EBD
 * (EBD exercises R̂'s running average, the broadcast update and the power-normalisation step;
 * DFA and the frozen control use the same broadcast update with another matrix). Runs on the
 * llvmpipe software adapter in CI; the device is destroyed at the end.
 *
 * Tolerance: both sides compute in f32 (the host GEMM and elementwise ops store f32; the GPU
 * uses f32 arithmetic in another summation order), so each op differs by a few ulp (~1e-7
 * relative); Adam's division by √v̂ + ε keeps a relative gradient error O(1) per step, and over
 * 16 steps the weights may drift by ~16 × a few ulp amplified by the conditioning of the net.
 * We assert max|W_gpu − W_host| ≤ 1e-4 · max|W_host| for every weight, bias and R̂ (measured on
 * llvmpipe: ≤ 6e-7), the test loss within 1e-4 relative, the accuracy within one test image —
 * far below what training changes (the weights move by > 1e-2 relative, the loss falls by > 5%),
 * so a wrong update cannot pass.
 */
import assert from "node:assert/strict";
import { argmax } from "../../array/reduce.ts";
import { matmul } from "../../array/matmul.ts";
import { requestGpu } from "../../backend/webgpu/mod.ts";
import type { NDArray } from "../../array/ndarray.ts";
import { key } from "../../random/key.ts";
import { normal } from "../../random/normal.ts";
import { oneHot } from "./data.ts";
import { type EbdTrainConfig, trainEbdMethod } from "./train.ts";

const n = 256, d = 24;
const x = normal(key(1), [n, d], { dtype: "f32" });
// labels of a random linear teacher: a learnable task, so training moves the weights
const labels = Int32Array.from(
  argmax(matmul(x, normal(key(2), [d, 10], { dtype: "f32" })), {
    axis: 1,
  }).dataSync(),
);
const split = { x, y: oneHot(labels, 10), labels };
const data = { train: split, test: split };

const base: Omit<EbdTrainConfig, "method"> = {
  sizes: [d, 16, 16, 10],
  epochs: 2,
  batch: 32,
  lr: 1e-2,
  lambdaD: 0.99,
  rInitGain: 1e-2,
  powerTarget: 0.25,
  powerLr: 0.05,
  entropyLr: 1e-3,
  entropyLambda: 0.999,
  entropyEps: 1e-3,
  probe: 64,
  seed: 0,
};

async function grab(xs: NDArray[]): Promise<Float32Array[]> {
  return await Promise.all(xs.map(async (a) => Float32Array.from(await a.data())));
}

Deno.test("EBD trainer on WebGPU = host within f32 tolerance (BP and EBD, 16 steps)", async () => {
  const gpu = await requestGpu();
  try {
    let init: Float32Array[] = [];
    await trainEbdMethod({ ...base, method: "bp", epochs: 0 }, data, () => {}, {
      onFinish: async (s) => {
        init = await grab(s.params.W);
      },
    });
    for (const method of ["bp", "ebd"] as const) {
      const cfg = { ...base, method };
      let host: Float32Array[] = [], dev: Float32Array[] = [];
      const h = await trainEbdMethod(cfg, data, () => {}, {
        onFinish: async (s) => {
          host = await grab([...s.params.W, ...s.params.b, ...s.rhat]);
        },
      });
      const before = gpu.liveBytes;
      const g = await trainEbdMethod(cfg, data, () => {}, {
        device: gpu,
        onFinish: async (s) => {
          dev = await grab([...s.params.W, ...s.params.b, ...s.rhat]);
        },
      });
      // every device buffer the run made is released
      assert.equal(gpu.liveBytes, before, `${method}: device memory not returned`);
      host.forEach((a, i) => {
        let diff = 0, scale = 0;
        a.forEach((v, j) => {
          diff = Math.max(diff, Math.abs(v - dev[i][j]));
          scale = Math.max(scale, Math.abs(v));
        });
        assert.ok(diff <= 1e-4 * scale, `${method} array ${i}: max diff ${diff}, scale ${scale}`);
      });
      // training moved the weights and lowered the loss (the comparison is not vacuous)
      let moved = 0, size = 0;
      init[0].forEach((v, j) => {
        moved = Math.max(moved, Math.abs(v - host[0][j]));
        size = Math.max(size, Math.abs(v));
      });
      assert.ok(moved > 1e-2 * size, `${method}: weights moved ${moved} of ${size}`);
      const [h0, h1, g1] = [h[0], h.at(-1)!, g.at(-1)!];
      assert.ok(
        h1.testLoss < 0.95 * h0.testLoss,
        `${method}: loss ${h0.testLoss} → ${h1.testLoss}`,
      );
      assert.ok(Math.abs(g1.testLoss - h1.testLoss) <= 1e-4 * h1.testLoss);
      assert.ok(Math.abs(g1.testAccuracy - h1.testAccuracy) <= 1 / n + 1e-12);
      g1.corr.forEach((v, k) => assert.ok(Math.abs(v - h1.corr[k]) <= 1e-4, `corr ${k}`));
      g1.cosToBp.forEach((v, k) => assert.ok(Math.abs(v - h1.cosToBp[k]) <= 1e-4, `cos ${k}`));
    }
    // the entropy rules are host only (f64 Woodbury update): a named error, not a silent CPU run
    await assert.rejects(
      trainEbdMethod({ ...base, method: "ebd_entropy" }, data, () => {}, { device: gpu }),
      /trainEbdMethod: argument "method" must be bp, dfa, ebd or ebd_frozen on a device/,
    );
  } finally {
    gpu.destroy();
  }
});
