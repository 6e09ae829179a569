/**
 * Cuppen's divide and conquer for the symmetric tridiagonal eigenproblem (the LAPACK
 * `dstedc`/`dlaed0–4` scheme): split `T = diag(T₁, T₂) + ρ·u·uᵀ`, solve the halves, then the
 * rank-one modified diagonal problem `D + ρ·z·zᵀ` by the secular equation, with both kinds of
 * deflation (small `z` components and close eigenvalue pairs) and the Gu–Eisenstat
 * recomputation of `z` that keeps the eigenvectors orthogonal. The eigenvector updates
 * `Q·V` are GEMMs; small blocks use implicit QL.
 * @module
 */
import { defaultBackend } from "../../backend/mod.ts";
import type { Backend } from "../../backend/mod.ts";
import { ConvergenceError } from "../errors.ts";
import { tql2F64 } from "./tql2.ts";

const EPS = 2 ** -52;
/** Blocks at most this large are solved by QL directly. */
const LEAF = 32;

/**
 * Eigenvalues (ascending, written to `d`) and eigenvectors (returned, row-major `n×n`, column
 * `j` for `d[j]`) of the symmetric tridiagonal matrix with diagonal `d[0..n)` and off-diagonal
 * `off[0..n−1)` (`off[i]` couples `i` and `i+1`).
 * @throws {ConvergenceError} if a secular equation root or a QL leaf fails to converge.
 */
export function tridiagEigDC(
  d: Float64Array,
  off: Float64Array,
  opts: { n: number; backend?: Backend; fn?: string },
): Float64Array {
  const n = opts.n;
  const fn = opts.fn ?? "eigh";
  const gemm = (opts.backend ?? defaultBackend()).gemm;
  // Scale to max-norm 1 (deflation tolerances are absolute, as in dstedc).
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(d[i]));
  for (let i = 0; i < n - 1; i++) scale = Math.max(scale, Math.abs(off[i]));
  if (scale === 0) {
    const z = new Float64Array(n * n);
    for (let i = 0; i < n; i++) z[i * n + i] = 1;
    return z;
  }
  const dd = new Float64Array(n);
  const ee = new Float64Array(Math.max(n - 1, 0));
  for (let i = 0; i < n; i++) dd[i] = d[i] / scale;
  for (let i = 0; i < n - 1; i++) ee[i] = off[i] / scale;
  const q = solve(dd, ee, 0, n, gemm, fn);
  for (let i = 0; i < n; i++) d[i] = dd[i] * scale;
  return q;
}

type Gemm = Backend["gemm"];

/** Solve the block [lo, lo+n): on return dd[lo..] holds sorted eigenvalues; returns n×n Z. */
function solve(
  dd: Float64Array,
  ee: Float64Array,
  lo: number,
  n: number,
  gemm: Gemm,
  fn: string,
): Float64Array {
  if (n <= LEAF) {
    const d = dd.slice(lo, lo + n);
    const e = new Float64Array(n);
    for (let i = 1; i < n; i++) e[i] = ee[lo + i - 1];
    const z = new Float64Array(n * n);
    for (let i = 0; i < n; i++) z[i * n + i] = 1;
    tql2F64(z, d, e, n, true, fn);
    dd.set(d, lo);
    return z;
  }
  const n1 = n >> 1;
  const n2 = n - n1;
  const beta = ee[lo + n1 - 1];
  const rho0 = Math.abs(beta);
  dd[lo + n1 - 1] -= rho0;
  dd[lo + n1] -= rho0;
  const z1 = solve(dd, ee, lo, n1, gemm, fn);
  const z2 = solve(dd, ee, lo + n1, n2, gemm, fn);
  return merge(dd, lo, n1, n2, z1, z2, beta, gemm, fn);
}

function merge(
  dd: Float64Array,
  lo: number,
  n1: number,
  n2: number,
  z1: Float64Array,
  z2: Float64Array,
  beta: number,
  gemm: Gemm,
  fn: string,
): Float64Array {
  const n = n1 + n2;
  // Q = diag(Z1, Z2) as a dense n×n matrix (columns are the current basis).
  const q = new Float64Array(n * n);
  for (let i = 0; i < n1; i++) q.set(z1.subarray(i * n1, i * n1 + n1), i * n);
  for (let i = 0; i < n2; i++) q.set(z2.subarray(i * n2, i * n2 + n2), (n1 + i) * n + n1);
  const d = dd.slice(lo, lo + n);
  // z = Qᵀu / √2 with u = (e_{n1−1}, sign(β)·e_{n1}); ρ = 2|β|.
  const sgn = beta < 0 ? -1 : 1;
  const z = new Float64Array(n);
  for (let j = 0; j < n1; j++) z[j] = z1[(n1 - 1) * n1 + j] * Math.SQRT1_2;
  for (let j = 0; j < n2; j++) z[n1 + j] = sgn * z2[j] * Math.SQRT1_2;
  const rho = 2 * Math.abs(beta);
  // Sorted order of d (merge of two sorted halves).
  const order = new Int32Array(n);
  {
    let a = 0;
    let b = n1;
    for (let k = 0; k < n; k++) {
      if (b >= n || (a < n1 && d[a] <= d[b])) order[k] = a++;
      else order[k] = b++;
    }
  }
  let dmax = 0;
  let zmax = 0;
  for (let i = 0; i < n; i++) {
    dmax = Math.max(dmax, Math.abs(d[i]));
    zmax = Math.max(zmax, Math.abs(z[i]));
  }
  const tol = 8 * EPS * Math.max(dmax, zmax);
  // Deflation: walk in ascending order of d.
  const keep: number[] = []; // indices (into d, z, q columns) of the secular problem
  const defl: number[] = []; // deflated indices: eigenvalue d[i], vector q[:, i]
  if (rho * zmax <= tol) {
    for (let k = 0; k < n; k++) defl.push(order[k]);
  } else {
    let pj = -1;
    for (let k = 0; k < n; k++) {
      const nj = order[k];
      if (rho * Math.abs(z[nj]) <= tol) {
        defl.push(nj);
        continue;
      }
      if (pj < 0) {
        pj = nj;
        continue;
      }
      let s = z[pj];
      let c = z[nj];
      const tau = Math.hypot(c, s);
      const t = d[nj] - d[pj];
      c /= tau;
      s = -s / tau;
      if (Math.abs(t * c * s) <= tol) {
        // Rotate the pair so that z[pj] = 0: pj deflates.
        z[nj] = tau;
        z[pj] = 0;
        for (let r = 0; r < n * n; r += n) {
          const x = q[r + pj];
          const y = q[r + nj];
          q[r + pj] = c * x + s * y;
          q[r + nj] = c * y - s * x;
        }
        const dp = d[pj] * c * c + d[nj] * s * s;
        d[nj] = d[pj] * s * s + d[nj] * c * c;
        d[pj] = dp;
        defl.push(pj);
        pj = nj;
      } else {
        keep.push(pj);
        pj = nj;
      }
    }
    if (pj >= 0) keep.push(pj);
  }
  // The kept d's are ascending in walk order except where a rotation moved d[nj]; sort them.
  keep.sort((a, b) => d[a] - d[b]);
  const K = keep.length;
  const lam = new Float64Array(K);
  let out: Float64Array;
  if (K > 0) {
    const dk = new Float64Array(K);
    const zk = new Float64Array(K);
    let zz = 0;
    for (let i = 0; i < K; i++) {
      dk[i] = d[keep[i]];
      zk[i] = z[keep[i]];
      zz += zk[i] * zk[i];
    }
    // delta[i*K + j] = d_j − λ_i, computed relative to the root's origin.
    const delta = new Float64Array(K * K);
    for (let i = 0; i < K; i++) lam[i] = secularRoot(dk, zk, rho, zz, i, delta, fn);
    // Gu–Eisenstat: ẑ_j² = Π_i (λ_i − d_j) / (ρ Π_{i≠j} (d_i − d_j)).
    const zh = new Float64Array(K);
    for (let j = 0; j < K; j++) {
      let p = -delta[j * K + j] / rho;
      for (let i = 0; i < K; i++) {
        if (i === j) continue;
        p *= -delta[i * K + j] / (dk[i] - dk[j]);
      }
      zh[j] = (zk[j] < 0 ? -1 : 1) * Math.sqrt(Math.max(p, 0));
    }
    // V[j][i] = ẑ_j / (d_j − λ_i), columns normalized.
    const v = new Float64Array(K * K);
    for (let i = 0; i < K; i++) {
      let nrm = 0;
      for (let j = 0; j < K; j++) {
        const x = zh[j] / delta[i * K + j];
        v[j * K + i] = x;
        nrm += x * x;
      }
      const inv = 1 / Math.sqrt(nrm);
      for (let j = 0; j < K; j++) v[j * K + i] *= inv;
    }
    // New basis columns Q[:, keep]·V (GEMM).
    const qk = new Float64Array(n * K);
    for (let r = 0; r < n; r++) {
      const rq = r * n;
      const rk = r * K;
      for (let j = 0; j < K; j++) qk[rk + j] = q[rq + keep[j]];
    }
    out = new Float64Array(n * K);
    gemm({
      transA: false,
      transB: false,
      m: n,
      n: K,
      k: K,
      alpha: 1,
      a: qk,
      offA: 0,
      lda: K,
      b: v,
      offB: 0,
      ldb: K,
      beta: 0,
      c: out,
      offC: 0,
      ldc: K,
    });
  } else {
    out = new Float64Array(0);
  }
  // Assemble all n eigenpairs in ascending order.
  const vals = new Float64Array(n);
  const src: number[] = []; // ≥ 0: deflated index into q; < 0: −1−i for secular root i
  for (const i of defl) src.push(i);
  for (let i = 0; i < K; i++) src.push(-1 - i);
  const valOf = (x: number) => (x >= 0 ? d[x] : lam[-1 - x]);
  src.sort((a, b) => valOf(a) - valOf(b));
  const res = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    const x = src[c];
    vals[c] = valOf(x);
    if (x >= 0) {
      for (let r = 0; r < n; r++) res[r * n + c] = q[r * n + x];
    } else {
      const i = -1 - x;
      for (let r = 0; r < n; r++) res[r * n + c] = out[r * K + i];
    }
  }
  dd.set(vals, lo);
  return res;
}

/**
 * Root i of the secular equation f(λ) = 1 + ρ Σ z_j²/(d_j − λ) = 0, with d ascending and
 * ρ > 0: λ_i ∈ (d_i, d_{i+1}) (the last one in (d_{K−1}, d_{K−1} + ρ‖z‖²)). Works in the
 * shifted variable τ = λ − d_o about the nearer pole o, so that d_j − λ = (d_j − d_o) − τ is
 * accurate; safeguarded Newton on a bracket. Writes d_j − λ_i to delta[i*K + j].
 */
function secularRoot(
  d: Float64Array,
  z: Float64Array,
  rho: number,
  zz: number,
  i: number,
  delta: Float64Array,
  fn: string,
): number {
  const K = d.length;
  const row = i * K;
  const last = i === K - 1;
  // Pick the origin: the left pole unless the root lies in the right half of the gap.
  let o = i;
  let lo: number;
  let hi: number;
  if (last) {
    lo = 0;
    hi = rho * zz;
  } else {
    const gap = d[i + 1] - d[i];
    const mid = gap / 2;
    // f at the midpoint, relative to origin i.
    let f = 1;
    for (let j = 0; j < K; j++) f += rho * z[j] * z[j] / ((d[j] - d[i]) - mid);
    if (f >= 0) {
      lo = 0;
      hi = mid;
    } else {
      o = i + 1;
      lo = -mid;
      hi = 0;
    }
  }
  const dor = new Float64Array(K);
  for (let j = 0; j < K; j++) dor[j] = d[j] - d[o];
  let tau = (lo + hi) / 2;
  for (let it = 0;; it++) {
    if (it === 300) throw new ConvergenceError(fn, `secular equation root ${i} of ${K}`);
    let f = 1;
    let fp = 0;
    let erretm = 1;
    for (let j = 0; j < K; j++) {
      const t = z[j] / (dor[j] - tau);
      const term = rho * z[j] * t;
      f += term;
      erretm += Math.abs(term);
      fp += rho * t * t;
    }
    // Converged when f is at the level of its own rounding error (as in dlaed4).
    if (Math.abs(f) <= 8 * EPS * erretm) break;
    if (f < 0) lo = tau;
    else hi = tau;
    if (hi - lo <= 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi))) break;
    let next = tau - f / fp;
    // Safeguarded Newton: bisect when the step leaves the bracket (or after 60 steps).
    if (it >= 60 || !(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (next === tau) break;
    tau = next;
  }
  for (let j = 0; j < K; j++) delta[row + j] = dor[j] - tau;
  return d[o] + tau;
}
