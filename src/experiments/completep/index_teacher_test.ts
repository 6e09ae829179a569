import assert from "node:assert/strict";
import { key } from "../../random/key.ts";
import { hermiteIndexTeacher } from "./index_teacher.ts";

Deno.test("hermiteIndexTeacher: mean 0, variance 1, depends only on the k directions", () => {
  const t = hermiteIndexTeacher(key(3), { inDim: 16, directions: 2 });
  const n = 20000, y = (t.sample(key(1), n, "f64").y.toArray() as number[][]).flat();
  const m = y.reduce((a, b) => a + b, 0) / n;
  const v = y.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1);
  // y has mean 0 and variance 1 exactly; its kurtosis is moderate, so the SE of the
  // sample variance is ≈ √(var(y²)/n) < 0.05 and the SE of the mean 1/√n ≈ 0.007: ±4 SE bounds
  assert.ok(Math.abs(m) < 0.03, `mean ${m}`);
  assert.ok(Math.abs(v - 1) < 0.08, `variance ${v}`);
  // x = 0 gives Σ_j (0 − 1)/√(2k) = −k/√(2k) = −1 for k = 2
  assert.ok(Math.abs(t.apply(new Float64Array(16))[0] + 1) < 1e-12);
  // a pure function of the key
  assert.deepEqual(t.sample(key(5), 3).y.toArray(), t.sample(key(5), 3).y.toArray());
});

Deno.test("hermiteIndexTeacher: named errors", () => {
  assert.throws(
    () => hermiteIndexTeacher(key(0), { inDim: 0 }),
    /"inDim" must be a positive integer/,
  );
  assert.throws(
    () => hermiteIndexTeacher(key(0), { inDim: 4, directions: 5 }),
    /"directions" must be an integer in \[1, 4\], got 5/,
  );
  assert.throws(
    () => hermiteIndexTeacher(key(0)).apply(new Float64Array(3)),
    /"x" must be a multiple of 64/,
  );
});
