import assert from "node:assert/strict";
import { array, fromTyped } from "../array/mod.ts";
import { shutdownWorkers } from "../backend/wasm/mod.ts";
import { choleskyF64, choSolveF64 } from "./core/cholesky.ts";
import { trsmF64 } from "./core/triangular.ts";
import { cholesky, choSolve } from "./cholesky.ts";
import { solveTriangular } from "./solve_triangular.ts";
import { NonFiniteError, NotPositiveDefiniteError, SingularMatrixError } from "./errors.ts";
import {
  backwardRatio,
  EPS,
  fro,
  froDiff,
  gaussian,
  mm,
  THRESH,
  withSpectrum,
} from "./_testing.ts";

function spd(seed: number, n: number): Float64Array {
  const g = gaussian(seed, n, n);
  const a = mm(g, g, n, n, n, { transB: true });
  for (let i = 0; i < n; i++) a[i * n + i] += n;
  return a;
}

Deno.test("cholesky: ‖A − LLᵀ‖/(n·eps·‖A‖) < 30 for n = 0..300, lower and upper", async () => {
  for (const n of [0, 1, 2, 3, 10, 64, 129, 300]) {
    const a = spd(n + 1, n);
    const l = cholesky(fromTyped(a.slice(), [n, n])).dataSync() as Float64Array;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) assert.equal(l[i * n + j], 0);
    for (let i = 0; i < n; i++) assert.ok(l[i * n + i] > 0);
    const r = backwardRatio(a, mm(l, l, n, n, n, { transB: true }), n);
    assert.ok(r < THRESH, `n=${n} lower ratio ${r}`);
    const u = cholesky(fromTyped(a.slice(), [n, n]), { upper: true }).dataSync() as Float64Array;
    const ru = backwardRatio(a, mm(u, u, n, n, n, { transA: true }), n);
    assert.ok(ru < THRESH, `n=${n} upper ratio ${ru}`);
  }
  await shutdownWorkers(); // the wasm GEMM may have started its worker pool
});

Deno.test("cholesky: blocked and unblocked paths agree; ill-conditioned (cond 1e12) still factors", () => {
  const n = 129;
  const a = spd(5, n);
  const b1 = a.slice();
  const b2 = a.slice();
  choleskyF64(b1, { n, blockSize: 16 });
  choleskyF64(b2, { n, blockSize: 1000 });
  assert.ok(froDiff(b1, b2) < 100 * n * EPS * fro(b2));
  const vals = Array.from({ length: 64 }, (_, i) => 10 ** (-12 * i / 63));
  const c = withSpectrum(11, vals);
  const l = cholesky(fromTyped(c.slice(), [64, 64])).dataSync() as Float64Array;
  const r = backwardRatio(c, mm(l, l, 64, 64, 64, { transB: true }), 64);
  assert.ok(r < THRESH, `cond 1e12 ratio ${r}`);
});

Deno.test("cholesky: NotPositiveDefiniteError names the pivot index and value", () => {
  const a = array([[1, 0, 0, 0], [0, 2, 0, 0], [0, 0, -3, 0], [0, 0, 0, 4]]);
  assert.throws(() => cholesky(a), (e: unknown) => {
    assert.ok(e instanceof NotPositiveDefiniteError);
    assert.equal(e.pivot, 2);
    assert.equal(e.value, -3);
    assert.match(e.message, /cholesky: argument "a" must be positive definite, but pivot 2/);
    return true;
  });
  // Semi-definite rank-1 matrix: fails at pivot 1 with a value at roundoff level, and factors
  // after jitter; the jittered factor reproduces A + jitter·I.
  const v = [1, 2, 3];
  const psd = array(v.map((x) => v.map((y) => x * y)));
  assert.throws(() => cholesky(psd), NotPositiveDefiniteError);
  const l = cholesky(psd, { jitter: 1e-6 }).dataSync() as Float64Array;
  const target = new Float64Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) target[i * 3 + j] = v[i] * v[j] + (i === j ? 1e-6 : 0);
  }
  assert.ok(backwardRatio(target, mm(l, l, 3, 3, 3, { transB: true }), 3) < THRESH);
  // Failure in a later block of the blocked path reports the global index.
  const n = 150;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) d[i * n + i] = i === 137 ? -1 : 1;
  assert.throws(() => choleskyF64(d, { n, blockSize: 32 }), (e: unknown) => {
    assert.ok(e instanceof NotPositiveDefiniteError && e.pivot === 137 && e.value === -1);
    return true;
  });
});

Deno.test("cholesky: bad input gives named errors", () => {
  assert.throws(() => cholesky(array([[1, 2, 3], [4, 5, 6]])), {
    message: 'cholesky: argument "a" must be a square 2-D array, got [2,3]',
  });
  assert.throws(() => cholesky(array([1, 2])), /must be a square 2-D array/);
  assert.throws(() => cholesky(array([[1, NaN], [NaN, 1]])), NonFiniteError);
  assert.throws(() => cholesky(array([[Infinity]])), /must have only finite entries, got Infinity/);
  assert.throws(
    () => cholesky(array([[1]]), { jitter: -1 }),
    /"opts.jitter" must be a finite number >= 0/,
  );
});

Deno.test("choSolve and solveTriangular: residuals for one and many right-hand sides", async () => {
  for (const n of [1, 3, 10, 64, 129]) {
    const a = spd(n + 3, n);
    const A = fromTyped(a, [n, n]);
    const l = cholesky(A);
    for (const k of [0, 1, 5]) {
      const bb = gaussian(n + 100 + k, n, Math.max(k, 1));
      const B = k === 0 ? fromTyped(bb, [n]) : fromTyped(bb, [n, k]);
      const kk = Math.max(k, 1);
      const x = choSolve(l, B);
      assert.deepEqual(x.shape, B.shape);
      const ax = mm(a, x.dataSync() as Float64Array, n, n, kk);
      const ratio = froDiff(ax, bb) / (n * EPS * fro(a) * fro(x.dataSync()));
      assert.ok(ratio < THRESH, `n=${n} k=${k} choSolve ratio ${ratio}`);
      const u = cholesky(A, { upper: true });
      const xu = choSolve(u, B, { upper: true });
      assert.ok(froDiff(xu.dataSync(), x.dataSync()) <= 1e3 * n * EPS * fro(x.dataSync()) * n);
    }
  }
  // Triangular solves in all four (lower, trans) combinations against a direct product.
  const n = 20;
  const g = gaussian(77, n, n);
  for (let i = 0; i < n; i++) g[i * n + i] = 3 + Math.abs(g[i * n + i]);
  const xs = gaussian(78, n, 3);
  for (const lower of [true, false]) {
    for (const trans of [false, true]) {
      const t = g.slice();
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) if (lower ? j > i : j < i) t[i * n + j] = 0;
      }
      const b = mm(t, xs, n, n, 3, { transA: trans });
      const x = solveTriangular(fromTyped(g, [n, n]), fromTyped(b, [n, 3]), { lower, trans });
      assert.ok(froDiff(x.dataSync(), xs) < 1e-12 * fro(xs), `lower=${lower} trans=${trans}`);
      const x1 = solveTriangular(
        fromTyped(g, [n, n]),
        fromTyped(b.filter((_, i) => i % 3 === 0), [n]),
        { lower, trans },
      );
      assert.ok(froDiff(x1.dataSync(), xs.filter((_, i) => i % 3 === 0)) < 1e-12 * fro(xs));
    }
  }
  assert.throws(() => solveTriangular(array([[1, 0], [1, 0]]), array([1, 1])), SingularMatrixError);
  assert.throws(() => solveTriangular(array([[1, 0], [1, 1]]), array([1, 1, 1])), {
    message: 'solveTriangular: argument "b" must be shape [2] or [2, k], got [3]',
  });
  await shutdownWorkers(); // the wasm GEMM may have started its worker pool
});

Deno.test("cholesky: f32 input returns an f32 factor accurate to f32 rounding", () => {
  const n = 10;
  const a = spd(3, n);
  const l = cholesky(fromTyped(Float32Array.from(a), [n, n]));
  assert.equal(l.dtype, "f32");
  const lf = Float64Array.from(l.dataSync());
  const r = froDiff(a, mm(lf, lf, n, n, n, { transB: true })) / (n * 2 ** -23 * fro(a));
  assert.ok(r < THRESH, `f32 ratio ${r}`);
});

Deno.test("trsmF64: blocked (GEMM) path equals the unblocked one in all eight cases", async () => {
  const n = 150;
  const k = 20;
  const g = gaussian(31, n, n).map((v) => v * 0.05);
  for (let i = 0; i < n; i++) g[i * n + i] = 1 + Math.abs(g[i * n + i]);
  const b = gaussian(32, n, k);
  for (const lower of [true, false]) {
    for (const trans of [false, true]) {
      for (const unitDiag of [false, true]) {
        const x1 = b.slice();
        trsmF64(g, x1, { n, nrhs: k, lower, trans, unitDiag });
        const x2 = b.slice();
        trsmF64(g, x2, { n, nrhs: k, lower, trans, unitDiag, blockSize: 10 * n });
        assert.ok(froDiff(x1, x2) < 1e3 * n * EPS * fro(x2), `${lower} ${trans} ${unitDiag}`);
      }
    }
  }
  await shutdownWorkers();
});

Deno.test("choSolveF64 solves L·Lᵀ·x = b from choleskyF64's factor", () => {
  // A = [[4, 2, 0], [2, 5, 1], [0, 1, 3]], x = [1, -2, 3] → b = A x = [0, -5, 7]
  const n = 3;
  const l = new Float64Array([4, 2, 0, 2, 5, 1, 0, 1, 3]);
  choleskyF64(l, { n });
  const b = [0, -5, 7];
  const x = choSolveF64(l, n, b);
  [1, -2, 3].forEach((v, i) => assert.ok(Math.abs(x[i] - v) < 1e-14, `x[${i}] = ${x[i]}`));
  assert.deepEqual(b, [0, -5, 7]); // b is not modified
});
