import assert from "node:assert/strict";
import {
  lrOptima,
  lrRowsFromMerged,
  type LrTransferRow,
  mupBaseDivergesAtDepth,
  optimalLog2Lr,
} from "./lr_transfer.ts";

Deno.test("optimalLog2Lr: the vertex of a parabola, the argmin at an edge, diverged = +∞", () => {
  const xs = [-12, -11, -10, -9, -8];
  const r = optimalLog2Lr(xs, xs.map((x) => (x + 9.7) ** 2 + 1));
  assert.ok(Math.abs(r.log2Lr + 9.7) < 1e-12);
  assert.equal(r.index, 2);
  assert.equal(optimalLog2Lr(xs, [1, 2, 3, 4, 5]).log2Lr, -12);
  assert.equal(optimalLog2Lr(xs, [5, 4, 3, NaN, Infinity]).log2Lr, -10);
  assert.throws(() => optimalLog2Lr(xs, xs.map(() => NaN)), /at least one finite loss/);
  const rows = [0, 1].flatMap((seed) =>
    xs.map((log2Lr) => ({
      param: "mup" as const,
      depth: 2,
      log2Lr,
      seed,
      testLoss: (log2Lr + 10) ** 2 + seed,
      diverged: false,
    }))
  );
  const o = lrOptima(rows);
  assert.equal(o.length, 1);
  assert.ok(Math.abs(o[0].log2Lr + 10) < 1e-12);
  assert.equal(o[0].loss, 0.5);
  // losses 0 and 1 at the minimum: sample variance ½, SE √(½/2) = ½
  assert.equal(o[0].lossSe, 0.5);
  assert.equal(o[0].seeds, 2);
  assert.equal(lrOptima(rows.filter((r) => r.seed === 0))[0].lossSe, null);
});

Deno.test("lrRowsFromMerged / mupBaseDivergesAtDepth: rows of a merged sweep, divergence at the base optimum", () => {
  const row = (depth: number, log2Lr: number, diverged: boolean): LrTransferRow => ({
    param: "mup",
    depth,
    log2Lr,
    seed: 0,
    testLoss: diverged ? null : (log2Lr + 11) ** 2,
    diverged,
  });
  const rows = [row(2, -12, false), row(2, -11, false), row(2, -10, false), row(8, -11, true)];
  const jsonl = rows.map((r, i) => JSON.stringify({ id: `r${i}`, results: { lrRuns: [r] } }))
    .join("\n") + "\n";
  assert.deepEqual(lrRowsFromMerged(jsonl), rows);
  assert.equal(mupBaseDivergesAtDepth(rows), true);
  assert.equal(mupBaseDivergesAtDepth([...rows.slice(0, 3), row(8, -12, true)]), false);
  assert.throws(() => lrRowsFromMerged('{"results": {}}'), /"line 1" must be a run with/);
  assert.throws(() => lrRowsFromMerged("x"), /"line 1" must be a JSON object/);
});
