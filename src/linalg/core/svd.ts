/**
 * Singular value decomposition on a flat row-major Float64Array: Householder
 * bidiagonalization (on `Aᵀ`, so every inner loop streams a contiguous row), blocked formation
 * of `U` and `V` from the reflectors on the GEMM, then the implicit-shift QR iteration on the
 * bidiagonal (Golub–Reinsch as in LINPACK `dsvdc`) with each sweep's rotations applied as
 * carried column chains. Tall (`m ≥ 2n`) and wide thin problems take a Householder QR first
 * (R-SVD); extreme magnitudes are scaled by a power of two. Backward stable: the computed
 * factors satisfy `A + δA = U·Σ·Vᵀ` with `‖δA‖ = O(eps·‖A‖)`.
 * @module
 */
import { defaultBackend } from "../../backend/mod.ts";
import type { Backend } from "../../backend/mod.ts";
import { ConvergenceError } from "../errors.ts";
import { formQBlockedF64 } from "./householder_q.ts";
import { formQF64, qrF64 } from "./qr.ts";

/** Options of {@linkcode svdF64}. */
export interface SvdF64Options {
  /** Rows of `A`. */
  m: number;
  /** Columns of `A`. */
  n: number;
  /** Index of `A[0,0]` (default 0). */
  offA?: number;
  /** Row stride (default `n`). */
  lda?: number;
  /** Compute `U` and `Vᵀ` (default true). */
  vectors?: boolean;
  /** Full `U` (`m×m`) and `Vᵀ` (`n×n`) instead of thin ones (default false). */
  full?: boolean;
  /** Function name for errors (default "svd"). */
  fn?: string;
  /** Backend whose GEMM forms the singular vector bases (default `defaultBackend()`). */
  backend?: Backend;
}

/** Result of {@linkcode svdF64}; `k = min(m, n)`. */
export interface SvdF64Result {
  /** Singular values, descending, length `k`. */
  s: Float64Array;
  /** `U`, row-major `m×k` (thin) or `m×m` (full); `null` without vectors. */
  u: Float64Array | null;
  /** `Vᵀ`, row-major `k×n` (thin) or `n×n` (full); `null` without vectors. */
  vt: Float64Array | null;
}

/**
 * `A = U·diag(s)·Vᵀ` for the `m×n` row-major `A` (not modified). Singular values are
 * non-negative and descending.
 * @throws {ConvergenceError} if a singular value needs more than 75 QR sweeps.
 */
export function svdF64(a: Float64Array, opts: SvdF64Options): SvdF64Result {
  const { m, n } = opts;
  const off = opts.offA ?? 0;
  const lda = opts.lda ?? n;
  const want = opts.vectors ?? true;
  const full = opts.full ?? false;
  const fn = opts.fn ?? "svd";
  const k = Math.min(m, n);
  if (k === 0) {
    const u = want ? eyeOrEmpty(m, full ? m : 0) : null;
    const vt = want ? eyeOrEmpty(full ? n : 0, n) : null;
    return { s: new Float64Array(0), u, vt };
  }
  // Extreme magnitudes: scale by a power of two into a safe range (exact), since the
  // negligibility tests below use an absolute underflow threshold (as LAPACK's dgesvd does).
  let amax = 0;
  for (let i = 0; i < m; i++) {
    const ri = off + i * lda;
    for (let j = 0; j < n; j++) amax = Math.max(amax, Math.abs(a[ri + j]));
  }
  if (amax > 0 && amax < Infinity && (amax < 2 ** -400 || amax > 2 ** 400)) {
    const e2 = Math.max(-1000, Math.min(1000, Math.round(Math.log2(amax))));
    const sc = 2 ** -e2;
    const as = new Float64Array(m * n);
    for (let i = 0; i < m; i++) {
      const ri = off + i * lda;
      for (let j = 0; j < n; j++) as[i * n + j] = a[ri + j] * sc;
    }
    const r = svdF64(as, { ...opts, offA: 0, lda: n });
    const back = 2 ** e2;
    for (let i = 0; i < r.s.length; i++) r.s[i] *= back;
    return r;
  }
  if (!full && n >= 8 && m >= 2 * n) {
    // Tall: QR first (blocked, GEMM), then the SVD of the n×n R and U = Q·U_R (LAPACK's
    // "R-bidiagonalization" path of dgesvd).
    const w = new Float64Array(m * n);
    for (let i = 0; i < m; i++) w.set(a.subarray(off + i * lda, off + i * lda + n), i * n);
    const tau = qrF64(w, { m, n, backend: opts.backend });
    const r = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) r[i * n + j] = w[i * n + j];
    const rs = svdF64(r, { m: n, n, vectors: want, fn, backend: opts.backend });
    if (!want) return rs;
    const q = formQF64(w, tau, { m, n, cols: n });
    const u = new Float64Array(m * n);
    (opts.backend ?? defaultBackend()).gemm({
      transA: false,
      transB: false,
      m,
      n,
      k: n,
      alpha: 1,
      a: q,
      offA: 0,
      lda: n,
      b: rs.u!,
      offB: 0,
      ldb: n,
      beta: 0,
      c: u,
      offC: 0,
      ldc: n,
    });
    return { s: rs.s, u, vt: rs.vt };
  }
  if (!full && m >= 8 && n >= 2 * m) {
    // Wide: the SVD of Aᵀ (tall path above), transposed back.
    const at = new Float64Array(n * m);
    for (let i = 0; i < m; i++) {
      const ri = off + i * lda;
      for (let j = 0; j < n; j++) at[j * m + i] = a[ri + j];
    }
    const ts = svdF64(at, { m: n, n: m, vectors: want, fn, backend: opts.backend });
    if (!want) return ts;
    return { s: ts.s, u: transpose(ts.vt!, m, m), vt: transpose(ts.u!, n, m) };
  }
  if (m >= n) {
    // Work array b = Aᵀ (n×m).
    const b = new Float64Array(n * m);
    for (let i = 0; i < m; i++) {
      const ri = off + i * lda;
      for (let j = 0; j < n; j++) b[j * m + i] = a[ri + j];
    }
    const nu = full ? m : n;
    const r = golubReinsch(b, m, n, nu, want, fn, opts.backend);
    return { s: r.s, u: r.u, vt: r.v ? transpose(r.v, n, n) : null };
  }
  // m < n: factor A' = Aᵀ (n×m, tall): A' = U' S V'ᵀ, so A = V' S U'ᵀ. Work array = A'ᵀ = A.
  const b = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const ri = off + i * lda;
    for (let j = 0; j < n; j++) b[i * n + j] = a[ri + j];
  }
  const nu = full ? n : m;
  const r = golubReinsch(b, n, m, nu, want, fn, opts.backend);
  return { s: r.s, u: r.v, vt: r.u ? transpose(r.u, n, nu) : null };
}

function eyeOrEmpty(r: number, c: number): Float64Array {
  const x = new Float64Array(r * c);
  for (let i = 0; i < Math.min(r, c); i++) x[i * c + i] = 1;
  return x;
}

function transpose(x: Float64Array, r: number, c: number): Float64Array {
  const y = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    const ri = i * c;
    for (let j = 0; j < c; j++) y[j * r + i] = x[ri + j];
  }
  return y;
}

/** Scaled 2-norm of x[o .. o+len-1] (no overflow/underflow). */
function nrm(x: Float64Array, o: number, len: number): number {
  let scale = 0;
  for (let i = 0; i < len; i++) scale = Math.max(scale, Math.abs(x[o + i]));
  if (scale === 0 || scale !== scale) return scale;
  let ss = 0;
  const inv = 1 / scale;
  for (let i = 0; i < len; i++) {
    const t = x[o + i] * inv;
    ss += t * t;
  }
  return scale * Math.sqrt(ss);
}

/**
 * LINPACK dsvdc for m ≥ n: bidiagonalization on b = Aᵀ (n×m, b[j*m+i] = A[i][j]) with the
 * reflectors kept transposed in ut/vt, then U (m×nu) and V (n×n) formed blocked and rotated
 * column-wise.
 */
function golubReinsch(
  b: Float64Array,
  m: number,
  n: number,
  nu: number,
  want: boolean,
  fn: string,
  backend?: Backend,
): { s: Float64Array; u: Float64Array | null; v: Float64Array | null } {
  const s = new Float64Array(n);
  const e = new Float64Array(n);
  const work = new Float64Array(m);
  const ut = want ? new Float64Array(nu * m) : null;
  const vt = want ? new Float64Array(n * n) : null;
  const nct = Math.min(m - 1, n);
  const nrt = Math.max(0, Math.min(n - 2, m));
  for (let k = 0; k < Math.max(nct, nrt); k++) {
    const rk = k * m;
    if (k < nct) {
      let sk = nrm(b, rk + k, m - k);
      if (sk !== 0) {
        if (b[rk + k] < 0) sk = -sk;
        const inv = 1 / sk;
        for (let i = k; i < m; i++) b[rk + i] *= inv;
        b[rk + k] += 1;
      }
      s[k] = -sk;
    }
    for (let j = k + 1; j < n; j++) {
      const rj = j * m;
      if (k < nct && s[k] !== 0) {
        // Four partial sums break the floating-point add latency chain of the dot product.
        let t0 = 0;
        let t1 = 0;
        let t2 = 0;
        let t3 = 0;
        let i = k;
        for (; i + 3 < m; i += 4) {
          t0 += b[rk + i] * b[rj + i];
          t1 += b[rk + i + 1] * b[rj + i + 1];
          t2 += b[rk + i + 2] * b[rj + i + 2];
          t3 += b[rk + i + 3] * b[rj + i + 3];
        }
        for (; i < m; i++) t0 += b[rk + i] * b[rj + i];
        const t = -(t0 + t1 + (t2 + t3)) / b[rk + k];
        for (let i = k; i < m; i++) b[rj + i] += t * b[rk + i];
      }
      e[j] = b[rj + k];
    }
    if (ut && k < nct) {
      for (let i = k; i < m; i++) ut[k * m + i] = b[rk + i];
    }
    if (k < nrt) {
      let ek = nrm(e, k + 1, n - k - 1);
      if (ek !== 0) {
        if (e[k + 1] < 0) ek = -ek;
        const inv = 1 / ek;
        for (let i = k + 1; i < n; i++) e[i] *= inv;
        e[k + 1] += 1;
      }
      e[k] = -ek;
      if (k + 1 < m && ek !== 0) {
        for (let i = k + 1; i < m; i++) work[i] = 0;
        for (let j = k + 1; j < n; j++) {
          const ej = e[j];
          const rj = j * m;
          for (let i = k + 1; i < m; i++) work[i] += ej * b[rj + i];
        }
        for (let j = k + 1; j < n; j++) {
          const t = -e[j] / e[k + 1];
          const rj = j * m;
          for (let i = k + 1; i < m; i++) b[rj + i] += t * work[i];
        }
      }
      if (vt) {
        for (let i = k + 1; i < n; i++) vt[k * n + i] = e[i];
      }
    }
  }
  let p = n; // min(n, m+1) with m >= n
  if (nct < n) s[nct] = b[nct * m + nct];
  if (nrt + 1 < p) e[nrt] = b[(p - 1) * m + nrt];
  e[p - 1] = 0;
  // Form U = H₀⋯H_{nct−1}·I[:, :nu] and V = G₀⋯G_{nrt−1} with blocked GEMM updates.
  let u: Float64Array | null = null;
  let v: Float64Array | null = null;
  if (ut) {
    const yu = new Float64Array(m * Math.max(nct, 1));
    const tu = new Float64Array(Math.max(nct, 1));
    for (let k = 0; k < nct; k++) {
      if (s[k] === 0) continue;
      tu[k] = 1 / ut[k * m + k];
      for (let i = k; i < m; i++) yu[i * nct + k] = ut[k * m + i];
    }
    u = formQBlockedF64(yu, tu, { m, r: nct, cols: nu, backend });
  }
  if (vt) {
    const yv = new Float64Array(n * Math.max(nrt, 1));
    const tv = new Float64Array(Math.max(nrt, 1));
    for (let k = 0; k < nrt; k++) {
      if (e[k] === 0) continue;
      tv[k] = 1 / vt[k * n + k + 1];
      for (let i = k + 1; i < n; i++) yv[i * nrt + k] = vt[k * n + i];
    }
    v = formQBlockedF64(yv, tv, { m: n, r: nrt, shift: 1, cols: n, backend });
  }
  const csV = new Float64Array(n);
  const snV = new Float64Array(n);
  const csU = new Float64Array(n);
  const snU = new Float64Array(n);
  const pp = p - 1;
  let iter = 0;
  const eps = 2 ** -52;
  const tiny = 2 ** -966;
  while (p > 0) {
    let k: number;
    let kase: number;
    if (iter > 75) {
      throw new ConvergenceError(fn, `bidiagonal QR, ${p} values left after 75 sweeps`);
    }
    for (k = p - 2; k >= -1; k--) {
      if (k === -1) break;
      if (Math.abs(e[k]) <= tiny + eps * (Math.abs(s[k]) + Math.abs(s[k + 1]))) {
        e[k] = 0;
        break;
      }
    }
    if (k === p - 2) {
      kase = 4;
    } else {
      let ks: number;
      for (ks = p - 1; ks >= k; ks--) {
        if (ks === k) break;
        const t = (ks !== p ? Math.abs(e[ks]) : 0) + (ks !== k + 1 ? Math.abs(e[ks - 1]) : 0);
        if (Math.abs(s[ks]) <= tiny + eps * t) {
          s[ks] = 0;
          break;
        }
      }
      if (ks === k) kase = 3;
      else if (ks === p - 1) kase = 1;
      else {
        kase = 2;
        k = ks;
      }
    }
    k++;
    if (kase === 1) {
      // Deflate negligible s(p).
      let f = e[p - 2];
      e[p - 2] = 0;
      for (let j = p - 2; j >= k; j--) {
        const t = Math.hypot(s[j], f);
        const cs = s[j] / t;
        const sn = f / t;
        s[j] = t;
        if (j !== k) {
          f = -sn * e[j - 1];
          e[j - 1] = cs * e[j - 1];
        }
        if (v) colRot(v, n, n, j, p - 1, cs, sn);
      }
    } else if (kase === 2) {
      // Split at negligible s(k).
      let f = e[k - 1];
      e[k - 1] = 0;
      for (let j = k; j < p; j++) {
        const t = Math.hypot(s[j], f);
        const cs = s[j] / t;
        const sn = f / t;
        s[j] = t;
        f = -sn * e[j];
        e[j] = cs * e[j];
        if (u) colRot(u, m, nu, j, k - 1, cs, sn);
      }
    } else if (kase === 3) {
      // One implicit-shift QR step.
      const scale = Math.max(
        Math.abs(s[p - 1]),
        Math.abs(s[p - 2]),
        Math.abs(e[p - 2]),
        Math.abs(s[k]),
        Math.abs(e[k]),
      );
      const sp = s[p - 1] / scale;
      const spm1 = s[p - 2] / scale;
      const epm1 = e[p - 2] / scale;
      const sk = s[k] / scale;
      const ek = e[k] / scale;
      const bb = ((spm1 + sp) * (spm1 - sp) + epm1 * epm1) / 2;
      const c = sp * epm1 * (sp * epm1);
      let shift = 0;
      if (bb !== 0 || c !== 0) {
        shift = Math.sqrt(bb * bb + c);
        if (bb < 0) shift = -shift;
        shift = c / (bb + shift);
      }
      let f = (sk + sp) * (sk - sp) + shift;
      let g = sk * ek;
      for (let j = k; j < p - 1; j++) {
        let t = Math.hypot(f, g);
        let cs = f / t;
        let sn = g / t;
        if (j !== k) e[j - 1] = t;
        f = cs * s[j] + sn * e[j];
        e[j] = cs * e[j] - sn * s[j];
        g = sn * s[j + 1];
        s[j + 1] = cs * s[j + 1];
        csV[j] = cs;
        snV[j] = sn;
        t = Math.hypot(f, g);
        cs = f / t;
        sn = g / t;
        s[j] = t;
        f = cs * e[j] + sn * s[j + 1];
        s[j + 1] = -sn * e[j] + cs * s[j + 1];
        g = sn * e[j + 1];
        e[j + 1] = cs * e[j + 1];
        csU[j] = cs;
        snU[j] = sn;
      }
      e[p - 2] = f;
      if (v) applyChainUp(v, n, n, k, p - 1, csV, snV);
      if (u) applyChainUp(u, m, nu, k, p - 1, csU, snU);
      iter++;
    } else {
      // Convergence: make s[k] non-negative and move it into order.
      if (s[k] <= 0) {
        s[k] = s[k] < 0 ? -s[k] : 0;
        if (v) { for (let i = 0; i <= pp; i++) v[i * n + k] = -v[i * n + k]; }
      }
      while (k < pp) {
        if (s[k] >= s[k + 1]) break;
        const t = s[k];
        s[k] = s[k + 1];
        s[k + 1] = t;
        if (v && k < n - 1) swapCols(v, n, n, k);
        if (u && k < m - 1) swapCols(u, m, nu, k);
        k++;
      }
      iter = 0;
      p--;
    }
  }
  return { s, u, v };
}

function swapCols(x: Float64Array, rows: number, ld: number, k: number): void {
  for (let r = 0; r < rows * ld; r += ld) {
    const t = x[r + k];
    x[r + k] = x[r + k + 1];
    x[r + k + 1] = t;
  }
}

/** Columns (c1, c2) ← (cs·c1 + sn·c2, cs·c2 − sn·c1) of a row-major matrix. */
function colRot(
  x: Float64Array,
  rows: number,
  ld: number,
  c1: number,
  c2: number,
  cs: number,
  sn: number,
): void {
  for (let r = 0; r < rows * ld; r += ld) {
    const a = x[r + c1];
    const b = x[r + c2];
    x[r + c1] = cs * a + sn * b;
    x[r + c2] = cs * b - sn * a;
  }
}

/**
 * Apply the rotations j = k … last−1 of one QR sweep to columns (j, j+1) in ascending order,
 * row by row with the updated column carried in a register (LAPACK `dlasr` order), two rows
 * at a time.
 */
function applyChainUp(
  x: Float64Array,
  rows: number,
  ld: number,
  k: number,
  last: number,
  cs: Float64Array,
  sn: Float64Array,
): void {
  let r = 0;
  const end = rows * ld;
  for (; r + ld < end; r += 2 * ld) {
    const r2 = r + ld;
    let h1 = x[r + k];
    let h2 = x[r2 + k];
    for (let j = k; j < last; j++) {
      const c = cs[j];
      const s = sn[j];
      const a1 = x[r + j + 1];
      const a2 = x[r2 + j + 1];
      x[r + j] = c * h1 + s * a1;
      x[r2 + j] = c * h2 + s * a2;
      h1 = c * a1 - s * h1;
      h2 = c * a2 - s * h2;
    }
    x[r + last] = h1;
    x[r2 + last] = h2;
  }
  for (; r < end; r += ld) {
    let h = x[r + k];
    for (let j = k; j < last; j++) {
      const a = x[r + j + 1];
      x[r + j] = cs[j] * h + sn[j] * a;
      h = cs[j] * a - sn[j] * h;
    }
    x[r + last] = h;
  }
}
