import assert from "node:assert/strict";
import {
  pickMin,
  roundSignificant,
  type SearchPoint,
  searchUntilInterior,
} from "./interior_search.ts";

/** A parabola in log₂ x with its minimum at x = 2^c. */
const bowl = (c: number) => (x: number) => Promise.resolve((Math.log2(x) - c) ** 2);

Deno.test("searchUntilInterior: an argmin at the top edge widens geometrically until interior", async () => {
  const calls: number[] = [];
  const f = bowl(3);
  const r = await searchUntilInterior([1, 2], (x) => {
    calls.push(x);
    return f(x);
  }, { pick: pickMin });
  // 2 is the best of {1, 2}: add 4 (best, edge), 8 (best, edge), 16: 8 is interior
  assert.deepEqual(r.points.map((p) => p.x), [1, 2, 4, 8, 16]);
  assert.equal(r.chosen, 8);
  assert.equal(r.interior, true);
  assert.equal(r.widened, 3);
  assert.deepEqual(calls, [1, 2, 4, 8, 16]); // each point evaluated once
});

Deno.test("searchUntilInterior: an argmin at the bottom edge widens downwards (snapped LRs)", async () => {
  // an LR grid {0.01, 0.02} whose optimum is 0.0025: add 0.005, 0.0025, 0.00125
  const r = await searchUntilInterior([0.02, 0.01], bowl(Math.log2(0.0025)), {
    pick: pickMin,
    round: roundSignificant,
  });
  assert.deepEqual(r.points.map((p) => p.x), [0.00125, 0.0025, 0.005, 0.01, 0.02]);
  assert.equal(r.chosen, 0.0025);
  assert.equal(r.interior, true);
  // an interior optimum from the start adds nothing
  const s = await searchUntilInterior([1, 2, 4], bowl(1), { pick: pickMin });
  assert.deepEqual([s.chosen, s.interior, s.widened], [2, true, 0]);
});

Deno.test("searchUntilInterior: the widening budget, a floor and a one-point grid end it at an edge", async () => {
  const far = await searchUntilInterior([1, 2], bowl(20), { pick: pickMin, maxWiden: 2 });
  assert.deepEqual(far.points.map((p) => p.x), [1, 2, 4, 8]);
  assert.deepEqual([far.chosen, far.interior, far.widened], [8, false, 2]);
  // the critical-batch rule (largest x within 1% of the best) at the bottom edge, floor 1:
  // floor(1/2) = 0 < 1, so nothing is added
  const cbsPick = (ps: readonly SearchPoint[]) => {
    const top = Math.min(...ps.map((p) => p.value));
    return Math.max(...ps.filter((p) => p.value <= 1.01 * top).map((p) => p.x));
  };
  const lossByB = (B: number) => Promise.resolve(1 + 0.1 * Math.log2(B));
  const low = await searchUntilInterior([1, 2, 4], lossByB, {
    pick: cbsPick,
    ratio: 2,
    round: Math.floor,
    min: 1,
  });
  assert.deepEqual([low.chosen, low.interior, low.widened], [1, false, 0]);
  // a flat loss: the largest batch is within 1% → widen up by ×2 (not by the grid's 4/3)
  const flat = await searchUntilInterior([1, 2, 3], () => Promise.resolve(1), {
    pick: cbsPick,
    ratio: 2,
    round: Math.floor,
    maxWiden: 1,
  });
  assert.deepEqual(flat.points.map((p) => p.x), [1, 2, 3, 6]);
  const one = await searchUntilInterior([0.01], bowl(0), { pick: pickMin });
  assert.deepEqual([one.chosen, one.interior, one.widened], [0.01, false, 0]);
});

Deno.test("searchUntilInterior: named errors; roundSignificant", async () => {
  await assert.rejects(
    searchUntilInterior([], bowl(0), { pick: pickMin }),
    /argument "grid" must be a non-empty list of positive numbers/,
  );
  await assert.rejects(
    searchUntilInterior([1, -2], bowl(0), { pick: pickMin }),
    /argument "grid"/,
  );
  await assert.rejects(
    searchUntilInterior([1, 2], bowl(0), { pick: pickMin, maxWiden: 1.5 }),
    /argument "maxWiden" must be a non-negative integer, got 1.5/,
  );
  await assert.rejects(
    searchUntilInterior([1, 2], bowl(0), { pick: pickMin, ratio: 1 }),
    /argument "ratio" must be a finite number > 1, got 1/,
  );
  await assert.rejects(
    searchUntilInterior([1, 2], bowl(0), { pick: () => 3 }),
    /pick returned 3, not an evaluated point/,
  );
  assert.equal(roundSignificant(0.03 * (0.03 / 0.01)), 0.09);
  assert.equal(roundSignificant(0.01 / 2), 0.005);
  assert.equal(roundSignificant(123456, 2), 120000);
});
