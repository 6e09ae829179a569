import assert from "node:assert/strict";
import { getBackend } from "../backend/mod.ts";
import { tridiagEigDC } from "./core/tridiag_dc.ts";
import { tql2F64 } from "./core/tql2.ts";
import { EPS, gaussian, THRESH } from "./_testing.ts";

/** max_j ‖T z_j − λ_j z_j‖ / (n·eps·‖T‖_max) and ‖ZᵀZ − I‖_max / (n·eps). */
function ratios(d: Float64Array, off: Float64Array, lam: Float64Array, z: Float64Array) {
  const n = d.length;
  let tn = 0;
  for (const v of d) tn = Math.max(tn, Math.abs(v));
  for (const v of off) tn = Math.max(tn, Math.abs(v));
  let res = 0;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      let t = (d[i] - lam[j]) * z[i * n + j];
      if (i > 0) t += off[i - 1] * z[(i - 1) * n + j];
      if (i < n - 1) t += off[i] * z[(i + 1) * n + j];
      res = Math.max(res, Math.abs(t));
    }
  }
  let orth = 0;
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      let t = 0;
      for (let i = 0; i < n; i++) t += z[i * n + a] * z[i * n + b];
      orth = Math.max(orth, Math.abs(t - (a === b ? 1 : 0)));
    }
  }
  return { res: res / (n * EPS * (tn || 1)), orth: orth / (n * EPS) };
}

Deno.test("tridiagEigDC: residual and orthogonality < 30, eigenvalues match QL, hard cases", () => {
  const cpu = getBackend("cpu");
  const cases: [string, number, (i: number) => number, (i: number) => number][] = [
    ["random", 150, (i) => gaussian(1, 150, 1)[i], (i) => gaussian(2, 150, 1)[i]],
    ["1-2-1 (analytic)", 100, () => 2, () => -1],
    ["constant", 90, () => 1, () => 0.5],
    ["glued blocks (tiny couplings)", 120, (i) => i % 10, () => 1e-9],
    ["Wilkinson W+", 101, (i) => Math.abs(50 - i), () => 1],
    ["diagonal (zero couplings)", 70, (i) => (i * 7) % 13, () => 0],
    ["zero", 66, () => 0, () => 0],
    ["graded", 80, (i) => 10 ** (-i / 8), (i) => 10 ** (-i / 8) / 3],
  ];
  for (const [label, n, fd, fe] of cases) {
    const d = Float64Array.from({ length: n }, (_, i) => fd(i));
    const off = Float64Array.from({ length: n - 1 }, (_, i) => fe(i));
    const lam = d.slice();
    const z = tridiagEigDC(lam, off, { n, backend: cpu });
    for (let j = 1; j < n; j++) assert.ok(lam[j - 1] <= lam[j], `${label}: ascending`);
    const r = ratios(d, off, lam, z);
    assert.ok(r.res < THRESH && r.orth < THRESH, `${label}: res ${r.res} orth ${r.orth}`);
    // Same eigenvalues as implicit QL (both backward stable: within n·eps·‖T‖ each).
    const dq = d.slice();
    const eq = new Float64Array(n);
    for (let i = 1; i < n; i++) eq[i] = off[i - 1];
    tql2F64(new Float64Array(0), dq, eq, n, false, "test");
    let tn = 0;
    for (const v of d) tn = Math.max(tn, Math.abs(v));
    for (const v of off) tn = Math.max(tn, Math.abs(v));
    for (let j = 0; j < n; j++) {
      assert.ok(Math.abs(dq[j] - lam[j]) <= 2 * THRESH * n * EPS * (tn || 1), `${label}: λ${j}`);
    }
    if (label.startsWith("1-2-1")) {
      // Eigenvalues 2 − 2cos(kπ/(n+1)), k = 1..n.
      for (let k = 1; k <= n; k++) {
        const exact = 2 - 2 * Math.cos((k * Math.PI) / (n + 1));
        assert.ok(Math.abs(lam[k - 1] - exact) < 1e-13, `1-2-1 λ${k}`);
      }
    }
  }
});
