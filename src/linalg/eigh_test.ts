import assert from "node:assert/strict";
import { array, fromTyped } from "../array/mod.ts";
import { shutdownWorkers } from "../backend/wasm/mod.ts";
import { eigh, eigvalsh } from "./eigh.ts";
import { NonFiniteError, NotSymmetricError } from "./errors.ts";
import { backwardRatio, EPS, gaussian, mm, orthRatio, THRESH, withSpectrum } from "./_testing.ts";

/** Check A = QΛQᵀ, QᵀQ = I and ascending order; return the two ratios. */
function check(a: Float64Array, n: number, label: string): Float64Array {
  const { values, vectors } = eigh(fromTyped(a, [n, n]));
  const lam = values.dataSync() as Float64Array;
  const q = vectors.dataSync() as Float64Array;
  for (let i = 1; i < n; i++) assert.ok(lam[i - 1] <= lam[i], `${label}: not ascending`);
  const ql = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) ql[i * n + j] = q[i * n + j] * lam[j];
  const r = backwardRatio(a, mm(ql, q, n, n, n, { transB: true }), n);
  const o = orthRatio(q, n, n);
  assert.ok(r < THRESH, `${label}: ‖A − QΛQᵀ‖ ratio ${r}`);
  assert.ok(o < THRESH, `${label}: ‖QᵀQ − I‖ ratio ${o}`);
  const only = eigvalsh(fromTyped(a, [n, n])).dataSync();
  let scale = 0;
  for (const v of lam) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < n; i++) {
    assert.ok(
      Math.abs(only[i] - lam[i]) <= THRESH * Math.max(1, n) * EPS * scale,
      `${label}: eigvalsh`,
    );
  }
  return lam;
}

function symmetricGaussian(seed: number, n: number): Float64Array {
  const g = gaussian(seed, n, n);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = (g[i * n + j] + g[j * n + i]) / 2;
  }
  return a;
}

Deno.test("eigh: backward error and orthogonality ratios < 30 for random symmetric n = 0..300", async () => {
  for (const n of [0, 1, 2, 3, 10, 64, 129, 300]) check(symmetricGaussian(n, n), n, `GOE n=${n}`);
  await shutdownWorkers(); // the wasm GEMM may have started its worker pool
});

Deno.test("eigh: prescribed spectra — clustered, repeated, zero, rank-deficient, cond 1e12", () => {
  // n = 40 runs implicit QL, n = 100 divide and conquer (eigh switches at n > 64).
  for (const n of [40, 100]) prescribed(n);
});

function prescribed(n: number): void {
  const cases: [string, number[]][] = [
    ["clustered", Array.from({ length: n }, (_, i) => 1 + 1e-10 * i)],
    ["repeated", Array.from({ length: n }, (_, i) => [-2, 1, 1, 3][i % 4])],
    ["all equal", Array.from({ length: n }, () => 5)],
    ["rank-deficient", Array.from({ length: n }, (_, i) => (i < n / 2 ? 0 : i))],
    ["cond 1e12", Array.from({ length: n }, (_, i) => 10 ** (-12 * i / (n - 1)))],
    ["wide range", Array.from({ length: n }, (_, i) => (i % 2 ? 1 : -1) * 10 ** (i / 8))],
  ];
  for (const [label, spec] of cases) {
    const a = withSpectrum(label.length, spec);
    const lam = check(a, n, `${label} n=${n}`);
    // Weyl: |λ̂ᵢ − λᵢ| ≤ ‖δA‖₂, with δA the O(n·eps·‖A‖) construction + algorithm error.
    const sorted = [...spec].sort((x, y) => x - y);
    const scale = Math.max(...spec.map(Math.abs));
    for (let i = 0; i < n; i++) {
      assert.ok(Math.abs(lam[i] - sorted[i]) <= THRESH * n * EPS * scale, `${label}: λ${i}`);
    }
  }
}

Deno.test("eigh: zero matrix, closed forms, diagonal input", () => {
  const z = check(new Float64Array(100), 10, "zero");
  assert.deepEqual([...z], new Array(10).fill(0));
  // 2×2 closed form: [[a, b], [b, c]] has eigenvalues (a+c)/2 ∓ sqrt(((a−c)/2)² + b²).
  const { values, vectors } = eigh(array([[2, 1], [1, 2]]));
  assert.deepEqual([...values.dataSync()].map((v) => Math.round(v * 1e12) / 1e12), [1, 3]);
  const v0 = vectors.dataSync();
  assert.ok(Math.abs(Math.abs(v0[0]) - Math.SQRT1_2) < 1e-15 && Math.abs(v0[0] + v0[2]) < 1e-15);
  // Already diagonal (tridiagonal reduction is the identity): values sorted, vectors permuted.
  const d = eigh(array([[3, 0, 0], [0, -1, 0], [0, 0, 2]]));
  assert.deepEqual([...d.values.dataSync()], [-1, 2, 3]);
  assert.deepEqual([...d.vectors.dataSync()].map(Math.abs), [0, 0, 1, 1, 0, 0, 0, 1, 0]);
});

Deno.test("eigh: symmetry tolerance sqrt(eps)·max|A| (f64), only the lower triangle is used", () => {
  const a = symmetricGaussian(5, 6);
  a[1] += 1e-10; // A[0,1] − A[1,0] = 1e-10 ≤ 1.5e-8·max|A|: accepted
  const r1 = eigvalsh(fromTyped(a, [6, 6])).dataSync();
  a[1] -= 1e-10;
  const r2 = eigvalsh(fromTyped(a, [6, 6])).dataSync();
  assert.deepEqual([...r1], [...r2]); // upper triangle is not read
  a[1] += 1e-3;
  assert.throws(() => eigh(fromTyped(a, [6, 6])), (e: unknown) => {
    assert.ok(e instanceof NotSymmetricError);
    assert.match(
      e.message,
      /^eigh: argument "a" must be symmetric \(max \|A\[i,j\] - A\[j,i\]\| <= /,
    );
    return true;
  });
  assert.doesNotThrow(() => eigh(fromTyped(a, [6, 6]), { symmetryTol: Infinity }));
  assert.throws(() => eigh(array([[1, 2, 3], [4, 5, 6]])), {
    message: 'eigh: argument "a" must be a square 2-D array, got [2,3]',
  });
  assert.throws(() => eigvalsh(array([[1, NaN], [NaN, 1]])), NonFiniteError);
  assert.throws(
    () => eigh(array([[1, 0], [0, Infinity]])),
    /eigh: argument "a" must have only finite entries, got Infinity at flat index 3/,
  );
  assert.throws(
    () => eigh(array([[1]]), { symmetryTol: -1 }),
    /"opts.symmetryTol" must be a number >= 0/,
  );
});

Deno.test("eigh: f32 input computed in f64, returned as f32", () => {
  const n = 12;
  const a = symmetricGaussian(8, n);
  const { values, vectors } = eigh(fromTyped(Float32Array.from(a), [n, n]));
  assert.equal(values.dtype, "f32");
  assert.equal(vectors.dtype, "f32");
  const ref = eigvalsh(fromTyped(a, [n, n])).dataSync();
  for (let i = 0; i < n; i++) assert.ok(Math.abs(values.dataSync()[i] - ref[i]) < 1e-5 * 10);
});
