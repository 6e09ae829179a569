/**
 * Symmetric eigendecomposition on a flat row-major Float64Array: Householder reduction to
 * tridiagonal form followed by the implicit QL algorithm with Wilkinson-type shifts (the
 * EISPACK `tred2`/`tql2` pair as in JAMA), with the eigenvector matrix kept transposed so that
 * every inner loop — the symmetric matrix-vector products of the reduction, the back
 * transformation and the Givens rotations of QL — streams contiguous rows.
 * @module
 */
import { defaultBackend } from "../../backend/mod.ts";
import type { Backend } from "../../backend/mod.ts";
import { tridiagEigDC } from "./tridiag_dc.ts";
import { formQBlockedF64 } from "./householder_q.ts";
import { tql2F64 } from "./tql2.ts";

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
  /**
   * Tridiagonal eigensolver for the vectors: `"dc"` divide and conquer (GEMM-rich, default for
   * `n > 64`) or `"ql"` implicit QL (default for `n ≤ 64`).
   */
  method?: "dc" | "ql";
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
    tql2F64(w, d, e, n, false, fn);
    return { values: d, vectors: null };
  }
  const v = tridiagonalQ(w, h, n, opts.backend);
  const method = opts.method ?? (n > 64 ? "dc" : "ql");
  if (method === "ql") {
    tql2F64(v, d, e, n, true, fn);
    return { values: d, vectors: v };
  }
  // Divide and conquer on T, then back-transform Q·Z on the GEMM.
  const sub = new Float64Array(Math.max(n - 1, 0));
  for (let i = 0; i < n - 1; i++) sub[i] = e[i + 1];
  const z = tridiagEigDC(d, sub, { n, backend: opts.backend, fn });
  const q = new Float64Array(n * n);
  (opts.backend ?? defaultBackend()).gemm({
    transA: false,
    transB: false,
    m: n,
    n,
    k: n,
    alpha: 1,
    a: v,
    offA: 0,
    lda: n,
    b: z,
    offB: 0,
    ldb: n,
    beta: 0,
    c: q,
    offC: 0,
    ldc: n,
  });
  return { values: d, vectors: q };
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
