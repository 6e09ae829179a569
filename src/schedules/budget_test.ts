import assert from "node:assert/strict";
import { endAtBudget } from "./budget.ts";
import { planSteps } from "./plan.ts";
import { fixedLrBatchRamp, seesaw } from "./seesaw.ts";
import { withConstantBatch } from "./schedule.ts";

Deno.test("endAtBudget: a growing batch ends exactly at the budget instead of overshooting", () => {
  // Seesaw at B₀ = 8192 over 327680 samples: the uncapped run overshoots by its last batch
  const T = 327680;
  const s = seesaw({
    lr: 1,
    batch: 8192,
    totalSamples: T,
    warmupFraction: 0,
    batchRounding: "none",
  });
  const open = planSteps(s, { totalSamples: T });
  assert.ok(open.samplesSeen > 1.2 * T, `${open.samplesSeen}`); // 402,646 samples
  const cut = planSteps(endAtBudget(s, { totalSamples: T, wholeItems: false }), {
    totalSamples: T,
  });
  assert.equal(cut.steps, open.steps);
  assert.ok(Math.abs(cut.samplesSeen - T) < 1e-6 * T, `${cut.samplesSeen}`);
  // every batch but the last is unchanged, and so is every LR
  for (let t = 0; t < cut.steps - 1; t++) assert.equal(cut.batch[t], open.batch[t]);
  assert.deepEqual(cut.lr, open.lr);
  assert.equal(cut.batch[cut.steps - 1], T - open.samplesBefore[open.steps - 1]);
});

Deno.test("endAtBudget: whole items with tokens as progress (the LM's sequences)", () => {
  // 64-token sequences, a 1.1× batch ramp from 16 sequences, budget 100·64·16 tokens
  const T = 100 * 64 * 16;
  const s = fixedLrBatchRamp({ lr: 1, batch: 16, totalSamples: T });
  const p = planSteps(endAtBudget(s, { totalSamples: T, samplesPerItem: 64 }), {
    totalSamples: T,
    samplesPerItem: 64,
  });
  assert.equal(p.samplesSeen, T);
  for (const b of p.batch) assert.ok(Number.isInteger(b) && b >= 1);
  // a constant batch that divides the budget is untouched
  const c = planSteps(
    endAtBudget(withConstantBatch(() => 1, { batch: 16 }), { totalSamples: T, samplesPerItem: 64 }),
    { totalSamples: T, samplesPerItem: 64 },
  );
  assert.equal(c.steps, 100);
  assert.ok(c.batch.every((b) => b === 16));
});

Deno.test("endAtBudget: bad options are named errors", () => {
  const s = withConstantBatch(() => 1, { batch: 4 });
  assert.throws(() => endAtBudget(s, { totalSamples: 0 }), /"totalSamples"/);
  assert.throws(() => endAtBudget(s, { totalSamples: 8, samplesPerItem: -1 }), /"samplesPerItem"/);
  assert.throws(() => endAtBudget(s, { totalSamples: 8 }).batch(-1), /"samples"/);
});
