import assert from "node:assert/strict";
import { join } from "node:path";
import { NDArray } from "../array/ndarray.ts";
import { assertClose } from "../array/testing.ts";
import { treeLeaves } from "../autodiff/tree.ts";
import { matmul, mean, mul, square, sub } from "../autodiff/ops.ts";
import { evalBatches } from "../data/batches.ts";
import { buildVocab, encode } from "../data/text.ts";
import { transformerLM } from "../nn/transformer.ts";
import { adamw, sgd } from "../optim/mod.ts";
import { key } from "../random/key.ts";
import { normal } from "../random/normal.ts";
import { constantLr, withConstantBatch } from "../schedules/mod.ts";
import {
  CheckpointMismatchError,
  type DataSource,
  fit,
  type FitOptions,
  lmBatches,
  lmLoss,
} from "./mod.ts";

const TEXT = "the quick brown fox jumps over the lazy dog, pack my box with five dozen jugs. ";

function bits(p: object): Uint8Array[] {
  return treeLeaves(p as never).map((l) => {
    const d = l.value.dataSync();
    return new Uint8Array(d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength));
  });
}

Deno.test("fit: a tiny transformer LM memorises a short text (loss → ~0)", async () => {
  const vocab = buildVocab(TEXT);
  const tokens = encode(TEXT, vocab);
  // the text cut into its 3 windows of 24 (+1) tokens; their first bigrams differ, so every
  // target is a function of the window's prefix and a memorising model reaches loss ~0
  const [windows] = evalBatches(tokens, { batchSize: 3, contextLength: 24 });
  const model = transformerLM({
    vocab: vocab.size,
    context: 24,
    dim: 32,
    heads: 2,
    layers: 2,
    hiddenStd: 0.1,
    embStd: 0.1,
    unembStd: 0.1,
  });
  const r = await fit({
    params: model.init(key(1)),
    loss: lmLoss(model),
    optimizer: adamw({ beta2: 0.95, clipNorm: 1 }),
    schedule: withConstantBatch(constantLr({ lr: 1e-2 }), { batch: 3 }),
    data: { batch: () => windows },
    totalSamples: 3 * 150,
  });
  const first = r.history[0].loss, last = r.history.slice(-10);
  const tail = last.reduce((s, h) => s + h.loss, 0) / last.length;
  assert.ok(Math.abs(first - Math.log(vocab.size)) < 0.3, `initial loss ${first} vs ln V`);
  assert.ok(tail < 0.01, `final loss ${tail}`);
});

/** Linear regression data: batch of step s from key s, so it is a pure function of the step. */
function regression(dim: number): DataSource<{ x: NDArray; y: NDArray }> {
  const wStar = normal(key(99), [dim, 1], { dtype: "f64" });
  return {
    batch: (step, size) => {
      const x = normal(key(1000 + step), [size, dim], { dtype: "f64" });
      let y = matmul(x, wStar);
      y = sub(y, mul(y, 0.1));
      return { x, y };
    },
    slice: (b, s, e) => ({
      x: new NDArray(b.x.buffer, [e - s, dim], undefined, s * dim),
      y: new NDArray(b.y.buffer, [e - s, 1], undefined, s),
    }),
  };
}

const regLoss = (p: { w: NDArray }, b: { x: NDArray; y: NDArray }) =>
  mean(square(sub(matmul(b.x, p.w), b.y)));

Deno.test("fit: variable batch per step, gradient accumulation equals the full batch", async () => {
  const data = regression(3);
  const schedule = { lr: () => 0.05, batch: (seen: number) => seen < 20 ? 4 : 10 };
  const common = {
    loss: regLoss,
    optimizer: sgd(),
    schedule,
    data,
    totalSamples: 60,
  };
  const a = await fit({ ...common, params: { w: normal(key(5), [3, 1], { dtype: "f64" }) } });
  assert.deepEqual(a.history.map((h) => h.batch), [4, 4, 4, 4, 4, 10, 10, 10, 10]);
  assert.equal(a.seen, 60);
  const b = await fit({
    ...common,
    microBatch: 3,
    params: { w: normal(key(5), [3, 1], { dtype: "f64" }) },
  });
  // micro-batches only reorder a sum of ≤ 10 terms: agreement to rounding
  assertClose(b.params.w.dataSync(), a.params.w.dataSync(), { rtol: 1e-12 });
  assertClose(b.history.map((h) => h.loss), a.history.map((h) => h.loss), { rtol: 1e-12 });
});

Deno.test("fit: killed and resumed from a checkpoint gives bit-identical parameters and curves", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const vocab = buildVocab(TEXT);
    const tokens = encode(TEXT, vocab);
    const model = transformerLM({ vocab: vocab.size, context: 8, dim: 16, heads: 2, layers: 1 });
    const config = { model: "tiny", lr: 3e-3 };
    const run = (sub: string, onStep?: (r: { step: number }) => void) =>
      fit({
        params: model.init(key(3)),
        loss: lmLoss(model),
        optimizer: adamw({ weightDecay: 0.1 }),
        schedule: { lr: (s: number) => 3e-3 * (1 - s / 200), batch: (s: number) => s < 40 ? 4 : 8 },
        data: lmBatches(key(4), tokens, { contextLength: 8 }),
        totalSamples: 120,
        microBatch: 4,
        checkpoint: { dir: join(dir, sub), everySteps: 3, config },
        curvePath: join(dir, `${sub}.jsonl`),
        onStep,
      });
    const ref = await run("ref");
    await assert.rejects(
      () =>
        run("b", (r) => {
          if (r.step === 8) throw new Error("killed");
        }),
      /killed/,
    );
    const res = await run("b");
    assert.equal(res.resumed, true);
    assert.equal(res.history[0].step, 7); // the checkpoint of step 6 was the last before the kill
    assert.deepEqual(bits(res.params), bits(ref.params));
    assert.deepEqual(bits(res.opt.slots), bits(ref.opt.slots));
    assert.equal(
      await Deno.readTextFile(join(dir, "b.jsonl")),
      await Deno.readTextFile(join(dir, "ref.jsonl")),
    );
    // a different config or a different model refuses the checkpoint, naming why
    await assert.rejects(
      () =>
        fit({
          params: model.init(key(3)),
          loss: lmLoss(model),
          optimizer: adamw(),
          schedule: withConstantBatch(constantLr({ lr: 1 }), { batch: 4 }),
          data: lmBatches(key(4), tokens, { contextLength: 8 }),
          totalSamples: 8,
          checkpoint: { dir: join(dir, "ref"), everySteps: 1, config: { ...config, lr: 1 } },
        }),
      (e: Error) =>
        e instanceof CheckpointMismatchError &&
        /different config \(lr: 0.003 in the checkpoint vs 1 now\)/.test(e.message),
    );
    const wider = transformerLM({ vocab: vocab.size, context: 8, dim: 32, heads: 2, layers: 1 });
    await assert.rejects(
      () =>
        fit({
          params: wider.init(key(3)),
          loss: lmLoss(wider),
          optimizer: adamw(),
          schedule: withConstantBatch(constantLr({ lr: 1 }), { batch: 4 }),
          data: lmBatches(key(4), tokens, { contextLength: 8 }),
          totalSamples: 8,
          checkpoint: { dir: join(dir, "ref"), everySteps: 1, config },
        }),
      (e: Error) =>
        e instanceof CheckpointMismatchError &&
        /array "params\/blocks.0.attn.k.w" is f32 \[16,16\] in the checkpoint but f32 \[32,32\]/
          .test(e.message),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("fit: eval hook timing, curve lines, bad options", async () => {
  const data = regression(2);
  const calls: number[] = [];
  const r = await fit({
    params: { w: normal(key(6), [2, 1], { dtype: "f64" }) },
    loss: regLoss,
    optimizer: sgd(),
    schedule: withConstantBatch(constantLr({ lr: 0.1 }), { batch: 3 }),
    data,
    totalSamples: 30,
    eval: { everySamples: 10, fn: (_p, i) => (calls.push(i.seen), { seen: i.seen }) },
  });
  assert.deepEqual(calls, [12, 21, 30]);
  assert.equal(r.evals.length, 3);
  assert.equal(r.finished, true);
  const base = {
    params: { w: normal(key(6), [2, 1], { dtype: "f64" }) },
    loss: regLoss,
    optimizer: sgd(),
    data,
    totalSamples: 30,
  };
  await assert.rejects(
    () => fit({ ...base, schedule: { lr: () => 0.1, batch: () => 2.5 } }),
    /fit: argument "schedule.batch" must be a positive integer batch size, got 2.5/,
  );
  await assert.rejects(
    () =>
      fit({
        ...base,
        schedule: withConstantBatch(constantLr({ lr: 0.1 }), { batch: 4 }),
        totalSamples: -1,
      }),
    /fit: argument "totalSamples" must be a finite number > 0/,
  );
  await assert.rejects(
    () =>
      fit({
        ...base,
        schedule: withConstantBatch(constantLr({ lr: 0.1 }), { batch: 4 }),
        data: { batch: data.batch },
        microBatch: 2,
      }),
    /data.slice" must be a function when microBatch is set/,
  );
});

/**
 * A checkpointed AdamW regression run in `dir/sub` (80 samples, batch 5 then 7, checkpoint every
 * 4 steps) with extra options: the run the slicing and abort tests cut and resume.
 */
function resumableRun(
  dir: string,
  sub: string,
  extra: Partial<FitOptions<{ w: NDArray }, { x: NDArray; y: NDArray }>> = {},
) {
  return fit({
    params: { w: normal(key(8), [3, 1], { dtype: "f64" }) },
    loss: regLoss,
    optimizer: adamw(),
    schedule: { lr: (s: number) => 0.01 * (1 - s / 100), batch: (s: number) => s < 30 ? 5 : 7 },
    data: regression(3),
    totalSamples: 80,
    checkpoint: { dir: join(dir, sub), everySteps: 4, config: { run: 1 } },
    ...extra,
  });
}

Deno.test("fit: maxSteps slices a run; the slices resume into the uninterrupted result", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const mk = (sub: string, maxSteps?: number) => resumableRun(dir, sub, { maxSteps });
    const whole = await mk("whole");
    const a = await mk("sliced", 5);
    assert.equal(a.finished, false);
    const b = await mk("sliced", 5);
    const c = await mk("sliced");
    assert.deepEqual([a.step, b.step, c.step], [5, 10, whole.step]);
    assert.equal(c.finished, true);
    assert.deepEqual(bits(c.params), bits(whole.params));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("fit: an abort stops the run, leaves a checkpoint of the stopping point, and the rerun resumes bit-identically", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const mk = (sub: string, signal?: AbortSignal, onStep?: () => void) =>
      resumableRun(dir, sub, { curvePath: join(dir, sub + ".jsonl"), signal, onStep });
    const whole = await mk("whole");
    // abort during step 7: the check before step 8 stops the run
    const ac = new AbortController();
    let steps = 0;
    await assert.rejects(
      mk("cut", ac.signal, () => {
        if (++steps === 7) ac.abort(new Error("stop here"));
      }),
      /stop here/,
    );
    assert.equal(steps, 7);
    const curve = (await Deno.readTextFile(join(dir, "cut.jsonl"))).trim().split("\n");
    assert.equal(curve.length, 7);
    const rest = await mk("cut");
    assert.equal(rest.resumed, true);
    assert.equal(rest.history[0].step, 8); // resumed from the step-7 checkpoint, not step 4
    assert.equal(rest.step, whole.step);
    assert.deepEqual(bits(rest.params), bits(whole.params));
    // an already aborted signal rejects before any step
    await assert.rejects(mk("never", AbortSignal.abort(new Error("early"))), /early/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("fit: an abort from a timer reaches a CPU training loop mid-run", async () => {
  const ac = new AbortController();
  const t = setTimeout(() => ac.abort(new Error("timer")), 20);
  let steps = 0;
  const cap = 200_000; // without yields the loop would run all of these before the timer fires
  try {
    await assert.rejects(
      fit({
        params: { w: normal(key(8), [3, 1], { dtype: "f64" }) },
        loss: regLoss,
        optimizer: sgd(),
        schedule: { lr: () => 1e-3, batch: () => 2 },
        data: regression(3),
        totalSamples: 2 * cap,
        signal: ac.signal,
        onStep: () => steps++,
      }),
      /timer/,
    );
    assert.ok(steps > 0 && steps < cap, `stopped after ${steps} of ${cap} steps`);
  } finally {
    clearTimeout(t);
  }
});
