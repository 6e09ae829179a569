/**
 * Population Monte Carlo DMFT of the kinetic Ising model with partially symmetric couplings
 * (arXiv:2507.18461 extension; PAPERS.md "Kinetic glass"): with E[(J_k)_ij (J_l)_ji] = Λ_kl/N the
 * cavity
 * method adds a causal reaction term to the single-site field,
 * h_t = φ_t + Σ_{k,l} Λ_kl Σ_{u ≤ t−k} R_{t−k,u} s_{u−l},
 * where φ is a centred Gaussian process with covariance Q_{t,t'} = Σ_{kl} Γ_kl C_{t−k,t'−l} and
 * R_{a,u} = ∂E[s_a]/∂θ_u is the response, estimated exactly for parallel Glauber dynamics by the
 * score function R_{a,u} = E[s_a (s_u − tanh h_u)] (a > u), R_{u,u} = E[1 − tanh² h_u]. M
 * single-site paths are stepped forward; C and R are path averages (error O(1/√M)); φ_t is drawn
 * conditionally on each path's past by an incremental Cholesky factor of Q.
 *
 * @module
 */

import { type Key, normalF64, rademacherF64, split, uniformF64 } from "../random/mod.ts";
import { bandAverages, laggedQuadraticForm, TwoTimeGrid } from "./dmft_two_time.ts";
import { checkCouplingCovariance } from "./kinetic_glass_dmft.ts";

/** Options of {@link kineticGlassReactionDmft}. */
export interface ReactionDmftOptions {
  /** Generated steps T. */
  steps: number;
  /** Population size M (default 20000). */
  paths?: number;
}

/** Result of {@link kineticGlassReactionDmft}. */
export interface ReactionDmftResult {
  /** C over prompt and generated times, index a = t + K − 1 (prompt block exactly I). */
  grid: TwoTimeGrid;
  /** Response R_{a,u} for generated a ≥ u (row-major T×T, index t − 1). */
  response: Float64Array;
  /** c_τ averaged over generated t ∈ [fromStep, toStep − τ). */
  laggedCorrelation(o: { fromStep: number; toStep?: number; maxLag: number }): Float64Array;
}

/**
 * Population DMFT of the partially symmetric kinetic Ising model (PAPERS.md "Kinetic glass").
 * `gamma` is Γ
 * (same-direction covariance), `reciprocal` is Λ (E[(J_k)_ij (J_l)_ji] = Λ_kl/N, symmetric);
 * Λ = 0 reproduces {@link kineticGlassDmft} up to O(1/√M). Prompt: i.i.d. ±1.
 */
export function kineticGlassReactionDmft(
  gamma: readonly (readonly number[])[],
  reciprocal: readonly (readonly number[])[],
  k: Key,
  options: ReactionDmftOptions,
): ReactionDmftResult {
  const fn = "kineticGlassReactionDmft";
  const g = checkCouplingCovariance(fn, gamma);
  const K = gamma.length;
  if (reciprocal.length !== K) {
    throw new Error(
      `${fn}: argument "reciprocal" must be ${K}×${K}, got ${reciprocal.length} rows`,
    );
  }
  const lam = checkCouplingCovariance(fn, reciprocal);
  const T = options.steps, M = options.paths ?? 20000;
  if (!Number.isInteger(T) || T < 1) {
    throw new Error(`${fn}: option "steps" must be a positive integer, got ${T}`);
  }
  if (!Number.isInteger(M) || M < 2) {
    throw new Error(`${fn}: option "paths" must be an integer >= 2, got ${M}`);
  }
  const A = T + K;
  const grid = new TwoTimeGrid(A);
  const S = new Float64Array(A * M); // spins, time-major
  const TH = new Float64Array(A * M); // tanh h for generated times
  const XI = new Float64Array(A * M); // standard normals driving φ
  const L = new Float64Array(A * A); // Cholesky factor of Q over generated times
  const R = new Float64Array(A * A); // response R(a, u), a ≥ u ≥ K
  const [kPrompt, kXi, kU] = split(k, 3);
  for (let a = 0; a < K; a++) {
    S.set(rademacherF64(split(kPrompt, K)[a], M), a * M);
    grid.set(a, a, 1);
  }
  const xiKeys = split(kXi, T), uKeys = split(kU, T);
  const phi = new Float64Array(M), h = new Float64Array(M);
  for (let a = K; a < A; a++) {
    // Cholesky row a of Q over generated times b ∈ [K, a]
    for (let b = K; b <= a; b++) {
      const q = laggedQuadraticForm(grid, g, K, { a, b });
      let s = q;
      for (let m = K; m < b; m++) s -= L[a * A + m] * L[b * A + m];
      if (b < a) L[a * A + b] = L[b * A + b] > 1e-14 ? s / L[b * A + b] : 0;
      else L[a * A + a] = Math.sqrt(Math.max(0, s));
    }
    XI.set(normalF64(xiKeys[a - K], M), a * M);
    phi.fill(0);
    for (let b = K; b <= a; b++) {
      const l = L[a * A + b];
      if (l === 0) continue;
      const o = b * M;
      for (let p = 0; p < M; p++) phi[p] += l * XI[o + p];
    }
    // reaction term Σ_{k,l} Λ_kl Σ_{u ∈ [K, a−k]} R(a−k, u) s_{u−l}
    h.set(phi);
    for (let kk = 1; kk <= K; kk++) {
      const r = a - kk;
      if (r < K) continue;
      for (let ll = 1; ll <= K; ll++) {
        const lv = lam[(kk - 1) * K + (ll - 1)];
        if (lv === 0) continue;
        for (let u = K; u <= r; u++) {
          const c = lv * R[r * A + u];
          if (c === 0) continue;
          const o = (u - ll) * M;
          for (let p = 0; p < M; p++) h[p] += c * S[o + p];
        }
      }
    }
    const uu = uniformF64(uKeys[a - K], M);
    const so = a * M;
    let r0 = 0;
    for (let p = 0; p < M; p++) {
      const th = Math.tanh(h[p]);
      TH[so + p] = th;
      S[so + p] = 2 * uu[p] < 1 + th ? 1 : -1;
      r0 += 1 - th * th;
    }
    R[a * A + a] = r0 / M;
    for (let u = K; u < a; u++) {
      let s = 0;
      const o = u * M;
      for (let p = 0; p < M; p++) s += S[so + p] * (S[o + p] - TH[o + p]);
      R[a * A + u] = s / M;
    }
    grid.set(a, a, 1);
    for (let b = 0; b < a; b++) {
      let s = 0;
      const o = b * M;
      for (let p = 0; p < M; p++) s += S[so + p] * S[o + p];
      grid.setSymmetric(a, b, s / M);
    }
  }
  const response = new Float64Array(T * T);
  for (let a = K; a < A; a++) {
    for (let u = K; u <= a; u++) response[(a - K) * T + (u - K)] = R[a * A + u];
  }
  return {
    grid,
    response,
    laggedCorrelation(o): Float64Array {
      return bandAverages(grid, {
        from: o.fromStep + K - 1,
        to: (o.toStep ?? T + 1) + K - 1,
        maxLag: o.maxLag,
      });
    },
  };
}
