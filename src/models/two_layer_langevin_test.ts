import assert from "node:assert/strict";
import { langevinTwoLayer, twoLayerPosteriorEnergy } from "./two_layer_langevin.ts";
import { foldIn, key, normalF64 } from "../random/mod.ts";
import { alignedTeachers, linearTeacherData, mcBayesSingleTask } from "../theory/mod.ts";
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

Deno.test("ReLU: Langevin networks reach the importance-sampled single-task theory (N = 256)", () => {
  // D = 20, P = 6, γ = 0.7, β = 10 (the target task of the transfer check in PAPERS.md).
  // Measured kernel errors vs the adaptive-proposal theory (S = 2e5): 2.3% / 1.3% / 0.83% at
  // N = 64 / 256 / 1024. With the prior proposal the theory itself moved by up to 7% between
  // keys at S = 2e4, which read as a Langevin floor. Here S = 2e4 (theory MC error ≲ 1%) and
  // one Langevin run at N = 256 (1.3% measured): allow 3%.
  const D = 20, P = 6, gamma = 0.7, beta = 10, width = 256;
  const root = key(0);
  const { target: b } = alignedTeachers(foldIn(root, 1), D, 0.9);
  const t = linearTeacherData(foldIn(root, 3), { p: P, teacher: b });
  const kernel = new Float64Array(P * P);
  for (let i = 0; i < P; i++) {
    for (let j = 0; j < P; j++) {
      let v = 0;
      for (let l = 0; l < D; l++) v += t.x[i * D + l] * t.x[j * D + l];
      kernel[i * P + j] = v / D;
    }
  }
  const th = mcBayesSingleTask(key(70), {
    kernel,
    p: P,
    y: t.y,
    gamma,
    beta,
    samples: 20000,
  }).phi;
  const kw = foldIn(foldIn(root, 9), width);
  const r = langevinTwoLayer(foldIn(kw, 1), {
    x: t.x,
    y: t.y,
    d: D,
    w0: normalF64(foldIn(kw, 0), width * D),
    gamma,
    beta,
    activation: "relu",
    dt: 0.005,
    burnInSteps: 800,
    sampleSteps: 4000,
  });
  let num = 0, den = 0;
  for (let i = 0; i < P * P; i++) {
    num += (r.phi[i] - th[i]) ** 2;
    den += th[i] ** 2;
  }
  assert.ok(Math.sqrt(num / den) < 0.03, `${Math.sqrt(num / den)}`);
});
