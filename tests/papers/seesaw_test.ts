import assert from "node:assert/strict";
import { defaults, main } from "../../scripts/seesaw.ts";
import { createContext } from "../../src/run/mod.ts";

Deno.test("seesaw script (theory): reference table, α√β = 2 family, B₀ sweep, MC", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "seesaw_test_" });
  try {
    // The §5a reference instance itself (d = 1000, 5 × 2^16 samples) is cheap enough for a
    // test; the B₀ sweep and the Monte-Carlo check are shrunk.
    const cfg = {
      ...defaults,
      mode: "theory",
      B0Sweep: [8, 2048, 8192],
      lrGrid: [0.01, 0.05, 0.3, 0.6],
      mcD: 32,
      mcPhaseSamples: 512,
      mcReps: 200,
      figure: false,
    };
    const ctx = await createContext({ outDir, quiet: true, config: cfg });
    const s = await main(cfg, ctx);
    await ctx.finish();
    // seesaw.md §5a: SGD and NSGD final risks of the reference table within 1% (ERRATA E1)
    assert.equal(s.claims.referenceWithin1pct, true);
    for (const v of [...s.sgd, ...s.nsgd]) assert.ok(v.relErr! < 0.01, `${v.name}: ${v.relErr}`);
    assert.deepEqual(s.sgd.map((v) => v.steps), [40960, 23142, 15872]);
    assert.deepEqual(s.nsgd.map((v) => v.steps), [40960, 23142, 15872, 12555, 10912]);
    // α ≥ √β within 5% of step decay; α < √β clearly worse (Figure 2 analogue)
    assert.equal(s.claims.admissibleWithin5pct, true);
    assert.equal(s.claims.aggressiveWorse, true);
    // Figure 3 analogue: Seesaw ≈ cosine while variance-dominated; past it cosine < Seesaw <
    // fixed-LR ramp with a growing gap
    assert.equal(s.claims.seesawMatchesCosineBelowCbs, true);
    assert.equal(s.claims.sweepOrderingAtLargeB0, true);
    // Monte-Carlo within 3 SE of the recursion (R = 200, sgd_risk.md §2.6.6)
    for (const m of s.mc) assert.ok(Math.abs(m.z) <= 3, `${m.name}: z = ${m.z}`);
    assert.equal(s.lm.ran, false);
    const results = JSON.parse(await Deno.readTextFile(`${outDir}/results.json`));
    assert.equal(results.done, true);
    const c = results.curves["sgd (2, 1)"].theory;
    assert.equal(c.steps[c.steps.length - 1], 40960);
    assert.equal(c.samples.length, c.risk.length);
    assert.ok(results.curves["sgd (2, 1) d=32"].mc.se.length > 0);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("seesaw script (lm): tiny char LM trains; Seesaw takes ≈38% fewer serial steps", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "seesaw_lm_test_" });
  try {
    const cfg = {
      ...defaults,
      mode: "lm",
      lmTokens: 8192,
      lmLayers: 1,
      lmDim: 16,
      lmHeads: 2,
      lmContext: 16,
      lmVocab: 8,
      lmB0: 4,
      lmLr: 0.01,
      lmEvals: 2,
      lmValWindows: 16,
    };
    const ctx = await createContext({ outDir, quiet: true, config: cfg });
    const s = await main(cfg, ctx);
    await ctx.finish();
    assert.equal(s.lm.ran, true);
    const [cos, see] = s.lm.rows!;
    assert.equal(cos.schedule, "cosine");
    assert.equal(see.schedule, "seesaw");
    assert.equal(cos.steps, 8192 / (4 * 16)); // equal tokens, constant batch
    // seesaw.md §5b(ii): the serial-step reduction is the deterministic schedule count, ≈ 38%
    // for α = 1.1, 10% warmup, α_f = 0.1 (0.6166 of the cosine steps at the paper's scale; a
    // 128-step run with integer batches rounds to within a few steps of it)
    assert.ok(Math.abs(s.lm.stepRatio! - 0.6166) < 0.04, `step ratio ${s.lm.stepRatio}`);
    // training works: both runs end below the uniform loss ln V and above the entropy rate
    for (const r of [cos, see]) {
      assert.ok(r.meanLoss < Math.log(8) && r.meanLoss > s.lm.entropyRateNats!, `${r.meanLoss}`);
    }
    assert.equal(s.lm.claims!.seesawMatchesCosineAtOrBelowCbs, null); // no CBS in a short run
    const results = JSON.parse(await Deno.readTextFile(`${outDir}/results.json`));
    const c = results.curves["lm cosine B0=4 seed=0"].train;
    assert.equal(c.tokens.length, c.risk.length);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
