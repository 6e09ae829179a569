import assert from "node:assert/strict";
import { key } from "./key.ts";
import { uniformF32, uniformF64 } from "./uniform.ts";
import { ksCritical1pct, ksStatistic, sampleMean, sampleVariance } from "./testing.ts";

Deno.test("uniformF64: moments within 5 SE and KS below the 1% critical value", () => {
  const n = 100000;
  const x = uniformF64(key(11), n);
  for (const v of x) assert.ok(v >= 0 && v < 1);
  // mean SE = sqrt(1/12/n) = 9.1e-4; variance SE = sqrt((1/80 − 1/144)/n) = 2.4e-4
  assert.ok(Math.abs(sampleMean(x) - 0.5) < 5 * Math.sqrt(1 / 12 / n));
  assert.ok(Math.abs(sampleVariance(x) - 1 / 12) < 5 * Math.sqrt((1 / 80 - 1 / 144) / n));
  const d = ksStatistic(x, (v) => Math.min(1, Math.max(0, v)));
  assert.ok(d < ksCritical1pct(n), `D=${d}`);
});

Deno.test("uniformF64: low/high rescaling, 53-bit resolution and open upper end", () => {
  const k = key(3);
  const u = uniformF64(k, 1000);
  const v = uniformF64(k, 1000, { low: -2, high: 6 });
  for (let i = 0; i < 1000; i++) assert.ok(Math.abs(v[i] - (-2 + 8 * u[i])) < 1e-15);
  // resolution: every sample is a multiple of 2^-53 and some use the lowest bits
  let lowBits = 0;
  for (const x of u) {
    const m = x * 2 ** 53;
    assert.equal(m, Math.floor(m));
    if (m % 2 === 1) lowBits++;
  }
  assert.ok(lowBits > 400 && lowBits < 600, `odd multiples: ${lowBits}`);
  const tiny = uniformF64(k, 1000, { low: 1, high: 1 + 2 ** -52 });
  for (const x of tiny) assert.ok(x === 1, `${x}`);
  const huge = uniformF64(k, 100, { low: -Number.MAX_VALUE, high: Number.MAX_VALUE });
  for (const x of huge) assert.ok(Number.isFinite(x) && x < Number.MAX_VALUE);
});

Deno.test("uniformF32: KS and range", () => {
  const n = 50000;
  const x = uniformF32(key(12), n, { low: 1, high: 3 });
  for (const v of x) assert.ok(v >= 1 && v < 3);
  const d = ksStatistic(x, (v) => Math.min(1, Math.max(0, (v - 1) / 2)));
  assert.ok(d < ksCritical1pct(n), `D=${d}`);
  // high that is not a float32: results stay strictly below it
  const y = uniformF32(key(1), 1000, { low: 0.1, high: 0.1 + 2e-8 });
  for (const v of y) assert.ok(v >= 0.1 && v < 0.1 + 2e-8, `${v}`);
});

Deno.test("uniform samplers: bad input", () => {
  assert.throws(
    () => uniformF64(key(0), 10, { low: 1, high: 1 }),
    /uniformF64: argument "low" must be a number less than high=1, got 1/,
  );
  assert.throws(() => uniformF64(key(0), 10, { high: NaN }), /uniformF64: argument "high"/);
  assert.throws(() => uniformF64(key(0), -1), /uniformF64: argument "n"/);
  assert.throws(() => uniformF32(key(0), 1.5), /uniformF32: argument "n"/);
  assert.throws(() => uniformF32(null as never, 1), /uniformF32: argument "key"/);
  assert.throws(
    () => uniformF32(key(0), 1, { low: 0.1, high: 0.1 + 1e-12 }),
    /uniformF32: argument "high" must be a bound with a float32 in/,
  );
});
