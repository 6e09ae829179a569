/**
 * Dense linear algebra, f64 first: Cholesky, triangular solves, LU (solve, det, slogdet,
 * inv), Householder QR, least squares and ridge, symmetric eigendecomposition, SVD (pinv,
 * rank, cond), functions of symmetric matrices, trace and Kronecker products.
 *
 * Each NDArray function has a typed-array core on flat row-major Float64Arrays
 * (`n, offA, lda` — the BLAS-style convention of the kernels in `kernels/` and
 * `src/backend/`) exported under the `F64` names,
 * for solvers that keep their own buffers. f32 arrays are computed in f64 and the results
 * rounded back to f32. Inputs with NaN/Inf are rejected with {@linkcode NonFiniteError}.
 *
 * @example
 * ```ts
 * import { array } from "../array/mod.ts";
 * import { cholesky, eigh, solve } from "./mod.ts";
 * const a = array([[4, 1], [1, 3]]);
 * const x = solve(a, array([1, 2]));
 * const { values } = eigh(a);
 * const l = cholesky(a);
 * if (values.get(0) > values.get(1) || l.get(0, 1) !== 0 || x.shape[0] !== 2) throw new Error();
 * ```
 * @module
 */
export {
  ConvergenceError,
  LinalgError,
  NonFiniteError,
  NotPositiveDefiniteError,
  NotSymmetricError,
  SingularMatrixError,
} from "./errors.ts";
export { cholesky, type CholeskyOptions, choSolve } from "./cholesky.ts";
export { solveTriangular, type SolveTriangularOptions } from "./solve_triangular.ts";
export { det, inv, lu, type LuResult, slogdet, type SlogdetResult, solve } from "./lu.ts";
export { qr, type QrOptions, type QrResult } from "./qr.ts";
export { lstsq, type LstsqOptions, type LstsqResult } from "./lstsq.ts";
export { eigh, type EighOptions, type EighResult, eigvalsh } from "./eigh.ts";
export { eigvals, eigvalsF64, type EigvalsResult } from "./eigvals.ts";
export { cond, matrixRank, pinv, svd, type SvdOptions, type SvdResult, svdvals } from "./svd.ts";
export { applySym, expm, invSym, logm, sqrtm } from "./apply_sym.ts";
export { kron, trace } from "./products.ts";
export { type WoodburyResult, woodburyUpdate } from "./woodbury.ts";
export { type NDArray, outer } from "../array/mod.ts";
export type { Backend } from "../backend/mod.ts";
export { choleskyF64, type CholeskyF64Options, choSolveF64 } from "./core/cholesky.ts";
export { trsmF64, type TrsmF64Options } from "./core/triangular.ts";
export { luF64, type LuF64Options, type LuF64Result, luSolveF64 } from "./core/lu.ts";
export { applyQtF64, formQF64, qrF64, type QrF64Options } from "./core/qr.ts";
export { eighF64, type EighF64Options, type EighF64Result } from "./core/eigh.ts";
export { svdF64, type SvdF64Options, type SvdF64Result } from "./core/svd.ts";
export { sytrdF64, type SytrdF64Options, type SytrdF64Result } from "./core/tridiagonal.ts";
export { tridiagEigDC } from "./core/tridiag_dc.ts";
export { tql2F64 } from "./core/tql2.ts";
export { formQBlockedF64, type FormQBlockedOptions } from "./core/householder_q.ts";
