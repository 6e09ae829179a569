/**
 * INSD (arXiv:2509.21504) at tiny size (PAPERS.md, INSD section): the script's main on a
 * 16-unit flip-flop with two standard networks and one alternative; the headline claim is that
 * the deflation penalty makes the alternative's readout-null activity a poor linear predictor of
 * the reference's, while a second standard network predicts it well; and the figures.
 */
import assert from "node:assert/strict";
import { defaults, figures, main } from "../../scripts/insd.ts";
import type { InsdCriteria, InsdTaskResult } from "../../src/experiments/insd/mod.ts";
import { createContext } from "../../src/run/mod.ts";

Deno.test("insd: the penalty lowers r²(alt → ref) on readout-null activity far below r²(std → ref)", async () => {
  const tiny = {
    ...defaults,
    hidden: 16,
    steps: 24,
    pulseProb: 0.1,
    gains: [1, 1.5],
    alternatives: 1,
    trainSteps: 150,
    altSteps: 150,
    batch: 16,
    lr: 0.02,
    evalTrials: 32,
    solvedAccuracy: 0, // analyse every network at this size
    oodNoise: [0.05, 0.4],
    fixedPointInits: 16,
    fixedPointIters: 100,
    dsaPcs: 4,
    dsaDelays: 1,
  };
  const ctx = await createContext({ quiet: true, config: tiny });
  await main(tiny, ctx);
  const res = ctx.results.snapshot();
  const r = res["tasks.flipflop"] as InsdTaskResult;
  const crit = (res.criteria as Record<string, InsdCriteria>).flipflop;
  assert.deepEqual(r.analysed, ["std-g1.0-0", "std-g1.5-1", "alt-1"]);
  for (const n of r.networks) {
    // 150 Adam steps on 16 units: well above chance (0.5) on every bit
    assert.ok(n.signAccuracy > 0.7, `${n.name}: sign accuracy ${n.signAccuracy}`);
    assert.equal(n.ood.length, 2);
    assert.ok(n.fixedPoints !== undefined && n.fixedPoints.count >= 1, `${n.name} fixed points`);
  }
  const P = r.predictivityNull;
  P.forEach((row, i) => assert.equal(row[i], 1));
  const stdRef = P[1][0], altRef = P[2][0];
  // measured (seed 0): r²(std → ref) = 0.97, r²(alt → ref) = 0.19; the plan demands a gap ≥ 0.3
  assert.ok(stdRef - altRef > 0.3, `r²(std → ref) = ${stdRef}, r²(alt → ref) = ${altRef}`);
  assert.equal(crit.altRefR2, altRef);
  assert.equal(crit.stdStdR2, (P[0][1] + P[1][0]) / 2);
  const figs = figures(JSON.parse(JSON.stringify(res)), tiny);
  assert.deepEqual(figs.map((f) => f.name), [
    "flipflop_predictivity_null",
    "flipflop_predictivity_full",
    "flipflop_fixed_points",
    "flipflop_dsa_mds",
    "flipflop_ood_noise",
  ]);
});

Deno.test("insd: bad configuration is a named error naming the key", async () => {
  const ctx = await createContext({ quiet: true });
  await assert.rejects(
    () => main({ ...defaults, lambda: -1 }, ctx),
    /runInsdTask: argument "lambda" must be a finite number ≥ 0/,
  );
  await assert.rejects(
    () => main({ ...defaults, penaltyRidge: NaN }, ctx),
    /argument "penaltyRidge"/,
  );
  await assert.rejects(() => main({ ...defaults, refIndex: 9 }, ctx), /argument "refIndex"/);
});
