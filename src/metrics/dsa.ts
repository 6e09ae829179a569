/**
 * Dynamical similarity analysis (DSA; Ostrow et al. 2023), used by INSD to embed networks by
 * their dynamics (Qian & Pehlevan, arXiv:2509.21504, the DSA/MDS figure): reduce each
 * network's trajectories by PCA, delay-embed, fit a linear (DMD) operator A with
 * x_{t+1} ≈ A x_t, and compare two operators up to an orthogonal change of basis,
 * d = min_{C ∈ O(n)} arccos(tr(A₁ᵀ C A₂ Cᵀ)/(‖A₁‖‖A₂‖)), optimised over O(n) by Riemannian
 * gradient ascent with a Cayley retraction from several starts (identity, a row swap for the
 * other component of O(n), and random orthogonal matrices), the best kept.
 * @module
 */
import { fromTyped, type NDArray } from "../array/mod.ts";
import { ArgumentError, checkNonNegative, checkPositiveInt } from "../errors/mod.ts";
import { eighF64, luF64, luSolveF64, svdF64 } from "../linalg/mod.ts";
import { type Key, orthogonal, split } from "../random/mod.ts";
import {
  centerColumns,
  crossProduct,
  readPair,
  readSamples,
  type Samples,
  sumSquares,
  times,
} from "./_samples.ts";

/** Options of {@link dmd}. */
export interface DmdOptions {
  /** Rank r of the operator (truncated SVD of the "before" snapshots; default full). */
  rank?: number;
}

/**
 * Least-squares linear operator A [d, d] with x_{t+1} ≈ A x_t from snapshot pairs: `before`
 * [samples, d] and `after` [samples, d] (row i of `after` follows row i of `before`). With a
 * rank r, A = X₊ᵀ U_r S_r⁻¹ V_rᵀ from the thin SVD X₋ = U S Vᵀ (exact DMD).
 */
export function dmd(before: NDArray, after: NDArray, opts: DmdOptions = {}): NDArray {
  const fn = "dmd";
  const [a, b] = readPair(fn, before, after, ["before", "after"]);
  if (a.n !== b.n) {
    throw new ArgumentError(fn, "after", `a 2-D array with ${a.n} columns`, after.shape);
  }
  const d = a.n, k = Math.min(a.s, d);
  const r = checkPositiveInt(fn, "opts.rank", opts.rank ?? k);
  const { s, u, vt } = svdF64(a.data, { m: a.s, n: d, fn });
  const smax = Math.max(...s, 0);
  const rr = Math.min(r, k);
  // W = U_r S_r⁻¹ V_rᵀ  [samples, d]; A = X₊ᵀ W
  const SinvVt = new Float64Array(k * d);
  for (let q = 0; q < rr; q++) {
    if (!(s[q] > 1e-12 * smax)) continue;
    for (let j = 0; j < d; j++) SinvVt[q * d + j] = vt![q * d + j] / s[q];
  }
  const U: Samples = { s: a.s, n: k, data: u! };
  const W = times(U, SinvVt, d);
  return fromTyped(crossProduct(b, W), [d, d]);
}

/** Options of {@link dsaOperator}. */
export interface DsaOperatorOptions {
  /** Principal components kept before the delay embedding (default 10). */
  pcs?: number;
  /** Delays (lags) in the embedding, 1 = no delay embedding (default 2). */
  delays?: number;
  /** Rank of the DMD fit (default full). */
  rank?: number;
}

/**
 * The DSA operator of one network: `trajectories` [trials, T, N] → PCA (`pcs` components of
 * the pooled centred states) → delay embedding (`delays` lags, state dimension pcs·delays) →
 * DMD over all within-trial transitions. Returns A [pcs·delays, pcs·delays].
 */
export function dsaOperator(trajectories: NDArray, opts: DsaOperatorOptions = {}): NDArray {
  const fn = "dsaOperator";
  if (trajectories?.ndim !== 3) {
    throw new ArgumentError(fn, "trajectories", "a 3-D array [trials, T, N]", trajectories);
  }
  const [B, T, N] = trajectories.shape;
  const pcs = Math.min(checkPositiveInt(fn, "opts.pcs", opts.pcs ?? 10), N);
  const lags = checkPositiveInt(fn, "opts.delays", opts.delays ?? 2);
  if (lags >= T) throw new ArgumentError(fn, "opts.delays", `an integer < T = ${T}`, lags);
  const flat = readSamples(fn, "trajectories", fromTyped(trajectories.dataSync(), [B * T, N]));
  centerColumns(flat);
  const { values, vectors } = eighF64(crossProduct(flat, flat), { n: N, fn });
  const P = new Float64Array(N * pcs); // top eigenvectors (ascending order → take the last)
  for (let c = 0; c < pcs; c++) {
    for (let i = 0; i < N; i++) P[i * pcs + c] = vectors![i * N + (N - 1 - c)];
  }
  void values;
  const z = times(flat, P, pcs).data; // [B·T, pcs]
  const D = pcs * lags, rows = B * (T - lags);
  const before = new Float64Array(rows * D), after = new Float64Array(rows * D);
  let row = 0;
  for (let b = 0; b < B; b++) {
    for (let t = lags - 1; t < T - 1; t++) {
      for (let l = 0; l < lags; l++) {
        for (let c = 0; c < pcs; c++) {
          before[row * D + l * pcs + c] = z[(b * T + t - l) * pcs + c];
          after[row * D + l * pcs + c] = z[(b * T + t + 1 - l) * pcs + c];
        }
      }
      row++;
    }
  }
  return dmd(fromTyped(before, [rows, D]), fromTyped(after, [rows, D]), { rank: opts.rank });
}

/** Options of {@link dsaDistance}. */
export interface DsaDistanceOptions {
  /** Key for the random orthogonal starts (default: only the two deterministic starts). */
  key?: Key;
  /** Random orthogonal starts in addition to identity and a row swap (default 8 with a key). */
  restarts?: number;
  /** Ascent iterations per start (default 300). */
  iters?: number;
  /** Stop a start when the relative improvement falls below this (default 1e-12). */
  tol?: number;
}

/** Result of {@link dsaDistance}. */
export interface DsaDistanceResult {
  /** Angular distance arccos(tr(Â₁ᵀ C Â₂ Cᵀ)) ∈ [0, π] of the unit-norm operators, radians. */
  angle: number;
  /** Frobenius distance ‖Â₁ − C Â₂ Cᵀ‖_F of the unit-norm operators. */
  frobenius: number;
  /** The optimal C [n, n]. */
  rotation: NDArray;
}

/**
 * DSA distance between operators a1, a2 [n, n]: after scaling each to unit Frobenius norm,
 * max over orthogonal C of f(C) = tr(Â₁ᵀ C Â₂ Cᵀ) (equivalently min ‖Â₁ − C Â₂ Cᵀ‖_F).
 */
export function dsaDistance(
  a1: NDArray,
  a2: NDArray,
  opts: DsaDistanceOptions = {},
): DsaDistanceResult {
  const fn = "dsaDistance";
  const A = readSamples(fn, "a1", a1), Bm = readSamples(fn, "a2", a2);
  const n = A.n;
  if (A.s !== n) throw new ArgumentError(fn, "a1", "a square 2-D array", a1.shape);
  if (Bm.s !== n || Bm.n !== n) throw new ArgumentError(fn, "a2", `a ${n}×${n} array`, a2.shape);
  const iters = checkPositiveInt(fn, "opts.iters", opts.iters ?? 300);
  const tol = checkNonNegative(fn, "opts.tol", opts.tol ?? 1e-12);
  const restarts = opts.key ? checkNonNegative(fn, "opts.restarts", opts.restarts ?? 8) : 0;
  const na = Math.sqrt(sumSquares(A.data)), nb = Math.sqrt(sumSquares(Bm.data));
  if (!(na > 0) || !(nb > 0)) {
    throw new ArgumentError(fn, na > 0 ? "a2" : "a1", "a nonzero matrix", 0);
  }
  const a = A.data.map((v) => v / na), b = Bm.data.map((v) => v / nb);
  const starts: Float64Array[] = [eye(n)];
  if (n > 1) {
    const s = eye(n);
    s[0] = 0, s[1] = 1, s[n] = 1, s[n + 1] = 0;
    starts.push(s);
  }
  if (opts.key && restarts > 0) {
    for (const k of split(opts.key, restarts)) {
      starts.push(Float64Array.from(orthogonal(k, n).dataSync()));
    }
  }
  let best = { f: -Infinity, C: starts[0] };
  for (const C0 of starts) {
    const r = ascend(a, b, n, C0, iters, tol);
    if (r.f > best.f) best = r;
  }
  const f = Math.min(1, Math.max(-1, best.f));
  return {
    angle: Math.acos(f),
    frobenius: Math.sqrt(Math.max(0, 2 - 2 * best.f)),
    rotation: fromTyped(best.C, [n, n]),
  };
}

function eye(n: number): Float64Array {
  const e = new Float64Array(n * n);
  for (let i = 0; i < n; i++) e[i * n + i] = 1;
  return e;
}

function mm(x: Float64Array, y: Float64Array, n: number, tx = false, ty = false): Float64Array {
  const o = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const xv = tx ? x[k * n + i] : x[i * n + k];
      if (xv === 0) continue;
      for (let j = 0; j < n; j++) o[i * n + j] += xv * (ty ? y[j * n + k] : y[k * n + j]);
    }
  }
  return o;
}

/** f(C) = tr(aᵀ C b Cᵀ). */
function objective(a: Float64Array, b: Float64Array, C: Float64Array, n: number): number {
  const M = mm(mm(C, b, n), C, n, false, true);
  let s = 0;
  for (let i = 0; i < n * n; i++) s += a[i] * M[i];
  return s;
}

/** Riemannian gradient ascent on O(n) with the Cayley retraction and backtracking. */
function ascend(
  a: Float64Array,
  b: Float64Array,
  n: number,
  C0: Float64Array,
  iters: number,
  tol: number,
) {
  let C: Float64Array = C0.slice(), f = objective(a, b, C, n), eta = 1;
  for (let it = 0; it < iters; it++) {
    // Euclidean gradient G = a C bᵀ + aᵀ C b; skew Ω = G Cᵀ − C Gᵀ
    const G = mm(mm(a, C, n), b, n, false, true);
    const G2 = mm(mm(a, C, n, true), b, n);
    for (let i = 0; i < n * n; i++) G[i] += G2[i];
    const GCt = mm(G, C, n, false, true);
    const W = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) W[i * n + j] = GCt[i * n + j] - GCt[j * n + i];
    }
    let improved = false;
    for (let tries = 0; tries < 30; tries++) {
      const Cn = cayley(W, C, n, eta);
      const fn = objective(a, b, Cn, n);
      if (fn > f) {
        const gain = fn - f;
        C = Cn;
        f = fn;
        eta *= 1.5;
        improved = gain > tol * Math.max(1, Math.abs(f));
        break;
      }
      eta /= 2;
    }
    if (!improved) break;
  }
  return { f, C };
}

/** (I − η/2 W)⁻¹ (I + η/2 W) C (orthogonal when W is skew and C orthogonal). */
function cayley(W: Float64Array, C: Float64Array, n: number, eta: number): Float64Array {
  const L = new Float64Array(n * n), R = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) {
    L[i] = -0.5 * eta * W[i];
    R[i] = 0.5 * eta * W[i];
  }
  for (let i = 0; i < n; i++) {
    L[i * n + i] += 1;
    R[i * n + i] += 1;
  }
  const rhs = mm(R, C, n);
  const { piv } = luF64(L, { n });
  luSolveF64(L, piv, rhs, { n, nrhs: n });
  return rhs;
}
