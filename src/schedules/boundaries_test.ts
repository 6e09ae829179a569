/**
 * Schedules evaluated exactly at their boundaries. The documented rule: a boundary (milestone,
 * step-decay boundary, phase end) at progress τ_k is passed once the progress before a step is
 * ≥ τ_k ("k(τ) counts the boundaries ≤ τ"), so the step starting at τ_k already uses the new LR
 * and batch (Seesaw, arXiv:2510.14717: the new batch applies from the milestone batch).
 */
import assert from "node:assert/strict";
import { fixedLrBatchRamp, seesaw, seesawMilestones } from "./seesaw.ts";
import { stepDecay } from "./step_decay.ts";
import { phaseSchedule } from "./phase_schedule.ts";
import { planSteps } from "./plan.ts";
import { linearWarmup } from "./linear_warmup.ts";
import { cosineDecay } from "./cosine.ts";
import { wsd } from "./wsd.ts";

const below = (x: number) => x - Math.max(1e-9, Math.abs(x) * 1e-12);

Deno.test("seesaw at a milestone τ_k: the k-th LR and batch apply at τ_k, the (k−1)-th just below", () => {
  const T = 1_000_000, lr = 1, B0 = 100;
  const s = seesaw({ lr, batch: B0, totalSamples: T });
  assert.equal(s.milestones.length, 24);
  s.milestones.forEach((m, i) => {
    const k = i + 1;
    assert.equal(s.milestoneIndex(m), k);
    assert.equal(s.milestoneIndex(below(m)), k - 1);
    assert.ok(Math.abs(s.lr(m) - lr * 1.1 ** (-k / 2)) < 1e-12, `lr at τ_${k}`);
    assert.ok(Math.abs(s.lr(below(m)) - lr * 1.1 ** (-(k - 1) / 2)) < 1e-12);
    assert.equal(s.batch(m), s.batches[k]);
    assert.equal(s.batch(below(m)), s.batches[k - 1]);
  });
  // the fixed-LR ramp: same batch boundaries, LR η₀ on both sides
  const f = fixedLrBatchRamp({ lr, batch: B0, totalSamples: T });
  for (const m of f.milestones) {
    assert.equal(f.lr(m), lr);
    assert.equal(f.batch(m), s.batch(m));
  }
});

Deno.test("seesaw: warmup ends at τ_w = 0.1·T (peak LR exactly there) and milestones are integers", () => {
  const s = seesaw({ lr: 2, batch: 8, totalSamples: 1000 });
  assert.equal(s.lr(100), 2);
  assert.ok(Math.abs(s.lr(below(100)) - 2 * (0.1 + 0.9 * (below(100) / 100))) < 1e-12);
  for (const m of seesawMilestones(1000, {})) assert.ok(Number.isInteger(m));
});

Deno.test("a step starting exactly at a milestone already uses the post-milestone LR (planSteps)", () => {
  // batches of 10 samples and milestones that are multiples of 10: some step starts exactly at
  // each milestone, and its LR must be the post-milestone one
  const T = 10_000;
  const s = seesaw({ lr: 1, batch: 10, totalSamples: T, batchGrowth: 1, lrDecay: 1.05 });
  const p = planSteps(s, { totalSamples: T });
  let hits = 0;
  for (let t = 0; t < p.steps; t++) {
    const k = s.milestones.indexOf(p.samplesBefore[t]);
    if (k >= 0) {
      hits++;
      assert.ok(Math.abs(p.lr[t] - 1.05 ** -(k + 1)) < 1e-12);
      if (t > 0) assert.ok(Math.abs(p.lr[t - 1] - 1.05 ** -k) < 1e-12);
    }
  }
  assert.equal(hits, s.milestones.filter((m) => m % 10 === 0).length);
  assert.ok(hits > 0);
});

Deno.test("stepDecay, phaseSchedule, warmup, cosine and WSD at their boundaries", () => {
  const sd = stepDecay({ lr: 1, everySamples: 50, factor: 0.5 });
  assert.equal(sd(50), 0.5);
  assert.equal(sd(below(50)), 1);
  assert.equal(sd(100), 0.25);
  const sb = stepDecay({ lr: 1, boundariesSamples: [30, 70], factor: 0.1 });
  assert.equal(sb(30), 0.1);
  assert.equal(sb(below(30)), 1);
  assert.ok(Math.abs(sb(70) - 0.01) < 1e-15);
  const ph = phaseSchedule({
    lr: 1,
    batch: 4,
    phaseSamples: 100,
    phases: 3,
    lrDecay: 2,
    batchGrowth: 2,
  });
  assert.deepEqual([ph.lr(100), ph.batch(100)], [0.5, 8]);
  assert.deepEqual([ph.lr(below(100)), ph.batch(below(100))], [1, 4]);
  assert.deepEqual([ph.lr(300), ph.batch(300)], [0.25, 16]); // past the end: the last phase
  const wc = linearWarmup(
    cosineDecay({ lr: 1, totalSamples: 100, startSamples: 10, minFactor: 0.1 }),
    {
      warmupSamples: 10,
      startFactor: 0.1,
    },
  );
  assert.equal(wc(0), 0.1);
  assert.equal(wc(10), 1);
  assert.ok(Math.abs(wc(100) - 0.1) < 1e-15);
  const w = wsd({ lr: 1, totalSamples: 100, warmupSamples: 10, decaySamples: 20 });
  assert.equal(w(10), 1);
  assert.equal(w(80), 1); // decay starts at T − 20: the LR there is still the peak
  assert.equal(w(100), 0);
});
