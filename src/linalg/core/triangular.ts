/**
 * Triangular solves `op(A)·X = B` with one or many right-hand sides on flat row-major
 * Float64Arrays (LAPACK/BLAS `dtrsm` with side = left).
 * @module
 */
import { defaultBackend } from "../../backend/mod.ts";
import type { Backend } from "../../backend/mod.ts";

/** Options of {@linkcode trsmF64}. */
export interface TrsmF64Options {
  /** Order of the triangular matrix `A`. */
  n: number;
  /** Number of right-hand sides (columns of `B`, default 1). */
  nrhs?: number;
  /** `A` is lower triangular (default true); only that triangle is read. */
  lower?: boolean;
  /** Solve with `Aᵀ` instead of `A` (default false). */
  trans?: boolean;
  /** Assume a unit diagonal (the diagonal is not read; default false). */
  unitDiag?: boolean;
  /** Index of `A[0,0]` (default 0). */
  offA?: number;
  /** Row stride of `A` (default `n`). */
  lda?: number;
  /** Index of `B[0,0]` (default 0). */
  offB?: number;
  /** Row stride of `B` (default `nrhs`). */
  ldb?: number;
  /** Row block of the blocked path (default 64; used when `nrhs ≥ 16` and `n > 2·blockSize`). */
  blockSize?: number;
  /** Backend whose GEMM does the off-diagonal block updates (default `defaultBackend()`). */
  backend?: Backend;
}

/**
 * Overwrite the `n×nrhs` row-major `B` with `X = op(A)⁻¹·B`, where `A` is triangular.
 * Every inner loop runs along a contiguous row of `A` or `B`; with many right-hand sides the
 * off-diagonal blocks go through the backend GEMM. `n²·nrhs` flops. A zero diagonal entry
 * gives ±Infinity/NaN (no check here; callers check).
 */
export function trsmF64(a: Float64Array, b: Float64Array, opts: TrsmF64Options): void {
  const n = opts.n;
  const nrhs = opts.nrhs ?? 1;
  const lower = opts.lower ?? true;
  const trans = opts.trans ?? false;
  const unit = opts.unitDiag ?? false;
  const oa = opts.offA ?? 0;
  const lda = opts.lda ?? n;
  const ob = opts.offB ?? 0;
  const ldb = opts.ldb ?? nrhs;
  if (nrhs === 1 && ldb === 1) {
    solveVector(a, b, n, lower, trans, unit, oa, lda, ob);
    return;
  }
  const nb = opts.blockSize ?? 64;
  if (nrhs >= 16 && n > 2 * nb) {
    blocked(a, b, n, nrhs, lower, trans, unit, oa, lda, ob, ldb, nb, opts.backend);
    return;
  }
  if (lower !== trans) {
    // Effective lower triangular system, forward order.
    for (let i = 0; i < n; i++) {
      const bi = ob + i * ldb;
      if (!trans) {
        // b_i -= Σ_{k<i} A[i,k] b_k
        const ra = oa + i * lda;
        for (let k = 0; k < i; k++) {
          const l = a[ra + k];
          if (l === 0) continue;
          const bk = ob + k * ldb;
          for (let c = 0; c < nrhs; c++) b[bi + c] -= l * b[bk + c];
        }
        if (!unit) {
          const d = 1 / a[ra + i];
          for (let c = 0; c < nrhs; c++) b[bi + c] *= d;
        }
      } else {
        // Uᵀ x = b, U upper: column-oriented (right-looking) forward substitution.
        const ra = oa + i * lda;
        if (!unit) {
          const d = 1 / a[ra + i];
          for (let c = 0; c < nrhs; c++) b[bi + c] *= d;
        }
        for (let k = i + 1; k < n; k++) {
          const u = a[ra + k];
          if (u === 0) continue;
          const bk = ob + k * ldb;
          for (let c = 0; c < nrhs; c++) b[bk + c] -= u * b[bi + c];
        }
      }
    }
  } else {
    // Effective upper triangular system, backward order.
    for (let i = n - 1; i >= 0; i--) {
      const bi = ob + i * ldb;
      const ra = oa + i * lda;
      if (!trans) {
        for (let k = i + 1; k < n; k++) {
          const u = a[ra + k];
          if (u === 0) continue;
          const bk = ob + k * ldb;
          for (let c = 0; c < nrhs; c++) b[bi + c] -= u * b[bk + c];
        }
        if (!unit) {
          const d = 1 / a[ra + i];
          for (let c = 0; c < nrhs; c++) b[bi + c] *= d;
        }
      } else {
        // Lᵀ x = b, L lower: column-oriented backward substitution.
        if (!unit) {
          const d = 1 / a[ra + i];
          for (let c = 0; c < nrhs; c++) b[bi + c] *= d;
        }
        for (let k = 0; k < i; k++) {
          const l = a[ra + k];
          if (l === 0) continue;
          const bk = ob + k * ldb;
          for (let c = 0; c < nrhs; c++) b[bk + c] -= l * b[bi + c];
        }
      }
    }
  }
}

function solveVector(
  a: Float64Array,
  b: Float64Array,
  n: number,
  lower: boolean,
  trans: boolean,
  unit: boolean,
  oa: number,
  lda: number,
  ob: number,
): void {
  if (!trans) {
    if (lower) {
      for (let i = 0; i < n; i++) {
        const ra = oa + i * lda;
        let s = b[ob + i];
        for (let k = 0; k < i; k++) s -= a[ra + k] * b[ob + k];
        b[ob + i] = unit ? s : s / a[ra + i];
      }
    } else {
      for (let i = n - 1; i >= 0; i--) {
        const ra = oa + i * lda;
        let s = b[ob + i];
        for (let k = i + 1; k < n; k++) s -= a[ra + k] * b[ob + k];
        b[ob + i] = unit ? s : s / a[ra + i];
      }
    }
  } else if (lower) {
    // Lᵀ x = b: backward, axpy along row i of L.
    for (let i = n - 1; i >= 0; i--) {
      const ra = oa + i * lda;
      const xi = unit ? b[ob + i] : b[ob + i] / a[ra + i];
      b[ob + i] = xi;
      if (xi !== 0) { for (let k = 0; k < i; k++) b[ob + k] -= a[ra + k] * xi; }
    }
  } else {
    // Uᵀ x = b: forward, axpy along row i of U.
    for (let i = 0; i < n; i++) {
      const ra = oa + i * lda;
      const xi = unit ? b[ob + i] : b[ob + i] / a[ra + i];
      b[ob + i] = xi;
      if (xi !== 0) { for (let k = i + 1; k < n; k++) b[ob + k] -= a[ra + k] * xi; }
    }
  }
}

/** Blocked left triangular solve: diagonal blocks unblocked, the rest on the GEMM. */
function blocked(
  a: Float64Array,
  b: Float64Array,
  n: number,
  nrhs: number,
  lower: boolean,
  trans: boolean,
  unit: boolean,
  oa: number,
  lda: number,
  ob: number,
  ldb: number,
  nb: number,
  backend: Backend | undefined,
): void {
  const gemm = (backend ?? defaultBackend()).gemm;
  const forward = lower !== trans;
  const nblk = Math.ceil(n / nb);
  for (let t = 0; t < nblk; t++) {
    const bi = forward ? t : nblk - 1 - t;
    const i0 = bi * nb;
    const i1 = Math.min(n, i0 + nb);
    const ib = i1 - i0;
    trsmF64(a, b, {
      n: ib,
      nrhs,
      lower,
      trans,
      unitDiag: unit,
      offA: oa + i0 * lda + i0,
      lda,
      offB: ob + i0 * ldb,
      ldb,
      blockSize: n + 1,
    });
    // Rows still to solve: below the block (forward) or above it (backward).
    const r0 = forward ? i1 : 0;
    const r1 = forward ? n : i0;
    if (r1 <= r0) continue;
    // op(A)[r0:r1, i0:i1]: A[r, c] (no trans) or A[c, r] (trans).
    const offA = trans ? oa + i0 * lda + r0 : oa + r0 * lda + i0;
    gemm({
      transA: trans,
      transB: false,
      m: r1 - r0,
      n: nrhs,
      k: ib,
      alpha: -1,
      a,
      offA,
      lda,
      b,
      offB: ob + i0 * ldb,
      ldb,
      beta: 1,
      c: b,
      offC: ob + r0 * ldb,
      ldc: ldb,
    });
  }
}
