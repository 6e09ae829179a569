/**
 * Haar-distributed random orthogonal matrices.
 *
 * @module
 */

import { fromTyped } from "../array/creation.ts";
import type { DType } from "../array/dtype.ts";
import type { NDArray } from "../array/ndarray.ts";
import { checkCount, checkDType } from "./checks.ts";
import { assertKey, type Key } from "./key.ts";
import { normalF64 } from "./normal.ts";
import { formQF64, qrF64 } from "../linalg/core/qr.ts";

/**
 * The thin orthogonal factor Q (p×q, p ≥ q) of A = QR (A p×q, row-major, overwritten) by
 * src/linalg's Householder QR, with column j multiplied by sign(R_jj) so that R has a positive
 * diagonal (which makes Q Haar when A is Gaussian).
 */
function householderQPositive(a: Float64Array, p: number, q: number): Float64Array {
  const tau = qrF64(a, { m: p, n: q });
  const out = formQF64(a, tau, { m: p, n: q, cols: q });
  for (let j = 0; j < q; j++) {
    if (a[j * q + j] >= 0) continue;
    for (let i = 0; i < p; i++) out[i * q + j] = -out[i * q + j];
  }
  return out;
}

/**
 * A Haar-distributed random orthogonal matrix: for m = n (default) uniform on O(n); for
 * m ≠ n uniform on the Stiefel manifold of n×m matrices with orthonormal columns (n > m) or
 * rows (n < m). It is the thin Q factor of the QR decomposition of a max(n,m)×min(n,m)
 * standard Gaussian matrix ({@link normalF64}(k, n·m), row-major), with column j multiplied by
 * sign(R_jj) (Mezzadri, "How to generate random matrices from the classical compact groups",
 * Notices AMS 54, 2007, §5; without the sign fix the law is not Haar), transposed when n < m.
 * The QR is src/linalg's Householder factorization in float64.
 *
 * @param k the key
 * @param n number of rows
 * @param opts `{ m = n, dtype = "f64" }` (m = number of columns; f32 is the rounding of f64)
 * @returns a new n×m NDArray Q with QᵀQ = I_m (n ≥ m) or QQᵀ = I_n (n < m)
 */
export function orthogonal(
  k: Key,
  n: number,
  opts: { m?: number; dtype?: DType } = {},
): NDArray {
  assertKey("orthogonal", k);
  checkCount("orthogonal", "n", n);
  const m = checkCount("orthogonal", "m", opts.m ?? n);
  const dtype = checkDType("orthogonal", opts.dtype);
  const p = Math.max(n, m), q = Math.min(n, m);
  const thin = householderQPositive(normalF64(k, n * m), p, q); // p×q
  let out = thin;
  if (n < m) {
    out = new Float64Array(n * m);
    for (let i = 0; i < p; i++) for (let j = 0; j < q; j++) out[j * m + i] = thin[i * q + j];
  }
  return fromTyped(dtype === "f64" ? out : Float32Array.from(out), [n, m]);
}
