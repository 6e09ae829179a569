import assert from "node:assert/strict";
import { array, fromTyped } from "../array/mod.ts";
import { qr } from "./qr.ts";
import { lstsq } from "./lstsq.ts";
import { pinv } from "./svd.ts";
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

Deno.test("qr: ‖A − QR‖/(n·eps·‖A‖) and ‖QᵀQ − I‖/(m·eps) < 30, reduced and complete", () => {
  const shapes: [number, number][] = [
    [0, 0],
    [1, 1],
    [2, 2],
    [3, 3],
    [10, 10],
    [10, 3],
    [3, 10],
    [64, 64],
    [129, 129],
    [150, 40],
    [40, 150],
    [300, 100], // blocked (GEMM) path
    [100, 130],
  ];
  for (const [m, n] of shapes) {
    const a = gaussian(m * 13 + n, m, n);
    for (const mode of ["reduced", "complete"] as const) {
      const { q, r } = qr(fromTyped(a, [m, n]), { mode });
      const c = q.shape[1];
      assert.deepEqual(r.shape, [c, n]);
      assert.equal(c, mode === "complete" ? m : Math.min(m, n));
      const rd = r.dataSync() as Float64Array;
      for (let i = 0; i < c; i++) {
        for (let j = 0; j < Math.min(i, n); j++) assert.equal(rd[i * n + j], 0);
      }
      const ratio = backwardRatio(a, mm(q.dataSync() as Float64Array, rd, m, c, n), Math.max(m, n));
      assert.ok(ratio < THRESH, `${m}x${n} ${mode}: ${ratio}`);
      const o = orthRatio(q.dataSync(), m, c);
      assert.ok(o < THRESH, `${m}x${n} ${mode}: orth ${o}`);
    }
  }
  assert.throws(
    () => qr(array([[1, 2]]), { mode: "r" as "reduced" }),
    /qr: argument "opts.mode" must be "reduced" or "complete", got "r"/,
  );
  assert.throws(() => qr(array([[1, Infinity]])), NonFiniteError);
});

Deno.test("lstsq: normal equations Aᵀ(Ax − b) ≈ 0 for full-rank overdetermined systems", () => {
  for (const [m, n] of [[1, 1], [5, 3], [64, 10], [200, 50]]) {
    const a = gaussian(m + n, m, n);
    const b = gaussian(m + n + 1, m, 2);
    const { x, rank } = lstsq(fromTyped(a, [m, n]), fromTyped(b, [m, 2]));
    assert.equal(rank, n);
    const xd = x.dataSync() as Float64Array;
    const res = mm(a, xd, m, n, 2).map((v, i) => v - b[i]);
    const g = mm(a, res, n, m, 2, { transA: true });
    // ‖Aᵀr‖ ≤ c·m·eps·‖A‖·(‖A‖‖x‖ + ‖b‖) for a backward-stable solver.
    const bound = THRESH * m * EPS * fro(a) * (fro(a) * fro(xd) + fro(b));
    assert.ok(fro(g) < bound, `${m}x${n}: ‖Aᵀr‖ = ${fro(g)} vs ${bound}`);
  }
  // Exact fit: y = 1 + 2t.
  const { x } = lstsq(array([[1, 0], [1, 1], [1, 2]]), array([1, 3, 5]));
  assert.ok(froDiff(x.dataSync(), [1, 2]) < 1e-14);
  assert.deepEqual(x.shape, [2]);
});

Deno.test("lstsq: minimum-norm solution for rank-deficient and underdetermined problems", () => {
  // Rank 3 in a 10×6 matrix: x must lie in the row space and match pinv(A)·b.
  const m = 10;
  const n = 6;
  const a = withSingularValues(5, m, n, [4, 2, 1, 0, 0, 0]);
  const b = gaussian(6, m, 1);
  const { x, rank } = lstsq(fromTyped(a, [m, n]), fromTyped(b, [m]));
  assert.equal(rank, 3);
  const xd = x.dataSync() as Float64Array;
  const res = mm(a, xd, m, n, 1).map((v, i) => v - b[i]);
  assert.ok(fro(mm(a, res, n, m, 1, { transA: true })) < 1e-13);
  // Minimum norm: x = pinv(A)·b, which lies in the row space of A.
  const xp = mm(pinv(fromTyped(a, [m, n])).dataSync() as Float64Array, b, n, m, 1);
  assert.ok(froDiff(xd, xp) < 1e-13 * fro(xp) * 10, `min-norm ${froDiff(xd, xp)}`);
  // Underdetermined 3×7 full row rank: A x = b exactly and x = Aᵀ(AAᵀ)⁻¹b (row space).
  const u = gaussian(7, 3, 7);
  const bu = gaussian(8, 3, 1);
  const xu = lstsq(fromTyped(u, [3, 7]), fromTyped(bu, [3])).x.dataSync() as Float64Array;
  assert.ok(froDiff(mm(u, xu, 3, 7, 1), bu) < 1e-13);
  // Min-norm: x is orthogonal to the null space, i.e. (I − Aᵀ(AAᵀ)⁻¹A) x = 0; check via
  // x = Aᵀy for y solving AAᵀy = b (least squares of the 7×3 Aᵀ against x).
  const yfit = lstsq(fromTyped(transpose(u, 3, 7), [7, 3]), fromTyped(xu, [7])).x.dataSync();
  const back = mm(transpose(u, 3, 7), Float64Array.from(yfit), 7, 3, 1);
  assert.ok(froDiff(back, xu) < 1e-13 * fro(xu) * 10);
});

function transpose(x: Float64Array, r: number, c: number): Float64Array {
  const y = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) y[j * r + i] = x[i * c + j];
  return y;
}

Deno.test("lstsq ridge: (AᵀA + λI)x = Aᵀb, for tall, wide and rank-deficient A", () => {
  for (const [m, n, lam] of [[30, 5, 0.1], [5, 30, 2], [40, 40, 1e-6], [1, 1, 3]]) {
    const a = m === 40
      ? withSingularValues(3, m, n, Array.from({ length: n }, (_, i) => (i < 10 ? 1 : 0)))
      : gaussian(m * n, m, n);
    const b = gaussian(m * n + 1, m, 1);
    const { x, rank } = lstsq(fromTyped(a, [m, n]), fromTyped(b, [m]), { ridge: lam });
    assert.equal(rank, n);
    const xd = x.dataSync() as Float64Array;
    const lhs = mm(mm(a, a, n, m, n, { transA: true }), xd, n, n, 1).map((v, i) => v + lam * xd[i]);
    const rhs = mm(a, b, n, m, 1, { transA: true });
    const scale = (fro(a) ** 2 + lam) * fro(xd) + fro(rhs);
    assert.ok(
      froDiff(lhs, rhs) < 1e3 * m * EPS * scale,
      `${m}x${n} λ=${lam}: ${froDiff(lhs, rhs)}`,
    );
  }
  // Scalar closed form: a = 2, b = 3, λ = 1: x = ab/(a² + λ) = 6/5.
  assert.ok(Math.abs(lstsq(array([[2]]), array([3]), { ridge: 1 }).x.get(0) - 1.2) < 1e-15);
  assert.throws(
    () => lstsq(array([[1]]), array([1]), { ridge: -1 }),
    /lstsq: argument "opts.ridge" must be a finite number >= 0, got -1/,
  );
  assert.throws(
    () => lstsq(array([[1], [2]]), array([1])),
    /lstsq: argument "b" must be shape \[2\] or \[2, k\], got \[1\]/,
  );
  assert.throws(() => lstsq(array([[1], [2]]), array([1, NaN])), NonFiniteError);
});
