import assert from "node:assert/strict";
import { lrOptima, optimalLog2Lr } from "./lr_transfer.ts";

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
});
