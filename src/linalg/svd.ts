/**
 * Singular value decomposition and what it gives: pseudo-inverse, rank, condition number.
 * @module
 */
import type { NDArray } from "../array/mod.ts";
import { ArgumentError } from "../array/mod.ts";
import { svdF64 } from "./core/svd.ts";
import { readMatrix, wrap } from "./_matrix.ts";

/** Options of {@linkcode svd}. */
export interface SvdOptions {
  /**
   * `false` (default): thin factors, `U` is `m×k`, `Vᵀ` is `k×n` with `k = min(m, n)`;
   * `true`: full, `U` is `m×m` and `Vᵀ` is `n×n` (numpy's `full_matrices`).
   */
  full?: boolean;
}

/** Result of {@linkcode svd}: `A = U·diag(s)·Vᵀ`. */
export interface SvdResult {
  /** Left singular vectors as columns. */
  u: NDArray;
  /** Singular values, non-negative and descending, shape `[min(m, n)]`. */
  s: NDArray;
  /** `Vᵀ`: right singular vectors as rows (numpy's `vh`). */
  vt: NDArray;
}

/**
 * Singular value decomposition of the `m×n` matrix `a` (Householder bidiagonalization, then
 * implicit-shift QR on the bidiagonal — Golub–Reinsch). Backward stable:
 * `‖A − UΣVᵀ‖ = O(eps·‖A‖)`, `UᵀU = I`, `VᵀV = I` to `O(n·eps)`.
 * @example
 * ```ts
 * import { array } from "../array/mod.ts";
 * import { svd } from "./mod.ts";
 * const { s } = svd(array([[3, 0], [0, -4]]));
 * // s = [4, 3]
 * if (Math.abs(s.get(0) - 4) > 1e-14) throw new Error("wrong singular value");
 * ```
 */
export function svd(a: NDArray, opts: SvdOptions = {}): SvdResult {
  const w = readMatrix("svd", "a", a);
  const { m, n } = w;
  const full = opts.full ?? false;
  const k = Math.min(m, n);
  const r = svdF64(w.data, { m, n, full, fn: "svd" });
  return {
    u: wrap(r.u!, [m, full ? m : k], w.dtype),
    s: wrap(r.s, [k], w.dtype),
    vt: wrap(r.vt!, [full ? n : k, n], w.dtype),
  };
}

/** Singular values only (descending) of the `m×n` matrix `a`. */
export function svdvals(a: NDArray): NDArray {
  const w = readMatrix("svdvals", "a", a);
  const r = svdF64(w.data, { m: w.m, n: w.n, vectors: false, fn: "svdvals" });
  return wrap(r.s, [Math.min(w.m, w.n)], w.dtype);
}

function checkTol(fn: string, arg: string, v: unknown): void {
  if (v !== undefined && (typeof v !== "number" || !(v >= 0))) {
    throw new ArgumentError(fn, arg, "a number >= 0", v);
  }
}

/**
 * Moore–Penrose pseudo-inverse (`n×m`) of the `m×n` matrix `a` through the SVD: singular
 * values `≤ rcond·s_max` are treated as zero. Default `rcond = max(m, n)·eps` (numpy ≥ 2).
 */
export function pinv(a: NDArray, opts: { rcond?: number } = {}): NDArray {
  const fn = "pinv";
  checkTol(fn, "opts.rcond", opts.rcond);
  const w = readMatrix(fn, "a", a);
  const { m, n } = w;
  const k = Math.min(m, n);
  const r = svdF64(w.data, { m, n, fn });
  const u = r.u!;
  const vt = r.vt!;
  const cut = (opts.rcond ?? Math.max(m, n) * 2 ** -52) * (k > 0 ? r.s[0] : 0);
  const out = new Float64Array(n * m);
  // pinv = V·diag(1/s)·Uᵀ: out[i,j] = Σ_l vt[l,i] u[j,l] / s[l]
  for (let l = 0; l < k; l++) {
    const sl = r.s[l];
    if (!(sl > cut)) break;
    const inv = 1 / sl;
    for (let i = 0; i < n; i++) {
      const vi = vt[l * n + i] * inv;
      if (vi === 0) continue;
      const ro = i * m;
      for (let j = 0; j < m; j++) out[ro + j] += vi * u[j * k + l];
    }
  }
  return wrap(out, [n, m], w.dtype);
}

/**
 * Numerical rank of `a`: the number of singular values `> tol`, with default
 * `tol = s_max·max(m, n)·eps` (numpy's `matrix_rank`).
 */
export function matrixRank(a: NDArray, opts: { tol?: number } = {}): number {
  const fn = "matrixRank";
  checkTol(fn, "opts.tol", opts.tol);
  const w = readMatrix(fn, "a", a);
  const s = svdF64(w.data, { m: w.m, n: w.n, vectors: false, fn }).s;
  const tol = opts.tol ?? (s.length ? s[0] : 0) * Math.max(w.m, w.n) * 2 ** -52;
  let r = 0;
  for (let i = 0; i < s.length; i++) if (s[i] > tol) r++;
  return r;
}

/**
 * 2-norm condition number `s_max / s_min` of `a` (`Infinity` when `s_min = 0`).
 * @throws {ArgumentError} for an empty matrix.
 */
export function cond(a: NDArray): number {
  const fn = "cond";
  const w = readMatrix(fn, "a", a);
  if (w.m === 0 || w.n === 0) throw new ArgumentError(fn, "a", "a non-empty matrix", [w.m, w.n]);
  const s = svdF64(w.data, { m: w.m, n: w.n, vectors: false, fn }).s;
  const smin = s[s.length - 1];
  return smin === 0 ? Infinity : s[0] / smin;
}
