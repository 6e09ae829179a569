/**
 * Triangular solves with one or many right-hand sides.
 * @module
 */
import type { NDArray } from "../array/mod.ts";
import { trsmF64 } from "./core/triangular.ts";
import { joinDtype, readMatrix, readRhs, wrap } from "./_matrix.ts";
import { SingularMatrixError } from "./errors.ts";

/** Options of {@linkcode solveTriangular}. */
export interface SolveTriangularOptions {
  /** `a` is lower triangular (default true); only that triangle is read. */
  lower?: boolean;
  /** Solve `aᵀ·x = b` instead of `a·x = b` (default false). */
  trans?: boolean;
  /** Take the diagonal of `a` as all ones without reading it (default false). */
  unitDiag?: boolean;
}

/**
 * Solve `op(A)·X = B` for triangular `A` (`n×n`), with `b` of shape `[n]` or `[n, k]`; the
 * result has the shape of `b`. `n²k` flops.
 * @throws {SingularMatrixError} if a diagonal entry is exactly zero (and `unitDiag` is off).
 */
export function solveTriangular(
  a: NDArray,
  b: NDArray,
  opts: SolveTriangularOptions = {},
): NDArray {
  const fn = "solveTriangular";
  const f = readMatrix(fn, "a", a, { square: true });
  const n = f.n;
  const r = readRhs(fn, "b", b, n);
  if (!opts.unitDiag) {
    for (let i = 0; i < n; i++) {
      if (f.data[i * n + i] === 0) throw new SingularMatrixError(fn, i, "diagonal entry");
    }
  }
  trsmF64(f.data, r.data, {
    n,
    nrhs: r.k,
    lower: opts.lower ?? true,
    trans: opts.trans ?? false,
    unitDiag: opts.unitDiag ?? false,
  });
  return wrap(r.data, r.vector ? [n] : [n, r.k], joinDtype(f.dtype, r.dtype));
}
