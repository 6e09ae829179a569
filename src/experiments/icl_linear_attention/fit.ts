/**
 * One simulated pretraining set of the reduced linear-attention model of Lu et al.
 * (arXiv:2405.11751 §2; PAPERS.md): a pool of k = κd tasks, n = τd² contexts of ℓ = αd tokens,
 * and the closed-form ridge fit of Γ* (arXiv:2405.11751 eq. for Γ*, ridge (n/d)λ‖Γ‖²).
 * @module
 */
import { foldIn, type Key, split } from "../../random/mod.ts";
import {
  type IclPromptOptions,
  type IclTaskLaw,
  sampleIclPrompts,
  sampleTaskPool,
} from "../../data/icl_tasks.ts";
import { fitReducedGammaRidge } from "../../models/linear_attention_icl.ts";
import { gaussianTaskMoments, type IclTaskMoments } from "../../theory/mod.ts";
import { mean, standardError } from "../../stats/mod.ts";

/** What one Γ* fit needs (PNAS conventions: x ~ N(0, I/d), y = ⟨x, w⟩ + ε, ε ~ N(0, ρ)). */
export interface IclFitSpec {
  /** dimension d. */
  d: number;
  /** α = ℓ/d (tokens per context over d). */
  alpha: number;
  /** κ = k/d (tasks in the pool over d; Infinity: a fresh task per context). */
  kappa: number;
  /** τ = n/d² (pretraining contexts over d²). */
  tau: number;
  /** label-noise variance ρ. */
  rho: number;
  /** ridge λ of (n/d)λ‖Γ‖² (> 0; 1e-6 stands for ridgeless). */
  lambda: number;
  /** eigenvalues of C_train (default isotropic). */
  trainSpectrum?: Float64Array;
  /** task law: "gaussian" (alignment paper) or "sphere" (PNAS code). */
  taskLaw: IclTaskLaw;
  /** contexts per GEMM chunk of the ridge fit. */
  chunk: number;
}

/**
 * Draw one training set from `k` (split into pool and contexts) and fit Γ* in closed form.
 *
 * @param k random key of this training set
 * @param s sizes, noise, ridge, task law
 * @returns Γ* (row-major d×(d+1)) and the task pool (row-major k×d; undefined when κ = ∞)
 */
export function fitIclGamma(k: Key, s: IclFitSpec): { gamma: Float64Array; pool?: Float64Array } {
  const [kp, kd] = split(k, 2);
  const kTasks = Math.max(1, Math.round(s.kappa * s.d));
  const pool = Number.isFinite(s.kappa)
    ? sampleTaskPool(kp, kTasks, { dim: s.d, taskSpectrum: s.trainSpectrum, taskLaw: s.taskLaw })
    : undefined;
  const opts: IclPromptOptions = {
    dim: s.d,
    contextLength: Math.round(s.alpha * s.d),
    covariateScale: 1 / s.d,
    noiseVariance: s.rho,
    taskSpectrum: s.trainSpectrum,
    taskLaw: s.taskLaw,
    taskPool: pool,
  };
  const fit = fitReducedGammaRidge((i, c) => sampleIclPrompts(foldIn(kd, i), c, opts), {
    dim: s.d,
    contexts: Math.max(1, Math.round(s.tau * s.d * s.d)),
    lambda: s.lambda,
    chunkSize: s.chunk,
  });
  return { gamma: fit.gamma, pool };
}

/** Test-task moments of fresh isotropic Gaussian tasks, C = I (the e_ICL of arXiv:2405.11751). */
export function isotropicMoments(d: number, rho: number): IclTaskMoments {
  return gaussianTaskMoments(new Float64Array(d).fill(1), { dim: d, rho });
}

/** Mean and standard error over seeds (SE 0 for a single seed, NaN mean for none). */
export function seedStats(v: readonly number[]): { mean: number; se: number } {
  if (v.length === 0) return { mean: NaN, se: NaN };
  return { mean: mean(v), se: v.length > 1 ? standardError(v) : 0 };
}
