import assert from "node:assert/strict";
import { ArgumentError } from "../../errors/mod.ts";
import { key } from "../../random/key.ts";
import { lmRunSetup, trainLmRun } from "./lm_run.ts";
import { lrTransfer } from "./lr_transfer.ts";
import { residualSetup } from "./setup.ts";
import { trainRun, type TrainRunConfig } from "./train_run.ts";

// tiny LM: width 16 (2 heads), context 8, depth 2 = L_base
const tiny: TrainRunConfig = {
  teacher: "brown-lm",
  param: "completep",
  depth: 2,
  width: 16,
  lmHeads: 2,
  lmContext: 8,
  lr: 2 ** -6,
  steps: 4,
  batch: 4,
  seed: 3,
};

Deno.test("trainLmRun: at m_N = m_L = 1 μP and CompleteP are the same run (B.6 base-point oracle)", async () => {
  const mup = await trainRun({ ...tiny, param: "mup" });
  const cp = await trainRun({ ...tiny, param: "completep" });
  assert.equal(mup.diverged, false);
  assert.equal(mup.steps, 4);
  assert.ok(Number.isFinite(mup.testLoss));
  // bit-identical: every Table 1 multiplier is 1 at the base point for both
  assert.equal(cp.testLoss, mup.testLoss);
  assert.equal(cp.trainLoss, mup.trainLoss);
  // …and not vacuously: at m_L = 2 the residual multiplier and LRs differ
  const mup4 = await trainRun({ ...tiny, param: "mup", depth: 4 });
  const cp4 = await trainRun({ ...tiny, param: "completep", depth: 4 });
  assert.notEqual(cp4.testLoss, mup4.testLoss);
});

Deno.test("lmRunSetup: the untrained LM's validation loss is ln V to within 0.02 nats", async () => {
  const s = await lmRunSetup({ ...tiny, param: "mup" });
  assert.equal(s.text.vocab, 85);
  const loss = s.valLoss(s.model.init(key(0)));
  // logits z = LN(h)·W_unemb with unit-variance LN coordinates and W ~ N(0, 0.02²): z_v ~
  // N(0, s²), s² = 16·0.02² = 0.0064, so E[CE] = E[logsumexp z] − E[z_y] ≈ ln V + s²/2
  // = ln V + 0.0032; the sampling error of the mean over 128·8 positions is ≈ s/√1024 ≈ 0.0025.
  // 0.02 covers both with a wide margin; a wrong init std (e.g. 1) gives CE ≫ ln V + 1.
  assert.ok(Math.abs(loss - Math.log(85)) < 0.02, `untrained loss ${loss}, ln V ${Math.log(85)}`);
});

Deno.test("trainLmRun: 40 steps at η = 2⁻⁵ learn the character frequencies (loss < ln V − 1)", async () => {
  const r = await trainLmRun({ ...tiny, lr: 2 ** -5, steps: 40, batch: 16, decayFrac: 0.2 });
  assert.equal(r.diverged, false);
  assert.equal(r.steps, 40);
  // ln 85 = 4.44; the validation split's unigram entropy is 3.09 nats/char, so a model that
  // has learned the letter frequencies is ≈ 1.3 nats below ln V (measured: 3.07 after these
  // 40 steps); the margin is 1
  assert.ok(r.testLoss < Math.log(85) - 1, `final validation loss ${r.testLoss}`);
  assert.ok(Math.abs(r.trainLoss - r.testLoss) < 0.5);
});

Deno.test("trainLmRun: a blown-up run is marked diverged with testLoss NaN, as trainRun does", async () => {
  const r = await trainLmRun({ ...tiny, lr: 16, steps: 10, warmupFrac: 0 });
  assert.equal(r.diverged, true);
  assert.ok(Number.isNaN(r.testLoss));
  assert.ok(Number.isNaN(r.trainLoss));
  assert.ok(r.steps < 10);
});

Deno.test("trainLmRun: named errors for bad sizes and MLP-only options", async () => {
  await assert.rejects(
    () => trainLmRun({ ...tiny, width: 15 }),
    (e) =>
      e instanceof ArgumentError &&
      /"width" must be a multiple of lmHeads = 2, got 15/.test(e.message),
  );
  await assert.rejects(
    () => trainLmRun({ ...tiny, depth: 2.5 }),
    (e) => e instanceof ArgumentError && /"depth" must be a positive integer/.test(e.message),
  );
  for (const k of ["lmContext", "lmHeads", "steps", "batch"] as const) {
    await assert.rejects(() => trainLmRun({ ...tiny, [k]: 0 }), new RegExp(`"${k}" must be`));
  }
  await assert.rejects(
    () => trainLmRun({ ...tiny, probeEvery: true }),
    /"probeEvery" must be unset/,
  );
  assert.throws(() => residualSetup({ ...tiny }), /brown-lm trains a transformer LM/);
});

Deno.test("lrTransfer: teacher brown-lm on a 1×1×2×1 grid gives 2 rows with finite losses", async () => {
  const { rows, optima } = await lrTransfer({
    teacher: "brown-lm",
    params: ["completep"],
    depths: [2],
    log2Lrs: [-7, -6],
    seeds: [0],
    steps: 3,
    batch: 4,
    width: 16,
    lmHeads: 2,
    lmContext: 8,
  });
  assert.equal(rows.length, 2);
  assert.deepEqual(rows.map((r) => [r.param, r.depth, r.log2Lr, r.seed]), [
    ["completep", 2, -7, 0],
    ["completep", 2, -6, 0],
  ]);
  for (const r of rows) {
    assert.equal(r.diverged, false);
    assert.ok(Number.isFinite(r.testLoss!) && r.testLoss! < 5, `${r.testLoss}`);
  }
  assert.equal(optima.length, 1);
});
