/**
 * Sampler of the Potts/softmax extended-context kinetic model (arXiv:2507.18461; PAPERS.md
 * "Kinetic glass",
 * an optional extension): each of N sites takes one of q states; with ẽ = e − 1/q the
 * centred one-hot code, the field h_{i,t,a} = Σ_k Σ_{j,b} (J_k)^{ab}_{ij} ẽ_b(s_{j,t−k}) has
 * couplings i.i.d. over (a, b) with covariance Γ_kl/N across lags, and
 * p(s_{i,t} = a) = softmax_a(β h_{i,t,a}). The K lag matrices are one (qN)×(K·qN) matrix, so a step
 * is one GEMV.
 *
 * @module
 */

import { type Backend, defaultBackend } from "../backend/mod.ts";
import { type Key, split, uniformF64 } from "../random/mod.ts";
import { bandAverages, TwoTimeGrid } from "../theory/dmft_two_time.ts";
import { checkCouplingCovariance } from "../theory/kinetic_glass_dmft.ts";
import { kineticCouplings } from "./kinetic_spin.ts";

/** Options of {@link simulateKineticPotts}. */
export interface KineticPottsOptions {
  /** States per site q ≥ 2. */
  states: number;
  /** Softmax inverse temperature β. */
  beta: number;
  /** Sites N. */
  size: number;
  /** Generated tokens T. */
  steps: number;
  /** Independent coupling samples (default 1). */
  samples?: number;
  /** Backend of the GEMV (default: defaultBackend()). */
  backend?: Backend;
}

/**
 * Simulates the Potts/softmax kinetic model from a uniform i.i.d. prompt and returns the overlap
 * grids C_{a,b} = (1/N) Σ_i ẽ(s_{i,a})·ẽ(s_{i,b}) (index a = t + K − 1), per coupling sample and
 * averaged. Cost per sample T·K·q²·N² multiply-adds.
 */
export function simulateKineticPotts(
  gamma: readonly (readonly number[])[],
  k: Key,
  options: KineticPottsOptions,
): {
  overlaps: TwoTimeGrid[];
  meanOverlap: TwoTimeGrid;
  laggedCorrelation(o: { fromStep: number; toStep?: number; maxLag: number }): Float64Array;
} {
  const fn = "simulateKineticPotts";
  checkCouplingCovariance(fn, gamma);
  const { states: q, beta, size: N, steps: T } = options;
  const S = options.samples ?? 1;
  for (const [name, v] of [["size", N], ["steps", T], ["samples", S]] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new Error(`${fn}: option "${name}" must be a positive integer, got ${v}`);
    }
  }
  if (!Number.isInteger(q) || q < 2) {
    throw new Error(`${fn}: option "states" must be an integer >= 2, got ${q}`);
  }
  const be = options.backend ?? defaultBackend();
  const K = gamma.length, A = T + K, D = q * N;
  const overlaps: TwoTimeGrid[] = [];
  for (const ks of split(k, S)) {
    const [kJ, kPrompt, kRun] = split(ks, 3);
    // kineticCouplings on qN "sites" has variance 1/(qN); rescale to Γ/N
    const J = kineticCouplings(gamma, kJ, { size: D });
    const scale = Math.sqrt(q);
    for (let i = 0; i < J.length; i++) J[i] *= scale;
    const states = new Int32Array(A * N);
    const emb = new Float64Array(A * D); // ẽ codes, time-major
    const setState = (a: number, i: number, s: number): void => {
      states[a * N + i] = s;
      for (let b = 0; b < q; b++) emb[a * D + i * q + b] = (b === s ? 1 : 0) - 1 / q;
    };
    const u0 = uniformF64(kPrompt, K * N);
    for (let a = 0; a < K; a++) {
      for (let i = 0; i < N; i++) setState(a, i, Math.min(q - 1, Math.floor(u0[a * N + i] * q)));
    }
    const h = new Float64Array(D), p = new Float64Array(q);
    const stepKeys = split(kRun, T);
    for (let a = K; a < A; a++) {
      be.gemv({
        trans: false,
        m: D,
        n: K * D,
        alpha: 1,
        a: J,
        offA: 0,
        lda: K * D,
        x: emb,
        offX: (a - K) * D,
        incX: 1,
        beta: 0,
        y: h,
        offY: 0,
        incY: 1,
      });
      const u = uniformF64(stepKeys[a - K], N);
      for (let i = 0; i < N; i++) {
        let m = -Infinity, z = 0;
        for (let b = 0; b < q; b++) m = Math.max(m, beta * h[i * q + b]);
        for (let b = 0; b < q; b++) z += p[b] = Math.exp(beta * h[i * q + b] - m);
        let c = u[i] * z, s = q - 1;
        for (let b = 0; b < q; b++) {
          c -= p[b];
          if (c < 0) {
            s = b;
            break;
          }
        }
        setState(a, i, s);
      }
    }
    const grid = new TwoTimeGrid(A);
    for (let a = 0; a < A; a++) {
      for (let b = 0; b <= a; b++) {
        let s = 0;
        for (let d = 0; d < D; d++) s += emb[a * D + d] * emb[b * D + d];
        grid.setSymmetric(a, b, s / N);
      }
    }
    overlaps.push(grid);
  }
  const mean = new TwoTimeGrid(A);
  for (const g of overlaps) for (let i = 0; i < A * A; i++) mean.data[i] += g.data[i] / S;
  return {
    overlaps,
    meanOverlap: mean,
    laggedCorrelation(o): Float64Array {
      return bandAverages(mean, {
        from: o.fromStep + K - 1,
        to: (o.toStep ?? T + 1) + K - 1,
        maxLag: o.maxLag,
      });
    },
  };
}
