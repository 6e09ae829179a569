/**
 * LU factorization with partial (row) pivoting, `P·A = L·U`, on a flat row-major Float64Array
 * (LAPACK `dgetrf`), blocked: panel factorization, `U₁₂ = L₁₁⁻¹A₁₂`, and the trailing update
 * `A₂₂ −= L₂₁·U₁₂` through the backend's GEMM. Plus the solve `dgetrs`.
 * @module
 */
import { defaultBackend } from "../../backend/mod.ts";
import type { Backend } from "../../backend/mod.ts";
import { trsmF64 } from "./triangular.ts";

/** Options of {@linkcode luF64}. */
export interface LuF64Options {
  /** Order of the matrix. */
  n: number;
  /** Index of `A[0,0]` (default 0). */
  offA?: number;
  /** Row stride (default `n`). */
  lda?: number;
  /** Block size (default 32; `n ≤ 2·blockSize` runs unblocked). */
  blockSize?: number;
  /** Backend whose `gemm` does the trailing updates (default `defaultBackend()`). */
  backend?: Backend;
}

/** Result of {@linkcode luF64}. */
export interface LuF64Result {
  /** Row interchanges: row `i` was swapped with row `piv[i] ≥ i`, for `i = 0..n−1` in order. */
  piv: Int32Array;
  /** `+1` or `−1`: the determinant of the permutation. */
  sign: number;
  /** 0-based index of the first exactly zero pivot `U[i,i]`, or `−1` if there is none. */
  zeroPivot: number;
}

/**
 * Factor the `n×n` row-major `A` in place: afterwards the strict lower triangle holds the
 * multipliers of the unit lower triangular `L` and the upper triangle holds `U`, with
 * `P·A = L·U` where `P` applies the swaps in `piv`. Factorization continues past zero pivots
 * (as LAPACK does) and reports the first in `zeroPivot`. `2n³/3` flops.
 */
export function luF64(a: Float64Array, opts: LuF64Options): LuF64Result {
  const n = opts.n;
  const off = opts.offA ?? 0;
  const lda = opts.lda ?? n;
  const nb = Math.max(1, opts.blockSize ?? 32);
  const piv = new Int32Array(n);
  let sign = 1;
  let zeroPivot = -1;
  const blocked = n > 2 * nb;
  const gemm = blocked ? (opts.backend ?? defaultBackend()).gemm : null;
  for (let k0 = 0; k0 < n; k0 += blocked ? nb : n) {
    const kb = blocked ? Math.min(nb, n - k0) : n;
    const kend = k0 + kb;
    // Panel factorization of columns k0..kend-1 (rows k0..n-1); swaps move whole rows.
    for (let k = k0; k < kend; k++) {
      let p = k;
      let best = Math.abs(a[off + k * lda + k]);
      for (let i = k + 1; i < n; i++) {
        const v = Math.abs(a[off + i * lda + k]);
        if (v > best || (best !== best && v === v)) {
          best = v;
          p = i;
        }
      }
      piv[k] = p;
      if (p !== k) {
        sign = -sign;
        const rk = off + k * lda;
        const rp = off + p * lda;
        for (let j = 0; j < n; j++) {
          const t = a[rk + j];
          a[rk + j] = a[rp + j];
          a[rp + j] = t;
        }
      }
      const rk = off + k * lda;
      const d = a[rk + k];
      if (d === 0) {
        if (zeroPivot < 0) zeroPivot = k;
        continue;
      }
      const inv = 1 / d;
      for (let i = k + 1; i < n; i++) {
        const ri = off + i * lda;
        const l = a[ri + k] * inv;
        a[ri + k] = l;
        if (l === 0) continue;
        for (let j = k + 1; j < kend; j++) a[ri + j] -= l * a[rk + j];
      }
    }
    if (!blocked || kend >= n) continue;
    // U12 = L11⁻¹ A12 (unit lower).
    trsmF64(a, a, {
      n: kb,
      nrhs: n - kend,
      lower: true,
      unitDiag: true,
      offA: off + k0 * lda + k0,
      lda,
      offB: off + k0 * lda + kend,
      ldb: lda,
    });
    // A22 -= L21 U12.
    gemm!({
      transA: false,
      transB: false,
      m: n - kend,
      n: n - kend,
      k: kb,
      alpha: -1,
      a,
      offA: off + kend * lda + k0,
      lda,
      b: a,
      offB: off + k0 * lda + kend,
      ldb: lda,
      beta: 1,
      c: a,
      offC: off + kend * lda + kend,
      ldc: lda,
    });
  }
  return { piv, sign, zeroPivot };
}

/**
 * Solve `A·X = B` given the LU factors from {@linkcode luF64}: `B` (`n×nrhs` row-major,
 * leading dimension `ldb`) is overwritten with `X` (LAPACK `dgetrs`, no transpose).
 */
export function luSolveF64(
  lu: Float64Array,
  piv: Int32Array,
  b: Float64Array,
  opts: { n: number; nrhs?: number; offA?: number; lda?: number; offB?: number; ldb?: number },
): void {
  const n = opts.n;
  const nrhs = opts.nrhs ?? 1;
  const ob = opts.offB ?? 0;
  const ldb = opts.ldb ?? nrhs;
  for (let i = 0; i < n; i++) {
    const p = piv[i];
    if (p === i) continue;
    const ri = ob + i * ldb;
    const rp = ob + p * ldb;
    for (let c = 0; c < nrhs; c++) {
      const t = b[ri + c];
      b[ri + c] = b[rp + c];
      b[rp + c] = t;
    }
  }
  const common = { n, nrhs, offA: opts.offA ?? 0, lda: opts.lda ?? n, offB: ob, ldb };
  trsmF64(lu, b, { ...common, lower: true, unitDiag: true });
  trsmF64(lu, b, { ...common, lower: false });
}
