/**
 * Test helpers of src/linalg (not exported from mod.ts): random matrices from explicit keys,
 * matrices with a prescribed spectrum, reference products on the cpu backend, norms, and the
 * LAPACK-style backward-error ratios.
 * @module
 */
import { foldIn, key, normalF64 } from "../random/mod.ts";
import { getBackend } from "../backend/mod.ts";
import { qrF64 } from "./core/qr.ts";

/** Unit roundoff of f64 as LAPACK's test suite uses it (`eps = 2⁻⁵²`). */
export const EPS = 2 ** -52;

/** LAPACK's test-suite threshold for scaled residual ratios (`THRESH = 30` in `dchkee`). */
export const THRESH = 30;

/** `m×n` standard normal matrix from `seed` (row-major). */
export function gaussian(seed: number, m: number, n: number): Float64Array {
  return normalF64(foldIn(key(seed), m * 100003 + n), m * n);
}

/** `C = op(A)·op(B)` with `op(A)` `m×k`, on the cpu reference backend. */
export function mm(
  a: Float64Array,
  b: Float64Array,
  m: number,
  k: number,
  n: number,
  opts: { transA?: boolean; transB?: boolean } = {},
): Float64Array {
  const c = new Float64Array(m * n);
  const transA = opts.transA ?? false;
  const transB = opts.transB ?? false;
  getBackend("cpu").gemm({
    transA,
    transB,
    m,
    n,
    k,
    alpha: 1,
    a,
    offA: 0,
    lda: transA ? m : k,
    b,
    offB: 0,
    ldb: transB ? k : n,
    beta: 0,
    c,
    offC: 0,
    ldc: n,
  });
  return c;
}

/** Haar-like random orthogonal `n×n` matrix (QR of a Gaussian with the sign fix). */
export function orthogonalF64(seed: number, n: number): Float64Array {
  const g = gaussian(seed, n, n);
  const tau = qrF64(g, { m: n, n });
  // Q = H0…H_{n−1}: apply to the identity, then fix signs by diag(R).
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  const w = new Float64Array(n);
  for (let k = n - 1; k >= 0; k--) {
    const t = tau[k];
    if (t === 0) continue;
    for (let j = 0; j < n; j++) w[j] = q[k * n + j];
    for (let i = k + 1; i < n; i++) {
      const v = g[i * n + k];
      for (let j = 0; j < n; j++) w[j] += v * q[i * n + j];
    }
    for (let j = 0; j < n; j++) q[k * n + j] -= t * w[j];
    for (let i = k + 1; i < n; i++) {
      const v = g[i * n + k];
      for (let j = 0; j < n; j++) q[i * n + j] -= t * v * w[j];
    }
  }
  for (let j = 0; j < n; j++) {
    if (g[j * n + j] < 0) { for (let i = 0; i < n; i++) q[i * n + j] = -q[i * n + j]; }
  }
  return q;
}

/** Symmetric `Q·diag(values)·Qᵀ` (exactly symmetric) with a random orthogonal `Q`. */
export function withSpectrum(seed: number, values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const q = orthogonalF64(seed, n);
  const qd = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) qd[i * n + j] = q[i * n + j] * values[j];
  const a = mm(qd, q, n, n, n, { transB: true });
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (a[i * n + j] + a[j * n + i]);
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
  return a;
}

/** `m×n` matrix `U·diag(s)·Vᵀ` with random orthogonal `U`, `V` and given singular values. */
export function withSingularValues(
  seed: number,
  m: number,
  n: number,
  s: ArrayLike<number>,
): Float64Array {
  const u = orthogonalF64(seed, m);
  const v = orthogonalF64(seed + 7919, n);
  const us = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < Math.min(m, n); j++) us[i * n + j] = u[i * m + j] * s[j];
  }
  return mm(us, v, m, n, n, { transB: true });
}

/** Frobenius norm. */
export function fro(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}

/** Frobenius norm of `x − y`. */
export function froDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - y[i]) ** 2;
  return Math.sqrt(s);
}

/** `‖QᵀQ − I‖_F / (max(1,n)·eps)` for the `m×n` matrix with orthonormal columns. */
export function orthRatio(q: ArrayLike<number>, m: number, n: number): number {
  const qq = mm(Float64Array.from(q), Float64Array.from(q), n, m, n, { transA: true });
  for (let i = 0; i < n; i++) qq[i * n + i] -= 1;
  return fro(qq) / (Math.max(1, m, n) * EPS);
}

/** `‖A − B‖_F / (max(1,n)·eps·‖A‖_F)` (0 when `A = 0` and `B = 0`). */
export function backwardRatio(a: ArrayLike<number>, b: ArrayLike<number>, n: number): number {
  const d = froDiff(a, b);
  const na = fro(a);
  if (d === 0) return 0;
  return d / (Math.max(1, n) * EPS * (na === 0 ? 1 : na));
}
