/**
 * Transient dynamical mean-field theory of the extended-context disordered kinetic spin models
 * of Zavatone-Veth & Pehlevan, arXiv:2507.18461 (as reconstructed in
 * PAPERS.md "Kinetic glass"): the two-time correlation C_{t,t'} = lim (1/N) s_t·s_{t'} stepped
 * forward from the
 * prompt on the generic {@link stepTwoTime} grid, with field covariance
 * Q_{t,t'} = Σ_{k,l} Γ_{kl} C_{t−k,t'−l} and a per-variant closure.
 *
 * @module
 */

import { signProductExpectation, tanhProductExpectation } from "./gaussian_expectations.ts";
import {
  bandAverages,
  laggedQuadraticForm,
  stepTwoTime,
  type TwoTimeGrid,
} from "./dmft_two_time.ts";

/**
 * Token variants: "ising" (parallel Glauber, E[s|h] = tanh h, β folded into Γ), "sign" (β → ∞),
 * "gaussian" (linear VAR(K): s = h + σξ), "spherical" (s = √N u/‖u‖, u = h + σξ).
 */
export type KineticVariant = "ising" | "sign" | "gaussian" | "spherical";

/** The list of variants, for CLI validation. */
export const KINETIC_VARIANTS: readonly KineticVariant[] = [
  "ising",
  "sign",
  "gaussian",
  "spherical",
];

/**
 * Validates a K×K symmetric coupling covariance Γ given as nested rows and returns it flat
 * (row-major Float64Array). Throws a named error otherwise.
 */
export function checkCouplingCovariance(
  fn: string,
  gamma: readonly (readonly number[])[],
): Float64Array {
  const K = gamma.length;
  if (K < 1) throw new Error(`${fn}: argument "gamma" must be a non-empty K×K matrix, got K=0`);
  const flat = new Float64Array(K * K);
  for (let k = 0; k < K; k++) {
    if (gamma[k].length !== K) {
      throw new Error(
        `${fn}: argument "gamma" must be square K×K, row ${k} has length ${
          gamma[k].length
        } (K=${K})`,
      );
    }
    for (let l = 0; l < K; l++) {
      const v = gamma[k][l];
      if (!Number.isFinite(v)) {
        throw new Error(`${fn}: argument "gamma" must be finite, got gamma[${k}][${l}]=${v}`);
      }
      flat[k * K + l] = v;
    }
  }
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < k; l++) {
      if (Math.abs(flat[k * K + l] - flat[l * K + k]) > 1e-12 * (1 + Math.abs(flat[k * K + l]))) {
        throw new Error(
          `${fn}: argument "gamma" must be symmetric, got gamma[${k}][${l}]=${
            flat[k * K + l]
          } vs gamma[${l}][${k}]=${flat[l * K + k]}`,
        );
      }
    }
  }
  return flat;
}

/** Validates the variant name. */
export function checkKineticVariant(fn: string, variant: string): KineticVariant {
  if (!(KINETIC_VARIANTS as readonly string[]).includes(variant)) {
    throw new Error(
      `${fn}: option "variant" must be one of ${KINETIC_VARIANTS.join(", ")}, got "${variant}"`,
    );
  }
  return variant as KineticVariant;
}

/** Options of {@link kineticGlassDmft}. */
export interface KineticGlassDmftOptions {
  /** Token variant. */
  variant: KineticVariant;
  /** Number of generated tokens T (times 1…T). */
  steps: number;
  /** Additive noise σ of the Gaussian and spherical variants (default 1; ignored for Ising). */
  sigma?: number;
  /** K×K overlap of the prompt tokens s_{1−K…0} (default identity). */
  promptOverlap?: readonly (readonly number[])[];
  /** Trapezoid nodes per axis for the Ising closure (default adaptive, see gaussian_expectations). */
  quadratureNodes?: number;
}

/** Result of the transient DMFT. */
export interface KineticGlassDmftResult {
  /** Context length K. */
  lags: number;
  /** Number of generated steps T. */
  steps: number;
  /** The (T+K)×(T+K) grid; index a = t + K − 1 for t ∈ [1−K, T]. */
  grid: TwoTimeGrid;
  /** Field variances Q_{tt} for t = 1…T (index t − 1). */
  fieldVariance: Float64Array;
  /** C_{t,t'} with t, t' ∈ [1−K, T] in the paper's time labels. */
  correlation(t: number, tp: number): number;
  /** c_τ averaged over t ∈ [fromStep, toStep − τ) (generated times), τ = 0…maxLag. */
  laggedCorrelation(options: { fromStep: number; toStep?: number; maxLag: number }): Float64Array;
}

/**
 * Transient DMFT of the K-lag kinetic spin models (arXiv:2507.18461; PAPERS.md "Kinetic glass").
 * `gamma` is the K×K cross-lag coupling covariance Γ (E[(J_k)_ij (J_l)_ij] = Γ_kl/N).
 * Boundary values: C = promptOverlap inside the prompt, 0 between prompt and generated times.
 * Cost O(T²(K² + n²)) with n the quadrature nodes (Ising only).
 */
export function kineticGlassDmft(
  gamma: readonly (readonly number[])[],
  options: KineticGlassDmftOptions,
): KineticGlassDmftResult {
  const fn = "kineticGlassDmft";
  const g = checkCouplingCovariance(fn, gamma);
  const variant = checkKineticVariant(fn, options.variant);
  const K = gamma.length;
  const T = options.steps;
  if (!Number.isInteger(T) || T < 1) {
    throw new Error(`${fn}: option "steps" must be a positive integer, got ${T}`);
  }
  const sigma = options.sigma ?? 1;
  if (!(sigma >= 0) || !Number.isFinite(sigma)) {
    throw new Error(`${fn}: option "sigma" must be a finite number >= 0, got ${sigma}`);
  }
  const sigma2 = variant === "gaussian" || variant === "spherical" ? sigma * sigma : 0;
  const prompt = options.promptOverlap;
  if (prompt !== undefined) {
    if (prompt.length !== K || prompt.some((r) => r.length !== K)) {
      throw new Error(`${fn}: option "promptOverlap" must be ${K}×${K}, got ${prompt.length} rows`);
    }
  }
  const fieldVar = new Float64Array(T);
  const norm = new Float64Array(T); // spherical normalisers n_t
  const nodes = options.quadratureNodes;
  const grid = stepTwoTime({
    size: T + K,
    prefix: K,
    initialize(grid) {
      for (let a = 0; a < K; a++) {
        for (let b = 0; b < K; b++) grid.set(a, b, prompt ? prompt[a][b] : a === b ? 1 : 0);
      }
    },
    fillRow(a, grid) {
      const t = a - K; // 0-based generated index
      const qaa = laggedQuadraticForm(grid, g, K, { a, b: a });
      fieldVar[t] = qaa;
      switch (variant) {
        case "ising":
        case "sign": {
          grid.set(a, a, 1);
          for (let b = K; b < a; b++) {
            const qab = laggedQuadraticForm(grid, g, K, { a, b });
            const v = variant === "ising"
              ? tanhProductExpectation(qaa, fieldVar[b - K], qab, { nodes })
              : signProductExpectation(qaa, fieldVar[b - K], qab);
            grid.setSymmetric(a, b, v);
          }
          break;
        }
        case "gaussian": {
          grid.set(a, a, qaa + sigma2);
          for (let b = K; b < a; b++) {
            grid.setSymmetric(a, b, laggedQuadraticForm(grid, g, K, { a, b }));
          }
          break;
        }
        case "spherical": {
          norm[t] = Math.sqrt(qaa + sigma2);
          grid.set(a, a, 1);
          for (let b = K; b < a; b++) {
            const qab = laggedQuadraticForm(grid, g, K, { a, b });
            const d = norm[t] * norm[b - K];
            grid.setSymmetric(a, b, d === 0 ? 0 : qab / d);
          }
          break;
        }
        default:
          variant satisfies never;
      }
    },
  });
  return {
    lags: K,
    steps: T,
    grid,
    fieldVariance: fieldVar,
    correlation(t: number, tp: number): number {
      if (!(t >= 1 - K && t <= T && tp >= 1 - K && tp <= T)) {
        throw new Error(`correlation: times must lie in [${1 - K}, ${T}], got (${t}, ${tp})`);
      }
      return grid.get(t + K - 1, tp + K - 1);
    },
    laggedCorrelation(o): Float64Array {
      return bandAverages(grid, {
        from: o.fromStep + K - 1,
        to: (o.toStep ?? T + 1) + K - 1,
        maxLag: o.maxLag,
      });
    },
  };
}
