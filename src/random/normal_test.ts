import assert from "node:assert/strict";
import { key } from "./key.ts";
import { normalF32, normalF64 } from "./normal.ts";
import { ksCritical1pct, ksStatistic, normalCdf, sampleMean, sampleVariance } from "./testing.ts";

Deno.test("normalF64: moments within 5 SE and KS below the 1% critical value", () => {
  const n = 100000;
  const x = normalF64(key(21), n);
  // mean SE = 1/√n; variance SE = √(2/n); 4th moment 3 with SE √(96/n)
  assert.ok(Math.abs(sampleMean(x)) < 5 / Math.sqrt(n));
  assert.ok(Math.abs(sampleVariance(x) - 1) < 5 * Math.sqrt(2 / n));
  let m4 = 0;
  for (const v of x) m4 += v ** 4;
  assert.ok(Math.abs(m4 / n - 3) < 5 * Math.sqrt(96 / n), `m4=${m4 / n}`);
  const d = ksStatistic(x, normalCdf);
  assert.ok(d < ksCritical1pct(n), `D=${d}`);
  // the even (cos) and odd (sin) halves separately
  const odd = x.filter((_, i) => i % 2 === 1);
  assert.ok(ksStatistic(odd, normalCdf) < ksCritical1pct(odd.length));
});

Deno.test("normalF64: mean/std, odd lengths are prefixes, f32 is the rounding of f64", () => {
  const k = key(8);
  const z = normalF64(k, 1001);
  const y = normalF64(k, 1001, { mean: 3, std: 0.5 });
  for (let i = 0; i < z.length; i++) assert.ok(Math.abs(y[i] - (3 + 0.5 * z[i])) < 1e-15);
  assert.deepEqual(normalF64(k, 7), z.subarray(0, 7));
  const f = normalF32(k, 1001, { mean: 3, std: 0.5 });
  assert.deepEqual(f, Float32Array.from(y));
  const c = normalF64(k, 5, { mean: 2, std: 0 });
  assert.deepEqual(Array.from(c), [2, 2, 2, 2, 2]);
});

Deno.test("normal samplers: bad input", () => {
  assert.throws(
    () => normalF64(key(0), 3, { std: -1 }),
    /normalF64: argument "std" must be a number >= 0, got -1/,
  );
  assert.throws(() => normalF32(key(0), 3, { mean: NaN }), /normalF32: argument "mean"/);
  assert.throws(() => normalF64(key(0), NaN), /normalF64: argument "n".*got NaN/);
});
