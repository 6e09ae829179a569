import assert from "node:assert/strict";
import { featureFourthMoment, gradientMoments, nsgdLrForEffectiveLr } from "./nsgd.ts";
import { sgdRiskRecursion } from "./sgd_recursion.ts";
import { powerLawInstance } from "./power_law.ts";

Deno.test("gradient moments: Gaussian closed form (arXiv:2510.14717 NSGD normaliser)", () => {
  const lambda = Float64Array.of(1, 0.5, 0.2);
  const m = Float64Array.of(0.3, 0.6, 1.1);
  const B = 4, sigma2 = 0.25;
  const g = gradientMoments(lambda, m, { batch: B, sigma2 });
  const q = 0.3 + 0.25 * 0.6 + 0.04 * 1.1;
  const s = 0.3 + 0.3 + 0.22;
  assert.ok(Math.abs(g.meanPart - (1 + 1 / B) * q) < 1e-15);
  assert.ok(Math.abs(g.noisePart - (1.7 * (s + sigma2)) / B) < 1e-15);
  assert.ok(Math.abs(g.rho - g.meanPart / g.noisePart) < 1e-15);
  assert.ok(Math.abs(g.noiseCriticalBatch - (1.7 * (s + sigma2)) / q) < 1e-13);
  const r = gradientMoments(lambda, m, { batch: B, sigma2, features: "rademacher" });
  assert.ok(Math.abs(r.meanPart - (1 - 1 / B) * q) < 1e-15);
  assert.equal(featureFourthMoment("gaussian"), 3);
  assert.equal(featureFourthMoment("rademacher"), 1);
});

Deno.test("NSGD recursion uses η̃_t = η_t / sqrt(E||g_t||²) and reports ρ_t", () => {
  const { lambda, wStarSq } = powerLawInstance(64, { a: 1.5, b: 2 });
  const T = 30, B = 8, sigma2 = 0.1;
  const eta = nsgdLrForEffectiveLr(lambda, wStarSq, { effectiveLr: 0.05, batch: B, sigma2 });
  const plan = { lr: new Float64Array(T).fill(eta), batch: new Float64Array(T).fill(B) };
  const r = sgdRiskRecursion(lambda, { m0: wStarSq, sigma2, plan, normalized: true });
  assert.ok(Math.abs(r.effectiveLr[0] - 0.05) < 1e-15);
  // replay: the normaliser at step t computed from the SGD run with the same effective LRs
  const m = Float64Array.from(wStarSq);
  for (let t = 0; t < T; t++) {
    const g = gradientMoments(lambda, m, { batch: B, sigma2 });
    assert.ok(Math.abs(r.effectiveLr[t] - eta / Math.sqrt(g.total)) < 1e-14 * r.effectiveLr[t]);
    assert.ok(Math.abs(r.rho![t] - g.rho) < 1e-12 * g.rho);
    const one = sgdRiskRecursion(lambda, {
      m0: m,
      sigma2,
      plan: { lr: [r.effectiveLr[t]], batch: [B] },
    });
    m.set(one.finalM);
  }
});

Deno.test("variance-dominated NSGD: effective LR ∝ η√B when ρ ≪ 1", () => {
  const { lambda, wStarSq } = powerLawInstance(64, { a: 1.5, b: 2 });
  const sigma2 = 1e4; // huge noise: noise part dominates
  const e1 = 1 / Math.sqrt(gradientMoments(lambda, wStarSq, { batch: 4, sigma2 }).total);
  const e4 = 1 / Math.sqrt(gradientMoments(lambda, wStarSq, { batch: 16, sigma2 }).total);
  assert.ok(gradientMoments(lambda, wStarSq, { batch: 16, sigma2 }).rho < 1e-3);
  assert.ok(Math.abs(e4 / e1 - 2) < 1e-3);
});

Deno.test("nsgd helpers reject bad input", () => {
  const l = Float64Array.of(1);
  assert.throws(
    () => gradientMoments(l, Float64Array.of(1, 2), { batch: 1, sigma2: 0 }),
    /gradientMoments: arguments "lambda" and "m" must have equal length, got 1 and 2/,
  );
  assert.throws(() => gradientMoments(l, l, { batch: 0, sigma2: 0 }), /option "batch" must be > 0/);
  assert.throws(
    () => nsgdLrForEffectiveLr(l, l, { batch: 1, sigma2: 0, effectiveLr: -1 }),
    /nsgdLrForEffectiveLr: option "effectiveLr" must be > 0, got -1/,
  );
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => featureFourthMoment("laplace" as any),
    /featureFourthMoment: argument "features" must be "gaussian" or "rademacher", got "laplace"/,
  );
});
