import assert from "node:assert/strict";
import { simulateLinearRegressionSgd } from "./linear_regression_sgd.ts";
import { key } from "../random/mod.ts";
import { powerLawInstance } from "../theory/power_law.ts";
import { constantPlan, sgdRiskRecursion } from "../theory/sgd_recursion.ts";
import { sgdSafeLr } from "../theory/sgd_stability.ts";
import { nsgdLrForEffectiveLr } from "../theory/nsgd.ts";
import { sgdMaxStableLr } from "../theory/sgd_stability.ts";
import { phasePlan } from "../schedules/phase_schedule.ts";

// Tolerance: |MC mean − theory| ≤ 3·SE with SE = sample std/√R over R = 200 independent runs
// (PAPERS.md, "Constant-LR SGD": Monte Carlo vs the exact recursion of arXiv:2506.15535). Under the CLT a correct recursion fails one comparison with
// probability ≈ 0.27%; the keys are fixed, so each test is deterministic.
function within3Se(mc: number, se: number, theory: number, what: string): void {
  assert.ok(se > 0, `${what}: zero standard error`);
  const z = Math.abs(mc - theory) / se;
  assert.ok(z <= 3, `${what}: MC ${mc} ± ${se} vs theory ${theory} (${z.toFixed(2)} SE)`);
}

Deno.test("MC minibatch SGD within 3 SE of the recursion (step decay and batch ramp, Rademacher)", () => {
  const inst = powerLawInstance(32, { a: 1.5, b: 2 });
  const eta = sgdSafeLr(inst, { batch: 4, features: "rademacher", c: 0.5 });
  for (const [alpha, beta, seed] of [[2, 1, 1], [1, 2, 2]]) {
    const plan = phasePlan({
      lr: eta,
      batch: 4,
      phaseSamples: 512,
      phases: 4,
      lrDecay: alpha,
      batchGrowth: beta,
    });
    const th = sgdRiskRecursion(inst.lambda, {
      m0: inst.wStarSq,
      sigma2: 0.1,
      plan,
      features: "rademacher",
      recordEvery: 32,
    });
    const mc = simulateLinearRegressionSgd({
      lambda: inst.lambda,
      wStarSq: inst.wStarSq,
      sigma2: 0.1,
      plan,
      repetitions: 200,
      key: key(seed),
      recordEvery: 32,
    });
    assert.deepEqual(Array.from(mc.steps), Array.from(th.steps));
    for (const k of [1, Math.floor(th.steps.length / 2), th.steps.length - 1]) {
      within3Se(mc.risk[k], mc.riskSe[k], th.risk[k], `(${alpha},${beta}) step ${th.steps[k]}`);
    }
  }
});

Deno.test("MC with Gaussian features and the tail average within 3 SE", () => {
  const inst = powerLawInstance(16, { a: 2, b: 2 });
  const eta = sgdSafeLr(inst, { batch: 2, c: 0.5 });
  const plan = constantPlan(150, { lr: eta, batch: 2 });
  const window = { start: 50, length: 101 };
  const th = sgdRiskRecursion(inst.lambda, {
    m0: inst.wStarSq,
    sigma2: 0.2,
    plan,
    tailAverage: window,
  });
  const mc = simulateLinearRegressionSgd({
    lambda: inst.lambda,
    wStarSq: inst.wStarSq,
    sigma2: 0.2,
    plan,
    repetitions: 200,
    key: key(7),
    features: "gaussian",
    tailAverage: window,
  });
  within3Se(mc.risk[150], mc.riskSe[150], th.risk[150], "last iterate");
  within3Se(mc.tailAverage!.risk, mc.tailAverage!.se, th.tailAverageRisk!, "tail average");
});

Deno.test("MC NSGD (ensemble normaliser) within 3 SE of the NSGD recursion", () => {
  const inst = powerLawInstance(32, { a: 1.5, b: 2 });
  const sigma2 = 0.5;
  const lr = nsgdLrForEffectiveLr(inst.lambda, inst.wStarSq, {
    effectiveLr: 0.15 * sgdMaxStableLr(inst, { batch: 4, features: "rademacher" }),
    batch: 4,
    sigma2,
    features: "rademacher",
  });
  const plan = phasePlan({
    lr,
    batch: 4,
    phaseSamples: 512,
    phases: 3,
    lrDecay: Math.SQRT2,
    batchGrowth: 2,
  });
  const th = sgdRiskRecursion(inst.lambda, {
    m0: inst.wStarSq,
    sigma2,
    plan,
    features: "rademacher",
    normalized: true,
  });
  const mc = simulateLinearRegressionSgd({
    lambda: inst.lambda,
    wStarSq: inst.wStarSq,
    sigma2,
    plan,
    repetitions: 200,
    key: key(11),
    normalized: "ensemble",
  });
  const T = plan.steps;
  within3Se(mc.risk[T], mc.riskSe[T], th.risk[T], "NSGD final");
  within3Se(mc.risk[T >> 1], mc.riskSe[T >> 1], th.risk[T >> 1], "NSGD mid");
});

Deno.test("simulateLinearRegressionSgd is reproducible from its key and rejects bad input", () => {
  const inst = powerLawInstance(8, { a: 2, b: 2 });
  const opts = {
    lambda: inst.lambda,
    wStarSq: inst.wStarSq,
    sigma2: 0.1,
    plan: constantPlan(5, { lr: 0.1, batch: 2 }),
    repetitions: 3,
    key: key(3),
  };
  assert.deepEqual(
    simulateLinearRegressionSgd(opts).finalRisks,
    simulateLinearRegressionSgd(opts).finalRisks,
  );
  assert.throws(
    () => simulateLinearRegressionSgd({ ...opts, plan: { lr: [0.1], batch: [1.5] } }),
    /simulateLinearRegressionSgd: plan.batch\[0\] must be a positive integer, got 1.5/,
  );
  assert.throws(
    () => simulateLinearRegressionSgd({ ...opts, repetitions: 1 }),
    /option "repetitions" must be an integer >= 2, got 1/,
  );
  assert.throws(
    () => simulateLinearRegressionSgd({ ...opts, wStarSq: new Float64Array(3) }),
    /options "lambda" and "wStarSq" must have equal length, got 8 and 3/,
  );
  assert.throws(
    // deliberately wrong mode to exercise the runtime check
    () => simulateLinearRegressionSgd({ ...opts, normalized: "global" as unknown as "ensemble" }),
    /option "normalized" must be false, "ensemble" or "conditional", got "global"/,
  );
});
