/**
 * Cholesky factorization of symmetric positive definite matrices and the solves that use it.
 * @module
 */
import type { NDArray } from "../array/mod.ts";
import { ArgumentError } from "../array/mod.ts";
import { choleskyF64 } from "./core/cholesky.ts";
import { trsmF64 } from "./core/triangular.ts";
import { joinDtype, readMatrix, readRhs, wrap } from "./_matrix.ts";

/** Options of {@linkcode cholesky}. */
export interface CholeskyOptions {
  /** Return the upper factor `U` (`A = UᵀU`) instead of the lower `L` (`A = LLᵀ`). */
  upper?: boolean;
  /**
   * Non-negative amount added to every diagonal entry before factorizing, i.e. factor
   * `A + jitter·I` (default 0). Use it for Gram matrices that are only semi-definite.
   */
  jitter?: number;
}

/**
 * Cholesky factor of the symmetric positive definite `n×n` matrix `a`: lower triangular `L`
 * with positive diagonal and `A = L·Lᵀ` (or `U = Lᵀ` with `upper`). Only the lower triangle of
 * `a` is read (as in LAPACK/numpy). f32 input is factored in f64 and the factor rounded to f32.
 *
 * @example
 * ```ts
 * import { array } from "../array/mod.ts";
 * import { cholesky } from "./mod.ts";
 * const l = cholesky(array([[4, 2], [2, 5]]));
 * // l = [[2, 0], [1, 2]]
 * if (l.get(1, 0) !== 1 || l.get(1, 1) !== 2) throw new Error("wrong factor");
 * ```
 * @throws {NotPositiveDefiniteError} naming the failing pivot index and value.
 * @throws {ArgumentError} for non-square or non-2-D input; {NonFiniteError} for NaN/Inf.
 */
export function cholesky(a: NDArray, opts: CholeskyOptions = {}): NDArray {
  const fn = "cholesky";
  const w = readMatrix(fn, "a", a, { square: true });
  const jitter = opts.jitter ?? 0;
  if (typeof jitter !== "number" || !(jitter >= 0) || !Number.isFinite(jitter)) {
    throw new ArgumentError(fn, "opts.jitter", "a finite number >= 0", jitter);
  }
  const n = w.n;
  if (jitter > 0) { for (let i = 0; i < n; i++) w.data[i * n + i] += jitter; }
  choleskyF64(w.data, { n, upper: opts.upper ?? false, fn });
  return wrap(w.data, [n, n], w.dtype);
}

/**
 * Solve `A·X = B` given the Cholesky factor of `A` (scipy's `cho_solve`): `l` is the lower
 * factor from {@linkcode cholesky} (or the upper one with `{ upper: true }`); `b` has shape
 * `[n]` or `[n, k]` and the result has the same shape. `2n²k` flops.
 */
export function choSolve(l: NDArray, b: NDArray, opts: { upper?: boolean } = {}): NDArray {
  const fn = "choSolve";
  const f = readMatrix(fn, "l", l, { square: true });
  const n = f.n;
  const r = readRhs(fn, "b", b, n);
  const upper = opts.upper ?? false;
  // A = L Lᵀ: solve L y = b then Lᵀ x = y. With U = Lᵀ: Uᵀ y = b then U x = y.
  const common = { n, nrhs: r.k };
  trsmF64(f.data, r.data, { ...common, lower: !upper, trans: upper });
  trsmF64(f.data, r.data, { ...common, lower: !upper, trans: !upper });
  return wrap(r.data, r.vector ? [n] : [n, r.k], joinDtype(f.dtype, r.dtype));
}
