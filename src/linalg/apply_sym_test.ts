import assert from "node:assert/strict";
import { array, fromTyped } from "../array/mod.ts";
import { applySym, expm, invSym, logm, sqrtm } from "./apply_sym.ts";
import { LinalgError, NotSymmetricError } from "./errors.ts";
import { EPS, fro, froDiff, mm, THRESH, withSpectrum } from "./_testing.ts";

Deno.test("sqrtm: S·S = A and S = Sᵀ for SPD and rank-deficient PSD matrices", () => {
  for (const spec of [[1, 4, 9, 16, 25], [0, 0, 1, 2, 3], [1e-12, 1, 1, 1, 7]]) {
    const n = spec.length;
    const a = withSpectrum(n + Math.round(spec[1]), spec);
    const s = sqrtm(fromTyped(a, [n, n])).dataSync() as Float64Array;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) assert.equal(s[i * n + j], s[j * n + i]);
    }
    const r = froDiff(mm(s, s, n, n, n), a) / (n * EPS * fro(a));
    assert.ok(r < THRESH, `spec ${spec}: ${r}`);
  }
  assert.throws(() => sqrtm(array([[1, 0], [0, -1]])), (e: unknown) => {
    assert.ok(e instanceof LinalgError);
    assert.match(
      e.message,
      /sqrtm: argument "a" must be positive semi-definite, got eigenvalue -1/,
    );
    return true;
  });
});

Deno.test("expm/logm: closed forms and mutual inverses", () => {
  // exp([[0, t], [t, 0]]) = [[cosh t, sinh t], [sinh t, cosh t]].
  const t = 0.7;
  const e = expm(array([[0, t], [t, 0]])).dataSync();
  const ref = [Math.cosh(t), Math.sinh(t), Math.sinh(t), Math.cosh(t)];
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(e[i] - ref[i]) < 4 * EPS * 2);
  const n = 30;
  const spec = Array.from({ length: n }, (_, i) => 0.1 + i / 5);
  const a = withSpectrum(1, spec);
  const back = expm(logm(fromTyped(a, [n, n]))).dataSync();
  assert.ok(froDiff(back, a) < 1e3 * n * EPS * fro(a), `${froDiff(back, a)}`);
  // trace(log A) = log det A = Σ log λ.
  const l = logm(fromTyped(a, [n, n])).dataSync();
  let tr = 0;
  for (let i = 0; i < n; i++) tr += l[i * n + i];
  const want = spec.reduce((s, v) => s + Math.log(v), 0);
  assert.ok(Math.abs(tr - want) < 1e-12 * n, `${tr} vs ${want}`);
  assert.throws(
    () => logm(array([[1, 0], [0, 0]])),
    /logm: argument "a" must be positive definite, got eigenvalue 0/,
  );
});

Deno.test("applySym/invSym: f(A) = Q f(Λ) Qᵀ, A⁻¹A = I, bad input", () => {
  const n = 20;
  const spec = Array.from({ length: n }, (_, i) => (i % 2 ? 1 : -1) * (1 + i));
  const a = withSpectrum(2, spec);
  const sq = applySym(fromTyped(a, [n, n]), (x) => x * x).dataSync();
  assert.ok(froDiff(sq, mm(a, a, n, n, n)) < 100 * n * EPS * fro(a) ** 2);
  const ai = invSym(fromTyped(a, [n, n])).dataSync() as Float64Array;
  const id = mm(ai, a, n, n, n);
  for (let i = 0; i < n; i++) id[i * n + i] -= 1;
  assert.ok(fro(id) < 100 * n * EPS * n, `invSym ${fro(id)}`);
  assert.throws(() => applySym(array([[1, 2], [0, 1]]), Math.exp), NotSymmetricError);
  assert.throws(
    () => applySym(array([[1]]), (x) => x / 0),
    /applySym: f\(eigenvalue 1\) must be finite, got Infinity/,
  );
  assert.throws(
    () => applySym(array([[1]]), 3 as unknown as (x: number) => number),
    /applySym: argument "f" must be a function/,
  );
  assert.throws(() => invSym(array([[0]])), /invSym: argument "a" must be nonsingular/);
  const f = expm(fromTyped(Float32Array.from([0, 0, 0, 0]), [2, 2]));
  assert.equal(f.dtype, "f32");
  assert.deepEqual([...f.dataSync()], [1, 0, 0, 1]);
  assert.deepEqual(expm(fromTyped(new Float64Array(0), [0, 0])).shape, [0, 0]);
});
