import assert from "node:assert/strict";
import { fitLogLogSlope, powerLawInstance, powerLawRiskExponents } from "./power_law.ts";

Deno.test("powerLawInstance: λ_i = i^{-a}, λ_i w*_i² ∝ i^{-b}, ||w*||² = 1", () => {
  const { lambda, wStarSq, traceH, lambdaMax } = powerLawInstance(100, { a: 1.5, b: 2 });
  assert.equal(lambdaMax, 1);
  assert.ok(Math.abs(lambda[9] - Math.pow(10, -1.5)) < 1e-16);
  assert.ok(Math.abs(wStarSq.reduce((x, y) => x + y, 0) - 1) < 1e-14);
  const r = (lambda[49] * wStarSq[49]) / (lambda[4] * wStarSq[4]);
  assert.ok(Math.abs(r - Math.pow(10, -2)) < 1e-14);
  assert.ok(Math.abs(traceH - lambda.reduce((x, y) => x + y, 0)) < 1e-14);
});

Deno.test("fitLogLogSlope recovers an exact power law", () => {
  const x = [1, 2, 4, 8, 16];
  const y = x.map((v) => 3 * Math.pow(v, -0.7));
  const f = fitLogLogSlope(x, y);
  assert.ok(Math.abs(f.slope + 0.7) < 1e-13);
  assert.ok(Math.abs(f.intercept - Math.log(3)) < 1e-13);
  assert.deepEqual(powerLawRiskExponents({ a: 2, b: 3 }), { bias: -1, averagedVariance: -0.5 });
});

Deno.test("power-law helpers reject bad input", () => {
  assert.throws(
    () => powerLawInstance(0, { a: 2, b: 2 }),
    /powerLawInstance: argument "d" must be a positive integer, got 0/,
  );
  assert.throws(
    () => powerLawInstance(5, { a: 1, b: 2 }),
    /option "a" must be a finite number > 1, got 1/,
  );
  assert.throws(
    () => fitLogLogSlope([1, 2], [1]),
    /argument "y" must be an array of length 2 \(as "x"\); its length, got 1/,
  );
  assert.throws(
    () => fitLogLogSlope([1, 2], [1, -1]),
    /argument "y\[1\]" must be a finite number > 0, got -1/,
  );
  assert.throws(() => fitLogLogSlope([2, 2], [1, 3]), /argument "x" must be not all equal/);
});
