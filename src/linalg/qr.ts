/**
 * Householder QR factorization.
 * @module
 */
import type { NDArray } from "../array/mod.ts";
import { ArgumentError } from "../array/mod.ts";
import { formQF64, qrF64 } from "./core/qr.ts";
import { readMatrix, wrap } from "./_matrix.ts";

/** Options of {@linkcode qr}. */
export interface QrOptions {
  /**
   * `"reduced"` (default): `Q` is `m×k`, `R` is `k×n` with `k = min(m,n)`; `"complete"`: `Q`
   * is `m×m` and `R` is `m×n` (numpy's modes of the same names).
   */
  mode?: "reduced" | "complete";
}

/** Result of {@linkcode qr}: `A = Q·R`, `QᵀQ = I`, `R` upper triangular. */
export interface QrResult {
  /** Orthonormal columns. */
  q: NDArray;
  /** Upper triangular (trapezoidal) factor. */
  r: NDArray;
}

/**
 * Householder QR of the `m×n` matrix `a` (LAPACK `dgeqrf` + `dorgqr` conventions: the
 * diagonal of `R` may be negative). Backward stable.
 */
export function qr(a: NDArray, opts: QrOptions = {}): QrResult {
  const fn = "qr";
  const mode = opts.mode ?? "reduced";
  if (mode !== "reduced" && mode !== "complete") {
    throw new ArgumentError(fn, "opts.mode", '"reduced" or "complete"', mode);
  }
  const w = readMatrix(fn, "a", a);
  const { m, n } = w;
  const k = Math.min(m, n);
  const tau = qrF64(w.data, { m, n });
  const rows = mode === "complete" ? m : k;
  const q = formQF64(w.data, tau, { m, n, cols: rows });
  const r = new Float64Array(rows * n);
  for (let i = 0; i < Math.min(rows, m); i++) {
    for (let j = i; j < n; j++) r[i * n + j] = w.data[i * n + j];
  }
  return { q: wrap(q, [m, rows], w.dtype), r: wrap(r, [rows, n], w.dtype) };
}
