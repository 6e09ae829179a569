import assert from "node:assert/strict";
import {
  constantLr,
  cosineDecay,
  linearWarmup,
  phaseSchedule,
  planSteps,
  roundBatch,
  stepDecay,
  withConstantBatch,
  wsd,
} from "./mod.ts";

Deno.test("constant, warmup, cosine with floor", () => {
  assert.equal(constantLr({ lr: 0.3 })(123), 0.3);
  const cos = cosineDecay({ lr: 1, totalSamples: 110, startSamples: 10, minFactor: 0.1 });
  assert.equal(cos(0), 1);
  assert.ok(Math.abs(cos(60) - 0.55) < 1e-15);
  assert.ok(Math.abs(cos(110) - 0.1) < 1e-15);
  assert.ok(Math.abs(cos(1e9) - 0.1) < 1e-15);
  const w = linearWarmup(cos, { warmupSamples: 10, startFactor: 0.1 });
  assert.ok(Math.abs(w(0) - 0.1) < 1e-15);
  assert.ok(Math.abs(w(5) - 0.55) < 1e-15);
  assert.equal(w(10), 1);
  assert.equal(w(60), cos(60));
});

Deno.test("step decay (periodic and explicit boundaries) and WSD", () => {
  const s = stepDecay({ lr: 1, everySamples: 100, factor: 0.5 });
  assert.equal(s(99), 1);
  assert.equal(s(100), 0.5);
  assert.equal(s(350), 0.125);
  const e = stepDecay({ lr: 1, boundariesSamples: [10, 30], factor: 0.1 });
  assert.equal(e(9), 1);
  assert.ok(Math.abs(e(30) - 0.01) < 1e-17);
  const q = wsd({ lr: 2, totalSamples: 100, warmupSamples: 10, decaySamples: 20, minFactor: 0.1 });
  assert.equal(q(5), 1);
  assert.equal(q(50), 2);
  assert.ok(Math.abs(q(90) - 2 * (0.1 + 0.9 * 0.5)) < 1e-15);
  assert.ok(Math.abs(q(100) - 0.2) < 1e-15);
  const c = wsd({ lr: 1, totalSamples: 100, decaySamples: 100, decayShape: "cosine" });
  assert.ok(Math.abs(c(50) - 0.5) < 1e-15);
  const r = wsd({ lr: 1, totalSamples: 100, decaySamples: 100, decayShape: "sqrt" });
  assert.ok(Math.abs(r(25) - 0.5) < 1e-15);
});

Deno.test("phase schedule and planSteps count samples, not steps", () => {
  const p = phaseSchedule({
    lr: 1,
    batch: 2,
    phaseSamples: 8,
    phases: 3,
    lrDecay: 2,
    batchGrowth: 2,
  });
  const plan = planSteps(p, { totalSamples: p.totalSamples });
  assert.deepEqual(Array.from(plan.batch), [2, 2, 2, 2, 4, 4, 8]);
  assert.deepEqual(Array.from(plan.lr), [1, 1, 1, 1, 0.5, 0.5, 0.25]);
  assert.deepEqual(Array.from(plan.samplesBefore), [0, 2, 4, 6, 8, 12, 16]);
  assert.equal(plan.samplesSeen, 24);
  const c = planSteps(withConstantBatch(constantLr({ lr: 1 }), { batch: 3 }), { totalSamples: 10 });
  assert.equal(c.steps, 4); // overshoots by at most one batch
});

Deno.test("batch rounding rules", () => {
  assert.equal(roundBatch(33.7, "floor"), 33);
  assert.equal(roundBatch(33.7, "floorMod32"), 34); // 33 ≡ 1 (mod 32): round up
  assert.equal(roundBatch(34.2, "floorMod32"), 34);
  assert.equal(roundBatch(2.5, "round"), 3);
  assert.equal(roundBatch(2.5, "none"), 2.5);
  assert.equal(roundBatch(0.3, "floor"), 1);
  assert.throws(
    () => roundBatch(0, "floor"),
    /roundBatch: argument "batchFloat" must be a finite number > 0, got 0/,
  );
});

Deno.test("every schedule rejects negative progress with a named error", () => {
  const fns: [string, (x: number) => number][] = [
    ["constantLr", constantLr({ lr: 1 })],
    ["cosineDecay", cosineDecay({ lr: 1, totalSamples: 10 })],
    ["linearWarmup", linearWarmup(constantLr({ lr: 1 }), { warmupSamples: 3 })],
    ["stepDecay", stepDecay({ lr: 1, everySamples: 3, factor: 0.5 })],
    ["wsd", wsd({ lr: 1, totalSamples: 10, decaySamples: 2 })],
    [
      "phaseSchedule",
      phaseSchedule({ lr: 1, batch: 1, phaseSamples: 2, phases: 2, lrDecay: 2, batchGrowth: 1 }).lr,
    ],
    ["withConstantBatch", withConstantBatch(constantLr({ lr: 1 }), { batch: 2 }).batch],
  ];
  for (const [name, f] of fns) {
    assert.throws(
      () => f(-1),
      new RegExp(
        `${name}: argument "samples" \\(training progress\\) must be a finite number >= 0, got -1`,
      ),
    );
  }
  assert.throws(
    () => cosineDecay({ lr: 1, totalSamples: 10, startSamples: 10 }),
    /cosineDecay: option "startSamples" must be in \[0, totalSamples = 10\), got 10/,
  );
  assert.throws(() => stepDecay({ lr: 1, factor: 0.5 }), /stepDecay: give exactly one of options/);
  assert.throws(
    () => stepDecay({ lr: 1, boundariesSamples: [3, 2], factor: 0.5 }),
    /must be increasing/,
  );
  assert.throws(
    () =>
      wsd({
        lr: 1,
        totalSamples: 10,
        decaySamples: 2,
        decayShape: "exp" as unknown as "linear",
      }),
    /wsd: option "decayShape"/,
  );
  assert.throws(
    () => wsd({ lr: 1, totalSamples: 10, decaySamples: 20 }),
    /wsd: options must satisfy/,
  );
  assert.throws(
    () =>
      planSteps(withConstantBatch(constantLr({ lr: 1 }), { batch: 1 }), {
        totalSamples: 10,
        maxSteps: 3,
      }),
    /planSteps: more than maxSteps = 3/,
  );
});
