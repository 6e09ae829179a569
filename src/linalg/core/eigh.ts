/**
 * Symmetric eigendecomposition on a flat row-major Float64Array: Householder reduction to
 * tridiagonal form followed by the implicit QL algorithm with Wilkinson-type shifts (the
 * EISPACK `tred2`/`tql2` pair as in JAMA), with the eigenvector matrix kept transposed so that
 * every inner loop — the symmetric matrix-vector products of the reduction, the back
 * transformation and the Givens rotations of QL — streams contiguous rows.
 * @module
 */
import type { Backend } from "../../backend/mod.ts";
import { ConvergenceError } from "../errors.ts";
import { formQBlockedF64 } from "./householder_q.ts";

/** Options of {@linkcode eighF64}. */
export interface EighF64Options {
  /** Order of the matrix. */
  n: number;
  /** Index of `A[0,0]` (default 0). */
  offA?: number;
  /** Row stride (default `n`). */
  lda?: number;
  /** Compute eigenvectors (default true). */
  vectors?: boolean;
  /** Function name for errors (default "eigh"). */
  fn?: string;
  /** Backend whose GEMM forms the eigenvector basis (default `defaultBackend()`). */
  backend?: Backend;
}

/** Result of {@linkcode eighF64}. */
export interface EighF64Result {
  /** Eigenvalues in ascending order (length `n`). */
  values: Float64Array;
  /**
   * `n×n` row-major matrix `Q` whose column `j` is the unit eigenvector of `values[j]`
   * (`A = Q·diag(values)·Qᵀ`), or `null` when `vectors` is false.
   */
  vectors: Float64Array | null;
}

/**
 * Eigenvalues (ascending) and orthonormal eigenvectors of the symmetric `n×n` matrix in `a`.
 * Only the lower triangle of `a` is read; `a` is not modified. About `9n³` flops with vectors
 * (`4n³/3` of them without).
 * @throws {ConvergenceError} if QL needs more than 60 iterations for one eigenvalue.
 */
export function eighF64(a: Float64Array, opts: EighF64Options): EighF64Result {
  const n = opts.n;
  const off = opts.offA ?? 0;
  const lda = opts.lda ?? n;
  const want = opts.vectors ?? true;
  const fn = opts.fn ?? "eigh";
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n === 0) return { values: d, vectors: want ? new Float64Array(0) : null };
  // w[c*n + r] = V[r][c]; V starts as A (symmetric, from the lower triangle).
  const w = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c <= r; c++) {
      const v = a[off + r * lda + c];
      w[c * n + r] = v;
      w[r * n + c] = v;
    }
  }
  const h = new Float64Array(n);
  tred2(w, d, e, n, h);
  if (!want) {
    tql2(w, d, e, n, false, fn);
    return { values: d, vectors: null };
  }
  const v = tridiagonalQ(w, h, n, opts.backend);
  tql2(v, d, e, n, true, fn);
  return { values: d, vectors: v };
}

function tred2(w: Float64Array, d: Float64Array, e: Float64Array, n: number, h: Float64Array) {
  for (let j = 0; j < n; j++) d[j] = w[j * n + n - 1];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = w[j * n + i - 1];
        w[j * n + i] = 0;
        w[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h = h - f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        const rj = j * n;
        w[i * n + j] = f;
        // Two partial sums of g break the add latency chain.
        let g1 = 0;
        g = e[j] + w[rj + j] * f;
        let k = j + 1;
        for (; k + 1 < i; k += 2) {
          const v0 = w[rj + k];
          const v1 = w[rj + k + 1];
          g += v0 * d[k];
          g1 += v1 * d[k + 1];
          e[k] += v0 * f;
          e[k + 1] += v1 * f;
        }
        for (; k < i; k++) {
          const v = w[rj + k];
          g += v * d[k];
          e[k] += v * f;
        }
        e[j] = g + g1;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        const rj = j * n;
        for (let k = j; k < i; k++) w[rj + k] -= f * e[k] + g * d[k];
        d[j] = w[rj + i - 1];
        w[rj + i] = 0;
      }
    }
    d[i] = h;
  }
  // d[i] holds h_i (scaled ‖u_i‖²/2, H_i = I − u_i·u_iᵀ/h_i with u_i in w row i, entries < i).
  for (let i = 0; i < n; i++) h[i] = d[i];
  for (let j = 0; j < n; j++) d[j] = w[j * n + j];
  e[0] = 0;
}

/**
 * Q of the reduction A = Q·T·Qᵀ from tred2's reflectors, blocked on the GEMM: reflector i
 * (supported on 0..i−1) becomes, under the index reversal k → n−1−k, reflector j = n−1−i of
 * a QR-like sequence supported on j+1..n−1, so Q = P·(H′₀⋯H′_{n−2})·P.
 */
function tridiagonalQ(
  w: Float64Array,
  h: Float64Array,
  n: number,
  backend?: Backend,
): Float64Array {
  const r = Math.max(0, n - 1);
  const y = new Float64Array(n * Math.max(r, 1));
  const tau = new Float64Array(Math.max(r, 1));
  for (let i = n - 1; i >= 1; i--) {
    const j = n - 1 - i;
    if (h[i] === 0) continue;
    tau[j] = 1 / h[i];
    const ri = i * n;
    for (let k = 0; k < i; k++) y[(n - 1 - k) * r + j] = w[ri + k];
  }
  const qr = r > 0 ? formQBlockedF64(y, tau, { m: n, r, shift: 1, backend }) : eye(n);
  const q = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    const ra = (n - 1 - a) * n;
    for (let c = 0; c < n; c++) q[a * n + c] = qr[ra + n - 1 - c];
  }
  return q;
}

function eye(n: number): Float64Array {
  const x = new Float64Array(n * n);
  for (let i = 0; i < n; i++) x[i * n + i] = 1;
  return x;
}

function tql2(
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
