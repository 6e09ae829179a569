/**
 * Householder reduction of a symmetric matrix to tridiagonal form, `A = Q·T·Qᵀ` (LAPACK
 * `dsytrd` with `uplo = 'L'`, blocked as in `dlatrd`): a panel of `nb` columns is reduced with
 * the symmetric matrix-vector products done against the not-yet-updated trailing matrix plus
 * low-rank corrections, and the trailing matrix then receives the rank-`2nb` update
 * `A −= V·Wᵀ + W·Vᵀ` as two GEMMs. The matrix is kept in full symmetric row-major storage, so
 * every product streams contiguous rows.
 * @module
 */
import { defaultBackend } from "../../backend/mod.ts";
import type { Backend } from "../../backend/mod.ts";
import { formQBlockedF64 } from "./householder_q.ts";

/** Options of {@linkcode sytrdF64}. */
export interface SytrdF64Options {
  /** Order of the matrix. */
  n: number;
  /** Index of `A[0,0]` (default 0). */
  offA?: number;
  /** Row stride (default `n`). */
  lda?: number;
  /** Also form `Q` (default true). */
  wantQ?: boolean;
  /** Panel width (default 32; `n ≤ 2·blockSize` runs without trailing GEMMs). */
  blockSize?: number;
  /** Backend for the GEMMs (default `defaultBackend()`). */
  backend?: Backend;
}

/** Result of {@linkcode sytrdF64}. */
export interface SytrdF64Result {
  /** Diagonal of `T` (length `n`). */
  d: Float64Array;
  /** Sub-diagonal of `T` (length `max(n−1, 0)`): `e[i] = T[i+1, i]`. */
  e: Float64Array;
  /** `Q` (`n×n` row-major, orthogonal) with `A = Q·T·Qᵀ`, or `null` without `wantQ`. */
  q: Float64Array | null;
}

/**
 * Reduce the symmetric `n×n` matrix in `a` (only its lower triangle is read; `a` is not
 * modified) to tridiagonal `T = Qᵀ·A·Q`. `4n³/3` flops for `T` (half of them in GEMM for
 * large `n`), `4n³/3` more for `Q` (in GEMM).
 */
export function sytrdF64(a: Float64Array, opts: SytrdF64Options): SytrdF64Result {
  const n = opts.n;
  const off = opts.offA ?? 0;
  const lda = opts.lda ?? n;
  const wantQ = opts.wantQ ?? true;
  const nb = Math.max(1, opts.blockSize ?? 32);
  const backend = opts.backend ?? defaultBackend();
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(n - 1, 0));
  // Full symmetric working copy from the lower triangle.
  const w = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c <= r; c++) {
      const v = a[off + r * lda + c];
      w[r * n + c] = v;
      w[c * n + r] = v;
    }
  }
  const r = Math.max(n - 1, 0);
  const y = wantQ ? new Float64Array(n * Math.max(r, 1)) : null;
  const tau = new Float64Array(Math.max(r, 1));
  // Panel reflectors V and W, stored transposed (column p of V is vt[p*n .. p*n+n)).
  const vt = new Float64Array(nb * n);
  const wt = new Float64Array(nb * n);
  const u = new Float64Array(n);
  const t1 = new Float64Array(nb);
  const t2 = new Float64Array(nb);
  for (let k0 = 0; k0 < n - 1; k0 += nb) {
    const kb = Math.min(nb, n - 1 - k0);
    vt.fill(0);
    wt.fill(0);
    for (let i = 0; i < kb; i++) {
      const j = k0 + i;
      const rj = j * n;
      const vi = i * n;
      // 1. Bring row j (= column j) up to date with the panel's earlier reflectors.
      for (let p = 0; p < i; p++) {
        const po = p * n;
        const vj = vt[po + j];
        const wj = wt[po + j];
        for (let c = j; c < n; c++) w[rj + c] -= vj * wt[po + c] + wj * vt[po + c];
      }
      d[j] = w[rj + j];
      // 2. Householder vector for x = A[j+1:, j] (dlarfg).
      const alpha = w[rj + j + 1];
      let scale = 0;
      for (let c = j + 2; c < n; c++) scale = Math.max(scale, Math.abs(w[rj + c]));
      let xnorm = 0;
      if (scale > 0) {
        let ss = 0;
        for (let c = j + 2; c < n; c++) {
          const t = w[rj + c] / scale;
          ss += t * t;
        }
        xnorm = scale * Math.sqrt(ss);
      }
      if (xnorm === 0) {
        e[j] = alpha;
        tau[j] = 0;
        continue;
      }
      const beta = -(alpha >= 0 ? 1 : -1) * Math.hypot(alpha, xnorm);
      const tj = (beta - alpha) / beta;
      const sv = 1 / (alpha - beta);
      e[j] = beta;
      tau[j] = tj;
      vt[vi + j + 1] = 1;
      for (let c = j + 2; c < n; c++) vt[vi + c] = w[rj + c] * sv;
      if (y) { for (let c = j + 1; c < n; c++) y[c * r + j] = vt[vi + c]; }
      // 3. u = A_w[j+1:, j+1:]·v from the lower triangle in one pass per row: row rr gives
      //    the dot product Σ_{c<rr} A[rr,c]v[c] and the axpy u[c] += A[rr,c]·v[rr] (as tred2).
      u.fill(0, j + 1, n);
      for (let rr = j + 1; rr < n; rr++) {
        const ro = rr * n;
        const vr = vt[vi + rr];
        let s0 = w[ro + rr] * vr;
        let s1 = 0;
        let c = j + 1;
        for (; c + 1 < rr; c += 2) {
          const a0 = w[ro + c];
          const a1 = w[ro + c + 1];
          s0 += a0 * vt[vi + c];
          s1 += a1 * vt[vi + c + 1];
          u[c] += a0 * vr;
          u[c + 1] += a1 * vr;
        }
        for (; c < rr; c++) {
          const a0 = w[ro + c];
          s0 += a0 * vt[vi + c];
          u[c] += a0 * vr;
        }
        u[rr] += s0 + s1;
      }
      if (i > 0) {
        // t1 = Wᵀv, t2 = Vᵀv; u −= V·t1 + W·t2.
        for (let p = 0; p < i; p++) {
          const po = p * n;
          let a1 = 0;
          let a2 = 0;
          for (let rr = j + 1; rr < n; rr++) {
            const x = vt[vi + rr];
            a1 += wt[po + rr] * x;
            a2 += vt[po + rr] * x;
          }
          t1[p] = a1;
          t2[p] = a2;
        }
        for (let p = 0; p < i; p++) {
          const po = p * n;
          const c1 = t1[p];
          const c2 = t2[p];
          for (let rr = j + 1; rr < n; rr++) u[rr] -= vt[po + rr] * c1 + wt[po + rr] * c2;
        }
      }
      // 4. w = τu − (τ/2)(τuᵀv)v.
      let dotp = 0;
      for (let rr = j + 1; rr < n; rr++) {
        u[rr] *= tj;
        dotp += u[rr] * vt[vi + rr];
      }
      const half = 0.5 * tj * dotp;
      for (let rr = j + 1; rr < n; rr++) wt[vi + rr] = u[rr] - half * vt[vi + rr];
    }
    // Trailing update A[k1:, k1:] −= V·Wᵀ + W·Vᵀ (full symmetric block).
    const k1 = k0 + kb;
    const m = n - k1;
    if (m <= 0) continue;
    if (kb === nb && n > 2 * nb) {
      for (const [x, z] of [[vt, wt], [wt, vt]]) {
        backend.gemm({
          transA: true,
          transB: false,
          m,
          n: m,
          k: kb,
          alpha: -1,
          a: x,
          offA: k1,
          lda: n,
          b: z,
          offB: k1,
          ldb: n,
          beta: 1,
          c: w,
          offC: k1 * n + k1,
          ldc: n,
        });
      }
    } else {
      for (let p = 0; p < kb; p++) {
        const po = p * n;
        for (let rr = k1; rr < n; rr++) {
          const ro = rr * n;
          const vr = vt[po + rr];
          const wr = wt[po + rr];
          for (let c = k1; c < n; c++) w[ro + c] -= vr * wt[po + c] + wr * vt[po + c];
        }
      }
    }
  }
  if (n > 0) d[n - 1] = w[(n - 1) * n + n - 1];
  let q: Float64Array | null = null;
  if (wantQ) {
    if (r > 0) q = formQBlockedF64(y!, tau, { m: n, r, shift: 1, backend });
    else {
      q = new Float64Array(n * n);
      for (let i = 0; i < n; i++) q[i * n + i] = 1;
    }
  }
  return { d, e, q };
}
