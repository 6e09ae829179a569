/**
 * LU factorization with partial pivoting, and what it gives: `solve`, `det`, `slogdet`, `inv`.
 * @module
 */
import type { NDArray } from "../array/mod.ts";
import { luF64, luSolveF64 } from "./core/lu.ts";
import { joinDtype, readMatrix, readRhs, wrap } from "./_matrix.ts";
import { SingularMatrixError } from "./errors.ts";

/** Result of {@linkcode lu}. */
export interface LuResult {
  /** Unit lower triangular `L` (`n×n`). */
  l: NDArray;
  /** Upper triangular `U` (`n×n`). */
  u: NDArray;
  /** Row permutation: `A[perm[i], :] = (L·U)[i, :]`, i.e. `P·A = L·U` with `P[i, perm[i]] = 1`. */
  perm: Int32Array;
  /** Determinant of `P` (`±1`). */
  sign: number;
}

/**
 * LU factorization with partial pivoting of the square matrix `a`: `P·A = L·U` (LAPACK
 * `dgetrf`, blocked, trailing updates on the backend GEMM). Works for singular matrices too
 * (then some `U[i,i]` are zero).
 */
export function lu(a: NDArray): LuResult {
  const w = readMatrix("lu", "a", a, { square: true });
  const n = w.n;
  const { piv, sign } = luF64(w.data, { n });
  const l = new Float64Array(n * n);
  const u = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = w.data[i * n + j];
      if (j < i) l[i * n + j] = v;
      else u[i * n + j] = v;
    }
    l[i * n + i] = 1;
  }
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = 0; i < n; i++) {
    const p = piv[i];
    const t = perm[i];
    perm[i] = perm[p];
    perm[p] = t;
  }
  return { l: wrap(l, [n, n], w.dtype), u: wrap(u, [n, n], w.dtype), perm, sign };
}

/**
 * Solve the square system `A·X = B` by LU with partial pivoting; `b` has shape `[n]` or
 * `[n, k]` and the result the same shape. Backward stable: `‖A·x − b‖ = O(n·eps·‖A‖·‖x‖)`.
 * @example
 * ```ts
 * import { array } from "../array/mod.ts";
 * import { solve } from "./mod.ts";
 * const x = solve(array([[2, 1], [1, 3]]), array([3, 5]));
 * // x ≈ [0.8, 1.4]
 * if (Math.abs(x.get(1) - 1.4) > 1e-12) throw new Error("wrong solution");
 * ```
 * @throws {SingularMatrixError} if a pivot is exactly zero (the matrix is singular).
 */
export function solve(a: NDArray, b: NDArray): NDArray {
  const fn = "solve";
  const w = readMatrix(fn, "a", a, { square: true });
  const n = w.n;
  const r = readRhs(fn, "b", b, n);
  const { piv, zeroPivot } = luF64(w.data, { n });
  if (zeroPivot >= 0) throw new SingularMatrixError(fn, zeroPivot);
  luSolveF64(w.data, piv, r.data, { n, nrhs: r.k });
  return wrap(r.data, r.vector ? [n] : [n, r.k], joinDtype(w.dtype, r.dtype));
}

/**
 * Inverse of the square matrix `a` by LU (`A⁻¹ = U⁻¹L⁻¹P`). Prefer {@linkcode solve} when the
 * inverse is only applied to vectors.
 * @throws {SingularMatrixError} if a pivot is exactly zero.
 */
export function inv(a: NDArray): NDArray {
  const fn = "inv";
  const w = readMatrix(fn, "a", a, { square: true });
  const n = w.n;
  const { piv, zeroPivot } = luF64(w.data, { n });
  if (zeroPivot >= 0) throw new SingularMatrixError(fn, zeroPivot);
  const x = new Float64Array(n * n);
  for (let i = 0; i < n; i++) x[i * n + i] = 1;
  luSolveF64(w.data, piv, x, { n, nrhs: n });
  return wrap(x, [n, n], w.dtype);
}

/** Result of {@linkcode slogdet}: `det(A) = sign·exp(logabsdet)`. */
export interface SlogdetResult {
  /** `+1`, `−1`, or `0` for a singular matrix. */
  sign: number;
  /** `log|det A|` (`−Infinity` for a singular matrix). */
  logabsdet: number;
}

/**
 * Sign and log-magnitude of the determinant of the square matrix `a` (numpy's `slogdet`),
 * by LU; immune to the overflow/underflow of {@linkcode det}. The empty matrix has
 * determinant 1.
 */
export function slogdet(a: NDArray): SlogdetResult {
  const w = readMatrix("slogdet", "a", a, { square: true });
  const n = w.n;
  const { sign, zeroPivot } = luF64(w.data, { n });
  if (zeroPivot >= 0) return { sign: 0, logabsdet: -Infinity };
  let s = sign;
  let logabs = 0;
  for (let i = 0; i < n; i++) {
    const d = w.data[i * n + i];
    if (d < 0) s = -s;
    logabs += Math.log(Math.abs(d));
  }
  return { sign: s, logabsdet: logabs };
}

/** Determinant of the square matrix `a` (product of the LU pivots times the permutation sign). */
export function det(a: NDArray): number {
  const w = readMatrix("det", "a", a, { square: true });
  const n = w.n;
  const { sign } = luF64(w.data, { n });
  let d = sign;
  for (let i = 0; i < n; i++) d *= w.data[i * n + i];
  return d === 0 ? 0 : d;
}
