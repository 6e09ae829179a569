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
 * The orthogonal factor of A = QR (n×n, row-major, overwritten) by Householder reflections,
 * with its columns multiplied by sign(R_jj) so that R has a positive diagonal. Local to
 * src/random (src/linalg's QR is not a dependency here).
 */
function householderQPositive(a: Float64Array, n: number): Float64Array {
  const vs: Float64Array[] = [];
  const signs = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const v = new Float64Array(n - k);
    let norm2 = 0;
    for (let i = k; i < n; i++) {
      v[i - k] = a[i * n + k];
      norm2 += v[i - k] ** 2;
    }
    const x0 = v[0];
    const alpha = (x0 >= 0 ? -1 : 1) * Math.sqrt(norm2); // R_kk
    signs[k] = alpha >= 0 ? 1 : -1;
    v[0] = x0 - alpha;
    let vv = 0;
    for (let i = 0; i < v.length; i++) vv += v[i] * v[i];
    vs.push(v);
    if (vv === 0) continue; // column already zero: H = I
    // A[k:, k:] ← (I − 2vvᵀ/vᵀv) A[k:, k:]
    for (let j = k; j < n; j++) {
      let s = 0;
      for (let i = k; i < n; i++) s += v[i - k] * a[i * n + j];
      s *= 2 / vv;
      for (let i = k; i < n; i++) a[i * n + j] -= s * v[i - k];
    }
  }
  // Q = H_0 H_1 … H_{n−1}: apply the reflections to the identity from the last one.
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k];
    let vv = 0;
    for (let i = 0; i < v.length; i++) vv += v[i] * v[i];
    if (vv === 0) continue;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = k; i < n; i++) s += v[i - k] * q[i * n + j];
      s *= 2 / vv;
      for (let i = k; i < n; i++) q[i * n + j] -= s * v[i - k];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) q[i * n + j] *= signs[j];
  return q;
}

/**
 * A Haar-distributed (uniform on O(n)) random orthogonal n×n matrix: the Q factor of the QR
 * decomposition of an n×n standard Gaussian matrix ({@link normalF64}(k, n²), row-major), with
 * column j multiplied by sign(R_jj) (Mezzadri, "How to generate random matrices from the
 * classical compact groups", Notices AMS 54, 2007, §5; without the sign fix the law is not
 * Haar). The QR is a local Householder factorization in float64.
 *
 * @param k the key
 * @param n the matrix size
 * @param opts `{ dtype = "f64" }` (f32 is the rounding of the f64 matrix)
 * @returns a new n×n NDArray Q with QᵀQ = I
 */
export function orthogonal(k: Key, n: number, opts: { dtype?: DType } = {}): NDArray {
  assertKey("orthogonal", k);
  checkCount("orthogonal", "n", n);
  const dtype = checkDType("orthogonal", opts.dtype);
  const q = householderQPositive(normalF64(k, n * n), n);
  return fromTyped(dtype === "f64" ? q : Float32Array.from(q), [n, n]);
}
