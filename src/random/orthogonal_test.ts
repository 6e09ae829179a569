import assert from "node:assert/strict";
import { key, split } from "./key.ts";
import { orthogonal } from "./orthogonal.ts";
import { ksCritical1pct, ksStatistic } from "./testing.ts";

Deno.test("orthogonal: QᵀQ = I to 1e-12 and reproducible", () => {
  for (const n of [1, 2, 7, 40]) {
    const q = orthogonal(key(n), n).dataSync();
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let r = 0; r < n; r++) s += q[r * n + i] * q[r * n + j];
        assert.ok(Math.abs(s - (i === j ? 1 : 0)) < 1e-12, `n=${n} (${i},${j}) ${s}`);
      }
    }
  }
  assert.deepEqual(orthogonal(key(3), 5).dataSync(), orthogonal(key(3), 5).dataSync());
  const f = orthogonal(key(3), 5, { dtype: "f32" });
  assert.equal(f.dtype, "f32");
  assert.deepEqual(f.dataSync(), Float32Array.from(orthogonal(key(3), 5).dataSync()));
});

Deno.test("orthogonal: Haar law (uniform Q11 for n = 3; trace moments; det ±1 equally)", () => {
  // For Haar O(3), a single entry is uniform on [−1, 1] (Archimedes); without the sign fix the
  // diagonal would be biased positive. KS at the 1% level over M = 3000 matrices.
  const M = 3000;
  const q11: number[] = [], q23: number[] = [];
  for (const k of split(key(123), M)) {
    const q = orthogonal(k, 3).dataSync();
    q11.push(q[0]);
    q23.push(q[5]);
  }
  const unif = (x: number) => Math.min(1, Math.max(0, (x + 1) / 2));
  assert.ok(ksStatistic(q11, unif) < ksCritical1pct(M), `D=${ksStatistic(q11, unif)}`);
  assert.ok(ksStatistic(q23, unif) < ksCritical1pct(M));
  // Haar O(n), n ≥ 2: E tr Q = 0, E (tr Q)² = 1 (Diaconis–Shahshahani 1994). For n = 6,
  // tr Q is close to N(0, 1): SE of the mean ≈ 1/√M, of the second moment ≈ √(2/M); 5 SE.
  let t1 = 0, t2 = 0, det = 0;
  for (const k of split(key(321), M)) {
    const q = orthogonal(k, 6).dataSync();
    let t = 0;
    for (let i = 0; i < 6; i++) t += q[7 * i];
    t1 += t;
    t2 += t * t;
  }
  assert.ok(Math.abs(t1 / M) < 5 / Math.sqrt(M), `E tr = ${t1 / M}`);
  assert.ok(Math.abs(t2 / M - 1) < 5 * Math.sqrt(2 / M), `E tr² = ${t2 / M}`);
  // O(2): determinant +1 (rotation) and −1 (reflection) each with probability 1/2
  for (const k of split(key(5), M)) {
    const q = orthogonal(k, 2).dataSync();
    det += q[0] * q[3] - q[1] * q[2] > 0 ? 1 : 0;
  }
  assert.ok(Math.abs(det / M - 0.5) < 5 * Math.sqrt(0.25 / M), `P(det=1)=${det / M}`);
});

Deno.test("orthogonal: rectangular (Stiefel) matrices have orthonormal columns or rows", () => {
  for (const [n, m] of [[7, 3], [3, 7], [5, 1], [1, 4]]) {
    const q = orthogonal(key(n * 10 + m), n, { m });
    assert.deepEqual(q.shape, [n, m]);
    const d = q.dataSync();
    const r = Math.min(n, m);
    for (let i = 0; i < r; i++) {
      for (let j = 0; j < r; j++) {
        let s = 0;
        // columns when n ≥ m, rows when n < m
        for (let t = 0; t < Math.max(n, m); t++) {
          s += n >= m ? d[t * m + i] * d[t * m + j] : d[i * m + t] * d[j * m + t];
        }
        assert.ok(Math.abs(s - (i === j ? 1 : 0)) < 1e-12, `${n}x${m} (${i},${j}) ${s}`);
      }
    }
  }
  // a single column of a Haar Stiefel 3×1 matrix is uniform on the sphere: entry 0 is uniform
  // on [−1, 1] (Archimedes); KS at the 1% level over 3000 draws
  const x: number[] = [];
  for (const k of split(key(9), 3000)) x.push(orthogonal(k, 3, { m: 1 }).dataSync()[0]);
  assert.ok(ksStatistic(x, (v) => Math.min(1, Math.max(0, (v + 1) / 2))) < ksCritical1pct(3000));
});

Deno.test("orthogonal: bad input", () => {
  assert.throws(() => orthogonal(key(0), -2), /orthogonal: argument "n" must be a non-negative/);
  assert.throws(
    () => orthogonal(key(0), 2, { dtype: "f16" as never }),
    /orthogonal: argument "dtype"/,
  );
});
