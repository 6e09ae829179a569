import assert from "node:assert/strict";
import { defaults, figures, main, presets } from "../../scripts/sgd_risk.ts";
import { createContext, parseCliArgs } from "../../src/run/mod.ts";

const tiny = {
  ...defaults,
  d: 4000,
  cEta: 0.2,
  minLog2N: 8,
  maxLog2N: 12,
  mcD: 32,
  mcReps: 200,
  mcLog2N: 9,
  sigma2: 0.5,
  phases: 3,
};

const close = (a: number, b: number, what: string) =>
  assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${what}: ${a} vs pinned ${b}`);

Deno.test("sgd_risk script: exponents, Zou band, plateau and MC at tiny size", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "sgd_risk_test_" });
  try {
    const ctx = await createContext({ outDir, quiet: true, config: tiny });
    const s = await main(tiny, ctx);
    await ctx.finish();
    const e = s.exponents;
    // headline claim (arXiv:2506.15535 power-law corollaries): exponents within ±0.05
    assert.ok(Math.abs(e.lastBias - e.targetBias) < 0.05, JSON.stringify(e));
    assert.ok(Math.abs(e.averagedBias - e.targetBias) < 0.05);
    assert.ok(Math.abs(e.averagedVariance - e.targetAveragedVariance) < 0.05);
    const r = JSON.parse(await Deno.readTextFile(`${outDir}/results.json`));
    assert.equal(r.done, true);
    // Zou's variance bound holds with a ratio in the sanity band [1, 20] (η·trH = 0.2 < 1/3)
    assert.equal(r.boundRatios.length, 5);
    for (const q of r.boundRatios) assert.ok(q >= 1 && q <= 20, `bound ratio ${q}`);
    // The final and averaged MC points are single comparisons (R = 200): |z| ≤ 3.
    assert.ok(Math.abs(s.mcFinalZ) <= 3, `final z ${s.mcFinalZ}`);
    assert.ok(Math.abs(s.mcAveragedZ) <= 3, `averaged z ${s.mcAveragedZ}`);
    assert.equal(r.mc.z.length, 64);
    // Same seeds, same numbers as before experiments moved into src/experiments (pinned from
    // the pre-move script at this config).
    close(e.lastBias, -0.6716415908198693, "last-bias exponent");
    close(r.curves.constant.risk.at(-1), 0.026915933111746938, "final constant-LR risk");
    close(r.curves.phases.risk.at(-1), 0.007060134797737311, "final phase-schedule risk");
    close(s.mcMaxZ, 3.6058254681371307, "MC max |z|");
    close(s.mcFinalZ, -2.6807670306893425, "MC final z");
    close(r.mc.mc.risk[5], 0.03325015323235995, "MC risk at the 5th recorded point");
    // figures come from the stored results alone
    const figs = figures(r, tiny);
    assert.deepEqual(figs.map((f) => f.name), ["learning_curves", "mc_check", "mc_zscores"]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("sgd_risk: --full --d=2000 uses and records d = 2000; bad keys are named", async () => {
  const p = parseCliArgs(defaults, ["--full", "--d=2000"], { presets, script: "sgd_risk" });
  assert.equal(p.config.d, 2000);
  assert.equal(p.config.maxLog2N, 17);
  const ctx = await createContext({ quiet: true });
  await assert.rejects(
    () => main({ ...tiny, d: 0 }, ctx),
    /sgdLearningCurves: argument "d" must be a positive integer, got 0/,
  );
  await assert.rejects(
    () => main({ ...tiny, maxLog2N: 8 }, ctx),
    /argument "maxLog2N" must be a finite number in \[9, 40\], got 8/,
  );
});
