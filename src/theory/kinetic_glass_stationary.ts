/**
 * Stationary state of the extended-context kinetic spin models (arXiv:2507.18461;
 * PAPERS.md "Kinetic glass"): with C_{t,t+τ} = c_τ the field covariance is Q(τ) = Σ_m G_m
 * c_{|τ+m|},
 * where G_m = Σ_{k−l=m} Γ_{kl} are the diagonal sums of Γ, so stationary statistics depend on Γ
 * only through G_0…G_{K−1}.
 *
 * @module
 */

import {
  sech2Expectation,
  signProductExpectation,
  tanhProductExpectation,
} from "./gaussian_expectations.ts";
import { luF64, luSolveF64 } from "../linalg/core/lu.ts";
import {
  checkCouplingCovariance,
  checkKineticVariant,
  type KineticVariant,
} from "./kinetic_glass_dmft.ts";

/**
 * Diagonal sums G_m = Σ_{k−l=m} Γ_{kl}, m = 0…K−1 (G_{−m} = G_m for symmetric Γ; G_0 = tr Γ).
 * arXiv:2507.18461; PAPERS.md "Kinetic glass".
 */
export function diagonalSums(gamma: readonly (readonly number[])[]): Float64Array {
  const g = checkCouplingCovariance("diagonalSums", gamma);
  const K = gamma.length;
  const G = new Float64Array(K);
  for (let k = 0; k < K; k++) for (let l = 0; l <= k; l++) G[k - l] += g[k * K + l];
  return G;
}

function checkSums(fn: string, G: ArrayLike<number>): void {
  if (G.length < 1) throw new Error(`${fn}: argument "sums" must have length >= 1, got 0`);
  for (let m = 0; m < G.length; m++) {
    if (!Number.isFinite(G[m])) {
      throw new Error(`${fn}: argument "sums" must be finite, got sums[${m}]=${G[m]}`);
    }
  }
}

/**
 * Stationary field covariance Q(τ) = Σ_{m=−(K−1)}^{K−1} G_{|m|} c_{|τ+m|}, with c_τ = 0 beyond the
 * stored lags. `c` holds c_0, c_1, …; `sums` holds G_0…G_{K−1}.
 */
export function stationaryFieldCovariance(
  sums: ArrayLike<number>,
  c: ArrayLike<number>,
  tau: number,
): number {
  const K = sums.length;
  let q = 0;
  for (let m = -(K - 1); m <= K - 1; m++) {
    const j = Math.abs(tau + m);
    if (j < c.length) q += sums[Math.abs(m)] * c[j];
  }
  return q;
}

/** Options of {@link kineticGlassStationary}. */
export interface KineticGlassStationaryOptions {
  /** Token variant. */
  variant: KineticVariant;
  /** Noise σ (Gaussian, spherical; default 1). */
  sigma?: number;
  /** Largest lag kept; c_τ = 0 beyond (default 200). */
  maxLag?: number;
  /** Convergence tolerance on max |Δc| (default 1e-12). */
  tolerance?: number;
  /** Iteration cap (default 20000). */
  maxIterations?: number;
  /** Damping d: c ← (1−d)·F(c) + d·c (default 0). */
  damping?: number;
  /** Trapezoid nodes per axis for the Ising closure (default adaptive). */
  quadratureNodes?: number;
}

/** Result of a stationary solve. */
export interface KineticGlassStationaryResult {
  /** c_0…c_maxLag (c_0 = 1 for Ising/sign/spherical, the variance for Gaussian). */
  c: Float64Array;
  /** Q(0), the stationary field variance. */
  fieldVariance: number;
  /** Iterations used. */
  iterations: number;
  /** Last max |Δc|. */
  residual: number;
  /** Whether the tolerance was met. */
  converged: boolean;
}

/**
 * Stationary lagged correlations c_τ of the kinetic spin models by fixed-point iteration from
 * c_{τ≥1} = 0 (arXiv:2507.18461; PAPERS.md "Kinetic glass"): Ising c_τ = F_tanh(Q(0), Q(0), Q(τ));
 * sign
 * (2/π) arcsin(Q(τ)/Q(0)); spherical c_τ = Q(τ)/(Q(0)+σ²); Gaussian c_τ = Q(τ) + σ²δ_{τ0}
 * (converges iff max_ω γ(ω) < 1; see {@link gaussianStationarySpectral} for the closed form).
 * Takes the diagonal sums G_0…G_{K−1} (see {@link diagonalSums}).
 */
export function kineticGlassStationary(
  sums: ArrayLike<number>,
  options: KineticGlassStationaryOptions,
): KineticGlassStationaryResult {
  const fn = "kineticGlassStationary";
  checkSums(fn, sums);
  const variant = checkKineticVariant(fn, options.variant);
  const maxLag = options.maxLag ?? 200;
  if (!Number.isInteger(maxLag) || maxLag < 1) {
    throw new Error(`${fn}: option "maxLag" must be a positive integer, got ${maxLag}`);
  }
  const sigma = options.sigma ?? 1;
  if (!(sigma >= 0)) throw new Error(`${fn}: option "sigma" must be >= 0, got ${sigma}`);
  const tol = options.tolerance ?? 1e-12;
  const maxIt = options.maxIterations ?? 20000;
  const damping = options.damping ?? 0;
  if (!(damping >= 0 && damping < 1)) {
    throw new Error(`${fn}: option "damping" must be in [0, 1), got ${damping}`);
  }
  const s2 = sigma * sigma;
  let c = new Float64Array(maxLag + 1);
  c[0] = variant === "gaussian" ? s2 : 1;
  let next = new Float64Array(maxLag + 1);
  let residual = Infinity, it = 0;
  const nodes = options.quadratureNodes;
  for (; it < maxIt && residual > tol; it++) {
    const q0 = stationaryFieldCovariance(sums, c, 0);
    for (let tau = 0; tau <= maxLag; tau++) {
      const q = tau === 0 ? q0 : stationaryFieldCovariance(sums, c, tau);
      let v: number;
      switch (variant) {
        case "ising":
          v = tau === 0 ? 1 : tanhProductExpectation(q0, q0, q, { nodes });
          break;
        case "sign":
          v = tau === 0 ? 1 : signProductExpectation(q0, q0, q);
          break;
        case "spherical":
          v = tau === 0 ? 1 : q0 + s2 === 0 ? 0 : q / (q0 + s2);
          break;
        case "gaussian":
          v = q + (tau === 0 ? s2 : 0);
          break;
        default:
          variant satisfies never;
          v = NaN;
      }
      next[tau] = (1 - damping) * v + damping * c[tau];
    }
    residual = 0;
    for (let tau = 0; tau <= maxLag; tau++) {
      residual = Math.max(residual, Math.abs(next[tau] - c[tau]));
    }
    if (!Number.isFinite(residual)) break;
    [c, next] = [next, c];
  }
  return {
    c,
    fieldVariance: stationaryFieldCovariance(sums, c, 0),
    iterations: it,
    residual,
    converged: residual <= tol,
  };
}

/**
 * Coupling spectrum γ(ω) = Σ_{k,l} Γ_{kl} cos(ω(k−l)) = G_0 + 2 Σ_{m≥1} G_m cos(mω)
 * (arXiv:2507.18461; PAPERS.md "Kinetic glass"); γ ≥ 0 for PSD Γ.
 */
export function couplingSpectrum(sums: ArrayLike<number>, omega: number): number {
  let g = sums[0];
  for (let m = 1; m < sums.length; m++) g += 2 * sums[m] * Math.cos(m * omega);
  return g;
}

/**
 * max_ω γ(ω) over ω ∈ [0, π] (dense grid of `points` plus golden-section refinement). The
 * Gaussian variant has a stationary state iff this is < 1 (PAPERS.md "Kinetic glass").
 */
export function maxCouplingSpectrum(sums: ArrayLike<number>, options: { points?: number } = {}): {
  omega: number;
  value: number;
} {
  checkSums("maxCouplingSpectrum", sums);
  const n = options.points ?? 2048;
  let best = 0, bv = -Infinity;
  for (let i = 0; i <= n; i++) {
    const w = (Math.PI * i) / n;
    const v = couplingSpectrum(sums, w);
    if (v > bv) [best, bv] = [w, v];
  }
  let lo = Math.max(0, best - Math.PI / n), hi = Math.min(Math.PI, best + Math.PI / n);
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 80; i++) {
    const a = hi - phi * (hi - lo), b = lo + phi * (hi - lo);
    if (couplingSpectrum(sums, a) > couplingSpectrum(sums, b)) hi = b;
    else lo = a;
  }
  const w = 0.5 * (lo + hi);
  const v = couplingSpectrum(sums, w);
  return v >= bv ? { omega: w, value: v } : { omega: best, value: bv };
}

/**
 * Gaussian-variant stationary correlations by the spectral integral
 * c_τ = (1/2π) ∫_{−π}^{π} σ²/(1 − γ(ω)) cos(ωτ) dω (arXiv:2507.18461; PAPERS.md "Kinetic glass"),
 * evaluated with
 * the periodic trapezoid rule on `points` nodes (exponentially accurate for analytic periodic
 * integrands). Throws if max γ ≥ 1 (no stationary state).
 */
export function gaussianStationarySpectral(
  sums: ArrayLike<number>,
  options: { sigma?: number; maxLag?: number; points?: number } = {},
): Float64Array {
  const fn = "gaussianStationarySpectral";
  checkSums(fn, sums);
  const sigma = options.sigma ?? 1;
  const maxLag = options.maxLag ?? 50;
  const P = options.points ?? 4096;
  const mx = maxCouplingSpectrum(sums).value;
  if (mx >= 1) {
    throw new Error(`${fn}: max_ω γ(ω) must be < 1 for a stationary state, got ${mx}`);
  }
  const c = new Float64Array(maxLag + 1);
  for (let i = 0; i < P; i++) {
    const w = -Math.PI + (2 * Math.PI * i) / P;
    const spec = (sigma * sigma) / (1 - couplingSpectrum(sums, w));
    for (let tau = 0; tau <= maxLag; tau++) c[tau] += spec * Math.cos(w * tau);
  }
  for (let tau = 0; tau <= maxLag; tau++) c[tau] /= P;
  return c;
}

/**
 * Linear-response gain a of the stationary closure at small c_τ (PAPERS.md "Kinetic glass"): Ising
 * a = (E sech² x)², x ~ N(0, Q(0)); sign a = 2/(π Q(0)); spherical a = 1/(Q(0) + σ²);
 * Gaussian a = 1.
 */
export function linearResponseGain(
  variant: KineticVariant,
  options: { fieldVariance: number; sigma?: number },
): number {
  const v = checkKineticVariant("linearResponseGain", variant);
  const q0 = options.fieldVariance;
  switch (v) {
    case "ising":
      return sech2Expectation(q0) ** 2;
    case "sign":
      return 2 / (Math.PI * q0);
    case "spherical":
      return 1 / (q0 + (options.sigma ?? 1) ** 2);
    case "gaussian":
      return 1;
    default:
      v satisfies never;
      return NaN;
  }
}

/**
 * Asymptotic decay ratio z = lim c_{τ+1}/c_τ of the linearised stationary equations
 * c_τ = a Σ_m G_m c_{|τ+m|} (arXiv:2507.18461; PAPERS.md "Kinetic glass"): the root in (0, 1) of
 * 1 = a Σ_{m=−(K−1)}^{K−1} G_{|m|} z^m, found by bisection (the left side is monotone for
 * G_m ≥ 0). Returns 0 if G_m = 0 for all m ≥ 1 (white tokens) and NaN if no root exists
 * (a·Σ_m G_m ≥ 1: no decaying solution).
 */
export function decayRatio(sums: ArrayLike<number>, options: { gain: number }): number {
  checkSums("decayRatio", sums);
  const a = options.gain;
  if (!(a > 0)) throw new Error(`decayRatio: option "gain" must be > 0, got ${a}`);
  let cross = 0;
  for (let m = 1; m < sums.length; m++) cross += Math.abs(sums[m]);
  if (cross === 0) return 0;
  const f = (z: number): number => {
    let s = sums[0];
    for (let m = 1; m < sums.length; m++) s += sums[m] * (z ** m + z ** -m);
    return a * s - 1;
  };
  if (!(f(1) < 0)) return NaN;
  let lo = 1e-300, hi = 1;
  if (!(f(lo) > 0)) return NaN;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * Gaussian-variant stationary correlations from the truncated linear system
 * c_τ − Σ_m G_{|m|} c_{|τ+m|} = σ² δ_{τ0}, τ = 0…maxLag, with c_τ = 0 beyond maxLag
 * (arXiv:2507.18461; PAPERS.md "Kinetic glass"), solved by LU. Agrees with the spectral integral
 * up to the
 * truncated tail.
 */
export function gaussianStationaryLinear(
  sums: ArrayLike<number>,
  options: { sigma?: number; maxLag?: number } = {},
): Float64Array {
  const fn = "gaussianStationaryLinear";
  checkSums(fn, sums);
  const sigma = options.sigma ?? 1;
  const n = (options.maxLag ?? 200) + 1;
  const K = sums.length;
  const a = new Float64Array(n * n);
  for (let tau = 0; tau < n; tau++) {
    a[tau * n + tau] += 1;
    for (let m = -(K - 1); m <= K - 1; m++) {
      const j = Math.abs(tau + m);
      if (j < n) a[tau * n + j] -= sums[Math.abs(m)];
    }
  }
  const b = new Float64Array(n);
  b[0] = sigma * sigma;
  const lu = luF64(a, { n });
  if (lu.zeroPivot >= 0) throw new Error(`${fn}: the truncated system is singular`);
  luSolveF64(a, lu.piv, b, { n });
  return b;
}
