import assert from "node:assert/strict";
import { sgdStepKernels, sgdStepKernelsAvailable } from "./sgd_step_kernels.ts";
import { sgdRiskRecursion, type StepPlan } from "./sgd_recursion.ts";
import { powerLawInstance } from "./power_law.ts";

Deno.test("SIMD step kernels agree with the TypeScript loops (odd d, constant and varying LR)", () => {
  for (const d of [64, 65, 1001]) {
    const { lambda, wStarSq, traceH } = powerLawInstance(d, { a: 1.3, b: 1.7 });
    // constant segments (stepD path) interleaved with per-step changes (stepFly path)
    const T = 300;
    const plan: StepPlan = { lr: new Float64Array(T), batch: new Float64Array(T) };
    for (let t = 0; t < T; t++) {
      (plan.lr as Float64Array)[t] = t < 100 ? 0.8 / traceH : (0.5 / traceH) * (1 + Math.sin(t));
      (plan.batch as Float64Array)[t] = t < 200 ? 2 : 1 + (t % 5);
    }
    for (const features of ["gaussian", "rademacher"] as const) {
      const opts = {
        runningAverage: true,
        m0: wStarSq,
        sigma2: 0.3,
        plan,
        features,
        tailAverage: { start: 150, length: 100 },
        emaDecay: 0.1,
      };
      const w = sgdRiskRecursion(lambda, { ...opts, kernel: "wasm" });
      const j = sgdRiskRecursion(lambda, { ...opts, kernel: "js" });
      for (let k = 0; k < w.risk.length; k++) {
        assert.ok(Math.abs(w.risk[k] - j.risk[k]) <= 1e-12 * j.risk[k], `d=${d} k=${k}`);
        assert.ok(Math.abs(w.emaRisk![k] - j.emaRisk![k]) <= 1e-12 * j.emaRisk![k]);
        const rw = w.runningAverageRisk![k], rj = j.runningAverageRisk![k];
        assert.ok(Math.abs(rw - rj) <= 1e-12 * rj);
      }
      assert.ok(Math.abs(w.tailAverageRisk! - j.tailAverageRisk!) <= 1e-12 * j.tailAverageRisk!);
      for (let i = 0; i < d; i++) {
        assert.ok(Math.abs(w.finalM[i] - j.finalM[i]) <= 1e-12 * j.finalM[i] + 1e-300);
      }
    }
  }
});

Deno.test("SIMD NSGD step (with Σλ²m) agrees with the TypeScript loop", () => {
  const { lambda, wStarSq } = powerLawInstance(301, { a: 1.5, b: 2 });
  const T = 200;
  const plan: StepPlan = { lr: new Float64Array(T).fill(0.3), batch: new Float64Array(T) };
  for (let t = 0; t < T; t++) (plan.batch as Float64Array)[t] = 4 + (t % 3);
  const opts = { m0: wStarSq, sigma2: 0.5, plan, normalized: true, diagnostics: true };
  const w = sgdRiskRecursion(lambda, { ...opts, kernel: "wasm" });
  const j = sgdRiskRecursion(lambda, { ...opts, kernel: "js" });
  for (let t = 0; t < T; t++) {
    assert.ok(Math.abs(w.effectiveLr[t] - j.effectiveLr[t]) <= 1e-12 * j.effectiveLr[t]);
    assert.ok(Math.abs(w.rho![t] - j.rho![t]) <= 1e-12 * j.rho![t]);
  }
  assert.ok(Math.abs(w.finalRisk - j.finalRisk) <= 1e-12 * j.finalRisk);
});

Deno.test("sgdStepKernels: views hold the inputs and odd d is padded with zeros", () => {
  const lambda = Float64Array.of(1, 0.5, 0.25), m0 = Float64Array.of(3, 2, 1);
  // Deno (V8) supports WebAssembly SIMD: the kernels must compile here
  assert.equal(sgdStepKernelsAvailable(), true);
  const k = sgdStepKernels(lambda, m0)!;
  assert.deepEqual(Array.from(k.lambda), [1, 0.5, 0.25]);
  const s = k.stepFly(0.1, 0, 0);
  const want = [3 * 0.81, 2 * 0.95 ** 2, 1 * 0.975 ** 2];
  want.forEach((v, i) => assert.ok(Math.abs(k.m[i] - v) < 1e-15));
  assert.ok(Math.abs(s - (want[0] + 0.5 * want[1] + 0.25 * want[2])) < 1e-15);
  assert.throws(
    () => sgdStepKernels(lambda, Float64Array.of(1)),
    /sgdStepKernels: arguments "lambda" and "m0" must have equal length, got 3 and 1/,
  );
  assert.throws(
    () =>
      sgdRiskRecursion(lambda, {
        m0,
        sigma2: 0,
        plan: { lr: [0.1], batch: [1] },
        kernel: "gpu" as unknown as "js",
      }),
    /sgdRiskRecursion: option "kernel" must be "wasm" or "js", got "gpu"/,
  );
});
