import assert from "node:assert/strict";
import { fixedLrBatchRamp, seesaw, seesawMilestones } from "./seesaw.ts";
import { planSteps } from "./plan.ts";
import { cosineDecay } from "./cosine.ts";
import { linearWarmup } from "./linear_warmup.ts";
import { withConstantBatch } from "./schedule.ts";
import { phasePlan } from "./phase_schedule.ts";

const SEQ = 1024; // tokens per sequence; progress counts tokens, batches count sequences

function cosineSteps(T: number, B: number): number {
  const lr = linearWarmup(
    cosineDecay({ lr: 1, totalSamples: T, startSamples: 0.1 * T, minFactor: 0.1 }),
    { warmupSamples: 0.1 * T, startFactor: 0.1 },
  );
  return planSteps(withConstantBatch(lr, { batch: B }), { totalSamples: T, samplesPerItem: SEQ })
    .steps;
}

Deno.test("Seesaw reproduces the nine published serial step counts exactly (arXiv:2510.14717 Table 1; PAPERS.md, Seesaw)", () => {
  // [tokens T, B₀ (sequences), cosine steps, Seesaw steps] from the official CSV / Table 1.
  const table: [number, number, number, number][] = [
    [3.3e9, 128, 25178, 15524], // 150M
    [3.3e9, 256, 12589, 7756],
    [3.3e9, 512, 6295, 3877],
    [6.6e9, 128, 50355, 31046], // 300M
    [6.6e9, 256, 25178, 15511],
    [6.6e9, 512, 12589, 7752],
    [13.2e9, 256, 50355, 31021], // 600M
    [13.2e9, 512, 25178, 15502],
    [13.2e9, 1024, 12589, 7751],
  ];
  for (const [T, B, cos, see] of table) {
    assert.equal(cosineSteps(T, B), cos, `cosine T=${T} B0=${B}`);
    for (const batchRounding of ["floor", "floorMod32"] as const) {
      const s = seesaw({ lr: 3e-3, batch: B, totalSamples: T, batchRounding });
      const p = planSteps(s, { totalSamples: T, samplesPerItem: SEQ });
      assert.equal(p.steps, see, `Seesaw T=${T} B0=${B} ${batchRounding}`);
      // equal tokens up to one batch
      assert.ok(p.samplesSeen >= T && p.samplesSeen - T < p.batch[p.steps - 1] * SEQ);
    }
  }
});

Deno.test("Figure 2 variants (alpha·sqrt(beta) = 2, three halvings): step counts", () => {
  // arXiv:2510.14717 Figure 2 variants (PAPERS.md, Seesaw): re-derived 12589 / 10243 / 9049 / 8397 / 8017; ±3 for non-integer β.
  const variants: [number, number, number][] = [
    [2, 1, 12589],
    [2 ** 0.75, 2 ** 0.5, 10243],
    [2 ** 0.5, 2, 9049],
    [2 ** 0.25, 2 ** 1.5, 8397],
    [1, 4, 8017],
  ];
  const T = 3.3e9;
  for (const [a, b, want] of variants) {
    const s = seesaw({
      lr: 3e-3,
      batch: 256,
      totalSamples: T,
      milestoneDecay: 2,
      lrDecay: a,
      batchGrowth: b,
    });
    assert.equal(s.milestones.length, 3);
    const got = planSteps(s, { totalSamples: T, samplesPerItem: SEQ }).steps;
    const tol = Number.isInteger(b) ? 0 : 3;
    assert.ok(Math.abs(got - want) <= tol, `(${a}, ${b}): ${got} vs ${want}`);
  }
  // milestones where the cosine reaches η₀/2, η₀/4, η₀/8 (tokens ≈ 1.920e9, 2.505e9, 2.983e9)
  const m = seesawMilestones(T, { milestoneDecay: 2 });
  assert.deepEqual(m.map((x) => Math.round(x / 1e6)), [1920, 2505, 2983]);
});

Deno.test("Seesaw milestones: K = 24, τ_1 ≈ 0.9415e9, τ_24 ≈ 3.222e9; LR ≈ 0.319η₀, B ≈ 9.85B₀ at the end", () => {
  const T = 3.3e9;
  const s = seesaw({ lr: 1, batch: 1000, totalSamples: T, batchRounding: "none" });
  assert.equal(s.milestones.length, 24);
  assert.ok(Math.abs(s.milestones[0] / 1e9 - 0.9415) < 5e-5);
  assert.ok(Math.abs(s.milestones[23] / 1e9 - 3.222) < 5e-4);
  // the milestones are exactly where the base cosine crosses 1.1^{-k}
  const cos = cosineDecay({ lr: 1, totalSamples: T, startSamples: 0.33e9, minFactor: 0.1 });
  for (let k = 1; k <= 24; k++) {
    assert.ok(Math.abs(cos(s.milestones[k - 1]) - Math.pow(1.1, -k)) < 1e-8);
  }
  assert.ok(Math.abs(s.lr(T) - Math.pow(1.1, -12)) < 1e-12);
  assert.ok(Math.abs(s.lr(T) - 0.319) < 1e-3);
  assert.ok(Math.abs(s.batch(T) / 1000 - 9.85) < 0.01);
  // warmup: constant batch, LR from 0.1η₀ to η₀ over 10% of tokens
  assert.equal(s.batch(0), 1000);
  assert.ok(Math.abs(s.lr(0) - 0.1) < 1e-15);
  assert.ok(Math.abs(s.lr(0.165e9) - 0.55) < 1e-12);
});

Deno.test("η/√B invariant: Seesaw matches the step-cosine at every milestone; η√B constant", () => {
  const T = 3.3e9, B0 = 100;
  const see = seesaw({ lr: 1, batch: B0, totalSamples: T, batchRounding: "none" });
  const step = seesaw({ lr: 1, batch: B0, totalSamples: T, lrDecay: 1.1, batchGrowth: 1 });
  for (let k = 0; k <= 24; k++) {
    const tau = k === 0 ? 0.5e9 : see.milestones[k - 1];
    const a = see.lr(tau) / Math.sqrt(see.batch(tau));
    const b = step.lr(tau) / Math.sqrt(B0); // step-cosine: η₀1.1^{-k} at batch B₀
    // Seesaw: η₀1.1^{-k/2}/√(B₀1.1^k) = η₀1.1^{-k}/√B₀ = step-cosine's η/√B₀
    assert.ok(Math.abs(a - b) < 1e-12 * b, `milestone ${k}`);
    assert.ok(Math.abs(see.lr(tau) * Math.sqrt(see.batch(tau)) - Math.sqrt(B0)) < 1e-9);
  }
});

Deno.test("η/B agrees per phase between the (1, 2) and (2, 1) phase schedules", () => {
  const p12 = phasePlan({
    lr: 0.1,
    batch: 8,
    phaseSamples: 4096,
    phases: 4,
    lrDecay: 1,
    batchGrowth: 2,
  });
  const p21 = phasePlan({
    lr: 0.1,
    batch: 8,
    phaseSamples: 4096,
    phases: 4,
    lrDecay: 2,
    batchGrowth: 1,
  });
  for (let k = 0; k < 4; k++) {
    const i = p12.phase.indexOf(k), j = p21.phase.indexOf(k);
    assert.ok(Math.abs(p12.lr[i] / p12.batch[i] - p21.lr[j] / p21.batch[j]) < 1e-15);
  }
});

Deno.test("linear-regression phase schedules (PAPERS.md, Seesaw): 40960 / 23142 / 15872 / 12555 / 10912 steps (±1 for β = √2: rounding)", () => {
  const cases: [number, number, number][] = [
    [2, 1, 40960],
    [2 ** 0.5, 2 ** 0.5, 23142],
    [2 ** 0.75, 2 ** 0.5, 23142],
    [1, 2, 15872],
    [2 ** 0.25, 2 ** 1.5, 12555],
    [1, 4, 10912],
  ];
  for (const [a, b, want] of cases) {
    const p = phasePlan({
      lr: 1,
      batch: 8,
      phaseSamples: 2 ** 16,
      phases: 5,
      lrDecay: a,
      batchGrowth: b,
    });
    assert.equal(p.steps, want);
    const r = phasePlan({
      lr: 1,
      batch: 8,
      phaseSamples: 2 ** 16,
      phases: 5,
      lrDecay: a,
      batchGrowth: b,
      phaseSteps: "round",
    });
    assert.ok(Math.abs(r.steps - want) <= 1);
  }
});

Deno.test("fixed-LR ramp keeps η₀ after warmup and grows the batch at the milestones", () => {
  const T = 1e6;
  const f = fixedLrBatchRamp({ lr: 2, batch: 10, totalSamples: T });
  assert.equal(f.lr(T), 2);
  assert.equal(f.batch(T), Math.floor(10 * Math.pow(1.1, 24)));
  assert.equal(f.lr(0), 0.2);
});

Deno.test("seesaw rejects bad input and negative progress with named errors", () => {
  const s = seesaw({ lr: 1, batch: 8, totalSamples: 1000 });
  assert.throws(
    () => s.lr(-1),
    /seesaw: argument "samples" \(training progress\) must be a finite number >= 0, got -1/,
  );
  assert.throws(() => s.batch(NaN), /seesaw: argument "samples"/);
  assert.throws(
    () => seesaw({ lr: 1, batch: 0, totalSamples: 10 }),
    /seesaw: option "batch" must be a finite number > 0, got 0/,
  );
  assert.throws(
    () => seesaw({ lr: 1, batch: 1, totalSamples: 10, lrDecay: 0.5 }),
    /option "lrDecay" must be a finite number >= 1/,
  );
  assert.throws(
    () => seesawMilestones(10, { milestoneDecay: 1 }),
    /seesawMilestones: option "milestoneDecay" must be a finite number > 1, got 1/,
  );
  assert.throws(
    () => seesawMilestones(10, { milestones: 30 }),
    /option "milestones" must be an integer in \[0, 24\], got 30/,
  );
});
