import assert from "node:assert/strict";
import { fromTyped, matmul, type NDArray } from "../array/mod.ts";
import { key } from "../random/mod.ts";
import { dmd, dsaDistance, dsaOperator } from "./dsa.ts";
import { classicalMds } from "./mds.ts";
import { gaussian, haar } from "./_testing.ts";

const close = (a: number, b: number, tol: number, what = "") =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tol ${tol})`);

/** A stable random n×n matrix: Gaussian scaled to spectral radius ≈ 0.9·(1/√n·√n). */
function stable(seed: number, n: number): NDArray {
  const g = gaussian(seed, n, n, 0.8 / Math.sqrt(n));
  return g;
}

Deno.test("dmd: noise-free data from x_{t+1} = A x_t recovers A exactly", () => {
  const n = 5, A = stable(1, n), a = A.dataSync();
  const T = 40, xs = new Float64Array(T * n);
  xs.set(gaussian(2, 1, n).dataSync());
  for (let t = 1; t < T; t++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[i * n + j] * xs[(t - 1) * n + j];
      xs[t * n + i] = s;
    }
  }
  const before = fromTyped(xs.slice(0, (T - 1) * n), [T - 1, n]);
  const after = fromTyped(xs.slice(n), [T - 1, n]);
  const Ah = dmd(before, after).dataSync();
  for (let i = 0; i < n * n; i++) close(Ah[i], a[i], 1e-8, `A[${i}]`);
  assert.throws(
    () => dmd(before, fromTyped(xs.slice(0, (T - 2) * n), [T - 2, n])),
    /dmd: argument "after"/,
  );
});

Deno.test("dsaDistance: conjugate systems C A Cᵀ are at distance < 1e-3; distinct ones are not", () => {
  for (const [seed, n] of [[10, 4], [20, 6]]) {
    const A = stable(seed, n), C = haar(seed + 1, n);
    const A2 = matmul(matmul(C, A), C, { transB: true });
    const d = dsaDistance(A, A2, { key: key(seed), restarts: 16, iters: 500 });
    assert.ok(d.angle < 1e-3 && d.frobenius < 1e-3, `n=${n}: angle ${d.angle}`);
    const far = dsaDistance(A, stable(seed + 2, n), { key: key(seed), restarts: 6 });
    assert.ok(far.angle > 0.2, `distinct systems: ${far.angle}`);
    const R = far.rotation.dataSync(); // orthogonal
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += R[k * n + i] * R[k * n + j];
        close(s, i === j ? 1 : 0, 1e-9, "CᵀC = I");
      }
    }
  }
  assert.throws(
    () => dsaDistance(stable(1, 3), stable(1, 4)),
    /dsaDistance: argument "a2" must be a 3×3 array/,
  );
});

Deno.test("dsaOperator: a rotating 2-D trajectory embedded in 6 units gives a rotation operator", () => {
  // x_t = (cos ωt, sin ωt) mixed into 6 units over two full cycles (zero mean, so centring is
  // exact); PCA to 2, no delay → A is a rotation by ω
  const T = 50, w = (2 * Math.PI) / 25, mix = gaussian(31, 2, 6).dataSync();
  const traj = new Float64Array(2 * T * 6);
  for (let b = 0; b < 2; b++) {
    for (let t = 0; t < T; t++) {
      const c = Math.cos(w * t + b), s = Math.sin(w * t + b);
      for (let i = 0; i < 6; i++) traj[(b * T + t) * 6 + i] = c * mix[i] + s * mix[6 + i];
    }
  }
  const A = dsaOperator(fromTyped(traj, [2, T, 6]), { pcs: 2, delays: 1 }).dataSync();
  close(A[0] + A[3], 2 * Math.cos(w), 1e-6, "trace = 2 cos ω");
  close(A[0] * A[3] - A[1] * A[2], 1, 1e-6, "det = 1");
});

Deno.test("classicalMds: recovers planar points up to rigid motion", () => {
  const pts = [[0, 0], [3, 0], [0, 4], [1, 1]];
  const d = pts.map((p) => pts.map((q) => Math.hypot(p[0] - q[0], p[1] - q[1])));
  const e = classicalMds(d, 2);
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      close(Math.hypot(e[i][0] - e[j][0], e[i][1] - e[j][1]), d[i][j], 1e-9, "distance");
    }
  }
});
