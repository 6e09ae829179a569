/**
 * Every autodiff primitive on the WebGPU backend against the host: the value and the gradient of
 * Σ f(x) ⊙ w for the same f32 inputs and weights. The table is typed over `Prim`, so a primitive
 * added without a device check does not compile. Runs on llvmpipe in CI; one device for all
 * cases, destroyed at the end.
 *
 * Tolerance: both sides are f32 with per-op differences of a few ulp (WGSL exp/tanh/erf vs the
 * host's expF32/tanhF32/f64 loops; f64 accumulation on the host vs f32 on the device) on O(1)
 * values, so rtol 1e-4 / atol 1e-5 is ~100× the expected gap while any wrong rule (O(1)) fails.
 */
import assert from "node:assert/strict";
import { NDArray } from "../array/ndarray.ts";
import { assertClose } from "../array/testing.ts";
import { key, split } from "../random/key.ts";
import { normal } from "../random/normal.ts";
import { requestGpu, toGpu } from "../backend/webgpu/mod.ts";
import * as ad from "./mod.ts";
import type { Prim } from "./prims.ts";

interface Case {
  shapes: number[][];
  positive?: number[];
  f: (xs: NDArray[]) => NDArray;
}

const un = (f: (x: NDArray) => NDArray, positive = false): Case[] => [
  { shapes: [[3, 5]], positive: positive ? [0] : [], f: ([x]) => f(x) },
];

const cube = ad.customVjp(
  "cube",
  (x) => ad.mul(ad.mul(x, x), x),
  (g, [x]) => [ad.mul(ad.mul(g, ad.square(x)), 3)],
);

const CHECKS: { readonly [P in Prim]: Case[] } = {
  add: [{ shapes: [[2, 3, 4], [3, 1]], f: ([a, b]) => ad.add(a, b) }],
  sub: [{ shapes: [[3, 4], [4]], f: ([a, b]) => ad.sub(a, b) }],
  mul: [{ shapes: [[3, 4], [3, 1]], f: ([a, b]) => ad.mul(a, b) }],
  div: [{ shapes: [[2, 3], [3]], positive: [1], f: ([a, b]) => ad.div(a, b) }],
  pow: [
    { shapes: [[2, 3], [2, 3]], positive: [0], f: ([a, b]) => ad.pow(a, b) },
    { shapes: [[2, 3]], positive: [0], f: ([a]) => ad.pow(a, 1.5) },
  ],
  maximum: [{ shapes: [[3, 4], [4]], f: ([a, b]) => ad.maximum(a, b) }],
  // the unused input checks the zero gradient made on the device
  minimum: [{ shapes: [[3, 4], [4]], f: ([a, _b]) => ad.minimum(a, 0.2) }],
  scale: [{ shapes: [[3, 2]], f: ([x]) => ad.mul(x, 2.5) }],
  shift: [{ shapes: [[3, 2]], f: ([x]) => ad.mul(ad.add(x, 1.5), ad.sub(3, x)) }],
  neg: un(ad.neg),
  abs: un(ad.abs),
  exp: un(ad.exp),
  log: un(ad.log, true),
  log1p: un(ad.log1p, true),
  sqrt: un(ad.sqrt, true),
  square: un(ad.square),
  sin: un(ad.sin),
  cos: un(ad.cos),
  tanh: un(ad.tanh),
  sigmoid: un(ad.sigmoid),
  relu: un(ad.relu),
  gelu: un(ad.gelu),
  erf: un(ad.erf),
  softplus: un(ad.softplus),
  matmul: [
    {
      shapes: [[2, 4, 3], [5, 4]],
      f: ([a, b]) => ad.matmul(a, b, { transA: true, transB: true }),
    },
    { shapes: [[2, 1, 3, 4], [3, 4, 2]], f: ([a, b]) => ad.matmul(a, b) },
  ],
  sum: [{ shapes: [[2, 3, 4]], f: ([x]) => ad.sum(x, { axis: [0, 2] }) }],
  max: [{ shapes: [[3, 5]], f: ([x]) => ad.max(x, { axis: 1 }) }],
  reshape: [{ shapes: [[2, 6]], f: ([x]) => ad.reshape(ad.transpose(x), [3, -1]) }],
  transpose: [{ shapes: [[2, 3, 4]], f: ([x]) => ad.exp(ad.transpose(x, [1, 0, 2])) }],
  broadcastTo: [{ shapes: [[3, 1]], f: ([x]) => ad.broadcastTo(x, [2, 3, 4]) }],
  slice: [{ shapes: [[4, 5]], f: ([x]) => ad.square(ad.slice(x, [1, 3], [0, 5, 2])) }],
  take: [
    { shapes: [[5, 3]], f: ([x]) => ad.take(x, [0, 2, 2, 4]) },
    { shapes: [[2, 4, 3]], f: ([x]) => ad.take(x, [3, 1, 3], { axis: 1 }) },
  ],
  concat: [{ shapes: [[2, 3], [2, 2]], f: ([a, b]) => ad.concat([a, b], { axis: 1 }) }],
  softmax: [
    { shapes: [[3, 5]], f: ([x]) => ad.softmax(x) },
    { shapes: [[2, 4, 4]], f: ([x]) => ad.softmax(x, { scale: 0.7, causal: true }) },
    { shapes: [[3, 5]], f: ([x]) => ad.softmax(x, { scale: 1.3, causal: true }) },
  ],
  logSoftmax: [{ shapes: [[3, 5]], f: ([x]) => ad.logSoftmax(x, { axis: 0 }) }],
  logsumexp: [{ shapes: [[3, 5]], f: ([x]) => ad.logsumexp(x) }],
  layerNorm: [
    {
      shapes: [[4, 6], [6], [6]],
      f: ([x, g, b]) => ad.layerNorm(x, { gamma: g, beta: b, eps: 1e-3 }),
    },
    { shapes: [[2, 3, 5], [5]], f: ([x, g]) => ad.layerNorm(x, { gamma: g }) },
  ],
  rmsNorm: [{ shapes: [[4, 6], [6]], f: ([x, g]) => ad.rmsNorm(x, { gamma: g, eps: 1e-3 }) }],
  crossEntropy: [{ shapes: [[2, 2, 3]], f: ([z]) => ad.crossEntropy(z, [2, 0, 1, 1]) }],
  custom: [{ shapes: [[3, 4]], f: ([x]) => cube(x) }],
};

let seed = 300;
function inputs(c: Case): NDArray[] {
  const ks = split(key(seed++), c.shapes.length);
  return c.shapes.map((s, i) => {
    const x = normal(ks[i], s, { dtype: "f32" });
    if (c.positive?.includes(i)) {
      const d = x.dataSync();
      for (let j = 0; j < d.length; j++) d[j] = 0.5 + Math.abs(d[j]);
    }
    return x;
  });
}

Deno.test("device kernels: every primitive's value and VJP on webgpu match the host", async () => {
  const gpu = await requestGpu();
  try {
    for (const prim of Object.keys(CHECKS) as Prim[]) {
      for (const [ci, c] of CHECKS[prim].entries()) {
        const xs = inputs(c);
        const shape = c.f(xs).shape;
        const w = normal(key(seed++), shape, { dtype: "f32" });
        const loss = (ps: NDArray[], wt: NDArray) => ad.sum(ad.mul(c.f(ps), wt));
        const host = ad.valueAndGrad(loss)(xs, w);
        const dev = gpu.scope(() => {
          const r = ad.valueAndGrad(loss)(xs.map((x) => toGpu(x, gpu)), toGpu(w, gpu));
          return [r.value, ...r.grad];
        });
        const msg = `${prim} case ${ci}`;
        assert.ok(dev.every((a) => a.onDevice), `${msg}: results stay on the device`);
        assertClose(await dev[0].data(), host.value.dataSync(), {
          rtol: 1e-4,
          atol: 1e-5,
          msg: `${msg}: value`,
        });
        for (let i = 0; i < xs.length; i++) {
          assert.deepEqual([...dev[1 + i].shape], [...xs[i].shape], `${msg}: grad ${i} shape`);
          assertClose(await dev[1 + i].data(), host.grad[i].dataSync(), {
            rtol: 1e-4,
            atol: 1e-5,
            msg: `${msg}: grad ${i}`,
          });
        }
        for (const a of dev) a.device?.release();
      }
    }
    assert.equal(gpu.liveBytes, 0, "every buffer released");
  } finally {
    gpu.destroy();
  }
});
