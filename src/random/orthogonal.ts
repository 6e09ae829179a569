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

/**
 * The thin orthogonal factor Q (p×q, p ≥ q) of A = QR (A p×q, row-major, overwritten) by
 * Householder reflections, with column j multiplied by sign(R_jj) so that R has a positive
 * diagonal. Local to src/random (src/linalg's QR is not a dependency here).
 */
function householderQPositive(a: Float64Array, p: number, q: number): Float64Array {
  const vs: Float64Array[] = [];
  const signs = new Float64Array(q);
  for (let k = 0; k < q; k++) {
    const v = new Float64Array(p - k);
    let norm2 = 0;
    for (let i = k; i < p; i++) {
      v[i - k] = a[i * q + k];
      norm2 += v[i - k] ** 2;
    }
    const x0 = v[0];
    const alpha = (x0 >= 0 ? -1 : 1) * Math.sqrt(norm2); // R_kk
    signs[k] = alpha >= 0 ? 1 : -1;
    v[0] = x0 - alpha;
    let vv = 0;
    for (let i = 0; i < v.length; i++) vv += v[i] * v[i];
    vs.push(v);
    if (vv === 0) continue; // column already zero below the diagonal: H = I
    // A[k:, k:] ← (I − 2vvᵀ/vᵀv) A[k:, k:]
    for (let j = k; j < q; j++) {
      let s = 0;
      for (let i = k; i < p; i++) s += v[i - k] * a[i * q + j];
      s *= 2 / vv;
      for (let i = k; i < p; i++) a[i * q + j] -= s * v[i - k];
    }
  }
  // Q = H_0 H_1 … H_{q−1} applied to the first q columns of I_p, from the last reflection.
  const out = new Float64Array(p * q);
  for (let i = 0; i < q; i++) out[i * q + i] = 1;
  for (let k = q - 1; k >= 0; k--) {
    const v = vs[k];
    let vv = 0;
    for (let i = 0; i < v.length; i++) vv += v[i] * v[i];
    if (vv === 0) continue;
    for (let j = 0; j < q; j++) {
      let s = 0;
      for (let i = k; i < p; i++) s += v[i - k] * out[i * q + j];
      s *= 2 / vv;
      for (let i = k; i < p; i++) out[i * q + j] -= s * v[i - k];
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < q; j++) out[i * q + j] *= signs[j];
  return out;
}

/**
 * A Haar-distributed random orthogonal matrix: for m = n (default) uniform on O(n); for
 * m ≠ n uniform on the Stiefel manifold of n×m matrices with orthonormal columns (n > m) or
 * rows (n < m). It is the thin Q factor of the QR decomposition of a max(n,m)×min(n,m)
 * standard Gaussian matrix ({@link normalF64}(k, n·m), row-major), with column j multiplied by
 * sign(R_jj) (Mezzadri, "How to generate random matrices from the classical compact groups",
 * Notices AMS 54, 2007, §5; without the sign fix the law is not Haar), transposed when n < m.
 * The QR is a local Householder factorization in float64.
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
