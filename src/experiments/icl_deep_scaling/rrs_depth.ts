/**
 * RRS setting of arXiv:2510.01098 (Result 6; PAPERS.md): fresh Haar rotation of power-law
 * spectra per context; the SGD-trained Γ at depth L against the α = ∞ mode sum and the finite-α
 * Monte Carlo optimum over γI — depth keeps helping at large context.
 * @module
 */
import { foldIn, key } from "../../random/mod.ts";
import { sourceCapacitySpectra } from "../../data/icl_covariances.ts";
import { deepIclPopulationRisk } from "../../models/deep_linear_attention_icl.ts";
import { goldenMinimize, rrsInfiniteContextOptimum } from "../../theory/mod.ts";
import { checkPositiveInt } from "../../errors/mod.ts";
import type { RunContext } from "../../run/mod.ts";
import { seedStats } from "../icl_linear_attention/mod.ts";
import { type DeepPromptConfig, deepPrompts, scaledIdentity, trainTailAveraged } from "./train.ts";

/** Knobs of {@link rrsDepth}. */
export interface RrsConfig extends DeepPromptConfig {
  /** capacity ν (λ_k = k^−ν). */
  nu: number;
  /** source β (ω_kλ_k ∝ k^(−νβ−1)). */
  beta: number;
  /** α = P/D of the RRS runs. */
  rrsAlpha: number;
  /** depths trained by SGD. */
  rrsDepths: number[];
  /** SGD steps per run. */
  rrsSteps: number;
  /** contexts per SGD step. */
  rrsBatch: number;
  /** learning rate at L = 1 (scaled by L^lrDepthPower). */
  rrsLr: number;
  /** η_L = rrsLr·L^lrDepthPower. */
  lrDepthPower: number;
  /** fraction of the last iterates averaged. */
  tailFraction: number;
  /** SGD runs per depth. */
  seeds: number;
  /** base seed. */
  seed: number;
  /** Monte Carlo draws per population-risk evaluation. */
  riskSamples: number;
}

/** One depth: α = ∞ theory, finite-α optimum over γI, trained Γ. */
export interface RrsDepthRow {
  /** depth L. */
  depth: number;
  /** α = P/D. */
  alpha: number;
  /** dimension D. */
  dim: number;
  /** capacity ν. */
  nu: number;
  /** source β. */
  beta: number;
  /** min_γ of the α = ∞ risk of γI (D modes). */
  theoryInfiniteContext: number;
  /** its argmin γ. */
  theoryInfiniteContextGamma: number;
  /** min_γ of the finite-α Monte Carlo risk of γI. */
  finiteAlphaOptimum: number;
  /** its argmin γ. */
  finiteAlphaGamma: number;
  /** risk of the trained Γ, mean over seeds. */
  trainedRisk: number;
  /** its standard error (0 for one seed). */
  trainedRiskSe: number;
  /** risk of each seed. */
  trainedRiskSeeds: number[];
  /** (trained − finite-α optimum)/finite-α optimum. */
  relErrVsFiniteAlpha: number;
  /** runs whose SGD diverged. */
  divergedRuns: number;
}

/** Summary of the RRS depth check. */
export interface RrsSummary {
  /** the trained risk decreases with L. */
  trainedDecreasingInDepth: boolean;
  /** the α = ∞ optimum decreases with L. */
  theoryDecreasingInDepth: boolean;
  /** max |relErrVsFiniteAlpha|. */
  maxRelErrVsFiniteAlpha: number;
}

/**
 * Train Γ by SGD in the RRS setting at each depth and compare with the optima. Appends rows to
 * `results.rrsDepth`, sets `results.rrsDepthTheory` (α = ∞ optimum for L = 1..2·max depth).
 *
 * @param c sizes, spectra, SGD settings
 * @param ctx run context
 * @returns the rows and the summary
 */
export async function rrsDepth(
  c: RrsConfig,
  ctx: RunContext,
): Promise<{ rows: RrsDepthRow[]; summary: RrsSummary }> {
  const fn = "rrsDepth";
  checkPositiveInt(fn, "dim", c.dim);
  checkPositiveInt(fn, "seeds", c.seeds);
  checkPositiveInt(fn, "rrsSteps", c.rrsSteps);
  c.rrsDepths.forEach((L, i) => checkPositiveInt(fn, `rrsDepths[${i}]`, L));
  const root = key(c.seed);
  const D = c.dim;
  const { lambda, omega } = sourceCapacitySpectra(D, { nu: c.nu, beta: c.beta });
  const P = Math.round(c.rrsAlpha * D);
  const maxL = Math.max(...c.rrsDepths) * 2;
  await ctx.results.set("rrsDepthTheory", {
    depths: Array.from({ length: maxL }, (_, i) => i + 1),
    loss: Array.from(
      { length: maxL },
      (_, i) => rrsInfiniteContextOptimum({ lambda, omega }, { depth: i + 1 }).loss,
    ),
  });
  const bar = ctx.progress("RRS SGD vs depth", c.rrsDepths.length * c.seeds);
  const prompts = deepPrompts(c, c.rrsAlpha, {
    covariateSpectrum: lambda,
    taskSpectrum: omega,
    rotation: "haar-per-context",
  });
  const rows: RrsDepthRow[] = [];
  for (const L of c.rrsDepths) {
    const inf = rrsInfiniteContextOptimum({ lambda, omega }, { depth: L });
    // finite-α Monte Carlo optimum over γ (common random numbers: the same key for every γ)
    const kmc = foldIn(root, 5000 + L);
    const mc = (g: number) =>
      deepIclPopulationRisk(kmc, scaledIdentity(D, g), {
        depth: L,
        contextLength: P,
        noiseVariance: c.sigma2,
        covariateSpectrum: lambda,
        taskSpectrum: omega,
        samples: Math.max(20, c.riskSamples / 2),
      }).mean;
    const best = goldenMinimize(mc, [0, 1.9 * L], { iterations: 25 });
    const risks: number[] = [];
    let diverged = 0;
    for (let s = 0; s < c.seeds; s++) {
      const ks = foldIn(foldIn(root, 6), L * 100 + s);
      let tr;
      try {
        tr = trainTailAveraged(ks, prompts, {
          depth: L,
          lr: c.rrsLr * L ** c.lrDepthPower,
          batch: c.rrsBatch,
          steps: c.rrsSteps,
          tail: c.tailFraction,
        });
      } catch (e) {
        ctx.log(`RRS L=${L} seed ${s}: ${(e as Error).message}`);
        diverged++;
        bar.tick();
        continue;
      }
      const r = deepIclPopulationRisk(foldIn(ks, 77), tr.gamma, {
        depth: L,
        contextLength: P,
        noiseVariance: c.sigma2,
        covariateSpectrum: lambda,
        taskSpectrum: omega,
        rotation: "haar-per-context",
        samples: c.riskSamples,
      });
      risks.push(r.mean);
      bar.tick();
    }
    const st = seedStats(risks);
    const row: RrsDepthRow = {
      depth: L,
      alpha: c.rrsAlpha,
      dim: D,
      nu: c.nu,
      beta: c.beta,
      theoryInfiniteContext: inf.loss,
      theoryInfiniteContextGamma: inf.gamma,
      finiteAlphaOptimum: best.value,
      finiteAlphaGamma: best.x,
      trainedRisk: st.mean,
      trainedRiskSe: st.se,
      trainedRiskSeeds: risks,
      relErrVsFiniteAlpha: (st.mean - best.value) / best.value,
      divergedRuns: diverged,
    };
    rows.push(row);
    await ctx.results.append("rrsDepth", row);
  }
  bar.done();
  return {
    rows,
    summary: {
      trainedDecreasingInDepth: rows.every((r, i) =>
        i === 0 || r.trainedRisk < rows[i - 1].trainedRisk
      ),
      theoryDecreasingInDepth: rows.every((r, i) =>
        i === 0 || r.theoryInfiniteContext < rows[i - 1].theoryInfiniteContext
      ),
      maxRelErrVsFiniteAlpha: Math.max(...rows.map((r) => Math.abs(r.relErrVsFiniteAlpha))),
    },
  };
}
