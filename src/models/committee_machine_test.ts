import assert from "node:assert/strict";
import { key, normalF64 } from "../random/mod.ts";
import { committeeGeneralizationError } from "../theory/committee_machine_odes.ts";
import {
  erfUnit,
  erfUnitDerivative,
  heldOutCommitteeError,
  measureOverlaps,
  simulateCommitteeSgd,
} from "./committee_machine.ts";
import { applyGivensRotations } from "./representational_drift.ts";

Deno.test("erf unit and its derivative (central difference)", () => {
  for (const z of [-2, -0.3, 0, 1.1]) {
    const h = 1e-5;
    const fd = (erfUnit(z + h) - erfUnit(z - h)) / (2 * h);
    assert.ok(Math.abs(fd - erfUnitDerivative(z)) < 1e-9);
  }
  assert.equal(erfUnit(0), 0);
});

Deno.test("held-out error of random weights equals ε_g(Q, R, T) within 3 SE (sufficiency)", () => {
  const N = 200, K = 2, M = 3, P = 20000;
  const w = normalF64(key(1), K * N, { std: 0.8 });
  const ws = normalF64(key(2), M * N);
  const x = normalF64(key(3), P * N);
  const o = measureOverlaps(w, ws, { students: K, teachers: M, size: N });
  const e = heldOutCommitteeError(w, ws, x, { students: K, teachers: M, size: N });
  const th = committeeGeneralizationError(o);
  assert.ok(Math.abs(e.mean - th) < 3 * e.se, `${e.mean} ± ${e.se} vs ${th}`);
});

Deno.test("SGD lowers the error; joint rotations keep Q, R, T (B7.7)", () => {
  const N = 100;
  const r = simulateCommitteeSgd(key(4), {
    students: 2,
    teachers: 2,
    size: N,
    learningRate: 0.5,
    alphas: [0, 1, 2],
    studentInitStd: 0.1,
  });
  assert.deepEqual(r.alpha, [0, 1, 2]);
  assert.equal(r.overlaps.length, 3);
  // a learning step reduces the error from the initial ε_g ≈ 1/3 within α = 2
  assert.ok(
    committeeGeneralizationError(r.overlaps[2]) < committeeGeneralizationError(r.overlaps[0]),
  );
  // a joint rotation of student and teacher leaves Q, R, T unchanged to 1e-12 (B7.7)
  const w = r.studentWeights[2].slice(), ws = r.teacherWeights[2].slice();
  const dims = { students: 2, teachers: 2, size: N };
  const o0 = measureOverlaps(w, ws, dims);
  applyGivensRotations([w, ws], key(9), { size: N, rotations: 500 });
  const o1 = measureOverlaps(w, ws, dims);
  for (let i = 0; i < 4; i++) {
    assert.ok(Math.abs(o0.Q[i] - o1.Q[i]) < 1e-12 && Math.abs(o0.R[i] - o1.R[i]) < 1e-12);
    assert.ok(Math.abs(o0.T[i] - o1.T[i]) < 1e-12);
  }
  // training with drift runs and records the same checkpoints
  const b = simulateCommitteeSgd(key(5), {
    students: 2,
    teachers: 2,
    size: N,
    learningRate: 0.5,
    alphas: [0, 3],
    drift: { everyAlpha: 0.5, givens: 50 },
  });
  assert.deepEqual(b.alpha, [0, 3]);
  assert.throws(
    () =>
      simulateCommitteeSgd(key(0), {
        students: 0,
        teachers: 1,
        size: 3,
        learningRate: 1,
        alphas: [1],
      }),
    /simulateCommitteeSgd: option "students"/,
  );
});
