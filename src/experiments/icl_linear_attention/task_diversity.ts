/**
 * Memorisation → in-context learning as task diversity κ = k/d grows (arXiv:2405.11751 §5,
 * Fig. 4; PAPERS.md): the task-generalisation gap g_task = e_ICL − e_IDG of Γ* against κ, with the
 * dMMSE (Bayes-optimal for the finite pool) estimator, which never generalises beyond its pool.
 * @module
 */
import { foldIn, key, split } from "../../random/mod.ts";
import { type IclPromptOptions, type IclTaskLaw, sampleIclPrompts } from "../../data/icl_tasks.ts";
import { dmmsePredict } from "../../models/icl_dmmse.ts";
import {
  gammaTestError,
  pnasIclErrorRidgeless,
  pnasIdgErrorRidgeless,
  poolTaskMoments,
} from "../../theory/mod.ts";
import { logspace } from "../../stats/mod.ts";
import { checkPositive, checkPositiveInt } from "../../errors/mod.ts";
import type { RunContext } from "../../run/mod.ts";
import { fitIclGamma, isotropicMoments, seedStats } from "./fit.ts";

/** Knobs of {@link taskDiversity}. */
export interface TaskDiversityConfig {
  /** dimension d of the simulation. */
  gapD: number;
  /** α = ℓ/d. */
  gapAlpha: number;
  /** τ = n/d². */
  gapTau: number;
  /** simulated κ values. */
  gapKappas: number[];
  /** dMMSE Monte Carlo test contexts per κ and seed. */
  dmmseDraws: number;
  /** label-noise variance ρ. */
  rho: number;
  /** ridge λ of the fits. */
  lambda: number;
  /** seeds per κ. */
  seeds: number;
  /** base seed. */
  seed: number;
  /** task law. */
  taskLaw: IclTaskLaw;
  /** contexts per GEMM chunk. */
  chunk: number;
}

/** One simulated κ: Γ* and dMMSE gaps, theory beside them. */
export interface TaskDiversityRow {
  /** Dimension d. */
  d: number;
  /** α = ℓ/d. */
  alpha: number;
  /** τ = n/d². */
  tau: number;
  /** κ = k/d. */
  kappa: number;
  /** Label-noise variance ρ. */
  rho: number;
  /** g_task, theory (d → ∞). */
  gTaskTheory: number;
  /** Simulated g_task of Γ*, mean over seeds. */
  gTaskSim: number;
  /** Its standard error. */
  gTaskSimSe: number;
  /** e_ICL, theory (d → ∞). */
  eIclTheory: number;
  /** Simulated e_ICL, mean over seeds. */
  eIclSim: number;
  /** Its standard error. */
  eIclSimSe: number;
  /** g_task of the dMMSE estimator, mean over seeds. */
  gTaskDmmse: number;
  /** Its standard error. */
  gTaskDmmseSe: number;
  /** e_ICL of the dMMSE estimator (Monte Carlo). */
  eIclDmmse: number;
}

/** Theory curves (d → ∞) of g_task and e_ICL of Γ* over a κ grid. */
export interface TaskDiversityTheory {
  /** κ grid. */
  kappas: number[];
  /** g_task = e_ICL − e_IDG (theory). */
  gTask: number[];
  /** E_ICL (theory). */
  eIcl: number[];
}

/**
 * Theory and simulation of g_task against κ (arXiv:2405.11751 Fig. 4), with the dMMSE baseline
 * by Monte Carlo on fresh contexts. Appends rows to `results.taskDiversity`, sets
 * `results.taskDiversityTheory`.
 *
 * @param c sizes, κ values, dMMSE draws, seeds
 * @param ctx run context
 * @returns the rows and the theory curves
 */
export async function taskDiversity(
  c: TaskDiversityConfig,
  ctx: RunContext,
): Promise<{ rows: TaskDiversityRow[]; theory: TaskDiversityTheory }> {
  const fn = "taskDiversity";
  checkPositiveInt(fn, "gapD", c.gapD);
  checkPositiveInt(fn, "seeds", c.seeds);
  checkPositiveInt(fn, "dmmseDraws", c.dmmseDraws);
  c.gapKappas.forEach((k, i) => checkPositive(fn, `gapKappas[${i}]`, k));
  const root = key(c.seed);
  const d = c.gapD;
  const ell = Math.round(c.gapAlpha * d);
  const pAt = (kappa: number) => ({ alpha: c.gapAlpha, kappa, tau: c.gapTau, rho: c.rho });
  const kappas = logspace(0.1, 40, 60);
  const theory: TaskDiversityTheory = {
    kappas,
    gTask: kappas.map((k) => pnasIclErrorRidgeless(pAt(k)) - pnasIdgErrorRidgeless(pAt(k))),
    eIcl: kappas.map((k) => pnasIclErrorRidgeless(pAt(k))),
  };
  await ctx.results.set("taskDiversityTheory", theory);
  const bar = ctx.progress("task diversity + dMMSE", c.gapKappas.length * c.seeds);
  const rows: TaskDiversityRow[] = [];
  for (const kappa of c.gapKappas) {
    const g: number[] = [];
    const ei: number[] = [];
    const dm: number[] = [];
    const dmIcl: number[] = [];
    for (let s = 0; s < c.seeds; s++) {
      const ks = foldIn(foldIn(root, 2), s * 1000 + Math.round(kappa * 100));
      const f = fitIclGamma(ks, {
        d,
        alpha: c.gapAlpha,
        kappa,
        tau: c.gapTau,
        rho: c.rho,
        lambda: c.lambda,
        taskLaw: c.taskLaw,
        chunk: c.chunk,
      });
      const eI = gammaTestError(f.gamma, isotropicMoments(d, c.rho), { contextLength: ell });
      const eD = gammaTestError(f.gamma, poolTaskMoments(f.pool!, { dim: d, rho: c.rho }), {
        contextLength: ell,
      });
      g.push(eI - eD);
      ei.push(eI);
      // dMMSE: Monte Carlo on fresh contexts with fresh (ICL) and pool (IDG) tasks
      const opts: IclPromptOptions = {
        dim: d,
        contextLength: ell,
        covariateScale: 1 / d,
        noiseVariance: c.rho,
        taskLaw: c.taskLaw,
      };
      const [k1, k2] = split(foldIn(ks, 7), 2);
      const bI = sampleIclPrompts(k1, c.dmmseDraws, opts);
      const bD = sampleIclPrompts(k2, c.dmmseDraws, { ...opts, taskPool: f.pool });
      const pI = dmmsePredict(f.pool!, bI, { noiseVariance: c.rho });
      const pD = dmmsePredict(f.pool!, bD, { noiseVariance: c.rho });
      let mI = 0;
      let mD = 0;
      for (let i = 0; i < c.dmmseDraws; i++) {
        mI += (pI[i] - bI.yq[i]) ** 2 / c.dmmseDraws;
        mD += (pD[i] - bD.yq[i]) ** 2 / c.dmmseDraws;
      }
      dm.push(mI - mD);
      dmIcl.push(mI);
      bar.tick();
    }
    const sg = seedStats(g);
    const se = seedStats(ei);
    const sdm = seedStats(dm);
    const row: TaskDiversityRow = {
      d,
      alpha: c.gapAlpha,
      tau: c.gapTau,
      kappa,
      rho: c.rho,
      gTaskTheory: pnasIclErrorRidgeless(pAt(kappa)) - pnasIdgErrorRidgeless(pAt(kappa)),
      gTaskSim: sg.mean,
      gTaskSimSe: sg.se,
      eIclTheory: pnasIclErrorRidgeless(pAt(kappa)),
      eIclSim: se.mean,
      eIclSimSe: se.se,
      gTaskDmmse: sdm.mean,
      gTaskDmmseSe: sdm.se,
      eIclDmmse: seedStats(dmIcl).mean,
    };
    rows.push(row);
    await ctx.results.append("taskDiversity", row);
  }
  bar.done();
  return { rows, theory };
}
