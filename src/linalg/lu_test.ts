import assert from "node:assert/strict";
import { array, fromTyped } from "../array/mod.ts";
import { shutdownWorkers } from "../backend/wasm/mod.ts";
import { luF64 } from "./core/lu.ts";
import { det, inv, lu, slogdet, solve } from "./lu.ts";
import { NonFiniteError, SingularMatrixError } from "./errors.ts";
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

Deno.test("lu: ‖PA − LU‖/(n·eps·‖A‖) < 30, |L| ≤ 1, for n = 0..300 (blocked above 64)", async () => {
  for (const n of [0, 1, 2, 3, 10, 64, 129, 300]) {
    const a = gaussian(n + 10, n, n);
    const { l, u, perm, sign } = lu(fromTyped(a, [n, n]));
    const ld = l.dataSync() as Float64Array;
    const ud = u.dataSync() as Float64Array;
    const pa = new Float64Array(n * n);
    for (let i = 0; i < n; i++) pa.set(a.subarray(perm[i] * n, perm[i] * n + n), i * n);
    const r = backwardRatio(pa, mm(ld, ud, n, n, n), n);
    assert.ok(r < THRESH, `n=${n} ratio ${r}`);
    for (let i = 0; i < n * n; i++) assert.ok(Math.abs(ld[i]) <= 1);
    assert.ok(sign === 1 || sign === -1);
    assert.deepEqual([...perm].sort((x, y) => x - y), Array.from({ length: n }, (_, i) => i));
  }
  await shutdownWorkers(); // the wasm GEMM may have started its worker pool
});

Deno.test("solve: ‖Ax − b‖/(n·eps·‖A‖·‖x‖) < 30 for n = 1..129, vector and matrix b, cond 1e12", async () => {
  for (const n of [1, 2, 3, 10, 64, 129]) {
    const a = gaussian(n + 20, n, n);
    for (const k of [0, 4]) {
      const kk = Math.max(k, 1);
      const b = gaussian(n + 30 + k, n, kk);
      const x = solve(fromTyped(a, [n, n]), k ? fromTyped(b, [n, k]) : fromTyped(b, [n]));
      const xd = x.dataSync() as Float64Array;
      const r = froDiff(mm(a, xd, n, n, kk), b) / (n * EPS * fro(a) * fro(xd));
      assert.ok(r < THRESH, `n=${n} k=${k} ratio ${r}`);
    }
  }
  // cond 1e12: the residual stays at roundoff; the error is at most cond·eps·(small factor).
  const n = 50;
  const s = Array.from({ length: n }, (_, i) => 10 ** (-12 * i / (n - 1)));
  const a = withSpectrum(3, s);
  const xt = gaussian(4, n, 1);
  const b = mm(a, xt, n, n, 1);
  const x = solve(fromTyped(a, [n, n]), fromTyped(b, [n])).dataSync() as Float64Array;
  const r = froDiff(mm(a, x, n, n, 1), b) / (n * EPS * fro(a) * fro(x));
  assert.ok(r < THRESH, `cond 1e12 residual ratio ${r}`);
  assert.ok(froDiff(x, xt) / fro(xt) < 1e12 * n * EPS * 10);
  await shutdownWorkers(); // the wasm GEMM may have started its worker pool
});

Deno.test("det, slogdet and inv against closed forms", () => {
  assert.equal(det(array([[1, 2], [3, 4]])), -2);
  assert.equal(det(fromTyped(new Float64Array(0), [0, 0])), 1);
  assert.deepEqual(slogdet(fromTyped(new Float64Array(0), [0, 0])), { sign: 1, logabsdet: 0 });
  // Spectrum with 3 negative values: det = Π d, slogdet without overflow for n = 200
  // (|det| ≈ e^290 stays finite, so det is checked too).
  const n = 200;
  const d = Array.from({ length: n }, (_, i) => (i % 67 === 5 ? -1 : 1) * (1 + (i % 7)));
  const a = withSpectrum(9, d);
  const sd = slogdet(fromTyped(a, [n, n]));
  const logabs = d.reduce((s, v) => s + Math.log(Math.abs(v)), 0);
  assert.equal(sd.sign, -1);
  assert.ok(Math.abs(sd.logabsdet - logabs) < 1e-11 * logabs, `${sd.logabsdet} vs ${logabs}`);
  const dt = det(fromTyped(a, [n, n]));
  assert.ok(Math.abs(dt + Math.exp(logabs)) < 1e-10 * Math.exp(logabs), `det ${dt}`);
  const small = withSpectrum(10, [2, -3, 0.5]);
  assert.ok(Math.abs(det(fromTyped(small, [3, 3])) + 3) < 1e-14 * 3 * 10);
  // inv: ‖A·X − I‖/(n·eps·‖A‖·‖X‖) < 30.
  for (const m of [1, 5, 64, 150]) {
    const g = gaussian(m + 40, m, m);
    const x = inv(fromTyped(g, [m, m])).dataSync() as Float64Array;
    const ax = mm(g, x, m, m, m);
    for (let i = 0; i < m; i++) ax[i * m + i] -= 1;
    const r = fro(ax) / (m * EPS * fro(g) * fro(x));
    assert.ok(r < THRESH, `inv n=${m} ratio ${r}`);
  }
  assert.deepEqual(slogdet(array([[1, 2], [2, 4]])), { sign: 0, logabsdet: -Infinity });
  assert.equal(det(array([[1, 2], [2, 4]])), 0);
});

Deno.test("solve/inv: singular, non-square and non-finite input give named errors", async () => {
  assert.throws(() => solve(array([[1, 2], [2, 4]]), array([1, 1])), (e: unknown) => {
    assert.ok(e instanceof SingularMatrixError);
    assert.equal(e.index, 1);
    assert.match(
      e.message,
      /solve: argument "a" must be nonsingular, but LU pivot 1 is exactly zero/,
    );
    return true;
  });
  assert.throws(() => inv(fromTyped(new Float64Array(9), [3, 3])), SingularMatrixError);
  assert.throws(() => solve(array([[1, 2, 3]]), array([1])), {
    message: 'solve: argument "a" must be a square 2-D array, got [1,3]',
  });
  assert.throws(() => solve(array([[1, 0], [0, 1]]), array([1, NaN])), NonFiniteError);
  assert.throws(
    () => solve(array([[1, 0], [0, 1]]), array([[1, 2, 3]])),
    /argument "b" must be shape \[2\] or \[2, k\]/,
  );
  assert.throws(
    () => det(array([[1, -Infinity], [0, 1]])),
    /det: argument "a" must have only finite entries/,
  );
  // The blocked factorization reports the first zero pivot and keeps going.
  const n = 140;
  const z = gaussian(1, n, n);
  for (let i = 0; i < n; i++) z[i * n + 70] = 0;
  const r = luF64(z, { n, blockSize: 16 });
  assert.ok(r.zeroPivot >= 0 && r.zeroPivot <= 70);
  await shutdownWorkers(); // the wasm GEMM may have started its worker pool
});
