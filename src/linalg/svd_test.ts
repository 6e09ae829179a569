import assert from "node:assert/strict";
import { array, fromTyped } from "../array/mod.ts";
import { shutdownWorkers } from "../backend/wasm/mod.ts";
import { cond, matrixRank, pinv, svd, svdvals } from "./svd.ts";
import { eigvalsh } from "./eigh.ts";
import { NonFiniteError } from "./errors.ts";
import {
  backwardRatio,
  EPS,
  fro,
  froDiff,
  gaussian,
  mm,
  orthRatio,
  THRESH,
  withSingularValues,
} from "./_testing.ts";

/** Check A = UΣVᵀ, UᵀU = I, VVᵀ = I, descending s ≥ 0, for thin and full factors. */
function check(a: Float64Array, m: number, n: number, label: string): Float64Array {
  const k = Math.min(m, n);
  let sref: Float64Array | null = null;
  for (const full of [false, true]) {
    const { u, s, vt } = svd(fromTyped(a, [m, n]), { full });
    const cu = full ? m : k;
    const rv = full ? n : k;
    assert.deepEqual(u.shape, [m, cu]);
    assert.deepEqual(vt.shape, [rv, n]);
    const sd = s.dataSync() as Float64Array;
    for (let i = 0; i < k; i++) assert.ok(sd[i] >= 0 && (i === 0 || sd[i] <= sd[i - 1]), label);
    const ud = u.dataSync() as Float64Array;
    const us = new Float64Array(m * k);
    for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) us[i * k + j] = ud[i * cu + j] * sd[j];
    const vtk = (vt.dataSync() as Float64Array).subarray(0, k * n);
    const r = backwardRatio(a, mm(us, vtk, m, k, n), Math.max(m, n));
    assert.ok(r < THRESH, `${label} full=${full}: ‖A − UΣVᵀ‖ ratio ${r}`);
    const ou = orthRatio(ud, m, cu);
    const vv = Float64Array.from(vt.dataSync());
    const ov = orthRatio(transpose(vv, rv, n), n, rv);
    assert.ok(ou < THRESH && ov < THRESH, `${label} full=${full}: orth ${ou} ${ov}`);
    sref = sd;
  }
  const only = svdvals(fromTyped(a, [m, n])).dataSync();
  for (let i = 0; i < k; i++) {
    assert.ok(Math.abs(only[i] - sref![i]) <= THRESH * Math.max(m, n) * EPS * (sref![0] || 1));
  }
  return sref!;
}

function transpose(x: Float64Array, r: number, c: number): Float64Array {
  const y = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) y[j * r + i] = x[i * c + j];
  return y;
}

Deno.test("svd: backward error and orthogonality < 30 for square, tall and wide, 0..129", async () => {
  const shapes: [number, number][] = [
    [0, 0],
    [0, 3],
    [3, 0],
    [1, 1],
    [2, 2],
    [3, 3],
    [1, 5],
    [5, 1],
    [10, 10],
    [10, 4],
    [4, 10],
    [64, 64],
    [129, 129],
    [100, 37],
    [37, 100],
  ];
  for (const [m, n] of shapes) check(gaussian(m * 7 + n, m, n), m, n, `gaussian ${m}x${n}`);
  await shutdownWorkers(); // the wasm GEMM may have started its worker pool
});

Deno.test("svd: prescribed singular values — rank-deficient, repeated, zero, cond 1e12", () => {
  // 60×40 runs Golub–Kahan directly; 90×40 (m ≥ 2n) goes through QR first (R-SVD path).
  for (const m of [60, 90]) prescribed(m, 40);
  const m = 60;
  const n = 40;
  const cases = spectra(n);
  assert.equal(matrixRank(fromTyped(withSingularValues(2, m, n, cases[0][1]), [m, n])), 10);
  assert.equal(matrixRank(fromTyped(new Float64Array(12), [3, 4])), 0);
  assert.equal(matrixRank(array([[1, 2], [3, 4]]), { tol: 1 }), 1);
  const c = cond(fromTyped(withSingularValues(4, m, n, cases[2][1]), [m, n]));
  assert.ok(Math.abs(c / 1e12 - 1) < 1e-3, `cond ${c}`);
  assert.equal(cond(array([[1, 0], [0, 0]])), Infinity);
  assert.equal(cond(array([[2, 0], [0, -4]])), 2);
});

function spectra(n: number): [string, number[]][] {
  return [
    ["rank 10", Array.from({ length: n }, (_, i) => (i < 10 ? 10 - i : 0))],
    ["repeated", Array.from({ length: n }, (_, i) => [3, 3, 1][i % 3]).sort((x, y) => y - x)],
    ["cond 1e12", Array.from({ length: n }, (_, i) => 10 ** (-12 * i / (n - 1)))],
    ["zero", new Array(n).fill(0)],
  ];
}

function prescribed(m: number, n: number): void {
  const cases = spectra(n);
  for (const [label, sv] of cases) {
    const a = withSingularValues(label.length + 1, m, n, sv);
    const s = check(a, m, n, `${label} ${m}x${n}`);
    for (let i = 0; i < n; i++) {
      assert.ok(Math.abs(s[i] - sv[i]) <= THRESH * m * EPS * (sv[0] || 1), `${label}: s${i}`);
    }
    const at = transpose(a, m, n);
    check(at, n, m, `${label}ᵀ ${m}`);
  }
}

Deno.test("pinv: Moore–Penrose conditions and the rank-deficient case", () => {
  for (const [m, n, r] of [[8, 5, 5], [5, 8, 5], [12, 9, 4], [1, 1, 1]]) {
    const sv = Array.from({ length: Math.min(m, n) }, (_, i) => (i < r ? 1 + i : 0));
    const a = withSingularValues(m + n + r, m, n, sv);
    const x = pinv(fromTyped(a, [m, n])).dataSync() as Float64Array;
    const axa = mm(mm(a, x, m, n, m), a, m, m, n);
    const xax = mm(mm(x, a, n, m, n), x, n, n, m);
    assert.ok(froDiff(axa, a) < 1e-12 * fro(a), `AXA = A for ${m}x${n} rank ${r}`);
    assert.ok(froDiff(xax, x) < 1e-12 * fro(x), `XAX = X`);
    const ax = mm(a, x, m, n, m);
    const xa = mm(x, a, n, m, n);
    assert.ok(froDiff(ax, transpose(ax, m, m)) < 1e-13 * m, "AX symmetric");
    assert.ok(froDiff(xa, transpose(xa, n, n)) < 1e-13 * n, "XA symmetric");
  }
  const p = pinv(array([[2, 0], [0, 0]])).dataSync();
  assert.deepEqual([...p], [0.5, 0, 0, 0]);
  assert.deepEqual(pinv(fromTyped(new Float64Array(0), [0, 3])).shape, [3, 0]);
});

Deno.test("svd and eigh: singular values/eigenvalues of 1e±300-scaled matrices scale exactly", () => {
  const n = 20;
  const g = gaussian(9, n, n);
  const s0 = svdvals(fromTyped(g, [n, n])).dataSync();
  const sym = mm(g, g, n, n, n, { transB: true });
  const l0 = eigvalsh(fromTyped(sym, [n, n])).dataSync();
  for (const sc of [1e-300, 1e300]) {
    const s = svdvals(fromTyped(g.map((v) => v * sc), [n, n])).dataSync();
    for (let i = 0; i < n; i++) assert.ok(Math.abs(s[i] / sc - s0[i]) < 1e-13 * s0[0], `svd ${sc}`);
    const l = eigvalsh(fromTyped(sym.map((v) => v * sc * 1e-3), [n, n])).dataSync();
    for (let i = 0; i < n; i++) {
      assert.ok(Math.abs(l[i] / (sc * 1e-3) - l0[i]) < 1e-13 * l0[n - 1], `eigh ${sc}`);
    }
  }
});

Deno.test("svd: bad input gives named errors", () => {
  assert.throws(() => svd(array([1, 2, 3])), {
    message: 'svd: argument "a" must be a 2-D array, got [3]',
  });
  assert.throws(() => svd(array([[1, NaN]])), NonFiniteError);
  assert.throws(
    () => pinv(array([[1]]), { rcond: -1 }),
    /pinv: argument "opts.rcond" must be a number >= 0/,
  );
  assert.throws(
    () => cond(fromTyped(new Float64Array(0), [0, 2])),
    /cond: argument "a" must be a non-empty matrix, got \[0,2\]/,
  );
  const f = svd(fromTyped(Float32Array.from([3, 0, 0, 4]), [2, 2]));
  assert.equal(f.s.dtype, "f32");
  assert.deepEqual([...f.s.dataSync()], [4, 3]);
});
