import assert from "node:assert/strict";
import { foldIn, key } from "../random/key.ts";
import { evalBatches, sampleBatch } from "./batches.ts";

const corpus = Int32Array.from({ length: 1000 }, (_, i) => i);

Deno.test("sampleBatch: windows of the corpus with shifted targets, reproducible", () => {
  const b = sampleBatch(key(1), corpus, { batchSize: 8, contextLength: 16 });
  assert.equal(b.inputs.length, 8 * 16);
  for (let r = 0; r < 8; r++) {
    const s = b.starts[r];
    assert.ok(s >= 0 && s <= 1000 - 17);
    for (let t = 0; t < 16; t++) {
      assert.equal(b.inputs[r * 16 + t], s + t);
      assert.equal(b.targets[r * 16 + t], s + t + 1);
    }
  }
  assert.deepEqual(sampleBatch(key(1), corpus, { batchSize: 8, contextLength: 16 }), b);
  assert.notDeepEqual(
    sampleBatch(foldIn(key(1), 1), corpus, { batchSize: 8, contextLength: 16 }).starts,
    b.starts,
  );
});

Deno.test("sampleBatch: start positions are uniform over all N − T windows (chi-square)", () => {
  // N − T = 10 possible starts, 20000 draws: chi-square with 9 dof, 1% critical value 21.67;
  // the last window (start N − T − 1) must occur, and no start beyond it.
  const small = Int32Array.from({ length: 14 }, (_, i) => i);
  const b = sampleBatch(key(2), small, { batchSize: 20000, contextLength: 4 });
  const c = new Array(10).fill(0);
  for (const s of b.starts) c[s]++;
  let chi2 = 0;
  for (const v of c) chi2 += (v - 2000) ** 2 / 2000;
  assert.ok(chi2 < 21.67, `chi2 ${chi2} counts ${c}`);
  assert.ok(c[9] > 0);
});

Deno.test("evalBatches: consecutive windows predict each token once", () => {
  const bs = evalBatches(corpus, { batchSize: 4, contextLength: 10 });
  // (1000 − 1) / 10 → 99 windows → 25 batches, the last of 3
  assert.equal(bs.length, 25);
  assert.equal(bs[24].batchSize, 3);
  const predicted = bs.flatMap((b) => Array.from(b.targets));
  assert.deepEqual(predicted, Array.from({ length: 990 }, (_, i) => i + 1));
  assert.equal(evalBatches(corpus, { batchSize: 4, contextLength: 10, maxBatches: 2 }).length, 2);
});

Deno.test("batches: bad input", () => {
  const k = key(0);
  assert.throws(
    () => sampleBatch(k, corpus, { batchSize: 0, contextLength: 4 }),
    /sampleBatch: argument "batchSize" must be a positive integer, got 0/,
  );
  assert.throws(
    () => sampleBatch(k, corpus, { batchSize: 2, contextLength: 1000 }),
    /sampleBatch: argument "tokens" must be at least contextLength \+ 1 = 1001 tokens/,
  );
  assert.throws(
    () => sampleBatch(k, [1, 2, 3] as never, { batchSize: 1, contextLength: 1 }),
    /sampleBatch: argument "tokens" must be an Int32Array/,
  );
  assert.throws(
    () => evalBatches(corpus, { batchSize: 2, contextLength: 2.5 }),
    /evalBatches: argument "contextLength"/,
  );
});
