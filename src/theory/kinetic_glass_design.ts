/**
 * Reverse engineering of the cross-lag coupling covariance Γ of the extended-context kinetic spin
 * models for a target stationary correlation curve (arXiv:2507.18461; the paper gives *a*
 * method, this is our reconstruction, PAPERS.md "Kinetic glass"): solve the linear stationary
 * relations
 * Q*(τ) = Σ_m G_m c_{|τ+m|}, τ = 0…K−1, for the diagonal sums G, with the lags ≥ K continued by
 * the model's own closure (joint fixed point), then realise Γ by a Toeplitz matrix.
 *
 * @module
 */

import { luF64, luSolveF64 } from "../linalg/core/lu.ts";
import { choleskyF64 } from "../linalg/core/cholesky.ts";
import {
  signProductExpectation,
  tanhProductExpectation,
  tanhSquaredExpectation,
} from "./gaussian_expectations.ts";
import { checkKineticVariant, type KineticVariant } from "./kinetic_glass_dmft.ts";
import { stationaryFieldCovariance } from "./kinetic_glass_stationary.ts";

/** Options of {@link designDiagonalSums}. */
export interface DesignOptions {
  /** Token variant. */
  variant: KineticVariant;
  /** Noise σ (Gaussian, spherical; default 1). */
  sigma?: number;
  /** Field variance scale q₀ = Q(0) for Ising/sign/spherical (default 4). */
  fieldVariance?: number;
  /** Lags kept for the continuation (default 200). */
  maxLag?: number;
  /** Tolerance on the joint fixed point (default 1e-12). */
  tolerance?: number;
  /** Iteration cap (default 5000). */
  maxIterations?: number;
}

/** Result of {@link designDiagonalSums}. */
export interface DesignResult {
  /** Designed diagonal sums G_0…G_{K−1}. */
  sums: Float64Array;
  /** The stationary curve c_0…c_maxLag at the joint fixed point (equals the target for τ < K). */
  c: Float64Array;
  /** Target field covariances Q*(0…K−1). */
  fieldCovariance: Float64Array;
  /** Iterations used and the last change. */
  iterations: number;
  /** Max change of the last iteration. */
  residual: number;
  /** Whether the tolerance was met. */
  converged: boolean;
}

/**
 * Inverts c = F_tanh(q₀, q₀, Q) for Q ∈ [−q₀, q₀] by bisection (F is increasing in Q).
 * Throws if |c| exceeds E tanh²(x), x ~ N(0, q₀) (not reachable at this field scale).
 */
export function invertTanhCorrelation(c: number, options: { fieldVariance: number }): number {
  const q0 = options.fieldVariance;
  const bound = tanhSquaredExpectation(q0);
  if (!(Math.abs(c) < bound)) {
    throw new Error(
      `invertTanhCorrelation: argument "c" must satisfy |c| < E tanh² = ${bound} at fieldVariance=${q0}, got ${c}`,
    );
  }
  let lo = -q0, hi = q0;
  for (let i = 0; i < 100; i++) {
    const mid = 0.5 * (lo + hi);
    if (tanhProductExpectation(q0, q0, mid) < c) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * Designs the diagonal sums G_0…G_{K−1} (K = target.length) whose stationary state has
 * c_τ = target[τ] for τ < K (arXiv:2507.18461; PAPERS.md "Kinetic glass"). `target[0]` is the
 * variance c_0 for
 * the Gaussian variant and must be 1 otherwise. Alternates the K×K linear solve for G with one
 * sweep of the model's closure on the lags ≥ K until both stop changing.
 */
export function designDiagonalSums(
  target: ArrayLike<number>,
  options: DesignOptions,
): DesignResult {
  const fn = "designDiagonalSums";
  const variant = checkKineticVariant(fn, options.variant);
  const K = target.length;
  if (K < 1) throw new Error(`${fn}: argument "target" must be non-empty, got length 0`);
  const sigma = options.sigma ?? 1;
  const s2 = sigma * sigma;
  const q0 = options.fieldVariance ?? 4;
  const maxLag = options.maxLag ?? 200;
  if (!Number.isInteger(maxLag) || maxLag < K) {
    throw new Error(`${fn}: option "maxLag" must be an integer >= K=${K}, got ${maxLag}`);
  }
  if (variant !== "gaussian" && target[0] !== 1) {
    throw new Error(
      `${fn}: argument "target" must start with c_0 = 1 for ${variant}, got ${target[0]}`,
    );
  }
  if (variant === "gaussian" && !(target[0] > s2)) {
    throw new Error(
      `${fn}: argument "target" must have c_0 > σ² = ${s2} (Gaussian), got ${target[0]}`,
    );
  }
  const qStar = new Float64Array(K);
  for (let tau = 0; tau < K; tau++) {
    const c = target[tau];
    switch (variant) {
      case "gaussian":
        qStar[tau] = tau === 0 ? c - s2 : c;
        break;
      case "ising":
        qStar[tau] = tau === 0 ? q0 : invertTanhCorrelation(c, { fieldVariance: q0 });
        break;
      case "sign":
        qStar[tau] = tau === 0 ? q0 : q0 * Math.sin((Math.PI / 2) * c);
        break;
      case "spherical":
        qStar[tau] = tau === 0 ? q0 : c * (q0 + s2);
        break;
      default:
        variant satisfies never;
    }
  }
  const c = new Float64Array(maxLag + 1);
  for (let tau = 0; tau < K; tau++) c[tau] = target[tau];
  const G = new Float64Array(K);
  const tol = options.tolerance ?? 1e-12;
  const maxIt = options.maxIterations ?? 5000;
  let residual = Infinity, it = 0;
  const A = new Float64Array(K * K);
  for (; it < maxIt && residual > tol; it++) {
    for (let tau = 0; tau < K; tau++) {
      for (let m = 0; m < K; m++) {
        A[tau * K + m] = m === 0 ? c[tau] : c[Math.abs(tau + m)] + c[Math.abs(tau - m)];
      }
    }
    const g = qStar.slice();
    const lu = luF64(A, { n: K });
    if (lu.zeroPivot >= 0) {
      throw new Error(`${fn}: the stationary relations for G are singular at iteration ${it}`);
    }
    luSolveF64(A, lu.piv, g, { n: K });
    residual = 0;
    for (let m = 0; m < K; m++) {
      residual = Math.max(residual, Math.abs(g[m] - G[m]));
      G[m] = g[m];
    }
    const qq0 = stationaryFieldCovariance(G, c, 0);
    for (let tau = K; tau <= maxLag; tau++) {
      const q = stationaryFieldCovariance(G, c, tau);
      let v: number;
      switch (variant) {
        case "gaussian":
          v = q;
          break;
        case "ising":
          v = tanhProductExpectation(qq0, qq0, q);
          break;
        case "sign":
          v = signProductExpectation(qq0, qq0, q);
          break;
        case "spherical":
          v = q / (qq0 + s2);
          break;
        default:
          variant satisfies never;
          v = NaN;
      }
      residual = Math.max(residual, Math.abs(v - c[tau]));
      c[tau] = v;
    }
    if (!Number.isFinite(residual)) break;
  }
  return {
    sums: G,
    c,
    fieldCovariance: qStar,
    iterations: it,
    residual,
    converged: residual <= tol,
  };
}

/**
 * Toeplitz realisation Γ_kl = G_{|k−l|}/(K − |k−l|) of given diagonal sums (PAPERS.md "Kinetic
 * glass"), which
 * has exactly those sums, with a positive-semidefiniteness check (Cholesky with 1e-12 relative
 * jitter). A non-PSD result means the target is not realisable this way at this K.
 */
export function toeplitzGamma(sums: ArrayLike<number>): {
  gamma: number[][];
  positiveSemidefinite: boolean;
} {
  const K = sums.length;
  if (K < 1) throw new Error(`toeplitzGamma: argument "sums" must be non-empty, got length 0`);
  const gamma: number[][] = [];
  for (let k = 0; k < K; k++) {
    gamma.push([]);
    for (let l = 0; l < K; l++) gamma[k].push(sums[Math.abs(k - l)] / (K - Math.abs(k - l)));
  }
  const a = new Float64Array(K * K);
  let dmax = 0;
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < K; l++) a[k * K + l] = gamma[k][l];
    dmax = Math.max(dmax, Math.abs(gamma[k][k]));
  }
  for (let k = 0; k < K; k++) a[k * K + k] += 1e-12 * dmax + 1e-300;
  let psd = true;
  try {
    choleskyF64(a, { n: K });
  } catch (_e) {
    psd = false;
  }
  return { gamma, positiveSemidefinite: psd };
}

/**
 * Rank-one realisation Γ = v vᵀ of given diagonal sums, with v the minimum-phase spectral factor
 * of γ(ω) = G_0 + 2 Σ_m G_m cos(mω) (Fejér–Riesz: G_m = Σ_k v_k v_{k+m}), computed by Bauer's
 * method: the last row of the Cholesky factor of the n×n banded Toeplitz matrix [G_{|i−j|}]
 * converges to v (reversed) as n grows. A PSD Γ with these sums exists iff min_ω γ(ω) ≥ 0; this
 * throws when γ(ω) < 0 somewhere. Convergence is geometric when min γ > 0 (default n = 400).
 */
export function spectralFactorGamma(
  sums: ArrayLike<number>,
  options: { size?: number } = {},
): number[][] {
  const fn = "spectralFactorGamma";
  const K = sums.length;
  if (K < 1) throw new Error(`${fn}: argument "sums" must be non-empty, got length 0`);
  const n = options.size ?? 400;
  if (!Number.isInteger(n) || n < K) {
    throw new Error(`${fn}: option "size" must be an integer >= K=${K}, got ${n}`);
  }
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = Math.max(0, i - K + 1); j <= Math.min(n - 1, i + K - 1); j++) {
      a[i * n + j] = sums[Math.abs(i - j)];
    }
  }
  try {
    choleskyF64(a, { n, fn });
  } catch (_e) {
    throw new Error(
      `${fn}: argument "sums" must have a non-negative spectrum γ(ω) (Fejér–Riesz), got sums=${
        JSON.stringify(Array.from(sums))
      }`,
    );
  }
  const v = new Float64Array(K);
  for (let k = 0; k < K; k++) v[k] = a[(n - 1) * n + (n - 1 - k)];
  const gamma: number[][] = [];
  for (let k = 0; k < K; k++) {
    gamma.push([]);
    for (let l = 0; l < K; l++) gamma[k].push(v[k] * v[l]);
  }
  return gamma;
}
