/**
 * Online SGD on the reduced Γ of the deep linear-attention model (L steps of preconditioned
 * in-context GD; Bordelon, Letey, Pehlevan arXiv:2510.01098 §2; PAPERS.md) with tail averaging,
 * and the prompt options of that paper's conventions (x ~ N(0, Σ) without 1/D, y = β·x/√D + σε).
 * @module
 */
import type { Key } from "../../random/mod.ts";
import type { IclPromptOptions } from "../../data/icl_tasks.ts";
import { trainDeepIcl } from "../../models/deep_linear_attention_icl.ts";

/** Options of {@link trainTailAveraged}. */
export interface TailAveragedSgd {
  /** depth L. */
  depth: number;
  /** learning rate η on Γ. */
  lr: number;
  /** contexts per step B. */
  batch: number;
  /** SGD steps. */
  steps: number;
  /** fraction of the last iterates averaged (0: the last iterate). */
  tail: number;
}

/**
 * Train Γ from 0 by online SGD on fresh contexts and average the last `tail` fraction of the
 * iterates.
 *
 * @param k random key of the run
 * @param prompts context generator options
 * @param o depth, learning rate, batch, steps, tail fraction
 * @param onStep called with (step, Γ) every `every` steps
 * @param every period of `onStep`
 * @returns the averaged Γ (row-major D×D) and its off-diagonal/diagonal Frobenius ratio
 */
export function trainTailAveraged(
  k: Key,
  prompts: IclPromptOptions,
  o: TailAveragedSgd,
  onStep?: (step: number, gamma: Float64Array) => void,
  every = 100,
): { gamma: Float64Array; offDiagRatio: number } {
  const D = prompts.dim;
  const avg = new Float64Array(D * D);
  const start = Math.floor(o.steps * (1 - o.tail));
  let count = 0;
  const res = trainDeepIcl(k, {
    depth: o.depth,
    learningRate: o.lr,
    batchSize: o.batch,
    steps: o.steps,
    prompts,
    everySteps: 1,
    onStep: (t, g) => {
      if (t > start) {
        for (let i = 0; i < D * D; i++) avg[i] += g[i];
        count++;
      }
      if (onStep && t % every === 0) onStep(t, g);
    },
  });
  const gamma = count > 0 ? avg.map((v) => v / count) : res.gamma;
  let diag = 0;
  let off = 0;
  for (let i = 0; i < D; i++) {
    for (let j = 0; j < D; j++) {
      if (i === j) diag += gamma[i * D + j] ** 2;
      else off += gamma[i * D + j] ** 2;
    }
  }
  return { gamma, offDiagRatio: Math.sqrt(off / diag) };
}

/** γI as a row-major D×D matrix. */
export function scaledIdentity(D: number, g: number): Float64Array {
  const m = new Float64Array(D * D);
  for (let i = 0; i < D; i++) m[i * D + i] = g;
  return m;
}

/** The prompt knobs shared by the deep experiments. */
export interface DeepPromptConfig {
  /** dimension D. */
  dim: number;
  /** query tokens per context K. */
  queries: number;
  /** label-noise variance σ². */
  sigma2: number;
}

/**
 * Contexts of arXiv:2510.01098: P = αD tokens, K queries, x ~ N(0, Σ) (unit scale), y = β·x/√D + σε.
 *
 * @param c D, K, σ²
 * @param alpha α = P/D
 * @param extra spectra, rotation
 * @returns prompt options for `sampleIclPrompts` / `trainDeepIcl`
 */
export function deepPrompts(
  c: DeepPromptConfig,
  alpha: number,
  extra: Partial<IclPromptOptions> = {},
): IclPromptOptions {
  return {
    dim: c.dim,
    contextLength: Math.max(1, Math.round(alpha * c.dim)),
    queries: c.queries,
    covariateScale: 1,
    labelScale: 1 / Math.sqrt(c.dim),
    noiseVariance: c.sigma2,
    ...extra,
  };
}
