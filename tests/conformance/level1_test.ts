// Level-1 conformance (dot, axpy, scal, nrm2): every backend × dtype against the cpu oracle
// over the size list with increments {1, -1, 2, 0 (read-only operands)} and offsets, plus the
// overflow/underflow/NaN/Inf cases of nrm2.
import assert from "node:assert/strict";
import { assertWithin, cases, fill, oracle, SIZES, unitRoundoff, withCase } from "./backends.ts";
import type { TypedArray } from "../../src/backend/mod.ts";

const INCS: [number, number][] = [[1, 1], [-1, 2], [2, -1], [0, 1], [3, 3]];

/** A strided vector of n elements with increment inc; returns storage and the offset of x[0]. */
function strided(dtype: "f32" | "f64", n: number, inc: number, seed: number) {
  const off = inc < 0 ? 2 + (n - 1) * -inc : 2;
  const len = off + Math.max(0, n - 1) * Math.max(inc, 0) + 3;
  return { v: fill(dtype, len, seed), off };
}

for (const tc of cases()) {
  const { backend, dtype } = tc;
  const u = unitRoundoff(dtype);

  Deno.test(
    `conformance dot/axpy/scal/nrm2 ${tc.label} ${dtype}`,
    withCase(tc, () => {
      let seed = 1;
      for (const n of SIZES) {
        for (const [incX, incY] of INCS) {
          const X = strided(dtype, n, incX, seed++), Y = strided(dtype, n, incY, seed++);
          const what = `${tc.label} ${dtype} n=${n} incX=${incX} incY=${incY}`;
          // dot: |error| ≤ (n+2)·u·Σ|x||y|
          const ref = oracle.dot(n, X.v, X.off, incX, Y.v, Y.off, incY);
          const got = backend.dot(n, X.v, X.off, incX, Y.v, Y.off, incY);
          const absX = X.v.map(Math.abs), absY = Y.v.map(Math.abs);
          const mag = oracle.dot(n, absX, X.off, incX, absY, Y.off, incY);
          assert.ok(Math.abs(got - ref) <= (n + 2) * u * mag, `dot ${what}: ${got} vs ${ref}`);
          if (incY !== 0) {
            // axpy: |x|, |y| < 1 and |alpha| < 1, so at most two roundings of a value below 2
            // (≤ 4u); entries outside the strided y must stay bitwise equal (tolerance 0)
            const alpha = -0.75;
            const e = Y.v.slice(), a = Y.v.slice();
            oracle.axpy(n, alpha, X.v, X.off, incX, e, Y.off, incY);
            backend.axpy(n, alpha, X.v, X.off, incX, a, Y.off, incY);
            const touched = new Set<number>();
            for (let i = 0; i < n; i++) touched.add(Y.off + i * incY);
            const tol = Array.from(Y.v, (_, i) => (touched.has(i) ? 4 * u : 0));
            assertWithin(a, e, tol, `axpy ${what}`);
            // scal: exact (one IEEE product, same rounding everywhere)
            const se = Y.v.slice(), sa = Y.v.slice();
            oracle.scal(n, 1.25, se, Y.off, incY);
            backend.scal(n, 1.25, sa, Y.off, incY);
            assert.deepEqual(sa, se, `scal ${what}`);
          }
          // nrm2: |error| ≤ (n+3)·u·‖x‖
          const nr = oracle.nrm2(n, X.v, X.off, incX), ng = backend.nrm2(n, X.v, X.off, incX);
          assert.ok(Math.abs(ng - nr) <= (n + 3) * u * nr, `nrm2 ${what}: ${ng} vs ${nr}`);
        }
      }
    }),
  );

  Deno.test(
    `conformance nrm2 ${tc.label} ${dtype}: no overflow, no underflow, NaN/Inf`,
    withCase(tc, () => {
      const F = dtype === "f32" ? Float32Array : Float64Array;
      const big = dtype === "f32" ? 1e30 : 1e200, tiny = dtype === "f32" ? 1e-30 : 1e-200;
      for (const n of [1, 3, 4, 17, 129]) {
        for (const s of [big, tiny, 1]) {
          // n copies of 3s and 4s alternating: norm = s·sqrt(9·⌈n/2⌉ + 16·⌊n/2⌋)
          const x = new F(n).map((_, i) => (i % 2 === 0 ? 3 : 4) * s) as TypedArray;
          const exact = s * Math.sqrt(9 * Math.ceil(n / 2) + 16 * Math.floor(n / 2));
          const got = backend.nrm2(n, x, 0, 1);
          // tolerance: the storage rounding of 3s, 4s (u each) plus (n+3)·u of the sum
          assert.ok(Math.abs(got - exact) <= (n + 5) * u * exact, `${n} ${s}: ${got} vs ${exact}`);
        }
        const x = new F(n).fill(1) as TypedArray;
        x[n - 1] = Infinity;
        assert.equal(backend.nrm2(n, x, 0, 1), Infinity);
        x[0] = NaN;
        assert.ok(Number.isNaN(backend.nrm2(n, x, 0, 1)));
      }
      assert.equal(backend.nrm2(5, new F(5) as TypedArray, 0, 1), 0);
    }),
  );

  Deno.test(
    `conformance level 1 ${tc.label} ${dtype}: rejects bad input`,
    withCase(tc, () => {
      const z = dtype === "f32" ? new Float32Array(4) : new Float64Array(4);
      assert.throws(
        () => backend.dot(-1, z, 0, 1, z, 0, 1),
        /dot: argument "n" must be a non-negative integer, got -1/,
      );
      assert.throws(() => backend.dot(5, z, 0, 1, z, 0, 1), /dot: argument "x" must hold indices/);
      assert.throws(
        () => backend.axpy(2, 1, z, 0, 1, z, 0, 0),
        /axpy: argument "incY" must be a nonzero integer, got 0/,
      );
      assert.throws(
        () => backend.scal(2, 1, z, -1, 1),
        /scal: argument "offX" must hold|scal: argument "x" must hold indices/,
      );
      assert.throws(
        () => backend.nrm2(2, z, 0, 1.5),
        /nrm2: argument "incX" must be an integer, got 1.5/,
      );
      const other = dtype === "f32" ? new Float64Array(4) : new Float32Array(4);
      assert.throws(
        () => backend.dot(2, z, 0, 1, other, 0, 1),
        /dot: argument "y" must have the dtype of "x"/,
      );
    }),
  );
}
