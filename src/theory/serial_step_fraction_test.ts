import assert from "node:assert/strict";
import { serialStepFraction } from "./serial_step_fraction.ts";

Deno.test("arXiv:2510.14717 Lemma 1: continuous-limit step fractions", () => {
  // half-cosine to zero (no warmup): 0.5 (r → 0 at the end; clip at a tiny floor)
  const half = serialStepFraction((u) => Math.max(1e-300, (1 + Math.cos(Math.PI * u)) / 2));
  assert.ok(Math.abs(half - 0.5) < 1e-9);
  // quarter-wave cosine η₀cos(πu/2): 2/π
  const quarter = serialStepFraction((u) => Math.max(1e-300, Math.cos((Math.PI * u) / 2)));
  assert.ok(Math.abs(quarter - 2 / Math.PI) < 1e-9);
  // experiments: 10% warmup at constant batch, then cosine to 0.1η₀: 0.1 + 0.9·0.55 = 0.595
  const exp = serialStepFraction(
    (u) => 0.1 + 0.9 * (1 + Math.cos((Math.PI * (u - 0.1)) / 0.9)) / 2,
    { warmupFraction: 0.1 },
  );
  assert.ok(Math.abs(exp - 0.595) < 1e-9);
});

Deno.test("serialStepFraction rejects bad input", () => {
  assert.throws(
    () => serialStepFraction(() => 1, { warmupFraction: 1 }),
    /option "warmupFraction" must be in \[0, 1\), got 1/,
  );
  assert.throws(
    () => serialStepFraction(() => 1, { intervals: 3 }),
    /option "intervals" must be an even integer/,
  );
  assert.throws(() => serialStepFraction(() => 2), /lrRatio\(0\) must be in \(0, 1\], got 2/);
});
