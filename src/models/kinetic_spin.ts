/**
 * Samplers of the extended-context disordered kinetic spin models of Zavatone-Veth & Pehlevan,
 * arXiv:2507.18461 (PAPERS.md "Kinetic glass"): N-site tokens s_t generated in parallel from the
 * field
 * h_t = Σ_{k=1}^{K} J_k s_{t−k}, with Gaussian couplings E[(J_k)_ij (J_l)_ij] = Γ_kl/N (fully
 * asymmetric), for the Ising (parallel Glauber), sign, Gaussian (VAR(K)) and spherical variants.
 * The K lag matrices are stored side by side as one N×(K·N) matrix so each step is a single
 * GEMV (one chain) or GEMM (several chains per coupling sample) on the chosen backend.
 *
 * @module
 */

import { type Backend, defaultBackend } from "../backend/mod.ts";
import { type Key, normalF64, rademacherF64, split, uniformF64 } from "../random/mod.ts";
import { choleskyF64 } from "../linalg/core/cholesky.ts";
import { bandAverages, TwoTimeGrid } from "../theory/dmft_two_time.ts";
import {
  checkCouplingCovariance,
  checkKineticVariant,
  type KineticVariant,
} from "../theory/kinetic_glass_dmft.ts";

/**
 * Lower-triangular factor L with Γ ≈ L Lᵀ (K×K, row-major), from a Cholesky factorisation of
 * Γ + 1e-12·max(diag Γ)·I (the jitter admits positive-semidefinite Γ such as ρ = 1, changing the
 * coupling covariance by a relative 1e-12). Throws if Γ is not PSD.
 */
export function couplingFactor(gamma: readonly (readonly number[])[]): Float64Array {
  const g = checkCouplingCovariance("couplingFactor", gamma);
  const K = gamma.length;
  let dmax = 0;
  for (let k = 0; k < K; k++) dmax = Math.max(dmax, Math.abs(g[k * K + k]));
  if (dmax === 0) return new Float64Array(K * K);
  const a = g.slice();
  for (let k = 0; k < K; k++) a[k * K + k] += 1e-12 * dmax;
  try {
    choleskyF64(a, { n: K, fn: "couplingFactor" });
  } catch (_e) {
    throw new Error(
      `couplingFactor: argument "gamma" must be positive semidefinite, got ${
        JSON.stringify(gamma)
      }`,
    );
  }
  for (let k = 0; k < K; k++) for (let l = k + 1; l < K; l++) a[k * K + l] = 0;
  return a;
}

/**
 * Draws the K coupling matrices J_1…J_K (arXiv:2507.18461; PAPERS.md "Kinetic glass"): J_k = Σ_m
 * L_km Z_m with
 * Z_m i.i.d. N(0, 1/N) and Γ = L Lᵀ. Returned as one row-major N×(K·N) Float64Array whose column
 * block j ∈ [0, K) holds J_{K−j}, so that h_t = J_cat · [s_{t−K}; …; s_{t−1}] (oldest first).
 * With `zeroDiagonal`, (J_k)_ii = 0.
 */
export function kineticCouplings(
  gamma: readonly (readonly number[])[],
  k: Key,
  options: { size: number; zeroDiagonal?: boolean },
): Float64Array {
  const N = options.size;
  if (!Number.isInteger(N) || N < 1) {
    throw new Error(`kineticCouplings: option "size" must be a positive integer, got ${N}`);
  }
  const K = gamma.length;
  const L = couplingFactor(gamma);
  const keys = split(k, K);
  const J = new Float64Array(N * K * N);
  const inv = 1 / Math.sqrt(N);
  for (let m = 0; m < K; m++) {
    const z = normalF64(keys[m], N * N);
    for (let kk = 0; kk < K; kk++) {
      const c = L[kk * K + m] * inv;
      if (c === 0) continue;
      const col = (K - 1 - kk) * N; // lag kk+1 lives in block K-1-kk
      for (let i = 0; i < N; i++) {
        const row = i * K * N + col, zr = i * N;
        for (let j = 0; j < N; j++) J[row + j] += c * z[zr + j];
      }
    }
  }
  if (options.zeroDiagonal) {
    for (let b = 0; b < K; b++) for (let i = 0; i < N; i++) J[i * K * N + b * N + i] = 0;
  }
  return J;
}

/**
 * Partially symmetric couplings (arXiv:2507.18461 extension; PAPERS.md "Kinetic glass"):
 * E[(J_k)_ij (J_l)_ij] =
 * Γ_kl/N and E[(J_k)_ij (J_l)_ji] = Λ_kl/N for i ≠ j (Λ symmetric, [[Γ, Λ], [Λ, Γ]] ⪰ 0), with
 * zero self-couplings. Same N×(K·N) layout as {@link kineticCouplings} (block j holds J_{K−j}).
 * Each unordered pair draws 2K normals mixed by the Cholesky factor of [[Γ, Λ], [Λ, Γ]].
 */
export function partiallySymmetricCouplings(
  gamma: readonly (readonly number[])[],
  reciprocal: readonly (readonly number[])[],
  k: Key,
  options: { size: number },
): Float64Array {
  const fn = "partiallySymmetricCouplings";
  const g = checkCouplingCovariance(fn, gamma);
  const K = gamma.length;
  if (reciprocal.length !== K) {
    throw new Error(
      `${fn}: argument "reciprocal" must be ${K}×${K}, got ${reciprocal.length} rows`,
    );
  }
  const lam = checkCouplingCovariance(fn, reciprocal);
  const N = options.size;
  if (!Number.isInteger(N) || N < 2) {
    throw new Error(`${fn}: option "size" must be an integer >= 2, got ${N}`);
  }
  const n2 = 2 * K;
  const big: number[][] = [];
  for (let a = 0; a < n2; a++) {
    big.push([]);
    for (let b = 0; b < n2; b++) {
      const same = (a < K) === (b < K);
      big[a].push((same ? g : lam)[(a % K) * K + (b % K)]);
    }
  }
  let L: Float64Array;
  try {
    L = couplingFactor(big);
  } catch (_e) {
    throw new Error(
      `${fn}: [[gamma, reciprocal], [reciprocal, gamma]] must be positive semidefinite, got reciprocal=${
        JSON.stringify(reciprocal)
      }`,
    );
  }
  const J = new Float64Array(N * K * N);
  const pairs = (N * (N - 1)) / 2;
  const z = normalF64(k, pairs * n2);
  const inv = 1 / Math.sqrt(N);
  const v = new Float64Array(n2);
  let p = 0;
  for (let i = 0; i < N; i++) {
    for (let j = i + 1; j < N; j++, p++) {
      for (let a = 0; a < n2; a++) {
        let s = 0;
        for (let b = 0; b <= a; b++) s += L[a * n2 + b] * z[p * n2 + b];
        v[a] = s * inv;
      }
      for (let kk = 0; kk < K; kk++) {
        const col = (K - 1 - kk) * N;
        J[i * K * N + col + j] = v[kk]; // (J_{kk+1})_ij
        J[j * K * N + col + i] = v[K + kk]; // (J_{kk+1})_ji
      }
    }
  }
  return J;
}

/** Options of {@link simulateKineticSpin}. */
export interface KineticSpinOptions {
  /** Token variant. */
  variant: KineticVariant;
  /** Number of sites N. */
  size: number;
  /** Generated tokens T. */
  steps: number;
  /** Noise σ (Gaussian and spherical variants; default 1). */
  sigma?: number;
  /** Independent coupling samples (default 1). */
  samples?: number;
  /** Independent chains per coupling sample, run together by GEMM (default 1: GEMV). */
  chains?: number;
  /** Zero the self-couplings (J_k)_ii (default false). */
  zeroDiagonal?: boolean;
  /** Reciprocal covariance Λ (K×K): E[(J_k)_ij (J_l)_ji] = Λ_kl/N (default none: fully asymmetric). */
  reciprocal?: readonly (readonly number[])[];
  /** Backend for the GEMV/GEMM and overlap kernels (default: defaultBackend()). */
  backend?: Backend;
  /** Keep the couplings and token histories in the result (memory K·N² + chains·(T+K)·N per sample). */
  keepTokens?: boolean;
}

/** Result of {@link simulateKineticSpin}. */
export interface KineticSpinResult {
  /** Sites N. */
  size: number;
  /** Context length K. */
  lags: number;
  /** Generated steps T. */
  steps: number;
  /** Per coupling sample, the (T+K)×(T+K) overlap grid (1/N) s_a·s_b averaged over chains. */
  overlaps: TwoTimeGrid[];
  /** Overlap grid averaged over coupling samples; index a = t + K − 1. */
  meanOverlap: TwoTimeGrid;
  /**
   * With `keepTokens`: per sample, the couplings (N×K·N, see {@link kineticCouplings}) and the
   * tokens (chains×(T+K)×N, chain-major, time index a = t + K − 1).
   */
  kept: { couplings: Float64Array; tokens: Float64Array }[];
  /** ĉ_τ = mean over t ∈ [fromStep, toStep − τ) of the mean overlap (or of one sample's). */
  laggedCorrelation(options: {
    fromStep: number;
    toStep?: number;
    maxLag: number;
    sample?: number;
  }): Float64Array;
}

function drawPrompt(variant: KineticVariant, k: Key, N: number): Float64Array {
  switch (variant) {
    case "ising":
    case "sign":
      return rademacherF64(k, N);
    case "gaussian":
      return normalF64(k, N);
    case "spherical": {
      const u = normalF64(k, N);
      let s = 0;
      for (let i = 0; i < N; i++) s += u[i] * u[i];
      const f = Math.sqrt(N / s);
      for (let i = 0; i < N; i++) u[i] *= f;
      return u;
    }
    default:
      variant satisfies never;
      return new Float64Array(N);
  }
}

/**
 * Simulates the kinetic spin model (arXiv:2507.18461; PAPERS.md "Kinetic glass") from an i.i.d.
 * prompt and returns
 * the empirical two-time overlaps (1/N) s_t·s_{t'}, the finite-N counterpart of the DMFT
 * correlation C_{t,t'} (PAPERS.md "Kinetic glass"). Per step and chain: Ising s_i = ±1 with
 * P(+1) = (1 + tanh h_i)/2; sign s_i = sign h_i; Gaussian s = h + σξ; spherical
 * s = √N (h + σξ)/‖h + σξ‖. Cost per coupling sample: T·K·N²·chains multiply-adds.
 */
export function simulateKineticSpin(
  gamma: readonly (readonly number[])[],
  k: Key,
  options: KineticSpinOptions,
): KineticSpinResult {
  const fn = "simulateKineticSpin";
  checkCouplingCovariance(fn, gamma);
  const variant = checkKineticVariant(fn, options.variant);
  const N = options.size, T = options.steps;
  const S = options.samples ?? 1, C = options.chains ?? 1;
  for (const [name, v] of [["size", N], ["steps", T], ["samples", S], ["chains", C]] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new Error(`${fn}: option "${name}" must be a positive integer, got ${v}`);
    }
  }
  const sigma = options.sigma ?? 1;
  if (!(sigma >= 0)) throw new Error(`${fn}: option "sigma" must be >= 0, got ${sigma}`);
  const be = options.backend ?? defaultBackend();
  const K = gamma.length, A = T + K, KN = K * N;
  const overlaps: TwoTimeGrid[] = [];
  const kept: { couplings: Float64Array; tokens: Float64Array }[] = [];
  const sampleKeys = split(k, S);
  for (let smp = 0; smp < S; smp++) {
    const [kJ, kPrompt, kRun] = split(sampleKeys[smp], 3);
    const J = options.reciprocal
      ? partiallySymmetricCouplings(gamma, options.reciprocal, kJ, { size: N })
      : kineticCouplings(gamma, kJ, { size: N, zeroDiagonal: options.zeroDiagonal });
    // tokens[c][a][i]: chain-major so each chain's history is a contiguous (T+K)×N matrix
    const tokens = new Float64Array(C * A * N);
    const promptKeys = split(kPrompt, C * K);
    for (let c = 0; c < C; c++) {
      for (let a = 0; a < K; a++) {
        tokens.set(drawPrompt(variant, promptKeys[c * K + a], N), (c * A + a) * N);
      }
    }
    const ctx = C > 1 ? new Float64Array(KN * C) : new Float64Array(0);
    const h = new Float64Array(N * C);
    const stepKeys = split(kRun, T);
    for (let a = K; a < A; a++) {
      if (C === 1) {
        be.gemv({
          trans: false,
          m: N,
          n: KN,
          alpha: 1,
          a: J,
          offA: 0,
          lda: KN,
          x: tokens,
          offX: (a - K) * N,
          incX: 1,
          beta: 0,
          y: h,
          offY: 0,
          incY: 1,
        });
      } else {
        for (let c = 0; c < C; c++) {
          const base = (c * A + a - K) * N;
          for (let p = 0; p < KN; p++) ctx[p * C + c] = tokens[base + p];
        }
        be.gemm({
          transA: false,
          transB: false,
          m: N,
          n: C,
          k: KN,
          alpha: 1,
          a: J,
          offA: 0,
          lda: KN,
          b: ctx,
          offB: 0,
          ldb: C,
          beta: 0,
          c: h,
          offC: 0,
          ldc: C,
        });
      }
      // h[i*C + c] is the field of site i in chain c
      const ks = stepKeys[a - K];
      const noise = variant === "ising"
        ? uniformF64(ks, N * C)
        : variant === "sign"
        ? null
        : normalF64(ks, N * C);
      for (let c = 0; c < C; c++) {
        const out = (c * A + a) * N;
        let norm2 = 0;
        for (let i = 0; i < N; i++) {
          const hi = h[i * C + c];
          let s: number;
          switch (variant) {
            case "ising":
              s = 2 * noise![i * C + c] < 1 + Math.tanh(hi) ? 1 : -1;
              break;
            case "sign":
              s = hi >= 0 ? 1 : -1;
              break;
            case "gaussian":
            case "spherical":
              s = hi + sigma * noise![i * C + c];
              norm2 += s * s;
              break;
            default:
              variant satisfies never;
              s = NaN;
          }
          tokens[out + i] = s;
        }
        if (variant === "spherical") {
          const f = norm2 > 0 ? Math.sqrt(N / norm2) : 0;
          for (let i = 0; i < N; i++) tokens[out + i] *= f;
        }
      }
    }
    // overlap grid (1/(N·C)) Σ_c S_c S_cᵀ, one GEMV per time row of each chain's history
    const grid = new TwoTimeGrid(A);
    for (let c = 0; c < C; c++) {
      for (let a = 0; a < A; a++) {
        be.gemv({
          trans: false,
          m: A,
          n: N,
          alpha: 1 / (N * C),
          a: tokens,
          offA: c * A * N,
          lda: N,
          x: tokens,
          offX: (c * A + a) * N,
          incX: 1,
          beta: 1,
          y: grid.data,
          offY: a * A,
          incY: 1,
        });
      }
    }
    overlaps.push(grid);
    if (options.keepTokens) kept.push({ couplings: J, tokens });
  }
  const mean = new TwoTimeGrid(A);
  for (const g of overlaps) for (let i = 0; i < A * A; i++) mean.data[i] += g.data[i] / S;
  return {
    size: N,
    lags: K,
    steps: T,
    overlaps,
    meanOverlap: mean,
    kept,
    laggedCorrelation(o): Float64Array {
      const grid = o.sample === undefined ? mean : overlaps[o.sample];
      if (grid === undefined) {
        throw new Error(
          `laggedCorrelation: option "sample" must be in [0, ${S}), got ${o.sample}`,
        );
      }
      return bandAverages(grid, {
        from: o.fromStep + K - 1,
        to: (o.toStep ?? T + 1) + K - 1,
        maxLag: o.maxLag,
      });
    },
  };
}
