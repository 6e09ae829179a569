/**
 * Cholesky factorization `A = L·Lᵀ` on a flat row-major Float64Array (LAPACK `dpotrf`),
 * right-looking and blocked: the trailing update `A₂₂ −= L₂₁·L₂₁ᵀ` goes through the backend's
 * GEMM, block row by block row so only the lower triangle is computed.
 * @module
 */
import { defaultBackend } from "../../backend/mod.ts";
import type { Backend } from "../../backend/mod.ts";
import { NotPositiveDefiniteError } from "../errors.ts";

/** Options of {@linkcode choleskyF64}. */
export interface CholeskyF64Options {
  /** Order of the matrix. */
  n: number;
  /** Index of `A[0,0]` in the storage (default 0). */
  offA?: number;
  /** Row stride of the storage (default `n`). */
  lda?: number;
  /** Store `U = Lᵀ` in the upper triangle instead of `L` in the lower one (default false). */
  upper?: boolean;
  /** Block size of the blocked algorithm (default 48; `n ≤ blockSize` runs unblocked). */
  blockSize?: number;
  /** Backend whose `gemm` does the trailing updates (default: `defaultBackend()`). */
  backend?: Backend;
  /** Function name used in error messages (default "cholesky"). */
  fn?: string;
}

/**
 * Unblocked Cholesky of the `kb×kb` diagonal block at `off` (row form, Cholesky–Banachiewicz:
 * every inner loop is a contiguous dot product). Reads and writes the lower triangle only.
 * `base` is the global index of the block's first pivot, for the error.
 */
function potf2(a: Float64Array, off: number, lda: number, kb: number, base: number, fn: string) {
  for (let i = 0; i < kb; i++) {
    const ri = off + i * lda;
    for (let j = 0; j < i; j++) {
      const rj = off + j * lda;
      let s = a[ri + j];
      for (let p = 0; p < j; p++) s -= a[ri + p] * a[rj + p];
      a[ri + j] = s / a[rj + j];
    }
    let d = a[ri + i];
    for (let p = 0; p < i; p++) d -= a[ri + p] * a[ri + p];
    if (!(d > 0) || d === Infinity) throw new NotPositiveDefiniteError(fn, base + i, d);
    a[ri + i] = Math.sqrt(d);
  }
}

/**
 * Factor the symmetric positive definite `n×n` matrix stored row-major in `a` in place:
 * afterwards the lower triangle holds `L` with `A = L·Lᵀ` and the strict upper triangle is
 * zero (or, with `upper`, the upper triangle holds `U = Lᵀ`, `A = UᵀU`, and the strict lower
 * triangle is zero). Only the lower triangle of the input is read.
 *
 * Cost `n³/3` flops, most of them in GEMM calls for `n > blockSize`.
 *
 * @throws {NotPositiveDefiniteError} with the 0-based pivot index and value when a pivot is
 * `≤ 0`, NaN or infinite. The storage is then partially overwritten.
 */
export function choleskyF64(a: Float64Array, opts: CholeskyF64Options): void {
  const n = opts.n;
  const off = opts.offA ?? 0;
  const lda = opts.lda ?? n;
  const nb = Math.max(1, opts.blockSize ?? 48);
  const fn = opts.fn ?? "cholesky";
  if (n <= nb) {
    potf2(a, off, lda, n, 0, fn);
  } else {
    const gemm = (opts.backend ?? defaultBackend()).gemm;
    for (let k0 = 0; k0 < n; k0 += nb) {
      const kb = Math.min(nb, n - k0);
      potf2(a, off + k0 * lda + k0, lda, kb, k0, fn);
      const r0 = k0 + kb;
      if (r0 >= n) break;
      // Panel: A21 := A21 · L11⁻ᵀ, row by row (forward substitution, contiguous rows).
      const l11 = off + k0 * lda + k0;
      for (let i = r0; i < n; i++) {
        const ri = off + i * lda + k0;
        for (let j = 0; j < kb; j++) {
          const rj = l11 + j * lda;
          let s = a[ri + j];
          for (let p = 0; p < j; p++) s -= a[ri + p] * a[rj + p];
          a[ri + j] = s / a[rj + j];
        }
      }
      // Trailing update of the lower triangle, one block row at a time.
      for (let j0 = r0; j0 < n; j0 += nb) {
        const jb = Math.min(nb, n - j0);
        gemm({
          transA: false,
          transB: true,
          m: jb,
          n: j0 + jb - r0,
          k: kb,
          alpha: -1,
          a,
          offA: off + j0 * lda + k0,
          lda,
          b: a,
          offB: off + r0 * lda + k0,
          ldb: lda,
          beta: 1,
          c: a,
          offC: off + j0 * lda + r0,
          ldc: lda,
        });
      }
    }
  }
  if (opts.upper) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        a[off + j * lda + i] = a[off + i * lda + j];
        a[off + i * lda + j] = 0;
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) a[off + i * lda + j] = 0;
    }
  }
}

/**
 * Solve `L·Lᵀ·x = b` for one right-hand side, given the lower Cholesky factor `L` that
 * {@link choleskyF64} leaves in the lower triangle of the row-major `n×n` array `l`: a forward
 * then a backward substitution, `n²` flops each. Returns a new array; `b` is not modified.
 */
export function choSolveF64(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = x[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * x[k];
    x[i] = s / l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
    x[i] = s / l[i * n + i];
  }
  return x;
}
