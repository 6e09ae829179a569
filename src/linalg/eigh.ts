/**
 * Symmetric eigendecomposition.
 * @module
 */
import type { NDArray } from "../array/mod.ts";
import { ArgumentError } from "../array/mod.ts";
import { eighF64 } from "./core/eigh.ts";
import { epsFor, maxAbs, readMatrix, type WorkMatrix, wrap } from "./_matrix.ts";
import { NotSymmetricError } from "./errors.ts";

/** Options of {@linkcode eigh} and {@linkcode eigvalsh}. */
export interface EighOptions {
  /**
   * Relative symmetry tolerance: `a` is accepted when `max|A[i,j] − A[j,i]| ≤
   * symmetryTol·max|A|`. Default `sqrt(eps)` of the input dtype (≈1.5e-8 for f64, ≈3.5e-4
   * for f32), loose enough for Gram matrices built in floating point. `Infinity` turns the
   * check off. Only the lower triangle is used for the computation (as in LAPACK).
   */
  symmetryTol?: number;
}

/** Result of {@linkcode eigh}: `A = Q·diag(values)·Qᵀ`. */
export interface EighResult {
  /** Eigenvalues in ascending order, shape `[n]`. */
  values: NDArray;
  /** `Q`, shape `[n, n]`: column `j` is the unit eigenvector of `values[j]`; `QᵀQ = I`. */
  vectors: NDArray;
}

/** Read a symmetric matrix or throw {@link NotSymmetricError}. */
export function readSymmetric(fn: string, a: unknown, tol?: number): WorkMatrix {
  const w = readMatrix(fn, "a", a, { square: true });
  const t = tol ?? Math.sqrt(epsFor(w.dtype));
  if (typeof t !== "number" || !(t >= 0)) {
    throw new ArgumentError(fn, "opts.symmetryTol", "a number >= 0", t);
  }
  if (t !== Infinity) {
    const n = w.n;
    const d = w.data;
    let asym = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        const v = Math.abs(d[i * n + j] - d[j * n + i]);
        if (v > asym) asym = v;
      }
    }
    const bound = t * maxAbs(d);
    if (asym > bound) throw new NotSymmetricError(fn, asym, bound);
  }
  return w;
}

/**
 * Eigenvalues (ascending) and orthonormal eigenvectors of the real symmetric matrix `a`
 * (numpy's `eigh`): Householder tridiagonalization, then implicit QL with shifts. Backward
 * stable: `‖A − QΛQᵀ‖ = O(n·eps·‖A‖)` and `‖QᵀQ − I‖ = O(n·eps)`, also for repeated and
 * clustered eigenvalues. f32 input is computed in f64 and rounded to f32.
 * @example
 * ```ts
 * import { array } from "../array/mod.ts";
 * import { eigh } from "./mod.ts";
 * const { values } = eigh(array([[2, 1], [1, 2]]));
 * // values = [1, 3]
 * if (Math.abs(values.get(0) - 1) > 1e-14) throw new Error("wrong eigenvalue");
 * ```
 * @throws {NotSymmetricError} beyond `symmetryTol`; {NonFiniteError} for NaN/Inf.
 */
export function eigh(a: NDArray, opts: EighOptions = {}): EighResult {
  const w = readSymmetric("eigh", a, opts.symmetryTol);
  const n = w.n;
  const r = eighF64(w.data, { n, fn: "eigh" });
  return { values: wrap(r.values, [n], w.dtype), vectors: wrap(r.vectors!, [n, n], w.dtype) };
}

/** Eigenvalues only (ascending) of the real symmetric matrix `a`; `4n³/3` flops. */
export function eigvalsh(a: NDArray, opts: EighOptions = {}): NDArray {
  const w = readSymmetric("eigvalsh", a, opts.symmetryTol);
  const r = eighF64(w.data, { n: w.n, vectors: false, fn: "eigvalsh" });
  return wrap(r.values, [w.n], w.dtype);
}
