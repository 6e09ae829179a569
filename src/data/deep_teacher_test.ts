import assert from "node:assert/strict";
import { key } from "../random/key.ts";
import { mean, variance } from "../stats/mod.ts";
import { deepTanhTeacher } from "./deep_teacher.ts";

Deno.test("deepTanhTeacher: unit-variance, centred outputs; a pure function of the keys", () => {
  const t = deepTanhTeacher(key(0));
  const b = t.sample(key(9), 8192, "f64");
  const y = b.y.dataSync();
  // fresh inputs: SE of the mean ≈ 0.011, of the variance ≈ √(2/n) ≈ 0.016 (Gaussian-like y)
  assert.ok(Math.abs(mean(y)) < 0.05, `mean ${mean(y)}`);
  assert.ok(Math.abs(variance(y) - 1) < 0.08, `variance ${variance(y)}`);
  assert.deepEqual(Array.from(t.apply(b.x.dataSync() as Float64Array)), Array.from(y));
  assert.deepEqual(
    t.sample(key(9), 3).x.dataSync(),
    deepTanhTeacher(key(0)).sample(key(9), 3).x.dataSync(),
  );
  assert.deepEqual(b.x.shape, [8192, 16]);
  assert.deepEqual(b.y.shape, [8192, 1]);
});

Deno.test("deepTanhTeacher: bad sizes are named errors", () => {
  assert.throws(
    () => deepTanhTeacher(key(0), { layers: 0 }),
    /"layers" must be a positive integer/,
  );
  assert.throws(() => deepTanhTeacher(key(0), { gain: -1 }), /"gain" must be a finite number > 0/);
  assert.throws(
    () => deepTanhTeacher(key(0), { normSamples: 16 }).sample(key(1), 0),
    /"n" must be a positive integer/,
  );
});
