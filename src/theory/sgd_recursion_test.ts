import assert from "node:assert/strict";
import { constantPlan, sgdBiasVariance, sgdRiskRecursion } from "./sgd_recursion.ts";
import { powerLawInstance } from "./power_law.ts";

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

// A non-trivial schedule: lr and batch change every step.
function wigglyPlan(T: number, lr0: number): { lr: Float64Array; batch: Float64Array } {
  const lr = new Float64Array(T), batch = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    lr[t] = lr0 * (0.5 + 0.5 * Math.cos((Math.PI * t) / T)) + 0.1 * lr0;
    batch[t] = 1 + (t % 7) + Math.floor(t / 50);
  }
  return { lr, batch };
}

Deno.test("d = 1, sigma = 0 gives the closed-form geometric decay", () => {
  const lam = 0.7, eta = 0.3, m0 = 2.5;
  for (const B of [1, 3, 16]) {
    for (const features of ["gaussian", "rademacher"] as const) {
      const kappa = features === "gaussian" ? 3 : 1;
      const T = 50;
      const r = sgdRiskRecursion(Float64Array.of(lam), {
        m0: Float64Array.of(m0),
        sigma2: 0,
        plan: constantPlan(T, { lr: eta, batch: B }),
        features,
      });
      // Gaussian, B = 1: 1 − 2ηλ + 3η²λ²; general: 1 − 2ηλ + η²λ²(1 + (κ−1)/B).
      const factor = 1 - 2 * eta * lam + eta * eta * lam * lam * (1 + (kappa - 1) / B);
      if (features === "gaussian" && B === 1) {
        assert.equal(factor, 1 - 2 * eta * lam + 3 * eta * eta * lam * lam);
      }
      for (let t = 0; t <= T; t++) {
        const expected = 0.5 * lam * m0 * Math.pow(factor, t);
        assert.ok(relErr(r.risk[t], expected) < 1e-12, `B=${B} ${features} t=${t}`);
      }
    }
  }
});

Deno.test("B -> infinity is gradient descent, m_i(t) = (1 − ηλ_i)^{2t} m_i(0)", () => {
  const { lambda, wStarSq } = powerLawInstance(50, { a: 1.5, b: 2 });
  const eta = 0.9, T = 40;
  const r = sgdRiskRecursion(lambda, {
    m0: wStarSq,
    sigma2: 0.3,
    plan: constantPlan(T, { lr: eta, batch: 1e12 }),
  });
  for (let i = 0; i < 50; i++) {
    const expected = Math.pow(1 - eta * lambda[i], 2 * T) * wStarSq[i];
    // sigma^2 eta^2 / B = 1e-12 relative forcing: compare at 1e-12 relative plus that floor.
    assert.ok(Math.abs(r.finalM[i] - expected) <= 1e-12 * expected + 1e-11, `coordinate ${i}`);
  }
});

Deno.test("total = bias(sigma=0) + variance(m0=0) for arbitrary schedules, SGD and NSGD", () => {
  const { lambda, wStarSq, traceH } = powerLawInstance(300, { a: 1.3, b: 1.8 });
  for (const normalized of [false, true]) {
    for (const features of ["gaussian", "rademacher"] as const) {
      const plan = wigglyPlan(400, normalized ? 0.2 : 0.4 / traceH);
      const split = sgdBiasVariance(lambda, {
        m0: wStarSq,
        sigma2: 0.2,
        plan,
        features,
        normalized,
        tailAverage: { start: 100, length: 250 },
        emaDecay: 0.05,
      });
      for (let k = 0; k < split.total.risk.length; k++) {
        const sum = split.bias.risk[k] + split.variance.risk[k];
        assert.ok(relErr(sum, split.total.risk[k]) < 1e-12, `risk k=${k}`);
        const esum = split.bias.emaRisk![k] + split.variance.emaRisk![k];
        assert.ok(relErr(esum, split.total.emaRisk![k]) < 1e-12, `ema k=${k}`);
      }
      const tsum = split.bias.tailAverageRisk! + split.variance.tailAverageRisk!;
      assert.ok(relErr(tsum, split.total.tailAverageRisk!) < 1e-12);
    }
  }
});

Deno.test("window of one iterate equals the last iterate; eta -> 0 gives E_avg -> E_0", () => {
  const { lambda, wStarSq, traceH } = powerLawInstance(100, { a: 1.5, b: 2 });
  const plan = wigglyPlan(200, 0.5 / traceH);
  for (const u of [0, 1, 37, 200]) {
    const r = sgdRiskRecursion(lambda, {
      m0: wStarSq,
      sigma2: 0.1,
      plan,
      tailAverage: { start: u, length: 1 },
    });
    assert.ok(relErr(r.tailAverageRisk!, r.risk[u]) < 1e-13, `window at ${u}`);
  }
  const tiny = sgdRiskRecursion(lambda, {
    m0: wStarSq,
    sigma2: 0.1,
    plan: constantPlan(100, { lr: 1e-12, batch: 1 }),
    tailAverage: { start: 0, length: 101 },
    emaDecay: 0.1,
  });
  assert.ok(relErr(tiny.tailAverageRisk!, tiny.risk[0]) < 1e-9);
  assert.ok(relErr(tiny.emaRisk![100], tiny.risk[0]) < 1e-9);
});

Deno.test("tail average matches a brute-force double sum over iterate covariances", () => {
  // E[e_u e_v] = P(v→u) m(v) for v ≤ u (diagonal). Brute force O(N² d) from recorded moments.
  const { lambda, wStarSq, traceH } = powerLawInstance(20, { a: 1.5, b: 2 });
  const T = 60;
  const plan = wigglyPlan(T, 0.6 / traceH);
  const moments: Float64Array[] = [];
  for (let t = 0; t <= T; t++) {
    const r = sgdRiskRecursion(lambda, {
      m0: wStarSq,
      sigma2: 0.05,
      plan: { lr: plan.lr.slice(0, t), batch: plan.batch.slice(0, t) },
    });
    moments.push(r.finalM);
  }
  const start = 10, N = 45;
  let brute = 0;
  for (let i = 0; i < lambda.length; i++) {
    let acc = 0;
    for (let u = start; u < start + N; u++) {
      for (let v = start; v < start + N; v++) {
        const lo = Math.min(u, v), hi = Math.max(u, v);
        let p = 1;
        for (let k = lo; k < hi; k++) p *= 1 - plan.lr[k] * lambda[i];
        acc += p * moments[lo][i];
      }
    }
    brute += lambda[i] * acc;
  }
  brute *= 0.5 / (N * N);
  const r = sgdRiskRecursion(lambda, {
    m0: wStarSq,
    sigma2: 0.05,
    plan,
    tailAverage: { start, length: N },
  });
  assert.ok(relErr(r.tailAverageRisk!, brute) < 1e-12);
});

Deno.test("EMA average matches a brute-force weighted double sum", () => {
  const { lambda, wStarSq, traceH } = powerLawInstance(10, { a: 2, b: 2.5 });
  const T = 30, rho = 0.2;
  const plan = wigglyPlan(T, 0.5 / traceH);
  const moments: Float64Array[] = [];
  for (let t = 0; t <= T; t++) {
    moments.push(
      sgdRiskRecursion(lambda, {
        m0: wStarSq,
        sigma2: 0.05,
        plan: { lr: plan.lr.slice(0, t), batch: plan.batch.slice(0, t) },
      }).finalM,
    );
  }
  // w̄_T = (1−ρ)^T w_0 + Σ_{t≥1} ρ(1−ρ)^{T−t} w_t
  const wts = new Float64Array(T + 1);
  wts[0] = Math.pow(1 - rho, T);
  for (let t = 1; t <= T; t++) wts[t] = rho * Math.pow(1 - rho, T - t);
  let brute = 0;
  for (let i = 0; i < lambda.length; i++) {
    let acc = 0;
    for (let u = 0; u <= T; u++) {
      for (let v = 0; v <= T; v++) {
        const lo = Math.min(u, v), hi = Math.max(u, v);
        let p = 1;
        for (let k = lo; k < hi; k++) p *= 1 - plan.lr[k] * lambda[i];
        acc += wts[u] * wts[v] * p * moments[lo][i];
      }
    }
    brute += lambda[i] * acc;
  }
  brute *= 0.5;
  const r = sgdRiskRecursion(lambda, { m0: wStarSq, sigma2: 0.05, plan, emaDecay: rho });
  assert.ok(relErr(r.emaRisk![T], brute) < 1e-12);
});

Deno.test("recordEvery keeps iterate 0 and the last iterate, and samples count batches", () => {
  const lambda = Float64Array.of(1, 0.5);
  const r = sgdRiskRecursion(lambda, {
    m0: Float64Array.of(1, 1),
    sigma2: 0,
    plan: { lr: [0.1, 0.1, 0.1, 0.1, 0.1], batch: [1, 2, 3, 4, 5] },
    recordEvery: 2,
  });
  assert.deepEqual(Array.from(r.steps), [0, 2, 4, 5]);
  assert.deepEqual(Array.from(r.samples), [0, 3, 10, 15]);
  assert.equal(r.totalSamples, 15);
});

Deno.test("sgdRiskRecursion rejects bad input with named errors", () => {
  const lambda = Float64Array.of(1, 0.5);
  const m0 = Float64Array.of(1, 1);
  assert.throws(
    () =>
      sgdRiskRecursion(lambda, {
        m0: Float64Array.of(1),
        sigma2: 0,
        plan: constantPlan(2, { lr: 0.1, batch: 1 }),
      }),
    /sgdRiskRecursion: option "m0" must be a Float64Array of length 2/,
  );
  assert.throws(
    () =>
      sgdRiskRecursion(lambda, { m0, sigma2: -1, plan: constantPlan(2, { lr: 0.1, batch: 1 }) }),
    /option "sigma2" must be a finite number >= 0, got -1/,
  );
  assert.throws(
    () => sgdRiskRecursion(lambda, { m0, sigma2: 0, plan: { lr: [0.1], batch: [0] } }),
    /plan.batch\[0\] must be a finite number > 0, got 0/,
  );
  assert.throws(
    () => sgdRiskRecursion(lambda, { m0, sigma2: 0, plan: { lr: [0.1, 0.1], batch: [1] } }),
    /lr and batch of equal length, got 2 and 1/,
  );
  assert.throws(
    () =>
      sgdRiskRecursion(lambda, {
        m0,
        sigma2: 0,
        plan: constantPlan(3, { lr: 0.1, batch: 1 }),
        tailAverage: { start: 2, length: 3 },
      }),
    /window ends at iterate 4 but the plan has only 3 steps/,
  );
  assert.throws(
    () =>
      sgdRiskRecursion(lambda, {
        m0,
        sigma2: 0,
        plan: constantPlan(3, { lr: 0.1, batch: 1 }),
        emaDecay: 0,
      }),
    /option "emaDecay" must be in \(0, 1\], got 0/,
  );
  assert.throws(() => constantPlan(-1, { lr: 0.1, batch: 1 }), /constantPlan: argument "steps"/);
});

Deno.test("running average at t equals the tail average over iterates 0..t", () => {
  const { lambda, wStarSq, traceH } = powerLawInstance(40, { a: 1.5, b: 2 });
  const plan = wigglyPlan(80, 0.6 / traceH);
  const r = sgdRiskRecursion(lambda, {
    m0: wStarSq,
    sigma2: 0.1,
    plan,
    runningAverage: true,
    recordEvery: 7,
  });
  for (let k = 0; k < r.steps.length; k++) {
    const t = r.steps[k];
    const w = sgdRiskRecursion(lambda, {
      m0: wStarSq,
      sigma2: 0.1,
      plan,
      tailAverage: { start: 0, length: t + 1 },
    });
    assert.ok(relErr(r.runningAverageRisk![k], w.tailAverageRisk!) < 1e-12, `t=${t}`);
  }
});
