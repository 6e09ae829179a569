import assert from "node:assert/strict";
import { createContext } from "../../src/run/mod.ts";
import { defaults, figures, main, presets } from "../../scripts/summary_statistics.ts";

// Headline claims of arXiv:2504.16920 as PAPERS.md "Summary statistics" states them, at small size.
Deno.test("summary statistics: same seed, same numbers (pinned from the script before the experiments moved)", async () => {
  const ctx = await createContext({ quiet: true });
  const s = await main({
    ...defaults,
    N: 200,
    alphaMax: 40,
    seeds: 2,
    testSize: 1000,
    percN: 200,
    percAlphaMax: 6,
    percTestSize: 500,
    driftAlphaMax: 10,
    subsampleNs: [10, 30],
    subsampleReps: 50,
  }, ctx);
  // run before the move (scripts/summary_statistics.ts at 67714c7) with this config: every
  // experiment keeps its keys (foldIn(root, ·)), so the numbers are bit-identical
  const close = (a: number, b: number) => Math.abs(a - b) < 1e-12;
  assert.ok(close(s.e1!.hebbMaxAbs, 0.007682043731722515), `${s.e1!.hebbMaxAbs}`);
  assert.ok(close(s.e1!.perceptronMaxAbs, 0.006524243806921404));
  assert.ok(close(s.e2!.meanRelError, 0.023077712664614676), `${s.e2!.meanRelError}`);
  assert.ok(close(s.e2!.maxRErrorBeforeSpecialisation, 0.013867106847211597));
  assert.ok(close(s.e3!.maxRelDeviation, 0.0014323632055088058));
  assert.ok(close(s.e4!.meanRelErrorVsOde, 0.025570284191285427));
  assert.ok(close(s.e5!.sdR[0], 0.2275135050029732) && close(s.e5!.slope, -0.5386670070806969));
  // figures are pure functions of results.json: the relative-error and z-score panels exist
  const results = JSON.parse(JSON.stringify(ctx.results.snapshot()));
  const names = figures(results, defaults).map((f) => f.name);
  for (const n of ["e1_perceptron", "e2_relative_error", "e2_sufficiency_z", "e5_subsampling"]) {
    assert.ok(names.includes(n), n);
  }
});

Deno.test("summary statistics: ODEs track online SGD, overlaps are sufficient, drift and subsampling behave", async () => {
  const ctx = await createContext({ quiet: true });
  const s = await main({
    ...defaults,
    N: 300,
    alphaMax: 60,
    alphaStep: 5,
    seeds: 2,
    testSize: 4000,
    compareUpTo: 60,
    percN: 300,
    percAlphaMax: 10,
    percTestSize: 1000,
    driftAlphaMax: 20,
    driftGivens: 1000,
    subsampleNs: [30, 100],
    subsampleReps: 400,
    dlnTMax: 6,
  }, ctx);
  // E1: O(1/√N) fluctuations of ε from the measured overlaps (0.002–0.003 at N = 1000)
  assert.ok(s.e1!.hebbMaxAbs < 0.02 && s.e1!.perceptronMaxAbs < 0.02, JSON.stringify(s.e1));
  assert.ok(s.e1!.heldOutMaxZ < 4, `E1 held-out z ${s.e1!.heldOutMaxZ}`);
  // E2: mean relative ε_g error ≤ 5% through the plateau (α ≤ 60); R before specialisation
  assert.ok(s.e2!.meanRelError <= 0.05, `E2 relative error ${s.e2!.meanRelError}`);
  assert.ok(
    s.e2!.maxRErrorBeforeSpecialisation <= 0.05,
    `ΔR ${s.e2!.maxRErrorBeforeSpecialisation}`,
  );
  // sufficiency: held-out error = ε_g(Q̂, R̂, T̂) within 3 SE at ≥ 90% of checkpoints (one fixed
  // test set, so checkpoints are correlated), never beyond 4.5 SE
  assert.ok(s.e2!.heldOutFractionWithin3Se >= 0.9, `${s.e2!.heldOutFractionWithin3Se}`);
  assert.ok(s.e2!.heldOutMaxZ < 4.5, `${s.e2!.heldOutMaxZ}`);
  // symmetric plateau (K = M = 2, η = 0.5): r = 0.4102, ε_g = 0.01468 (Newton on the ODEs)
  const p = s.plateaus!.find((q) => q.K === 2 && q.eta === 0.5)!;
  assert.ok(Math.abs(p.r - 0.4102) < 1e-4 && Math.abs(p.eg - 0.01468) < 1e-5 && p.residual < 1e-9);
  // E3: Saxe sigmoids with the fitted a₀ (random, unbalanced small init): within 2% of s
  assert.ok(s.e3!.maxRelDeviation < 0.02, `E3 ${s.e3!.maxRelDeviation}`);
  // E4: overlaps invariant to 1e-12; behaviour follows the ODE; tuning decorrelates
  assert.ok(s.e4!.overlapChangeAtRotation < 1e-12);
  assert.ok(s.e4!.meanRelErrorVsOde <= 0.05, `E4 ${s.e4!.meanRelErrorVsOde}`);
  assert.ok(
    Math.abs(s.e4!.finalTuningCorrelation) < 0.3 && s.e4!.finalTuningCorrelationNoDrift > 0.8,
  );
  // E5: SD of R̂ matches √((QT+R²)/n) (finite-population corrected) within 10% (400 subsets:
  // ~3.5% SE on the SD); the ε_g error falls with n
  for (let i = 0; i < 2; i++) {
    assert.ok(Math.abs(s.e5!.sdR[i] / s.e5!.seR[i] - 1) < 0.1, `n=${s.e5!.n[i]}`);
  }
  assert.ok(s.e5!.meanEgError[1] < s.e5!.meanEgError[0]);
});

Deno.test("summary statistics script: presets and bad parameters", async () => {
  assert.equal(presets.full.N, 1000);
  const ctx = await createContext({ quiet: true });
  await assert.rejects(() => main({ ...defaults, K: 0 }, ctx), /argument "K" must be/);
  await assert.rejects(() => main({ ...defaults, eta: -1 }, ctx), /argument "eta" must be/);
  await assert.rejects(
    () => main({ ...defaults, experiments: ["e9"] }, ctx),
    /argument "experiments" must be one of/,
  );
});
