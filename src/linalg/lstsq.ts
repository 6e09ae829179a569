/**
 * Linear least squares and ridge regression.
 * @module
 */
import type { NDArray } from "../array/mod.ts";
import { ArgumentError } from "../array/mod.ts";
import { applyQtF64, qrF64 } from "./core/qr.ts";
import { svdF64 } from "./core/svd.ts";
import { trsmF64 } from "./core/triangular.ts";
import { joinDtype, readMatrix, readRhs, wrap } from "./_matrix.ts";
import { SingularMatrixError } from "./errors.ts";

/** Options of {@linkcode lstsq}. */
export interface LstsqOptions {
  /**
   * Ridge penalty `λ ≥ 0`: minimize `‖A·x − b‖² + λ‖x‖²` (default 0). With `λ > 0` the
   * problem is solved as the least-squares problem of the stacked matrix `[A; √λ·I]` by
   * Householder QR, which never forms `AᵀA` (so its conditioning is not squared).
   */
  ridge?: number;
  /**
   * For `λ = 0`: singular values `≤ rcond·s_max` count as zero and the minimum-norm solution
   * is returned (numpy's `lstsq`). Default `max(m, n)·eps`.
   */
  rcond?: number;
}

/** Result of {@linkcode lstsq}. */
export interface LstsqResult {
  /** Solution, shape `[n]` or `[n, k]` following `b`. */
  x: NDArray;
  /** Effective rank of `A` (`n` for `λ > 0`, since `[A; √λI]` has full column rank). */
  rank: number;
}

/**
 * Least-squares solution of `A·x ≈ b` for the `m×n` matrix `a` and `b` of shape `[m]` or
 * `[m, k]` (any `m`, `n`). With `ridge = λ > 0` it returns the ridge estimator
 * `x = (AᵀA + λI)⁻¹Aᵀb` computed stably by QR of `[A; √λI]`; with `λ = 0`, the minimum-norm
 * least-squares solution via the SVD (rank-deficient and underdetermined problems included).
 * @example
 * ```ts
 * import { array } from "../array/mod.ts";
 * import { lstsq } from "./mod.ts";
 * // fit y = c0 + c1·t through (0,1), (1,3), (2,5)
 * const { x } = lstsq(array([[1, 0], [1, 1], [1, 2]]), array([1, 3, 5]));
 * if (Math.abs(x.get(1) - 2) > 1e-12) throw new Error("wrong slope");
 * ```
 */
export function lstsq(a: NDArray, b: NDArray, opts: LstsqOptions = {}): LstsqResult {
  const fn = "lstsq";
  const ridge = opts.ridge ?? 0;
  if (typeof ridge !== "number" || !(ridge >= 0) || !Number.isFinite(ridge)) {
    throw new ArgumentError(fn, "opts.ridge", "a finite number >= 0", ridge);
  }
  if (opts.rcond !== undefined && (typeof opts.rcond !== "number" || !(opts.rcond >= 0))) {
    throw new ArgumentError(fn, "opts.rcond", "a number >= 0", opts.rcond);
  }
  const w = readMatrix(fn, "a", a);
  const { m, n } = w;
  const r = readRhs(fn, "b", b, m);
  const k = r.k;
  const dtype = joinDtype(w.dtype, r.dtype);
  const shape = r.vector ? [n] : [n, k];
  if (ridge > 0) {
    // Stacked (m+n)×n matrix [A; √λ I] and right-hand side [b; 0].
    const mm = m + n;
    const s = new Float64Array(mm * n);
    s.set(w.data);
    const sl = Math.sqrt(ridge);
    for (let i = 0; i < n; i++) s[(m + i) * n + i] = sl;
    const rhs = new Float64Array(mm * k);
    rhs.set(r.data);
    const tau = qrF64(s, { m: mm, n });
    applyQtF64(s, tau, rhs, { m: mm, n, nrhs: k });
    for (let i = 0; i < n; i++) {
      if (s[i * n + i] === 0) throw new SingularMatrixError(fn, i, "R diagonal entry");
    }
    trsmF64(s, rhs, { n, nrhs: k, lower: false, lda: n, ldb: k });
    return { x: wrap(rhs.slice(0, n * k), shape, dtype), rank: n };
  }
  const kk = Math.min(m, n);
  const sv = svdF64(w.data, { m, n, fn });
  const u = sv.u!;
  const vt = sv.vt!;
  const cut = (opts.rcond ?? Math.max(m, n) * 2 ** -52) * (kk > 0 ? sv.s[0] : 0);
  const x = new Float64Array(n * k);
  const c = new Float64Array(k);
  let rank = 0;
  for (let l = 0; l < kk; l++) {
    const sl = sv.s[l];
    if (!(sl > cut)) break;
    rank++;
    // c = (u_lᵀ b) / s_l ; x += v_l cᵀ
    c.fill(0);
    for (let i = 0; i < m; i++) {
      const ui = u[i * kk + l];
      if (ui === 0) continue;
      const rb = i * k;
      for (let j = 0; j < k; j++) c[j] += ui * r.data[rb + j];
    }
    for (let j = 0; j < k; j++) c[j] /= sl;
    for (let i = 0; i < n; i++) {
      const vi = vt[l * n + i];
      const rx = i * k;
      for (let j = 0; j < k; j++) x[rx + j] += vi * c[j];
    }
  }
  return { x: wrap(x, shape, dtype), rank };
}
