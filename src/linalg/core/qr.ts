/**
 * Householder QR on a flat row-major Float64Array (LAPACK `dgeqr2`/`dorg2r`/`dorm2r`
 * conventions): `A = Q·R` with `Q = H₀H₁…H_{k−1}`, `H_j = I − τ_j v_j v_jᵀ`, `v_j[j] = 1`.
 * Every inner loop streams a contiguous row.
 * @module
 */
import { defaultBackend } from "../../backend/mod.ts";
import type { Backend } from "../../backend/mod.ts";
import { formQBlockedF64, larfbF64, larftF64 } from "./householder_q.ts";

/** Matrix geometry of the QR kernels. */
export interface QrF64Options {
  /** Rows of `A`. */
  m: number;
  /** Columns of `A`. */
  n: number;
  /** Index of `A[0,0]` (default 0). */
  offA?: number;
  /** Row stride (default `n`). */
  lda?: number;
  /** Panel width of the blocked factorization (default 32). */
  blockSize?: number;
  /** Backend for the GEMM updates (default `defaultBackend()`). */
  backend?: Backend;
}

/**
 * Factor the `m×n` row-major `A` in place: the upper triangle (first `min(m,n)` rows) holds
 * `R`; below the diagonal, column `j` holds `v_j[j+1:]`. Returns `τ` (length `min(m,n)`).
 * `2mn² − 2n³/3` flops; for large matrices panels of `blockSize` columns are factored and
 * their block reflectors applied to the trailing columns with GEMMs (LAPACK `dgeqrf`).
 */
export function qrF64(a: Float64Array, opts: QrF64Options): Float64Array {
  const { m, n } = opts;
  const off = opts.offA ?? 0;
  const lda = opts.lda ?? n;
  const kk = Math.min(m, n);
  const nb = Math.max(1, opts.blockSize ?? 32);
  if (n <= 2 * nb || kk <= nb || m * n * kk < 1e6) return qr2(a, m, n, off, lda);
  // Blocked (dgeqrf): factor a panel, then apply its block reflector to the trailing columns.
  const gemm = (opts.backend ?? defaultBackend()).gemm;
  const tau = new Float64Array(kk);
  const v = new Float64Array(m * nb);
  const t = new Float64Array(nb * nb);
  const w = new Float64Array(nb * n);
  const w2 = new Float64Array(nb * n);
  for (let k0 = 0; k0 < kk; k0 += nb) {
    const kb = Math.min(nb, kk - k0);
    const mr = m - k0;
    const tp = qr2(a, mr, kb, off + k0 * lda + k0, lda);
    tau.set(tp, k0);
    const mc = n - k0 - kb;
    if (mc <= 0) continue;
    v.fill(0, 0, mr * kb);
    for (let j = 0; j < kb; j++) {
      v[j * kb + j] = 1;
      for (let i = j + 1; i < mr; i++) v[i * kb + j] = a[off + (k0 + i) * lda + k0 + j];
    }
    larftF64(v, t, mr, kb, tau, k0);
    larfbF64(v, t, mr, kb, a, off + k0 * lda + k0 + kb, lda, mc, true, gemm, w, w2);
  }
  return tau;
}

/** Unblocked Householder QR (`dgeqr2`) of the m×n block at `off`. */
function qr2(a: Float64Array, m: number, n: number, off: number, lda: number): Float64Array {
  const kk = Math.min(m, n);
  const tau = new Float64Array(kk);
  const w = new Float64Array(n);
  for (let k = 0; k < kk; k++) {
    // dlarfg: alpha = A[k,k], x = A[k+1:,k].
    const rk = off + k * lda;
    let scale = 0;
    for (let i = k + 1; i < m; i++) scale = Math.max(scale, Math.abs(a[off + i * lda + k]));
    if (scale === 0) {
      tau[k] = 0;
      continue;
    }
    let ss = 0;
    for (let i = k + 1; i < m; i++) {
      const t = a[off + i * lda + k] / scale;
      ss += t * t;
    }
    const xnorm = scale * Math.sqrt(ss);
    const alpha = a[rk + k];
    const beta = -(alpha >= 0 ? 1 : -1) * Math.hypot(alpha, xnorm);
    const t = (beta - alpha) / beta;
    const sv = 1 / (alpha - beta);
    for (let i = k + 1; i < m; i++) a[off + i * lda + k] *= sv;
    a[rk + k] = beta;
    tau[k] = t;
    // Apply H_k to columns k+1..n-1: w = vᵀ A, A -= τ v wᵀ.
    if (k + 1 >= n) continue;
    for (let j = k + 1; j < n; j++) w[j] = a[rk + j];
    for (let i = k + 1; i < m; i++) {
      const ri = off + i * lda;
      const vi = a[ri + k];
      if (vi === 0) continue;
      for (let j = k + 1; j < n; j++) w[j] += vi * a[ri + j];
    }
    for (let j = k + 1; j < n; j++) {
      w[j] *= t;
      a[rk + j] -= w[j];
    }
    for (let i = k + 1; i < m; i++) {
      const ri = off + i * lda;
      const vi = a[ri + k];
      if (vi === 0) continue;
      for (let j = k + 1; j < n; j++) a[ri + j] -= vi * w[j];
    }
  }
  return tau;
}

/**
 * Form the first `cols` columns of `Q` (`m×cols` row-major, new array) from the output of
 * {@linkcode qrF64}; `cols = min(m,n)` gives the reduced `Q`, `cols = m` the full one. Large
 * cases (`m·cols·min(m,n) > 2e6`) go through the blocked GEMM path of `formQBlockedF64`.
 */
export function formQF64(
  qr: Float64Array,
  tau: Float64Array,
  opts: QrF64Options & { cols: number },
): Float64Array {
  const { m, cols } = opts;
  const off = opts.offA ?? 0;
  const lda = opts.lda ?? opts.n;
  const kk = tau.length;
  if (m * cols * kk > 2e6) {
    // Large: explicit unit-diagonal vectors, then compact-WY blocks on the GEMM.
    const y = new Float64Array(m * kk);
    for (let j = 0; j < kk; j++) {
      y[j * kk + j] = 1;
      for (let i = j + 1; i < m; i++) y[i * kk + j] = qr[off + i * lda + j];
    }
    return formQBlockedF64(y, tau, { m, r: kk, cols });
  }
  const q = new Float64Array(m * cols);
  for (let i = 0; i < Math.min(m, cols); i++) q[i * cols + i] = 1;
  const w = new Float64Array(cols);
  for (let k = kk - 1; k >= 0; k--) {
    const t = tau[k];
    if (t === 0) continue;
    // Q[k:, k:] = H_k Q[k:, k:]
    for (let j = k; j < cols; j++) w[j] = q[k * cols + j];
    for (let i = k + 1; i < m; i++) {
      const vi = qr[off + i * lda + k];
      if (vi === 0) continue;
      const ri = i * cols;
      for (let j = k; j < cols; j++) w[j] += vi * q[ri + j];
    }
    for (let j = k; j < cols; j++) {
      w[j] *= t;
      q[k * cols + j] -= w[j];
    }
    for (let i = k + 1; i < m; i++) {
      const vi = qr[off + i * lda + k];
      if (vi === 0) continue;
      const ri = i * cols;
      for (let j = k; j < cols; j++) q[ri + j] -= vi * w[j];
    }
  }
  return q;
}

/**
 * Overwrite the `m×nrhs` row-major `B` with `Qᵀ·B` (LAPACK `dormqr`, side left, transpose),
 * `Q` given by the output of {@linkcode qrF64}.
 */
export function applyQtF64(
  qr: Float64Array,
  tau: Float64Array,
  b: Float64Array,
  opts: QrF64Options & { nrhs: number; offB?: number; ldb?: number },
): void {
  const { m, nrhs } = opts;
  const off = opts.offA ?? 0;
  const lda = opts.lda ?? opts.n;
  const ob = opts.offB ?? 0;
  const ldb = opts.ldb ?? nrhs;
  const w = new Float64Array(nrhs);
  for (let k = 0; k < tau.length; k++) {
    const t = tau[k];
    if (t === 0) continue;
    const rk = ob + k * ldb;
    for (let c = 0; c < nrhs; c++) w[c] = b[rk + c];
    for (let i = k + 1; i < m; i++) {
      const vi = qr[off + i * lda + k];
      if (vi === 0) continue;
      const ri = ob + i * ldb;
      for (let c = 0; c < nrhs; c++) w[c] += vi * b[ri + c];
    }
    for (let c = 0; c < nrhs; c++) {
      w[c] *= t;
      b[rk + c] -= w[c];
    }
    for (let i = k + 1; i < m; i++) {
      const vi = qr[off + i * lda + k];
      if (vi === 0) continue;
      const ri = ob + i * ldb;
      for (let c = 0; c < nrhs; c++) b[ri + c] -= vi * w[c];
    }
  }
}
