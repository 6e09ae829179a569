import assert from "node:assert/strict";
import { array } from "../array/creation.ts";
import { key, split } from "./key.ts";
import { normal, normalF32, normalF64 } from "./normal.ts";
import { uniform, uniformF32, uniformF64 } from "./uniform.ts";
import { bernoulli } from "./bernoulli.ts";
import { sampleMean } from "./testing.ts";

Deno.test("uniform/normal arrays are the raw samples reshaped", () => {
  const k = key(9);
  const u = uniform(k, [3, 4], { low: -1, high: 2 });
  assert.deepEqual(u.shape, [3, 4]);
  assert.equal(u.dtype, "f64");
  assert.deepEqual(u.dataSync(), uniformF64(k, 12, { low: -1, high: 2 }));
  assert.deepEqual(uniform(k, 5, { dtype: "f32" }).dataSync(), uniformF32(k, 5));
  const z = normal(k, [2, 3, 2], { mean: 1, std: 2 });
  assert.deepEqual(z.shape, [2, 3, 2]);
  assert.deepEqual(z.dataSync(), normalF64(k, 12, { mean: 1, std: 2 }));
  assert.deepEqual(normal(k, [7], { dtype: "f32" }).dataSync(), normalF32(k, 7));
  assert.equal(normal(k, []).size, 1);
  assert.equal(normal(k, [0, 3]).size, 0);
});

Deno.test("bernoulli: frequencies within 5 SE, array p broadcasts", () => {
  const n = 100000;
  const x = bernoulli(key(2), 0.3, [n]).dataSync();
  for (const v of x) assert.ok(v === 0 || v === 1);
  // SE = sqrt(p(1−p)/n) = 1.45e-3
  assert.ok(Math.abs(sampleMean(x) - 0.3) < 5 * Math.sqrt(0.21 / n));
  const p = array([0, 0.5, 1]);
  const y = bernoulli(key(3), p, [20000, 3], { dtype: "f32" });
  assert.equal(y.dtype, "f32");
  const d = y.dataSync();
  let c0 = 0, c1 = 0, c2 = 0;
  for (let i = 0; i < 20000; i++) {
    c0 += d[3 * i];
    c1 += d[3 * i + 1];
    c2 += d[3 * i + 2];
  }
  assert.equal(c0, 0);
  assert.equal(c2, 20000);
  assert.ok(Math.abs(c1 / 20000 - 0.5) < 5 * Math.sqrt(0.25 / 20000));
});

Deno.test("NDArray samplers: bad input", () => {
  const [k] = split(key(0), 1);
  assert.throws(() => uniform(k, [2, -1]), /uniform: argument "shape" must be an array of non-neg/);
  assert.throws(() => normal(k, [2], { dtype: "i32" as never }), /normal: argument "dtype"/);
  assert.throws(
    () => bernoulli(k, 1.5, [2]),
    /bernoulli: argument "p" must be a number in \[0, 1\]/,
  );
  assert.throws(() => bernoulli(k, array([0.5, NaN]), [2]), /bernoulli: argument "p"/);
  assert.throws(() => bernoulli(k, array([0.5, 0.2]), [3]), /broadcast/i);
});
