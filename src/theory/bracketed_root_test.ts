import assert from "node:assert/strict";
import { brentRoot, goldenMinimize } from "./bracketed_root.ts";

Deno.test("brentRoot finds roots to machine precision and rejects bad brackets", () => {
  assert.ok(Math.abs(brentRoot((x) => x * x - 2, [0, 2]) - Math.SQRT2) < 1e-15);
  assert.ok(Math.abs(brentRoot(Math.cos, [1, 2]) - Math.PI / 2) < 1e-15);
  assert.throws(() => brentRoot((x) => x * x + 1, [0, 1]), /brentRoot: argument "bracket"/);
  assert.throws(() => brentRoot((x) => x, [0, Infinity]), /brentRoot: argument "bracket"/);
});

Deno.test("goldenMinimize finds the argmin of a unimodal function", () => {
  const m = goldenMinimize((x) => (x - 0.3) ** 2 + 1, [0, 1]);
  assert.ok(Math.abs(m.x - 0.3) < 1e-7 && Math.abs(m.value - 1) < 1e-14);
  assert.equal(goldenMinimize((x) => x, [0, 1]).x, 0);
  assert.throws(() => goldenMinimize((x) => x, [1, 0]), /goldenMinimize: argument "bracket"/);
});
