/**
 * ISO setting of arXiv:2510.01098 (Results 1–2; PAPERS.md): the population risk of the
 * SGD-trained, tail-averaged Γ at depth L against the Marchenko–Pastur optimum L*(α, L)
 * (D → ∞) and against the Monte Carlo risk of γ*I at the same finite D; and one training curve
 * against the mean-field SGD path.
 * @module
 */
import { foldIn, key } from "../../random/mod.ts";
import { deepIclPopulationRisk } from "../../models/deep_linear_attention_icl.ts";
import { isoDeepOptimum, isoDeepSgdMeanPath } from "../../theory/mod.ts";
import { checkPositive, checkPositiveInt } from "../../errors/mod.ts";
import type { RunContext } from "../../run/mod.ts";
import { seedStats } from "../icl_linear_attention/mod.ts";
import { type DeepPromptConfig, deepPrompts, scaledIdentity, trainTailAveraged } from "./train.ts";

/** Knobs of {@link isoDepth} and {@link isoTrainingCurve}. */
export interface IsoConfig extends DeepPromptConfig {
  /** context lengths per dimension α = P/D (one panel each). */
  alphas: number[];
  /** depths L trained by SGD. */
  depths: number[];
  /** SGD steps per run. */
  steps: number;
  /** contexts per SGD step B. */
  batch: number;
  /** learning rate η at L = 1. */
  lr: number;
  /** η_L = lr·L^lrDepthPower. */
  lrDepthPower: number;
  /** fraction of the last iterates averaged. */
  tailFraction: number;
  /** SGD runs per point. */
  seeds: number;
  /** base seed. */
  seed: number;
  /** Monte Carlo draws per population-risk evaluation. */
  riskSamples: number;
  /** depth of the training curve. */
  curveDepth: number;
}

/** One (α, L): theory, finite-D optimum and the trained Γ. */
export interface IsoDepthRow {
  /** α = P/D. */
  alpha: number;
  /** depth L. */
  depth: number;
  /** dimension D. */
  dim: number;
  /** label-noise variance σ². */
  sigma2: number;
  /** L*(α, L), D → ∞. */
  theoryLoss: number;
  /** γ* of L*(α, L). */
  theoryGamma: number;
  /** Monte Carlo risk of γ*I at this D. */
  finiteDOptimalRisk: number;
  /** its standard error. */
  finiteDOptimalRiskSe: number;
  /** risk of the trained Γ, mean over seeds. */
  trainedRisk: number;
  /** its standard error over seeds (0 for one seed). */
  trainedRiskSe: number;
  /** risk of each seed. */
  trainedRiskSeeds: number[];
  /** mean diagonal of the trained Γ (compare with γ*). */
  trainedGammaMeanDiag: number;
  /** off-diagonal/diagonal Frobenius ratio of the trained Γ. */
  offDiagonalRatio: number;
  /** runs whose SGD diverged (left out of the mean). */
  divergedRuns: number;
  /** (trained − L*)/L*: the gap to the D → ∞ optimum. */
  relErrVsTheory: number;
  /** (trained − finite-D optimum)/finite-D optimum. */
  relErrVsFiniteD: number;
}

/** Summary of the ISO depth check. */
export interface IsoDepthSummary {
  /** max |relErrVsTheory| over α and L. */
  maxRelErrVsTheory: number;
  /** max |relErrVsFiniteD| over α and L. */
  maxRelErrVsFiniteD: number;
  /** the trained risk decreases with L at every α. */
  decreasingInDepth: boolean;
  /** the same per α. */
  byAlpha: Record<
    string,
    { maxRelErrVsTheory: number; maxRelErrVsFiniteD: number; decreasingInDepth: boolean }
  >;
}

/**
 * Train Γ by SGD at every (α, L) and compare with L*(α, L). Appends rows to `results.isoDepth`
 * and sets `results.isoDepthTheory` (L*(α, L) for L = 1..2·max depth).
 *
 * @param c sizes, SGD settings, seeds
 * @param ctx run context
 * @returns the rows and the summary
 */
export async function isoDepth(
  c: IsoConfig,
  ctx: RunContext,
): Promise<{ rows: IsoDepthRow[]; summary: IsoDepthSummary }> {
  const fn = "isoDepth";
  checkPositiveInt(fn, "dim", c.dim);
  checkPositiveInt(fn, "seeds", c.seeds);
  checkPositiveInt(fn, "steps", c.steps);
  c.depths.forEach((L, i) => checkPositiveInt(fn, `depths[${i}]`, L));
  c.alphas.forEach((a, i) => checkPositive(fn, `alphas[${i}]`, a));
  const root = key(c.seed);
  const D = c.dim;
  const maxL = Math.max(...c.depths) * 2;
  await ctx.results.set(
    "isoDepthTheory",
    c.alphas.map((alpha) => ({
      alpha,
      depths: Array.from({ length: maxL }, (_, i) => i + 1),
      loss: Array.from(
        { length: maxL },
        (_, i) => isoDeepOptimum({ alpha, depth: i + 1, sigma2: c.sigma2 }).loss,
      ),
    })),
  );
  const all: IsoDepthRow[] = [];
  const byAlpha: IsoDepthSummary["byAlpha"] = {};
  for (const alpha of c.alphas) {
    const P = Math.round(alpha * D);
    const bar = ctx.progress(`ISO SGD vs depth (α = ${alpha})`, c.depths.length * c.seeds);
    const rows: IsoDepthRow[] = [];
    for (const L of c.depths) {
      const opt = isoDeepOptimum({ alpha, depth: L, sigma2: c.sigma2 });
      const mcOpt = deepIclPopulationRisk(foldIn(root, 900 + L), scaledIdentity(D, opt.gamma), {
        depth: L,
        contextLength: P,
        noiseVariance: c.sigma2,
        samples: c.riskSamples,
      });
      const risks: number[] = [];
      const gammas: number[] = [];
      const offs: number[] = [];
      let diverged = 0;
      for (let s = 0; s < c.seeds; s++) {
        const ks = foldIn(foldIn(root, 1), L * 100 + s);
        let tr;
        try {
          tr = trainTailAveraged(ks, deepPrompts(c, alpha), {
            depth: L,
            lr: c.lr * L ** c.lrDepthPower,
            batch: c.batch,
            steps: c.steps,
            tail: c.tailFraction,
          });
        } catch (e) {
          ctx.log(`ISO α=${alpha} L=${L} seed ${s}: ${(e as Error).message}`);
          diverged++;
          bar.tick();
          continue;
        }
        const r = deepIclPopulationRisk(foldIn(ks, 77), tr.gamma, {
          depth: L,
          contextLength: P,
          noiseVariance: c.sigma2,
          samples: c.riskSamples,
        });
        risks.push(r.mean);
        let tg = 0;
        for (let i = 0; i < D; i++) tg += tr.gamma[i * D + i] / D;
        gammas.push(tg);
        offs.push(tr.offDiagRatio);
        bar.tick();
      }
      const st = seedStats(risks);
      const row: IsoDepthRow = {
        alpha,
        depth: L,
        dim: D,
        sigma2: c.sigma2,
        theoryLoss: opt.loss,
        theoryGamma: opt.gamma,
        finiteDOptimalRisk: mcOpt.mean,
        finiteDOptimalRiskSe: mcOpt.stderr,
        trainedRisk: st.mean,
        trainedRiskSe: st.se,
        trainedRiskSeeds: risks,
        trainedGammaMeanDiag: seedStats(gammas).mean,
        offDiagonalRatio: seedStats(offs).mean,
        divergedRuns: diverged,
        relErrVsTheory: (st.mean - opt.loss) / opt.loss,
        relErrVsFiniteD: (st.mean - mcOpt.mean) / mcOpt.mean,
      };
      rows.push(row);
      await ctx.results.append("isoDepth", row);
    }
    bar.done();
    all.push(...rows);
    byAlpha[String(alpha)] = summarize(rows);
  }
  const s = summarize(all);
  return {
    rows: all,
    summary: {
      ...s,
      decreasingInDepth: Object.values(byAlpha).every((b) => b.decreasingInDepth),
      byAlpha,
    },
  };
}

function summarize(rows: IsoDepthRow[]) {
  return {
    maxRelErrVsTheory: Math.max(...rows.map((r) => Math.abs(r.relErrVsTheory))),
    maxRelErrVsFiniteD: Math.max(...rows.map((r) => Math.abs(r.relErrVsFiniteD))),
    decreasingInDepth: rows.every((r, i) => i === 0 || r.trainedRisk < rows[i - 1].trainedRisk),
  };
}

/** The ISO training curve and its mean-field path. */
export interface IsoCurve {
  /** depth L. */
  depth: number;
  /** α of the curve. */
  alpha: number;
  /** population risk (Monte Carlo) of the SGD iterate every steps/20 steps. */
  sgd: { step: number; risk: number; se: number }[];
  /** the mean-field SGD path (Marchenko–Pastur, D → ∞). */
  meanField: { step: number; risk: number }[];
}

/**
 * One SGD run at L = curveDepth, α = alphas[0], its population risk along the way, and the
 * mean-field SGD path `γ_{t+1} = γ_t − (η/D)∂_γL(γ_t)` (arXiv:2510.01098 Result 2). Sets
 * `results.isoCurve`.
 *
 * @param c sizes, SGD settings
 * @param ctx run context
 * @returns the curve
 */
export async function isoTrainingCurve(c: IsoConfig, ctx: RunContext): Promise<IsoCurve> {
  const root = key(c.seed);
  const alpha = c.alphas[0];
  const P = Math.round(alpha * c.dim);
  const L = c.curveDepth;
  const sgd: IsoCurve["sgd"] = [];
  const every = Math.max(1, Math.floor(c.steps / 20));
  trainTailAveraged(foldIn(root, 2), deepPrompts(c, alpha), {
    depth: L,
    lr: c.lr * L ** c.lrDepthPower,
    batch: c.batch,
    steps: c.steps,
    tail: 0,
  }, (t, g) => {
    const r = deepIclPopulationRisk(foldIn(root, 3000 + t), g, {
      depth: L,
      contextLength: P,
      noiseVariance: c.sigma2,
      samples: Math.max(20, c.riskSamples / 4),
    });
    sgd.push({ step: t, risk: r.mean, se: r.stderr });
  }, every);
  const path = isoDeepSgdMeanPath({
    alpha,
    depth: L,
    sigma2: c.sigma2,
    learningRate: c.lr * L ** c.lrDepthPower,
    dim: c.dim,
    steps: c.steps,
  });
  const meanField: IsoCurve["meanField"] = [];
  for (let t = 1; t <= c.steps; t += Math.max(1, Math.floor(c.steps / 200))) {
    meanField.push({ step: t, risk: path.loss[t] });
  }
  const out = { depth: L, alpha, sgd, meanField };
  await ctx.results.set("isoCurve", out);
  return out;
}
