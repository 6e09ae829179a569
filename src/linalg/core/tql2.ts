/**
 * Implicit QL with Wilkinson-type shifts on a symmetric tridiagonal matrix (EISPACK `tql2`,
 * as in JAMA), accumulating the rotations into a row-major basis `V` column-wise.
 * @module
 */
import { ConvergenceError } from "../errors.ts";

/**
 * Eigenvalues (ascending, in `d`) of the symmetric tridiagonal matrix with diagonal `d[0..n)`
 * and off-diagonal `e[1..n)` (`e[i]` couples `i−1` and `i`; `e` is overwritten). With `want`,
 * the rotations are applied to the columns of the row-major `n×n` `v` (start from the
 * identity for the eigenvectors of T, or from Q for those of `Q·T·Qᵀ`), and the columns are
 * sorted with the eigenvalues.
 * @throws {ConvergenceError} after 60 iterations for one eigenvalue.
 */
export function tql2F64(
  w: Float64Array,
  d: Float64Array,
  e: Float64Array,
  n: number,
  want: boolean,
  fn: string,
) {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  const cr = new Float64Array(n);
  const sr = new Float64Array(n);
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) {
          throw new ConvergenceError(fn, `implicit QL, eigenvalue ${l} after 60 iterations`);
        }
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          cr[i] = c;
          sr[i] = s;
        }
        if (want) applyChain(w, n, l, m, cr, sr);
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] = d[l] + f;
    e[l] = 0;
  }
  // Sort ascending (selection sort, swapping eigenvector rows).
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = d[i];
    for (let j = i + 1; j < n; j++) {
      if (d[j] < p) {
        k = j;
        p = d[j];
      }
    }
    if (k !== i) {
      d[k] = d[i];
      d[i] = p;
      if (want) {
        for (let r = 0; r < n * n; r += n) {
          const t = w[r + i];
          w[r + i] = w[r + k];
          w[r + k] = t;
        }
      }
    }
  }
}

/**
 * Apply one QL sweep's rotations to the columns of the row-major `n×n` V: for i = m−1 down to
 * l, columns (i, i+1) ← (c·v_i − s·v_{i+1}, s·v_i + c·v_{i+1}). Each row is one pass with
 * the updated column carried in a register (LAPACK `dlasr` order), two rows at a time.
 */
function applyChain(
  v: Float64Array,
  n: number,
  l: number,
  m: number,
  cr: Float64Array,
  sr: Float64Array,
): void {
  let r = 0;
  const end = n * n;
  for (; r + n < end; r += 2 * n) {
    const r2 = r + n;
    let h1 = v[r + m];
    let h2 = v[r2 + m];
    for (let i = m - 1; i >= l; i--) {
      const c = cr[i];
      const s = sr[i];
      const x1 = v[r + i];
      const x2 = v[r2 + i];
      v[r + i + 1] = s * x1 + c * h1;
      v[r2 + i + 1] = s * x2 + c * h2;
      h1 = c * x1 - s * h1;
      h2 = c * x2 - s * h2;
    }
    v[r + l] = h1;
    v[r2 + l] = h2;
  }
  for (; r < end; r += n) {
    let h = v[r + m];
    for (let i = m - 1; i >= l; i--) {
      const x = v[r + i];
      v[r + i + 1] = sr[i] * x + cr[i] * h;
      h = cr[i] * x - sr[i] * h;
    }
    v[r + l] = h;
  }
}
