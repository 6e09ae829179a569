import assert from "node:assert/strict";
import { langevinTwoLayer, twoLayerPosteriorEnergy } from "./two_layer_langevin.ts";
import { key, normalF64 } from "../random/mod.ts";
import { ArgumentError } from "../errors/mod.ts";

const d = 5, p = 4, N = 6;
const x = normalF64(key(1), p * d);
const y = normalF64(key(2), p);

Deno.test("posterior energy: the gradient matches central differences (linear and ReLU)", () => {
  for (const activation of ["linear", "relu"] as const) {
    const anchor = normalF64(key(3), N * d);
    const o = { x, y, d, c: 1.3, rho: 0.2, lambda0: 1, delta: 0.7, anchor, activation };
    const w = normalF64(key(4), N * d);
    const { grad } = twoLayerPosteriorEnergy(o, w);
    const h = 1e-6;
    for (const i of [0, 7, 13, 29]) {
      const wp = w.slice(), wm = w.slice();
      wp[i] += h;
      wm[i] -= h;
      const fd = (twoLayerPosteriorEnergy(o, wp).energy - twoLayerPosteriorEnergy(o, wm).energy) /
        (2 * h);
      // Central differences: O(h²) truncation plus ~1e-10/h rounding; ReLU kinks are measure-zero.
      assert.ok(
        Math.abs(fd - grad[i]) < 1e-5 * (1 + Math.abs(fd)),
        `${activation} ${i}: ${fd} vs ${grad[i]}`,
      );
    }
  }
});

Deno.test("Langevin at γ ≈ 0 samples the elastic prior N(κ·W^S, 1/(λ₀ + δ))", () => {
  const width = 200, delta = 3;
  const anchor = new Float64Array(width * d).fill(1);
  const r = langevinTwoLayer(key(5), {
    x,
    y: new Float64Array(p),
    d,
    w0: new Float64Array(width * d),
    gamma: 1e-3,
    beta: 1,
    activation: "linear",
    delta,
    anchor,
    dt: 0.01,
    burnInSteps: 500,
    sampleSteps: 1,
  });
  // 1000 coordinates of the final state: mean 3/4 and variance 1/4 (plus O(dt) bias ≈ 1%);
  // SE of the mean ≈ 0.016, of the variance ≈ 0.011.
  const m = r.w.reduce((s, v) => s + v, 0) / r.w.length;
  const v = r.w.reduce((s, u) => s + (u - m) ** 2, 0) / (r.w.length - 1);
  assert.ok(Math.abs(m - delta / (1 + delta)) < 0.05, `mean ${m}`);
  assert.ok(Math.abs(v - 1 / (1 + delta)) < 0.04, `variance ${v}`);
});

Deno.test("Langevin: named errors for sizes and a missing anchor", () => {
  const base = {
    x,
    y,
    d,
    w0: new Float64Array(N * d),
    gamma: 1,
    beta: 1,
    activation: "relu" as const,
    dt: 0.01,
    burnInSteps: 1,
    sampleSteps: 1,
  };
  assert.throws(
    () => langevinTwoLayer(key(6), { ...base, x: x.subarray(1) }),
    (e: Error) => e instanceof ArgumentError && /"x"/.test(e.message),
  );
  assert.throws(() => langevinTwoLayer(key(6), { ...base, delta: 1 }), /"anchor"/);
  assert.throws(() => langevinTwoLayer(key(6), { ...base, gamma: -1 }), /"gamma"/);
});
