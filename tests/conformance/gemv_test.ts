// GEMV conformance: every backend × dtype against the cpu oracle over the size list, both
// transposes, padded leading dimensions, offsets, negative/positive increments, alpha/beta
// (beta = 0 with NaN in y; alpha = 0 with NaN in A and x).
import assert from "node:assert/strict";
import { assertWithin, cases, fill, oracle, SIZES, unitRoundoff, withCase } from "./backends.ts";
import type { Backend, DType, GemvArgs, TypedArray } from "../../src/backend/mod.ts";

type Args = GemvArgs<Float32Array> | GemvArgs<Float64Array>;

function check(
  backend: Backend,
  dtype: DType,
  c: {
    m: number;
    n: number;
    trans: boolean;
    alpha: number;
    beta: number;
    incX: number;
    incY: number;
  },
  seed: number,
): void {
  const { m, n, trans, alpha, beta, incX, incY } = c;
  const lda = n + (seed % 3), offA = seed % 4;
  const nx = trans ? m : n, ny = trans ? n : m;
  const lenX = 2 + Math.max(1, nx) * Math.abs(incX), lenY = 2 + Math.max(1, ny) * Math.abs(incY);
  // offsets point at element 0; with a negative increment it sits at the far end
  const offX = incX < 0 ? 1 + (nx - 1) * -incX : 1, offY = incY < 0 ? 1 + (ny - 1) * -incY : 1;
  const a = fill(dtype, offA + lda * m, seed);
  const x = fill(dtype, lenX, seed + 1);
  const y = fill(dtype, lenY, seed + 2);
  if (beta === 0) y.fill(NaN);
  if (alpha === 0) {
    a.fill(NaN);
    x.fill(NaN);
  }
  const mk = (A: TypedArray, X: TypedArray, Y: TypedArray, al: number, be: number): Args =>
    ({
      trans,
      m,
      n,
      alpha: al,
      a: A,
      offA,
      lda,
      x: X,
      offX,
      incX,
      beta: be,
      y: Y,
      offY,
      incY,
    }) as Args;
  const expected = y.slice(), actual = y.slice();
  oracle.gemv(mk(a, x, expected, alpha, beta));
  backend.gemv(mk(a, x, actual, alpha, beta));
  // bound (nx+3)·u·(|alpha||A||x| + |beta||y|); entries outside the strided y stay untouched
  const abs = (v: TypedArray) => v.map((t) => Math.abs(t));
  const bound = abs(y);
  if (alpha !== 0) oracle.gemv(mk(abs(a), abs(x), bound, Math.abs(alpha), Math.abs(beta)));
  else for (let i = 0; i < bound.length; i++) bound[i] *= Math.abs(beta);
  const u = unitRoundoff(dtype);
  const tol = Array.from(bound, (v) => (nx + 3) * u * (Number.isFinite(v) ? v : 0));
  const touched = new Set<number>();
  for (let i = 0; i < ny; i++) touched.add(offY + i * incY);
  for (let i = 0; i < tol.length; i++) if (!touched.has(i)) tol[i] = 0;
  assertWithin(actual, expected, tol, `${backend.name} ${dtype} gemv ${JSON.stringify(c)}`);
}

for (const tc of cases()) {
  const { backend, dtype } = tc;
  Deno.test(
    `conformance gemv ${tc.label} ${dtype}`,
    withCase(tc, () => {
      let seed = 1;
      for (let i = 0; i < SIZES.length; i++) {
        for (const [m, n] of [[SIZES[i], SIZES[(i + 4) % SIZES.length]], [SIZES[i], SIZES[i]]]) {
          for (const trans of [false, true]) {
            for (const [incX, incY] of [[1, 1], [-2, 3], [2, -1]]) {
              check(backend, dtype, { m, n, trans, alpha: 1, beta: 0, incX, incY }, seed++);
            }
          }
        }
      }
      for (const [alpha, beta] of [[0.5, -2], [0, 3], [-1, 1], [0, 0]]) {
        for (const trans of [false, true]) {
          check(backend, dtype, { m: 17, n: 129, trans, alpha, beta, incX: 1, incY: 2 }, seed++);
          check(backend, dtype, { m: 128, n: 5, trans, alpha, beta, incX: -1, incY: 1 }, seed++);
        }
      }
    }),
  );

  Deno.test(
    `conformance gemv ${tc.label} ${dtype}: rejects bad input`,
    withCase(tc, () => {
      const z = dtype === "f32" ? new Float32Array(8) : new Float64Array(8);
      const base = {
        trans: false,
        m: 2,
        n: 2,
        alpha: 1,
        a: z,
        offA: 0,
        lda: 2,
        x: z,
        offX: 0,
        incX: 1,
        beta: 0,
        y: z.slice(),
        offY: 0,
        incY: 1,
      } as Args;
      assert.throws(
        () => backend.gemv({ ...base, m: -2 }),
        /gemv: argument "m" must be a non-negative integer, got -2/,
      );
      assert.throws(
        () => backend.gemv({ ...base, incY: 0 }),
        /gemv: argument "incY" must be a nonzero integer, got 0/,
      );
      assert.throws(
        () => backend.gemv({ ...base, incX: 8 }),
        /gemv: argument "x" must hold indices/,
      );
      assert.throws(
        () => backend.gemv({ ...base, trans: 1 as unknown as boolean }),
        /gemv: argument "trans" must be a boolean/,
      );
    }),
  );
}
