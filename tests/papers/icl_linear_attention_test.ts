import assert from "node:assert/strict";
import { createContext } from "../../src/run/mod.ts";
import { defaults, main } from "../../scripts/icl_linear_attention.ts";

Deno.test("icl_linear_attention main (tiny): headline orderings of 2405.11751 / 2509.26551 hold", async () => {
  const ctx = await createContext({ quiet: true });
  const out = await main({
    ...defaults,
    d: 12,
    seeds: 2,
    taus: [0.5, 3],
    gapD: 8,
    gapKappas: [0.5, 4],
    dmmseDraws: 60,
    alignKappas: [2],
    heatD: 200,
    metricD: 30,
    extrapDims: [8, 12],
    extrapSeeds: [2, 2],
    figure: false,
  }, ctx);
  await ctx.finish();
  // deno-lint-ignore no-explicit-any
  const s = out.summary as any;
  // alignment: aligned < reversed in theory and in the simulated Γ*; diversity hurts weak directions
  assert.equal(s.alignment.alignedBelowReversedTheory, true);
  assert.equal(s.alignment.alignedBelowReversedSim, true);
  assert.equal(s.alignment.weakIncreasesInKappaTheory, true);
  assert.equal(s.alignment.alignedDecreasesInKappaTheory, true);
  // specialisation → generalisation: optimal p_train falls as κ grows
  assert.ok(s.heatMap.pTrainOptAtSmallestKappa > s.heatMap.pTrainOptAtLargestKappa);
  // ⟨C_test, K⟩ ranks E_ICL better than the population and CKA metrics
  assert.ok(s.metricsSpearman.kAlignment > 0.95);
  assert.ok(s.metricsSpearman.kAlignment > s.metricsSpearman.population);
  assert.ok(s.metricsSpearman.kAlignment > s.metricsSpearman.inverseCka);
  // the finite-size simulation sits above the d → ∞ theory away from τ = 1 (iso)
  assert.equal(s.doubleDescent.simAboveTheory, true);
  // task diversity: dMMSE never generalises beyond its pool; Γ* does once κ is large
  // deno-lint-ignore no-explicit-any
  const td = ctx.results.get("taskDiversity") as any[];
  const last = td[td.length - 1];
  assert.ok(last.gTaskDmmse > 5 * Math.max(last.gTaskSim, 0.01), JSON.stringify(last));
  assert.ok(td[0].gTaskSim > last.gTaskSim);
  // theory and simulation are stored side by side for every simulated point
  // deno-lint-ignore no-explicit-any
  for (const r of ctx.results.get("doubleDescent") as any[]) {
    assert.ok(Number.isFinite(r.eIclTheory) && Number.isFinite(r.eIclSim));
  }
});
