import assert from "node:assert/strict";
import { createContext } from "../../src/run/mod.ts";
import { defaults, main } from "../../scripts/icl_deep_scaling.ts";

Deno.test("icl_deep_scaling main (tiny): depth helps (ISO at α = 2, RRS at large α), exponents, shape", async () => {
  const ctx = await createContext({ quiet: true });
  const out = await main({
    ...defaults,
    dim: 12,
    // small D: keep ISO away from the stability edge γ*·λ₊/L → 2 (α = 1, L ≥ 4)
    alphas: [2],
    depths: [1, 2],
    lrDepthPower: 0,
    rrsDepths: [1, 4],
    steps: 400,
    rrsSteps: 400,
    seeds: 1,
    riskSamples: 20,
    modes: 20000,
    figure: false,
  }, ctx);
  await ctx.finish();
  // deno-lint-ignore no-explicit-any
  const s = out.summary as any;
  assert.equal(s.iso.decreasingInDepth, true);
  assert.equal(s.rrs.theoryDecreasingInDepth, true);
  assert.equal(s.rrs.trainedDecreasingInDepth, true);
  assert.equal(s.fs.oodIncreasingInTheta, true);
  assert.ok(s.exponents.maxAbsDiff <= 0.07, JSON.stringify(s.exponents));
  assert.ok(Math.abs(s.computeOptimal.fittedDepthVsWidthSlope - 1.5) < 0.3);
  // deno-lint-ignore no-explicit-any
  for (const r of ctx.results.get("isoDepth") as any[]) {
    assert.ok(Number.isFinite(r.theoryLoss) && Number.isFinite(r.trainedRisk));
  }
});
