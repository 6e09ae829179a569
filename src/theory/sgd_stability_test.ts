import assert from "node:assert/strict";
import { sgdMaxStableLr, sgdSafeLr, sgdStationaryRisk } from "./sgd_stability.ts";
import { constantPlan, sgdRiskRecursion } from "./sgd_recursion.ts";
import { powerLawInstance } from "./power_law.ts";

Deno.test("d = 1 stationary m_inf = ησ²/(B(2 − ηλ(1 + 2/B))) from the recursion", () => {
  const lam = 0.8, eta = 0.5, sigma2 = 0.3;
  for (const B of [1, 4, 32]) {
    const closed = (eta * sigma2) / (B * (2 - eta * lam * (1 + 2 / B)));
    const st = sgdStationaryRisk(Float64Array.of(lam), { lr: eta, batch: B, sigma2 });
    assert.ok(Math.abs(st.m[0] - closed) / closed < 1e-14);
    const r = sgdRiskRecursion(Float64Array.of(lam), {
      m0: Float64Array.of(3),
      sigma2,
      plan: constantPlan(2000, { lr: eta, batch: B }),
    });
    assert.ok(Math.abs(r.finalM[0] - closed) / closed < 1e-6, `B = ${B}`);
  }
});

Deno.test("any d, E_inf = ½σ²q/(1−q) matches the converged recursion to 1e-6", () => {
  const { lambda, wStarSq, traceH } = powerLawInstance(200, { a: 1.5, b: 2 });
  for (const features of ["gaussian", "rademacher"] as const) {
    for (const B of [1, 8]) {
      const eta = sgdSafeLr({ traceH, lambdaMax: 1 }, { batch: B, features, c: 0.5 });
      const st = sgdStationaryRisk(lambda, { lr: eta, batch: B, sigma2: 0.5, features });
      assert.ok(st.stable);
      assert.ok(Math.abs(st.risk - (0.25 * st.q) / (1 - st.q)) < 1e-15);
      // slowest mode decays like (1 − ηλ_d)^{2t}; run long enough to converge to < 1e-6
      const T = Math.ceil(20 / (eta * lambda[199]));
      const r = sgdRiskRecursion(lambda, {
        m0: wStarSq,
        sigma2: 0.5,
        plan: constantPlan(T, { lr: eta, batch: B }),
        features,
        recordEvery: T,
      });
      assert.ok(Math.abs(r.finalRisk - st.risk) / st.risk < 1e-6, `${features} B=${B}`);
    }
  }
});

Deno.test("stationary risk flags instability exactly where the fixed point stops existing", () => {
  const lambda = Float64Array.of(1, 0.5, 0.25);
  // q ≥ 1 at a large LR
  assert.equal(sgdStationaryRisk(lambda, { lr: 1.9, batch: 1, sigma2: 1 }).stable, false);
  assert.equal(sgdStationaryRisk(lambda, { lr: 0.1, batch: 1, sigma2: 1 }).stable, true);
  assert.throws(
    () => sgdStationaryRisk(lambda, { lr: 0, batch: 1, sigma2: 1 }),
    /sgdStationaryRisk: option "lr" must be > 0, got 0/,
  );
});

Deno.test("eta_max(B): noiseless E||e||² never increases just below it and increases just above", () => {
  const { lambda, traceH } = powerLawInstance(100, { a: 1.5, b: 2 });
  for (const features of ["gaussian", "rademacher"] as const) {
    for (const B of [1, 4, 64, 1024]) {
      const etaMax = sgdMaxStableLr({ traceH, lambdaMax: lambda[0] }, { batch: B, features });
      if (features === "gaussian") {
        assert.ok(Math.abs(etaMax - (2 * B) / (traceH + (B + 1) * lambda[0])) < 1e-15);
      }
      // worst case: all mass on the top eigen-direction
      const m0 = new Float64Array(100);
      m0[0] = 1;
      const sumAfter = (eta: number) => {
        const r = sgdRiskRecursion(lambda, {
          m0,
          sigma2: 0,
          plan: constantPlan(1, { lr: eta, batch: B }),
          features,
        });
        return r.finalM.reduce((a, b) => a + b, 0);
      };
      assert.ok(sumAfter(etaMax * (1 - 1e-6)) <= 1);
      assert.ok(sumAfter(etaMax * (1 + 1e-3)) > 1);
      // and for a generic m0, one step below η_max never increases Σm
      const m1 = new Float64Array(100).map((_, i) => 1 / (i + 1));
      const s0 = m1.reduce((a, b) => a + b, 0);
      const r = sgdRiskRecursion(lambda, {
        m0: m1,
        sigma2: 0,
        plan: constantPlan(1, { lr: 0.999 * etaMax, batch: B }),
        features,
      });
      assert.ok(r.finalM.reduce((a, b) => a + b, 0) <= s0);
    }
  }
});

Deno.test("eta_max saturates near 2/λ1 beyond the effective rank trH/λ1", () => {
  const spec = { traceH: 50, lambdaMax: 1 };
  assert.ok(sgdMaxStableLr(spec, { batch: 1e9 }) > 1.99999);
  assert.ok(Math.abs(sgdMaxStableLr(spec, { batch: 1 }) - 2 / 52) < 1e-15);
  assert.throws(
    () => sgdMaxStableLr({ traceH: 1, lambdaMax: 2 }, { batch: 1 }),
    /sgdMaxStableLr: argument "spectrum" must have 0 < lambdaMax <= traceH/,
  );
  assert.throws(
    () => sgdSafeLr(spec, { batch: 0 }),
    /sgdMaxStableLr: option "batch" must be > 0, got 0/,
  );
});
