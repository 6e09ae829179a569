import assert from "node:assert/strict";
import { key, split } from "./key.ts";
import { rademacherF64 } from "./rademacher.ts";
import { correlation, sampleMean } from "./testing.ts";

Deno.test("rademacherF64: ±1, mean within 5 SE, independent of a split stream", () => {
  const n = 100000;
  const [a, b] = split(key(4));
  const x = rademacherF64(a, n);
  for (const v of x) assert.ok(v === 1 || v === -1);
  assert.ok(Math.abs(sampleMean(x)) < 5 / Math.sqrt(n)); // SE 1/√n
  const y = rademacherF64(b, n);
  assert.ok(Math.abs(correlation(x, y)) < 4 / Math.sqrt(n));
  // neighbouring bits of one word are uncorrelated
  assert.ok(Math.abs(correlation(x.subarray(0, n - 1), x.subarray(1))) < 4 / Math.sqrt(n));
  assert.deepEqual(rademacherF64(a, 33), x.subarray(0, 33));
  assert.throws(() => rademacherF64(a, -3), /rademacherF64: argument "n"/);
});
