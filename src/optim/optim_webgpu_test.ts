/**
 * The optimizers' device updates (composed of WebGPU array ops) against their host loops: three
 * updates from the same f32 parameters and gradients, for every optimizer and the options that
 * change the formula (momentum, Nesterov, coupled and decoupled weight decay, clipping, group
 * multipliers). Runs on llvmpipe; the device is destroyed at the end.
 *
 * Tolerance: one update is a handful of f32 operations on O(1) values (the host rounds its f64
 * arithmetic to f32 once, the device rounds each op), so the results differ by a few ulp;
 * rtol 1e-5 / atol 1e-6 after three updates leaves a wide margin and fails on any wrong term.
 */
import assert from "node:assert/strict";
import { NDArray } from "../array/ndarray.ts";
import { assertClose } from "../array/testing.ts";
import { type Tree, treeLeaves } from "../autodiff/tree.ts";
import { requestGpu, toGpu } from "../backend/webgpu/mod.ts";
import { key, split } from "../random/key.ts";
import { normal } from "../random/normal.ts";
import { adam, adamw, nsgd, type Optimizer, sgd } from "./mod.ts";
import type { OptState, UpdateResult } from "./optimizer.ts";

const OPTIMIZERS: [string, Optimizer][] = [
  ["sgd", sgd({ weightDecay: 0.1 })],
  ["sgd momentum", sgd({ momentum: 0.9 })],
  ["sgd nesterov + clip", sgd({ momentum: 0.8, nesterov: true, clipNorm: 0.5 })],
  ["adam + L2", adam({ weightDecay: 0.05 })],
  [
    "adamw + clip + groups",
    adamw({
      weightDecay: 0.1,
      clipNorm: 1,
      groups: (p) => p === "b" ? { lr: 0.5, wd: 0, eps: 10 } : {},
    }),
  ],
  ["nsgd", nsgd()],
  ["nsgd momentum + clip", nsgd({ momentum: 0.5, clipNorm: 0.3 })],
];

Deno.test("optimizers on webgpu: three updates match the host loops", async () => {
  const gpu = await requestGpu();
  try {
    const ks = split(key(11), 8);
    const p0 = {
      w: normal(ks[0], [3, 4], { dtype: "f32" }),
      b: normal(ks[1], [4], { dtype: "f32" }),
    };
    const grads = [0, 1, 2].map((t) => ({
      w: normal(ks[2 + 2 * t], [3, 4], { dtype: "f32" }),
      b: normal(ks[3 + 2 * t], [4], { dtype: "f32" }),
    }));
    const up = (t: Tree) => ({
      w: toGpu((t as { w: NDArray }).w, gpu),
      b: toGpu((t as { b: NDArray }).b, gpu),
    });
    for (const [name, opt] of OPTIMIZERS) {
      let hp: Tree = p0, hs: OptState = opt.init(p0);
      let dp: Tree = up(p0), ds: OptState = opt.init(dp);
      for (let t = 0; t < 3; t++) {
        const h: UpdateResult<Tree> = opt.update(hp, grads[t], { state: hs, lr: 0.1 });
        const d: UpdateResult<Tree> = gpu.scope(() =>
          opt.update(dp, up(grads[t]), { state: ds, lr: 0.1 })
        );
        assert.ok(Number.isNaN(d.gradNorm) && d.gradNormArray, `${name}: norm stays on device`);
        assertClose((await d.gradNormArray!.data())[0], h.gradNorm, {
          rtol: 1e-5,
          msg: `${name}: grad norm at update ${t + 1}`,
        });
        [hp, hs, dp, ds] = [h.params, h.state, d.params, d.state];
      }
      const hl = [...treeLeaves(hp), ...treeLeaves(hs.slots)];
      const dl = [...treeLeaves(dp), ...treeLeaves(ds.slots)];
      assert.equal(dl.length, hl.length, `${name}: same state slots`);
      for (let i = 0; i < hl.length; i++) {
        assert.ok(dl[i].value.onDevice, `${name}: ${dl[i].path} on the device`);
        assertClose(await dl[i].value.data(), hl[i].value.dataSync(), {
          rtol: 1e-5,
          atol: 1e-6,
          msg: `${name}: ${hl[i].path}`,
        });
      }
    }
  } finally {
    gpu.destroy();
  }
});

Deno.test("optimizers on webgpu: mixing host and device parameters is a named error", async () => {
  const gpu = await requestGpu();
  try {
    const p = {
      w: toGpu(normal(key(1), [2], { dtype: "f32" }), gpu),
      b: normal(key(2), [2], { dtype: "f32" }),
    };
    assert.throws(
      () => adamw().update(p, p, { state: { step: 0, slots: { m: p, v: p } }, lr: 0.1 }),
      /adamw\.update: argument "params" must be all leaves on one device or all on the host/,
    );
  } finally {
    gpu.destroy();
  }
});
