import assert from "node:assert/strict";
import { defaults, main } from "../../scripts/sgd_risk.ts";
import { createContext } from "../../src/run/mod.ts";

Deno.test("sgd_risk script: exponents, Zou band, plateau and MC at tiny size", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "sgd_risk_test_" });
  try {
    const cfg = {
      ...defaults,
      d: 4000,
      cEta: 0.2,
      minLog2N: 8,
      maxLog2N: 12,
      mcD: 32,
      mcReps: 200,
      mcLog2N: 9,
      sigma2: 0.5,
    };
    const ctx = await createContext({ outDir, quiet: true, config: cfg });
    const s = await main(cfg, ctx);
    await ctx.finish();
    // headline claim (sgd_risk.md §2.3, §2.6.8): power-law exponents within ±0.05
    assert.ok(
      Math.abs(s.exponents.lastBias - s.exponents.targetBias) < 0.05,
      JSON.stringify(s.exponents),
    );
    assert.ok(Math.abs(s.exponents.averagedBias - s.exponents.targetBias) < 0.05);
    assert.ok(Math.abs(s.exponents.averagedVariance - s.exponents.targetAveragedVariance) < 0.05);
    // Zou's variance bound holds with a ratio in the sanity band [1, 20] (η·trH = 0.2 < 1/3)
    assert.equal(s.boundRatios.length, 5);
    for (const r of s.boundRatios) assert.ok(r >= 1 && r <= 20, `bound ratio ${r}`);
    // MC within 3 SE at every recorded point would be a multiple-comparison test; the final
    // point is the oracle (sgd_risk.md §2.6.6), R = 200.
    assert.ok(Math.abs(s.mcFinalZ) <= 3, `final z ${s.mcFinalZ}`);
    assert.ok(Math.abs(s.mcAveragedZ) <= 3, `averaged z ${s.mcAveragedZ}`);
    const results = JSON.parse(await Deno.readTextFile(`${outDir}/results.json`));
    assert.equal(results.done, true);
    const th = results.curves.constant.theory;
    assert.equal(th.samples.length, th.risk.length);
    assert.equal(results.mc.constant.mc.risk.length, results.mc.constant.theory.risk.length);
    for (
      const f of ["learning_curves.svg", "learning_curves.png", "mc_check.svg", "mc_check.png"]
    ) {
      assert.ok((await Deno.stat(`${outDir}/${f}`)).size > 1000, f);
    }
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
