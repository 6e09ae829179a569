import assert from "node:assert/strict";
import {
  EssCollapseError,
  mcBayesSingleTask,
  mcBayesTransfer,
  reluArcCosineKernel,
} from "./adaptive_kernel_mc.ts";
import { linearBayesSingleTask, linearBayesTransfer } from "./adaptive_kernel_bayes.ts";
import { alignedTeachers, linearTeacherData } from "./transfer_closed_forms.ts";
import { foldIn, key, normalF64, split } from "../random/mod.ts";
import { ArgumentError } from "../errors/mod.ts";

function gram(x: Float64Array, n: number, d: number) {
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let l = 0; l < d; l++) s += x[i * d + l] * x[j * d + l];
      k[i * n + j] = s / d;
    }
  }
  return k;
}

function data(seed: number, n: number, d: number) {
  const [kx, kb] = split(key(seed));
  const x = normalF64(kx, n * d), b = normalF64(kb, d);
  const y = new Float64Array(n).map((_, i) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += x[i * d + j] * b[j];
    return s / Math.sqrt(d);
  });
  return { x, y };
}

Deno.test("γ → 0: the importance-sampled ReLU kernel is the arc-cosine NNGP kernel", () => {
  const d = 8, P = 5, n = 7;
  const { x, y } = data(1, n, d);
  const K = gram(x, n, d);
  const r = mcBayesSingleTask(key(2), {
    kernel: K,
    p: P,
    y: y.subarray(0, P),
    gamma: 0,
    samples: 40000,
  });
  // MC error of E[relu(u)relu(v)] with S = 4e4: sd ≲ 1.5 ⇒ SE ≲ 0.008; allow 0.03.
  for (let i = 0; i < P; i++) {
    for (let j = 0; j < P; j++) {
      const th = reluArcCosineKernel(K[i * n + i], K[i * n + j], K[j * n + j]);
      assert.ok(Math.abs(r.phi[i * P + j] - th) < 0.03, `(${i},${j}) ${r.phi[i * P + j]} vs ${th}`);
    }
  }
  assert.ok(Math.abs(r.ess - 40000) < 1e-6, `${r.ess}`);
  // The predictor at γ = 0 is NNGP regression: Φ(x, X)Φ⁻¹y — its residual on the train set is 0.
  assert.ok(r.residual < 1e-8);
});

Deno.test("linear φ: importance sampling reproduces the exact linear saddle point", () => {
  const d = 10, P = 4;
  const { x, y } = data(3, P, d);
  const K = gram(x, P, d);
  const exact = linearBayesSingleTask({ data: { x, y }, d, gamma: 0.6 });
  const mc = mcBayesSingleTask(key(4), {
    kernel: K,
    p: P,
    y,
    gamma: 0.6,
    activation: "linear",
    samples: 15000,
  });
  // ESS stays in the tens of thousands here; entries agree to a few percent of the diagonal.
  let scale = 0;
  for (let i = 0; i < P; i++) scale = Math.max(scale, exact.phi[i * P + i]);
  for (let i = 0; i < P * P; i++) {
    assert.ok(
      Math.abs(mc.phi[i] - exact.phi[i]) < 0.05 * scale,
      `${i}: ${mc.phi[i]} vs ${exact.phi[i]}`,
    );
  }
  assert.ok(mc.ess > 1000, `${mc.ess}`);
});

Deno.test("ESS collapse is a named error; a non-PSD kernel is a named error", () => {
  const d = 10, P = 8;
  const { x, y } = data(5, P, d);
  const K = gram(x, P, d);
  assert.throws(
    () => mcBayesSingleTask(key(6), { kernel: K, p: P, y, gamma: 6, samples: 400 }),
    (e: Error) =>
      e instanceof EssCollapseError && /"samples"/.test(e.message) &&
      /threshold 200/.test(e.message),
  );
  const bad = new Float64Array([1, 2, 2, 1]);
  assert.throws(
    () =>
      mcBayesSingleTask(key(7), {
        kernel: bad,
        p: 2,
        y: new Float64Array(2),
        gamma: 0,
        samples: 10,
      }),
    (e: Error) =>
      e instanceof ArgumentError && /"kernel"/.test(e.message) &&
      /min eigenvalue -1/.test(e.message),
  );
  assert.throws(
    () => mcBayesSingleTask(key(7), { kernel: K, p: P, y, gamma: -1, samples: 10 }),
    (e: Error) => e instanceof ArgumentError && /"gamma"/.test(e.message),
  );
});

Deno.test("nested sampler (linear φ) matches the exact sequential transfer kernel", () => {
  const d = 12, p1 = 6, p2 = 3;
  const { x: x1, y: y1 } = data(8, p1, d);
  const { x: x2, y: y2 } = data(9, p2, d);
  const x = new Float64Array([...x1, ...x2]);
  const K = gram(x, p1 + p2, d);
  for (const delta of [0, 2]) {
    const exact = linearBayesTransfer({
      source: { x: x1, y: y1 },
      target: { x: x2, y: y2 },
      d,
      gamma1: 0.5,
      gamma2: 0.4,
      delta,
    });
    const mc = mcBayesTransfer(key(10), {
      kernel: K,
      p1,
      p2,
      y1,
      y2,
      gamma1: 0.5,
      gamma2: 0.4,
      delta,
      activation: "linear",
      samples: 8000,
      particles: 1000,
      innerSamples: 32,
    });
    // 1000 particles × 32 inner draws: MC error ≈ 3% of the diagonal (1–3% measured at 5000 × 64);
    // allow 8%.
    let scale = 0;
    for (let i = 0; i < p2; i++) scale = Math.max(scale, exact.phi2[i * p2 + i]);
    for (let i = 0; i < p2 * p2; i++) {
      assert.ok(
        Math.abs(mc.phi2[i] - exact.phi2[i]) < 0.08 * scale,
        `δ=${delta} ${i}: ${mc.phi2[i]} vs ${exact.phi2[i]}`,
      );
    }
  }
});

Deno.test("ReLU source sampler: the adaptive proposal tames the heavy-tailed tilt weights", () => {
  // The configuration where Langevin networks seemed to stall ≈ 5% from the ReLU transfer
  // theory (PAPERS.md): D = 20, P = 12, γ = 0.7, β = 10. With the prior as proposal the tilt
  // weights are heavy-tailed: ESS 7–12% of S and Φ differing by 11–14% between keys at S = 4000
  // (measured); the adaptive proposal gives 24–39% and 6–7%. The keys are fixed, so the
  // thresholds (ESS ratio > 2.5, spread ratio < 0.7; measured 3.7 and 0.54) are deterministic.
  const d = 20, P = 12;
  const root = key(0);
  const { source: b } = alignedTeachers(foldIn(root, 1), d, 0.9);
  const { x, y } = linearTeacherData(foldIn(root, 2), { p: P, teacher: b });
  const K = gram(x, P, d);
  const rel = (u: Float64Array, v: Float64Array) => {
    let s = 0, t = 0;
    for (let i = 0; i < u.length; i++) {
      s += (u[i] - v[i]) ** 2;
      t += v[i] ** 2;
    }
    return Math.sqrt(s / t);
  };
  const stats = (proposal: "prior" | "adaptive") => {
    const r = [0, 1, 2, 3].map((k) =>
      mcBayesSingleTask(key(50 + k), {
        kernel: K,
        p: P,
        y,
        gamma: 0.7,
        beta: 10,
        samples: 4000,
        proposal,
        essThreshold: 20,
      })
    );
    const ess = r.reduce((s, v) => s + v.ess, 0) / r.length;
    const spread = r.slice(1).reduce((s, v) => s + rel(v.phi, r[0].phi), 0) / (r.length - 1);
    return { ess, spread };
  };
  const prior = stats("prior"), adaptive = stats("adaptive");
  assert.ok(adaptive.ess > 2.5 * prior.ess, JSON.stringify({ prior, adaptive }));
  assert.ok(adaptive.spread < 0.7 * prior.spread, JSON.stringify({ prior, adaptive }));
});
