import assert from "node:assert/strict";
import {
  conjugateKernel,
  dampedDualIteration,
  kernelReadoutWeights,
  type LabelledData,
  linearBayesSingleTask,
  linearBayesTransfer,
  linearPopulationLoss,
} from "./adaptive_kernel_bayes.ts";
import { key, normalF64, split } from "../random/mod.ts";
import { eighF64 } from "../linalg/core/eigh.ts";
import { ArgumentError } from "../errors/mod.ts";

/** Gaussian inputs and a linear teacher y = βᵀx/√D with |β|² = D. */
function task(seed: number, p: number, d: number, beta?: Float64Array) {
  const [kx, kb] = split(key(seed));
  const x = normalF64(kx, p * d);
  const b = beta ?? normalF64(kb, d);
  if (!beta) {
    const n = Math.hypot(...b);
    for (let i = 0; i < d; i++) b[i] *= Math.sqrt(d) / n;
  }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += x[i * d + j] * b[j];
    y[i] = s / Math.sqrt(d);
  }
  return { data: { x, y } as LabelledData, beta: b };
}

function kernel(x: Float64Array, p: number, d: number, lambda0 = 1) {
  const k = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let l = 0; l < d; l++) s += x[i * d + l] * x[j * d + l];
      k[i * p + j] = s / (d * lambda0);
    }
  }
  return k;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>) {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

Deno.test("single task: s matches the closed form (−1 + √(1+4cq))/(2c) to 1e-8", () => {
  const d = 30, p = 20;
  const { data } = task(1, p, d);
  for (const [gamma, lambda0, lambda1] of [[1.5, 1, 1], [3, 2, 0.5], [0.3, 1, 1]]) {
    const res = linearBayesSingleTask({ data, d, gamma, lambda0, lambda1 });
    const C = kernel(data.x, p, d, lambda0);
    // q = yᵀC⁻¹y via the dual at γ = 0 (NNGP): a₀ = C⁻¹y.
    const a0 = linearBayesSingleTask({ data, d, gamma: 0, lambda0, lambda1 }).a;
    let q = 0;
    for (let i = 0; i < p; i++) q += a0[i] * data.y[i];
    void C;
    const c = lambda1 * gamma * gamma;
    const s = (-1 + Math.sqrt(1 + 4 * c * q)) / (2 * c);
    assert.ok(Math.abs(res.s - s) < 1e-8 * Math.max(1, s), `s ${res.s} vs ${s}`);
    assert.ok(res.residual < 1e-9);
  }
});

Deno.test("single task: the linear predictor does not depend on γ at ρ = 0 (NNGP)", () => {
  const d = 25, p = 15;
  const { data } = task(2, p, d);
  const w0 = linearBayesSingleTask({ data, d, gamma: 0 }).weights;
  for (const gamma of [0.5, 2, 5]) {
    const w = linearBayesSingleTask({ data, d, gamma }).weights;
    assert.ok(maxAbsDiff(w, w0) < 1e-8, `γ=${gamma}: ${maxAbsDiff(w, w0)}`);
  }
});

Deno.test("single task: Σ has one eigenvalue ≠ 1/λ₀, eigenvector ∥ Xᵀa; Φ = XΣXᵀ/D symmetric PD", () => {
  const d = 20, p = 12, lambda0 = 2;
  const { data } = task(3, p, d);
  const res = linearBayesSingleTask({ data, d, gamma: 2, lambda0 });
  const sigma = res.covariance();
  const { values, vectors } = eighF64(sigma, { n: d });
  let off = 0;
  for (let i = 0; i < d - 1; i++) assert.ok(Math.abs(values[i] - 1 / lambda0) < 1e-10);
  off = values[d - 1] - 1 / lambda0;
  assert.ok(off > 1e-3, `spike ${off}`);
  const top = Array.from({ length: d }, (_, i) => vectors![i * d + d - 1]);
  const un = Math.hypot(...res.u);
  const cos = Math.abs(top.reduce((s, v, i) => s + v * res.u[i], 0)) / un;
  assert.ok(Math.abs(cos - 1) < 1e-10);
  // Φ from the dense Σ equals the returned Φ.
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        for (let l = 0; l < d; l++) s += data.x[i * d + k] * sigma[k * d + l] * data.x[j * d + l];
      }
      assert.ok(Math.abs(s / d - res.phi[i * p + j]) < 1e-10);
      assert.equal(res.phi[i * p + j], res.phi[j * p + i]);
    }
  }
  assert.ok(eighF64(res.phi, { n: p, vectors: false }).values[0] > 0);
});

Deno.test("damped iteration: the plain iteration diverges, damping + continuation converges to Newton's answer", () => {
  const d = 30, p = 20, gamma = 3;
  const { data } = task(4, p, d);
  const K = kernel(data.x, p, d);
  const plain = dampedDualIteration({
    kernel: K,
    y: data.y,
    c: gamma * gamma,
    epsilon: 1,
    continuationSteps: 1,
    maxIterations: 200,
  });
  assert.equal(plain.converged, false);
  const damped = dampedDualIteration({ kernel: K, y: data.y, c: gamma * gamma });
  assert.equal(damped.converged, true);
  const newton = linearBayesSingleTask({ data, d, gamma });
  assert.ok(maxAbsDiff(damped.a, newton.a) < 1e-8);
});

function alignedPair(seed: number, d: number, p1: number, p2: number, alpha: number) {
  const src = task(seed, p1, d);
  const [kp] = split(key(seed + 1000));
  const perp = normalF64(kp, d);
  const bs = src.beta;
  const proj = perp.reduce((s, v, i) => s + v * bs[i], 0) / d;
  for (let i = 0; i < d; i++) perp[i] -= proj * bs[i];
  const n = Math.hypot(...perp);
  const bt = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    bt[i] = alpha * bs[i] + Math.sqrt(1 - alpha * alpha) * perp[i] * Math.sqrt(d) / n;
  }
  const tgt = task(seed + 7, p2, d, bt);
  return { source: src.data, target: tgt.data, betaT: bt };
}

Deno.test("transfer: δ = 0 is the single-task solution on the target", () => {
  const d = 30, { source, target } = alignedPair(5, 30, 25, 12, 0.9);
  const tr = linearBayesTransfer({ source, target, d, gamma1: 1.5, gamma2: 1, delta: 0 });
  const single = linearBayesSingleTask({ data: target, d, gamma: 1 });
  assert.ok(maxAbsDiff(tr.a2, single.a) < 1e-9);
  assert.ok(maxAbsDiff(tr.phi2, single.phi) < 1e-9);
  assert.ok(maxAbsDiff(tr.weights, single.weights) < 1e-9);
});

Deno.test("transfer: δ = 1e4 gives Σ₂ ≈ Σ₁ (< 1e-3) and the source-kernel readout", () => {
  const d = 40, { source, target, betaT } = alignedPair(6, 40, 30, 15, 0.9);
  const tr = linearBayesTransfer({ source, target, d, gamma1: 1.5, gamma2: 1, delta: 1e4 });
  const s1 = tr.sourceCovariance(), s2 = tr.targetCovariance();
  let num = 0, den = 0;
  for (let i = 0; i < d * d; i++) {
    num += (s2[i] - s1[i]) ** 2;
    den += s1[i] ** 2;
  }
  assert.ok(Math.sqrt(num / den) < 1e-3, `${Math.sqrt(num / den)}`);
  const readout = kernelReadoutWeights(s1, target, d);
  const lossT = linearPopulationLoss(tr.weights, betaT);
  const lossR = linearPopulationLoss(readout, betaT);
  assert.ok(Math.abs(lossT - lossR) < 2e-3 * lossR, `${lossT} vs ${lossR}`);
  // The dense Σ₂ reproduces the returned Φ₂ = X₂Σ₂X₂ᵀ/D (reduction vs weight space).
  const tr1 = linearBayesTransfer({ source, target, d, gamma1: 1.5, gamma2: 1, delta: 1 });
  const s = tr1.targetCovariance();
  const p2 = 15;
  for (let i = 0; i < p2; i++) {
    for (let j = 0; j < p2; j++) {
      let v = 0;
      for (let k = 0; k < d; k++) {
        for (let l = 0; l < d; l++) v += target.x[i * d + k] * s[k * d + l] * target.x[j * d + l];
      }
      assert.ok(Math.abs(v / d - tr1.phi2[i * p2 + j]) < 1e-9);
    }
  }
});

Deno.test("transfer: loss falls monotonically in δ for aligned tasks; γ₁ = 0 gives no change", () => {
  const d = 40, { source, target, betaT } = alignedPair(8, 40, 30, 15, 0.95);
  const deltas = [0, 0.3, 1, 3, 10, 100];
  const losses = deltas.map((delta) =>
    linearPopulationLoss(
      linearBayesTransfer({ source, target, d, gamma1: 1.5, gamma2: 1, delta }).weights,
      betaT,
    )
  );
  for (let i = 1; i < losses.length; i++) assert.ok(losses[i] < losses[i - 1], `${losses}`);
  const flat = deltas.map((delta) =>
    linearPopulationLoss(
      linearBayesTransfer({ source, target, d, gamma1: 0, gamma2: 1, delta }).weights,
      betaT,
    )
  );
  for (const l of flat) assert.ok(Math.abs(l - flat[0]) < 1e-9, `${flat}`);
});

Deno.test("transfer: joint mode at δ = 0 is two single tasks; replace prior converges with a small residual", () => {
  const d = 20, { source, target } = alignedPair(9, 20, 15, 8, 0.8);
  const j = linearBayesTransfer({
    source,
    target,
    d,
    gamma1: 1,
    gamma2: 1,
    delta: 0,
    mode: "joint",
  });
  const s1 = linearBayesSingleTask({ data: source, d, gamma: 1 });
  const s2 = linearBayesSingleTask({ data: target, d, gamma: 1 });
  assert.ok(maxAbsDiff(j.phi1, s1.phi) < 1e-8);
  assert.ok(maxAbsDiff(j.phi2, s2.phi) < 1e-8);
  // joint at large δ: both networks share the hidden weights (Σ₁₁ ≈ Σ₂₂).
  const jl = linearBayesTransfer({
    source,
    target,
    d,
    gamma1: 1,
    gamma2: 1,
    delta: 1e4,
    mode: "joint",
  });
  assert.ok(maxAbsDiff(jl.sourceCovariance(), jl.targetCovariance()) < 1e-3);
  const r = linearBayesTransfer({
    source,
    target,
    d,
    gamma1: 1,
    gamma2: 1,
    delta: 2,
    prior: "replace",
  });
  assert.ok(r.residual < 1e-9);
  // Dense check of the joint target covariance against Φ₂.
  const s = j.targetCovariance();
  let v = 0;
  for (let k = 0; k < d; k++) {
    for (let l = 0; l < d; l++) v += target.x[k] * s[k * d + l] * target.x[l];
  }
  assert.ok(Math.abs(v / d - j.phi2[0]) < 1e-9);
});

Deno.test("bad input: named errors for δ, γ, sizes and singular kernels", () => {
  const d = 10, { source, target } = alignedPair(10, 10, 8, 5, 0.5);
  const base = { source, target, d, gamma1: 1, gamma2: 1, delta: 1 };
  assert.throws(
    () => linearBayesTransfer({ ...base, delta: -1 }),
    (e: Error) => e instanceof ArgumentError && /"delta"/.test(e.message) && /-1/.test(e.message),
  );
  assert.throws(
    () => linearBayesTransfer({ ...base, gamma1: NaN }),
    (e: Error) => e instanceof ArgumentError && /"gamma1"/.test(e.message) && /NaN/.test(e.message),
  );
  assert.throws(() => linearBayesTransfer({ ...base, gamma2: Infinity }), /"gamma2"/);
  assert.throws(
    () => linearBayesTransfer({ ...base, target: { x: target.x, y: target.y.subarray(0, 4) } }),
    (e: Error) => e instanceof ArgumentError && /"target.x"/.test(e.message),
  );
  // P > D at β = ∞: the kernel is singular.
  // P > D at β = ∞ with labels outside the kernel's range (noisy): no interpolating posterior.
  const clean = task(11, 15, 10).data;
  const wide = { x: clean.x, y: clean.y.map((v, i) => v + normalF64(key(99), 15)[i]) };
  assert.throws(
    () => linearBayesSingleTask({ data: wide, d: 10, gamma: 1 }),
    (e: Error) =>
      e instanceof ArgumentError && /"data.x"/.test(e.message) && /min eigenvalue/.test(e.message),
  );
  // ... fine with a finite β (ρ > 0), and with noise-free labels (in the range: pseudoinverse).
  assert.ok(linearBayesSingleTask({ data: wide, d: 10, gamma: 1, beta: 10 }).residual < 1e-9);
  assert.ok(linearBayesSingleTask({ data: clean, d: 10, gamma: 1 }).residual < 1e-8);
  assert.throws(
    () =>
      dampedDualIteration({ kernel: new Float64Array([1, 2, 2, 1]), y: new Float64Array(2), c: 1 }),
    (e: Error) => e instanceof ArgumentError && /"kernel"/.test(e.message),
  );
});

Deno.test("Φ̂ = −(λ₁γ²/2)aaᵀ is rank one and NSD; Φ₂ of transfer is symmetric PD", () => {
  const d = 20, { source, target } = alignedPair(12, 20, 15, 8, 0.9);
  const tr = linearBayesTransfer({ source, target, d, gamma1: 1.2, gamma2: 0.8, delta: 3 });
  const hat = conjugateKernel(tr.a2, { gamma: 0.8 });
  const ev = eighF64(hat, { n: 8, vectors: false }).values;
  for (let i = 1; i < 8; i++) assert.ok(Math.abs(ev[i]) < 1e-12 * Math.abs(ev[0]));
  assert.ok(ev[0] < 0);
  const ev2 = eighF64(tr.phi2, { n: 8, vectors: false }).values;
  assert.ok(ev2[0] > 0);
  for (let i = 0; i < 8; i++) {
    for (let j = 0; j < 8; j++) assert.equal(tr.phi2[i * 8 + j], tr.phi2[j * 8 + i]);
  }
});
