import assert from "node:assert/strict";
import { key } from "../random/mod.ts";
import { haarOrthogonal, sampleIclPrompts, sampleTaskPool } from "./icl_tasks.ts";

Deno.test("haarOrthogonal: QᵀQ = I to 1e-12 and E[Q_11²] = 1/n", () => {
  const n = 12;
  const q = haarOrthogonal(key(3), n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let r = 0; r < n; r++) s += q[r * n + i] * q[r * n + j];
      assert.ok(Math.abs(s - (i === j ? 1 : 0)) < 1e-12);
    }
  }
  // 2000 draws: the mean of Q_00² has sd ≈ sqrt(2/(n(n+2)))/sqrt(2000) ≈ 0.0023; test at 4 sd
  let m = 0;
  for (let s = 0; s < 2000; s++) m += haarOrthogonal(key(100 + s), 4)[0] ** 2 / 2000;
  assert.ok(Math.abs(m - 0.25) < 0.015, `E Q00² = ${m}`);
});

Deno.test("sampleIclPrompts (Parts A/B): E y² = tr(C)/d + ρ, labels consistent with the tasks", () => {
  const d = 20;
  const b = sampleIclPrompts(key(1), 400, {
    dim: d,
    contextLength: 30,
    covariateScale: 1 / d,
    noiseVariance: 0.25,
  });
  let s = 0;
  for (const v of b.y) s += v * v / b.y.length;
  // 12000 labels with var 1.25 (kurtosis ≤ 9): sd of the mean of y² ≈ 0.03
  assert.ok(Math.abs(s - 1.25) < 0.1, `E y² = ${s}`);
  const noiseless = sampleIclPrompts(key(2), 5, {
    dim: d,
    contextLength: 4,
    covariateScale: 1 / d,
    noiseVariance: 0,
  });
  for (let c = 0; c < 5; c++) {
    for (let i = 0; i < 4; i++) {
      let p = 0;
      for (let a = 0; a < d; a++) {
        p += noiseless.x[(c * 4 + i) * d + a] * noiseless.tasks[c * d + a];
      }
      assert.ok(Math.abs(p - noiseless.y[c * 4 + i]) < 1e-12);
    }
  }
  // sphere tasks have ‖w‖² = d exactly
  const sp = sampleIclPrompts(key(3), 3, {
    dim: d,
    contextLength: 1,
    covariateScale: 1 / d,
    noiseVariance: 0,
    taskLaw: "sphere",
  });
  for (let c = 0; c < 3; c++) {
    let nn = 0;
    for (let a = 0; a < d; a++) nn += sp.tasks[c * d + a] ** 2;
    assert.ok(Math.abs(nn - d) < 1e-10);
  }
});

Deno.test("sampleIclPrompts: finite pool tasks come from the pool; RRS rotates covariances (Part C)", () => {
  const d = 6;
  const pool = sampleTaskPool(key(4), 3, { dim: d });
  const b = sampleIclPrompts(key(5), 50, {
    dim: d,
    contextLength: 2,
    covariateScale: 1 / d,
    noiseVariance: 0.1,
    taskPool: pool,
  });
  const used = new Set<number>();
  for (let c = 0; c < 50; c++) {
    let hit = -1;
    for (let j = 0; j < 3; j++) {
      let diff = 0;
      for (let a = 0; a < d; a++) diff += Math.abs(b.tasks[c * d + a] - pool[j * d + a]);
      if (diff < 1e-14) hit = j;
    }
    assert.ok(hit >= 0, "task from pool");
    used.add(hit);
  }
  assert.equal(used.size, 3);
  // RRS with a spiked Σ: per-context covariance is rotated, so the average of x xᵀ is isotropic
  const lam = [d, 0, 0, 0, 0, 0];
  const r = sampleIclPrompts(key(6), 3000, {
    dim: d,
    contextLength: 1,
    covariateScale: 1,
    noiseVariance: 0,
    covariateSpectrum: lam,
    rotation: "haar-per-context",
    labelScale: 1 / Math.sqrt(d),
    queries: 2,
  });
  let x00 = 0;
  let x11 = 0;
  for (let c = 0; c < 3000; c++) {
    x00 += r.x[c * d] ** 2 / 3000;
    x11 += r.x[c * d + 1] ** 2 / 3000;
  }
  // E x_a² = tr Σ/d = 1 per coordinate; sd of each mean ≈ sqrt(3·6/8·… ) ≈ 0.04
  assert.ok(Math.abs(x00 - 1) < 0.2 && Math.abs(x11 - 1) < 0.2, `${x00} ${x11}`);
  assert.throws(
    () =>
      sampleIclPrompts(key(1), 1, {
        dim: 3,
        contextLength: 1,
        covariateScale: 0,
        noiseVariance: 0,
      }),
    /sampleIclPrompts: argument "covariateScale"/,
  );
  assert.throws(
    () =>
      sampleIclPrompts(key(1), 1, {
        dim: 3,
        contextLength: 1,
        covariateScale: 1,
        noiseVariance: 0,
        taskSpectrum: [1],
      }),
    /argument "taskSpectrum"/,
  );
  assert.throws(() => sampleTaskPool(key(1), 0, { dim: 3 }), /sampleTaskPool: argument "k"/);
});
