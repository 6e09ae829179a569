import assert from "node:assert/strict";
import { key, normalF64, split } from "../random/mod.ts";
import {
  randomSubset,
  subsampledOverlaps,
  subsampledOverlapStandardError,
} from "./subsampled_overlaps.ts";

Deno.test("SD of the subsampled R̂ matches √((QT + R²)/n) within 10% (B7.8)", () => {
  const N = 4000;
  const t = normalF64(key(1), N), noise = normalF64(key(2), N);
  const w = new Float64Array(N);
  for (let i = 0; i < N; i++) w[i] = 0.6 * t[i] + 0.8 * noise[i]; // R ≈ 0.6, Q ≈ T ≈ 1
  const full = subsampledOverlaps({ student: w, teacher: t }, {
    students: 1,
    teachers: 1,
    size: N,
    subset: Array.from({ length: N }, (_, i) => i),
  });
  const reps = 3000;
  for (const n of [30, 100, 300]) {
    const ks = split(key(10 + n), reps);
    let s = 0, s2 = 0;
    for (let r = 0; r < reps; r++) {
      const o = subsampledOverlaps({ student: w, teacher: t }, {
        students: 1,
        teachers: 1,
        size: N,
        subset: randomSubset(ks[r], { size: N, count: n }),
      });
      s += o.R[0];
      s2 += o.R[0] ** 2;
    }
    const sd = Math.sqrt(s2 / reps - (s / reps) ** 2);
    const ref = subsampledOverlapStandardError({ Q: full.Q[0], T: full.T[0], R: full.R[0] }, {
      count: n,
      size: N,
    });
    // the SD estimate from 3000 replicas has ~1.3% relative error
    assert.ok(Math.abs(sd / ref - 1) < 0.1, `n=${n}: sd ${sd} vs ${ref}`);
  }
  assert.throws(() => randomSubset(key(0), { size: 5, count: 6 }), /randomSubset: option "count"/);
});
