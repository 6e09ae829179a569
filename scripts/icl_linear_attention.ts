/**
 * icl_linear_attention: in-context learning of linear regression by (reduced) linear attention,
 * theory vs simulation, after Lu, Letey, Zavatone-Veth, Maiti, Pehlevan (arXiv:2405.11751, PNAS
 * 2025) and Letey, Zavatone-Veth, Lu, Pehlevan (arXiv:2509.26551, ICLR 2026).
 * Spec: ../shared/papers/icl_linear_attention.md, Part D.1 (figures 1–6) and ERRATA E6/E7.
 *
 * Conventions of those papers: x ~ N(0, I/d), y = ⟨x, w⟩ + ε, ε ~ N(0, ρ), ℓ = αd tokens,
 * k = κd pretraining tasks (Gaussian tasks w ~ N(0, C_train)), n = τd² pretraining contexts,
 * ridge (n/d)λ‖Γ‖². The simulation fits Γ* in closed form (chunked GEMM + Cholesky) and
 * evaluates its exact finite-ℓ test error (spec §A.5), so the only randomness is the training
 * set (pool + contexts) — the seed error bars are over those.
 *
 * Figures: (1) double descent in τ (e_ICL, e_IDG; ridge curves), (2) g_task vs κ with dMMSE,
 * (3) non-monotone e_ICL in α (theory), (4) alignment: aligned / reversed / weak-direction test
 * covariances vs κ, plus the rank-r transition (theory), (5) heat map of E_ICL over
 * (p_train, κ) with the optimal p_train, (6) E_ICL against candidate alignment metrics with
 * Spearman ρ; plus the 1/d extrapolation of the simulation over d ∈ extrapDims.
 *
 * `deno run -A scripts/icl_linear_attention.ts` (default, a few minutes on 2 cores),
 * `--full` for the whole plan (more seeds, τ points, κ points, d = 48 check).
 * @module
 */
import * as Plot from "@observablehq/plot";
import { foldIn, type Key, key, split } from "../src/random/mod.ts";
import { type IclPromptOptions, sampleIclPrompts, sampleTaskPool } from "../src/data/icl_tasks.ts";
import { lowRankSpectrum, powerLawSpectrum } from "../src/data/icl_covariances.ts";
import { fitReducedGammaRidge } from "../src/models/linear_attention_icl.ts";
import { dmmsePredict } from "../src/models/icl_dmmse.ts";
import {
  type AlignmentMetrics,
  alignmentMetrics,
  gammaTestError,
  gaussianTaskMoments,
  iclAlignmentError,
  type IclTaskMoments,
  pnasIclErrorRidge,
  pnasIclErrorRidgeless,
  pnasIdgErrorRidgeless,
  poolTaskMoments,
} from "../src/theory/mod.ts";
import { cliMain, type RunContext, runScript, type ScriptSpec } from "../src/run/mod.ts";
import { type SimPoint, type TheoryPoint, theoryVsSim } from "../src/plot/mod.ts";

/** Every knob of the script (override with `--key=value`). */
export const defaults = {
  d: 32,
  alpha: 2,
  rho: 0.01,
  lambda: 1e-6,
  seeds: 3,
  seed: 0,
  taskLaw: "gaussian",
  kappa: 0.5,
  taus: [0.5, 2, 3],
  ridges: [0.1, 1],
  ridgeSimLambda: 0,
  gapD: 16,
  gapAlpha: 10,
  gapTau: 10,
  gapKappas: [0.5, 1, 2, 4],
  dmmseDraws: 200,
  alphaTau: 20,
  alphaRho: 0.5,
  alphaKappas: [0.25, 1, 2],
  alignTau: 3,
  pTrain: 1,
  weakFraction: 0.1,
  hurtPTrain: 2,
  hurtWeakDirections: 20,
  alignKappas: [0.5, 2, 8],
  rankFractions: [0.25, 0.5, 1],
  heatD: 200,
  heatTau: 4,
  heatPTest: 1,
  metricD: 100,
  extrapDims: [16, 24, 32],
  extrapSeeds: [10, 5, 3],
  extrapKappas: [2],
  extrapTaus: [3],
  checkD48: false,
  chunk: 512,
  full: false,
  figure: true,
};

/** A comment per knob. */
export const help: { [K in keyof typeof defaults]: string } = {
  d: "dimension d of the simulations of figures 1 and 4",
  alpha: "context length per dimension α = ℓ/d (figures 1, 4 and the extrapolation)",
  rho: "label-noise variance ρ",
  lambda: "ridge λ of (n/d)λ‖Γ‖² for the 'ridgeless' fits",
  seeds: "independent training sets (pool + contexts) per simulated point",
  seed: "base random seed",
  taskLaw: "task law of the simulations: gaussian | sphere (PNAS code uses sphere)",
  kappa: "task diversity κ = k/d of figure 1",
  taus: "τ = n/d² values simulated in figure 1",
  ridges: "ridge values λ > 0 drawn as theory curves in figure 1",
  ridgeSimLambda: "if > 0, also simulate figure 1 at this ridge",
  gapD: "dimension of the g_task / dMMSE simulation (figure 2)",
  gapAlpha: "α of figure 2",
  gapTau: "τ of figure 2",
  gapKappas: "κ values simulated in figure 2",
  dmmseDraws: "test contexts per κ and seed for the dMMSE Monte Carlo",
  alphaTau: "τ of the α sweep (figure 3, theory)",
  alphaRho: "ρ of the α sweep (figure 3, theory)",
  alphaKappas: "κ values of the α sweep (figure 3, theory)",
  alignTau: "τ of the alignment figure (4)",
  pTrain: "power-law exponent of C_train in the figure-4 simulation (C = diag(j^-p), trace d)",
  hurtPTrain:
    "p_train of the 'more diversity hurts' theory panel (figure 4c, d = heatD, τ = heatTau)",
  hurtWeakDirections:
    "number of weakest C_train directions carrying the test covariance in figure 4c",
  weakFraction: "fraction of the weakest C_train directions carrying the weak-direction test",
  alignKappas: "κ values simulated in figure 4",
  rankFractions:
    "r/d of the low-rank pretraining covariances (figure 4b, theory, C_test = C_train)",
  heatD: "dimension of the theory heat map (figure 5)",
  heatTau: "τ of figures 5 and 6",
  heatPTest: "p_test of the heat map (figure 5)",
  metricD: "dimension of the metric comparison (figure 6, theory)",
  extrapDims: "dimensions of the 1/d extrapolation (iso, α, each (extrapKappas[i], extrapTaus[i]))",
  extrapSeeds: "seeds per dimension of the extrapolation (same length as extrapDims)",
  extrapKappas: "κ of each extrapolated point",
  extrapTaus: "τ of each extrapolated point (paired with extrapKappas)",
  checkD48: "also simulate d = 48 at the extrapolation point (slow: ~1 min per fit)",
  chunk: "contexts per GEMM chunk of the ridge fit",
  full: "the whole plan: more seeds, τ and κ points, the ridge simulation and the d = 48 check",
  figure: "write SVG + PNG figures",
};

type Cfg = typeof defaults;

function applyFull(c: Cfg): Cfg {
  if (!c.full) return c;
  return {
    ...c,
    seeds: Math.max(c.seeds, 5),
    taus: [0.2, 0.5, 0.7, 1.3, 1.5, 2, 3, 4],
    ridgeSimLambda: c.ridgeSimLambda > 0 ? c.ridgeSimLambda : 0.1,
    gapKappas: [0.25, 0.5, 1, 2, 4, 8],
    dmmseDraws: Math.max(c.dmmseDraws, 1000),
    alignKappas: [0.25, 0.5, 1, 2, 4, 8],
    extrapSeeds: c.extrapSeeds.map((s) => 2 * s),
    extrapKappas: c.extrapKappas.length === 1 ? [...c.extrapKappas, c.kappa] : c.extrapKappas,
    extrapTaus: c.extrapTaus.length === 1 ? [...c.extrapTaus, 2] : c.extrapTaus,
    checkD48: true,
  };
}

const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const stderr = (v: readonly number[]) => {
  if (v.length < 2) return 0;
  const m = mean(v);
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1) / v.length);
};
const logspace = (a: number, b: number, n: number) =>
  Array.from({ length: n }, (_, i) => a * (b / a) ** (i / (n - 1)));
const linspace = (a: number, b: number, n: number) =>
  Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));

/** Spearman rank correlation (average ranks for ties). */
function spearman(x: readonly number[], y: readonly number[]): number {
  const rank = (v: readonly number[]) => {
    const idx = v.map((_, i) => i).sort((a, b) => v[a] - v[b]);
    const r = new Array(v.length);
    for (let i = 0; i < idx.length;) {
      let j = i;
      while (j + 1 < idx.length && v[idx[j + 1]] === v[idx[i]]) j++;
      for (let t = i; t <= j; t++) r[idx[t]] = (i + j) / 2;
      i = j + 1;
    }
    return r as number[];
  };
  const rx = rank(x);
  const ry = rank(y);
  const mx = mean(rx);
  const my = mean(ry);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < rx.length; i++) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) ** 2;
    syy += (ry[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

interface FitSpec {
  d: number;
  alpha: number;
  kappa: number;
  tau: number;
  rho: number;
  lambda: number;
  trainSpectrum?: Float64Array;
  taskLaw: "gaussian" | "sphere";
  chunk: number;
}

/** One simulated training set: pool of κd tasks, τd² contexts, closed-form ridge Γ*. */
function fitOnce(k: Key, s: FitSpec): { gamma: Float64Array; pool?: Float64Array } {
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

function isoMoments(d: number, rho: number): IclTaskMoments {
  return gaussianTaskMoments(new Float64Array(d).fill(1), { dim: d, rho });
}

/** The experiment. */
export async function main(cfg0: Cfg, ctx: RunContext): Promise<Record<string, unknown>> {
  const c = applyFull(cfg0);
  if (c.extrapDims.length !== c.extrapSeeds.length) {
    throw new Error(
      `icl_linear_attention: "extrapSeeds" must have the length of "extrapDims" (${c.extrapDims.length}), got ${c.extrapSeeds.length}`,
    );
  }
  if (c.taskLaw !== "gaussian" && c.taskLaw !== "sphere") {
    throw new Error(`icl_linear_attention: "taskLaw" must be gaussian or sphere, got ${c.taskLaw}`);
  }
  const taskLaw = c.taskLaw as "gaussian" | "sphere";
  const root = key(c.seed);
  const t0 = performance.now();
  const summary: Record<string, unknown> = {};
  const base = { alpha: c.alpha, rho: c.rho, lambda: c.lambda, taskLaw, chunk: c.chunk };
  const ell = Math.round(c.alpha * c.d);

  // ---------------- Figure 1: double descent in τ ----------------
  {
    const bar = ctx.progress("fig1 double descent", c.taus.length * c.seeds);
    const rows = [];
    const theory: TheoryPoint[] = [];
    const sim: SimPoint[] = [];
    for (const tau of linspace(0.1, 4, 79)) {
      const p = { alpha: c.alpha, kappa: c.kappa, tau, rho: c.rho };
      if (Math.abs(tau - 1) > 0.03) {
        theory.push({ x: tau, y: pnasIclErrorRidgeless(p), series: "e_ICL theory (λ→0)" });
        theory.push({ x: tau, y: pnasIdgErrorRidgeless(p), series: "e_IDG theory (λ→0)" });
      }
      for (const lam of c.ridges) {
        theory.push({
          x: tau,
          y: pnasIclErrorRidge({ ...p, lambda: lam }),
          series: `e_ICL theory λ=${lam}`,
        });
      }
    }
    const lambdas = c.ridgeSimLambda > 0 ? [c.lambda, c.ridgeSimLambda] : [c.lambda];
    for (const lam of lambdas) {
      for (const tau of c.taus) {
        const icl: number[] = [];
        const idg: number[] = [];
        for (let s = 0; s < c.seeds; s++) {
          const f = fitOnce(foldIn(foldIn(root, 1), s * 1000 + Math.round(tau * 100)), {
            ...base,
            lambda: lam,
            d: c.d,
            kappa: c.kappa,
            tau,
          });
          icl.push(gammaTestError(f.gamma, isoMoments(c.d, c.rho), { contextLength: ell }));
          if (f.pool) {
            idg.push(
              gammaTestError(f.gamma, poolTaskMoments(f.pool, { dim: c.d, rho: c.rho }), {
                contextLength: ell,
              }),
            );
          }
          bar.tick();
        }
        const p = { alpha: c.alpha, kappa: c.kappa, tau, rho: c.rho };
        const thIcl = lam === c.lambda
          ? pnasIclErrorRidgeless(p)
          : pnasIclErrorRidge({ ...p, lambda: lam });
        const thIdg = lam === c.lambda ? pnasIdgErrorRidgeless(p) : NaN;
        const tag = lam === c.lambda ? "" : ` λ=${lam}`;
        sim.push({ x: tau, y: mean(icl), se: stderr(icl), series: `e_ICL sim${tag}` });
        if (lam === c.lambda) {
          sim.push({ x: tau, y: mean(idg), se: stderr(idg), series: "e_IDG sim" });
        }
        const row = {
          d: c.d,
          alpha: c.alpha,
          kappa: c.kappa,
          tau,
          rho: c.rho,
          lambda: lam,
          eIclTheory: thIcl,
          eIclSim: mean(icl),
          eIclSimSe: stderr(icl),
          eIclSeeds: icl,
          eIdgTheory: thIdg,
          eIdgSim: mean(idg),
          eIdgSimSe: stderr(idg),
          relErrIcl: (mean(icl) - thIcl) / thIcl,
          relErrIdg: lam === c.lambda ? (mean(idg) - thIdg) / thIdg : null,
        };
        rows.push(row);
        await ctx.results.append("doubleDescent", row);
      }
    }
    bar.done();
    const far = rows.filter((r) => r.lambda === c.lambda && Math.abs(r.tau - 1) >= 0.3);
    summary.doubleDescent = {
      maxRelErrIcl: Math.max(...far.map((r) => Math.abs(r.relErrIcl))),
      simAboveTheory: far.every((r) => r.eIclSim >= r.eIclTheory),
      bound: 0.13,
    };
    if (c.figure) {
      await ctx.figure(
        "fig1_double_descent",
        theoryVsSim({
          theory: theory.filter((p) => p.y < 8),
          sim,
          xLabel: "τ = n/d²",
          yLabel: "test error",
          title: `Double descent in τ (α = ${c.alpha}, κ = ${c.kappa}, ρ = ${c.rho})`,
          subtitle: `simulation d = ${c.d}, ${c.seeds} seeds; theory d → ∞`,
        }),
      );
    }
  }

  // ---------------- Figure 2: g_task vs κ with dMMSE ----------------
  {
    const d = c.gapD;
    const ellG = Math.round(c.gapAlpha * d);
    const bar = ctx.progress("fig2 task diversity + dMMSE", c.gapKappas.length * c.seeds);
    const theory: TheoryPoint[] = [];
    const sim: SimPoint[] = [];
    for (const kappa of logspace(0.1, 40, 60)) {
      const p = { alpha: c.gapAlpha, kappa, tau: c.gapTau, rho: c.rho };
      const icl = pnasIclErrorRidgeless(p);
      const idg = pnasIdgErrorRidgeless(p);
      theory.push({ x: kappa, y: icl - idg, series: "g_task theory (Γ*)" });
      theory.push({ x: kappa, y: icl, series: "e_ICL theory (Γ*)" });
    }
    for (const kappa of c.gapKappas) {
      const g: number[] = [];
      const ei: number[] = [];
      const dm: number[] = [];
      const dmIcl: number[] = [];
      for (let s = 0; s < c.seeds; s++) {
        const ks = foldIn(foldIn(root, 2), s * 1000 + Math.round(kappa * 100));
        const f = fitOnce(ks, { ...base, alpha: c.gapAlpha, d, kappa, tau: c.gapTau });
        const eI = gammaTestError(f.gamma, isoMoments(d, c.rho), { contextLength: ellG });
        const eD = gammaTestError(f.gamma, poolTaskMoments(f.pool!, { dim: d, rho: c.rho }), {
          contextLength: ellG,
        });
        g.push(eI - eD);
        ei.push(eI);
        // dMMSE: Monte Carlo on fresh contexts with fresh (ICL) and pool (IDG) tasks
        const opts: IclPromptOptions = {
          dim: d,
          contextLength: ellG,
          covariateScale: 1 / d,
          noiseVariance: c.rho,
          taskLaw,
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
      const p = { alpha: c.gapAlpha, kappa, tau: c.gapTau, rho: c.rho };
      const th = pnasIclErrorRidgeless(p) - pnasIdgErrorRidgeless(p);
      sim.push({ x: kappa, y: mean(g), se: stderr(g), series: "g_task sim (Γ*)" });
      sim.push({ x: kappa, y: mean(ei), se: stderr(ei), series: "e_ICL sim (Γ*)" });
      sim.push({ x: kappa, y: mean(dm), se: stderr(dm), series: "g_task dMMSE" });
      await ctx.results.append("taskDiversity", {
        d,
        alpha: c.gapAlpha,
        tau: c.gapTau,
        kappa,
        rho: c.rho,
        gTaskTheory: th,
        gTaskSim: mean(g),
        gTaskSimSe: stderr(g),
        eIclTheory: pnasIclErrorRidgeless(p),
        eIclSim: mean(ei),
        eIclSimSe: stderr(ei),
        gTaskDmmse: mean(dm),
        gTaskDmmseSe: stderr(dm),
        eIclDmmse: mean(dmIcl),
      });
    }
    bar.done();
    if (c.figure) {
      await ctx.figure(
        "fig2_task_diversity",
        theoryVsSim({
          theory,
          sim,
          logX: true,
          xLabel: "κ = k/d",
          yLabel: "error",
          title: `Memorisation → ICL in task diversity (α = ${c.gapAlpha}, τ = ${c.gapTau})`,
          subtitle: `simulation d = ${d}, ${c.seeds} seeds; dMMSE ${c.dmmseDraws} draws`,
        }),
      );
    }
  }

  // ---------------- Figure 3: e_ICL vs α (theory) ----------------
  {
    const theory: TheoryPoint[] = [];
    const rows = [];
    for (const kappa of c.alphaKappas) {
      for (const alpha of logspace(0.5, 1000, 80)) {
        const e = pnasIclErrorRidgeless({ alpha, kappa, tau: c.alphaTau, rho: c.alphaRho });
        theory.push({ x: alpha, y: e, series: `κ = ${kappa}` });
        rows.push({ alpha, kappa, tau: c.alphaTau, rho: c.alphaRho, eIclTheory: e });
      }
    }
    await ctx.results.set("contextLength", rows);
    if (c.figure) {
      await ctx.figure(
        "fig3_context_length",
        theoryVsSim({
          theory,
          logX: true,
          logY: true,
          xLabel: "α = ℓ/d",
          yLabel: "e_ICL",
          title: `Non-monotone e_ICL in context length (τ = ${c.alphaTau}, ρ = ${c.alphaRho})`,
          subtitle: "theory",
        }),
      );
    }
  }

  // ---------------- Figure 4: alignment ----------------
  {
    const d = c.d;
    const train = powerLawSpectrum(d, { exponent: c.pTrain });
    const rev = train.slice().reverse();
    const nw = Math.max(1, Math.round(c.weakFraction * d));
    const weak = new Float64Array(d);
    for (let i = d - nw; i < d; i++) weak[i] = d / nw;
    const tests: [string, Float64Array][] = [["aligned", train], ["reversed", rev], [
      "weak directions",
      weak,
    ]];
    const theory: TheoryPoint[] = [];
    const sim: SimPoint[] = [];
    const p0 = { alpha: c.alpha, tau: c.alignTau, rho: c.rho };
    for (const kappa of logspace(0.1, 20, 50)) {
      for (const [name, cov] of tests) {
        theory.push({
          x: kappa,
          y: iclAlignmentError(train, cov, { ...p0, kappa }).eIcl,
          series: `${name} theory`,
        });
      }
    }
    const bar = ctx.progress("fig4 alignment", c.alignKappas.length * c.seeds);
    const rows = [];
    for (const kappa of c.alignKappas) {
      const errs: number[][] = tests.map(() => []);
      for (let s = 0; s < c.seeds; s++) {
        const f = fitOnce(foldIn(foldIn(root, 4), s * 1000 + Math.round(kappa * 100)), {
          ...base,
          d,
          kappa,
          tau: c.alignTau,
          trainSpectrum: train,
        });
        tests.forEach(([, cov], i) =>
          errs[i].push(
            gammaTestError(f.gamma, gaussianTaskMoments(cov, { dim: d, rho: c.rho }), {
              contextLength: ell,
            }),
          )
        );
        bar.tick();
      }
      const row: Record<string, unknown> = {
        d,
        alpha: c.alpha,
        tau: c.alignTau,
        kappa,
        rho: c.rho,
        pTrain: c.pTrain,
      };
      tests.forEach(([name, cov], i) => {
        const th = iclAlignmentError(train, cov, { ...p0, kappa }).eIcl;
        sim.push({ x: kappa, y: mean(errs[i]), se: stderr(errs[i]), series: `${name} sim` });
        row[name] = {
          theory: th,
          sim: mean(errs[i]),
          simSe: stderr(errs[i]),
          relErr: (mean(errs[i]) - th) / th,
          seeds: errs[i],
        };
      });
      rows.push(row);
      await ctx.results.append("alignment", row);
    }
    bar.done();
    const rel = rows.flatMap((r) =>
      tests.map(([n]) => Math.abs((r[n] as { relErr: number }).relErr))
    );
    // "more diversity can hurt" (theory at d = heatD, spec §B.5): test on the weakest directions
    const dH = c.heatD;
    const trH = powerLawSpectrum(dH, { exponent: c.hurtPTrain });
    const weakH = new Float64Array(dH);
    const nH = Math.max(1, Math.min(dH, c.hurtWeakDirections));
    for (let i = dH - nH; i < dH; i++) weakH[i] = dH / nH;
    const alH = powerLawSpectrum(dH, { exponent: 1 });
    const hurt: TheoryPoint[] = [];
    const hurtRows: { kappa: number; weakDirections: number; aligned: number }[] = [];
    for (const kappa of logspace(0.05, 40, 50)) {
      const pH = { alpha: c.alpha, tau: c.heatTau, rho: c.rho, kappa };
      const eW = iclAlignmentError(trH, weakH, pH).eIcl;
      const eA = iclAlignmentError(alH, alH, pH).eIcl;
      hurt.push({
        x: kappa,
        y: eW,
        series: `test on ${nH} weakest dirs, p_train = ${c.hurtPTrain}`,
      });
      hurt.push({ x: kappa, y: eA, series: "aligned, p_train = p_test = 1" });
      hurtRows.push({ kappa, weakDirections: eW, aligned: eA });
    }
    await ctx.results.set("diversityHurts", {
      d: dH,
      alpha: c.alpha,
      tau: c.heatTau,
      pTrain: c.hurtPTrain,
      rows: hurtRows,
    });
    summary.alignment = {
      maxRelErr: Math.max(...rel),
      alignedBelowReversedSim: rows.every((r) =>
        (r["aligned"] as { sim: number }).sim < (r["reversed"] as { sim: number }).sim
      ),
      alignedBelowReversedTheory: rows.every((r) =>
        (r["aligned"] as { theory: number }).theory < (r["reversed"] as { theory: number }).theory
      ),
      weakIncreasesInKappaTheory: hurtRows.every((r, i) =>
        i === 0 || r.weakDirections >= hurtRows[i - 1].weakDirections - 1e-12
      ),
      alignedDecreasesInKappaTheory: hurtRows.every((r, i) =>
        i === 0 || r.aligned <= hurtRows[i - 1].aligned + 1e-12
      ),
    };
    if (c.figure) {
      await ctx.figure(
        "fig4c_diversity_hurts",
        theoryVsSim({
          theory: hurt,
          logX: true,
          xLabel: "κ = k/d",
          yLabel: "E_ICL",
          title: `More task diversity can hurt (d = ${dH}, α = ${c.alpha}, τ = ${c.heatTau})`,
          subtitle: "theory",
        }),
      );
    }
    // rank-r transition (theory, C_test = C_train; ERRATA E7)
    const rankTheory: TheoryPoint[] = [];
    const rankRows = [];
    for (const frac of c.rankFractions) {
      const cov = lowRankSpectrum(c.heatD, { rank: Math.max(1, Math.round(frac * c.heatD)) });
      for (const kappa of logspace(0.02, 20, 60)) {
        const e =
          iclAlignmentError(cov, cov, { alpha: c.alpha, tau: c.heatTau, rho: c.rho, kappa }).eIcl;
        rankTheory.push({ x: kappa, y: e, series: `r/d = ${frac}` });
        rankRows.push({ rankFraction: frac, kappa, eIclTheory: e });
      }
    }
    await ctx.results.set("rankTransition", {
      d: c.heatD,
      alpha: c.alpha,
      tau: c.heatTau,
      rows: rankRows,
    });
    if (c.figure) {
      await ctx.figure(
        "fig4_alignment",
        theoryVsSim({
          theory,
          sim,
          logX: true,
          xLabel: "κ = k/d",
          yLabel: "e_ICL",
          title:
            `Pretrain–test alignment (p_train = ${c.pTrain}, α = ${c.alpha}, τ = ${c.alignTau})`,
          subtitle: `simulation d = ${d}, ${c.seeds} seeds; weak = ${nw} weakest train directions`,
        }),
      );
      await ctx.figure(
        "fig4b_rank_transition",
        theoryVsSim({
          theory: rankTheory,
          logX: true,
          xLabel: "κ = k/d",
          yLabel: "e_ICL",
          title: `κ-transition moves with rank(C_train) (C_test = C_train, d = ${c.heatD})`,
          subtitle: "theory",
        }),
      );
    }
  }

  // ---------------- Figure 5: heat map over (p_train, κ) ----------------
  {
    const d = c.heatD;
    const test = powerLawSpectrum(d, { exponent: c.heatPTest });
    const ps = linspace(0, 3, 31);
    const ks = logspace(0.1, 10, 31);
    const cells = [];
    const best = [];
    for (const kappa of ks) {
      let bp = 0;
      let be = Infinity;
      for (const p of ps) {
        const e = iclAlignmentError(powerLawSpectrum(d, { exponent: p }), test, {
          alpha: c.alpha,
          tau: c.heatTau,
          rho: c.rho,
          kappa,
        }).eIcl;
        cells.push({ pTrain: p, kappa, eIcl: e });
        if (e < be) {
          be = e;
          bp = p;
        }
      }
      best.push({ kappa, pTrainOpt: bp, eIcl: be });
    }
    await ctx.results.set("heatMap", {
      d,
      alpha: c.alpha,
      tau: c.heatTau,
      pTest: c.heatPTest,
      cells,
      best,
    });
    summary.heatMap = {
      pTrainOptAtSmallestKappa: best[0].pTrainOpt,
      pTrainOptAtLargestKappa: best[best.length - 1].pTrainOpt,
    };
    if (c.figure) {
      await ctx.figure("fig5_heatmap", {
        title: `E_ICL over (p_train, κ), p_test = ${c.heatPTest} (theory, d = ${d})`,
        subtitle: `white dots: optimal p_train per κ; colour: E_ICL (viridis, dark = low)`,
        width: 640,
        height: 420,
        x: { type: "log", label: "κ" },
        y: { label: "p_train" },
        color: { scheme: "viridis", legend: false, label: "E_ICL" },
        marks: [
          Plot.dot(cells, { x: "kappa", y: "pTrain", fill: "eIcl", r: 6, symbol: "square" }),
          Plot.dot(best, { x: "kappa", y: "pTrainOpt", fill: "white", stroke: "black", r: 3 }),
        ],
      });
    }
  }

  // ---------------- Figure 6: E_ICL vs candidate metrics ----------------
  {
    const d = c.metricD;
    type MetricPoint = AlignmentMetrics & {
      pTrain: number;
      pTest: number;
      reversed: boolean;
      kappa: number;
      eIcl: number;
    };
    const pts: MetricPoint[] = [];
    for (const pTr of [0.25, 0.75, 1.25, 1.75, 2.5]) {
      for (const pTe of [0, 0.5, 1, 1.5, 2]) {
        for (const rev of [false, true]) {
          for (const kappa of [0.2, 0.5, 1, 2, 5]) {
            const tr = powerLawSpectrum(d, { exponent: pTr });
            const te0 = powerLawSpectrum(d, { exponent: pTe });
            const te = rev ? te0.slice().reverse() : te0;
            const p = { alpha: c.alpha, tau: c.heatTau, rho: c.rho, kappa };
            const m = alignmentMetrics(tr, te, p);
            pts.push({
              pTrain: pTr,
              pTest: pTe,
              reversed: rev,
              kappa,
              eIcl: iclAlignmentError(tr, te, p).eIcl,
              ...m,
            });
          }
        }
      }
    }
    const e = pts.map((p) => p.eIcl);
    const rho = {
      kAlignment: spearman(e, pts.map((p) => p.kAlignment)),
      fAlignment: spearman(e, pts.map((p) => p.fAlignment)),
      population: spearman(e, pts.map((p) => p.population)),
      inverseCka: spearman(e, pts.map((p) => p.inverseCka)),
    };
    await ctx.results.set("metrics", {
      d,
      alpha: c.alpha,
      tau: c.heatTau,
      spearman: rho,
      points: pts,
    });
    summary.metricsSpearman = rho;
    if (c.figure) {
      const norm = (k: keyof typeof rho) => {
        const v = pts.map((p) => p[k] as number);
        const lo = Math.min(...v);
        const hi = Math.max(...v);
        return pts.map((p) => ({
          x: ((p[k] as number) - lo) / (hi - lo),
          y: p.eIcl,
          series: `${k} (ρ_s = ${rho[k].toFixed(2)})`,
        }));
      };
      await ctx.figure(
        "fig6_metrics",
        theoryVsSim({
          sim: [
            ...norm("kAlignment"),
            ...norm("fAlignment"),
            ...norm("population"),
            ...norm("inverseCka"),
          ],
          xLabel: "metric (min–max normalised)",
          yLabel: "E_ICL (theory)",
          title: "E_ICL against candidate alignment metrics",
          subtitle: `d = ${d}, power-law pairs, Spearman ρ_s in legend`,
        }),
      );
    }
  }

  // ---------------- 1/d extrapolation ----------------
  if (c.extrapKappas.length !== c.extrapTaus.length) {
    throw new Error(
      `icl_linear_attention: "extrapTaus" must have the length of "extrapKappas" (${c.extrapKappas.length}), got ${c.extrapTaus.length}`,
    );
  }
  const fits: Record<string, unknown>[] = [];
  for (const [pi, kappaX] of c.extrapKappas.entries()) {
    const tauX = c.extrapTaus[pi];
    const p = { alpha: c.alpha, kappa: kappaX, tau: tauX, rho: c.rho };
    const th = pnasIclErrorRidgeless(p);
    const dims = c.checkD48 && pi === 0 ? [...c.extrapDims, 48] : c.extrapDims;
    const seedsFor = (i: number) => (i < c.extrapSeeds.length ? c.extrapSeeds[i] : 2);
    const bar = ctx.progress(
      `1/d extrapolation κ=${kappaX} τ=${tauX}`,
      dims.reduce((a, _, i) => a + seedsFor(i), 0),
    );
    const rows = [];
    for (const [i, d] of dims.entries()) {
      const v: number[] = [];
      for (let s = 0; s < seedsFor(i); s++) {
        const f = fitOnce(foldIn(foldIn(foldIn(root, 5), pi), d * 1000 + s), {
          ...base,
          d,
          kappa: kappaX,
          tau: tauX,
        });
        v.push(
          gammaTestError(f.gamma, isoMoments(d, c.rho), { contextLength: Math.round(c.alpha * d) }),
        );
        bar.tick();
      }
      const row = {
        kappa: kappaX,
        tau: tauX,
        d,
        sim: mean(v),
        simSe: stderr(v),
        theory: th,
        relErr: (mean(v) - th) / th,
        seeds: v,
      };
      rows.push(row);
      await ctx.results.append("extrapolation", row);
    }
    bar.done();
    // weighted least squares e(d) = e∞ + c/d over extrapDims (weights 1/se²)
    const use = rows.filter((r) => c.extrapDims.includes(r.d));
    let sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (const r of use) {
      const w = 1 / Math.max(r.simSe, 1e-4) ** 2;
      const x = 1 / r.d;
      sw += w;
      sx += w * x;
      sy += w * r.sim;
      sxx += w * x * x;
      sxy += w * x * r.sim;
    }
    const slope = (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
    const eInf = (sy - slope * sx) / sw;
    const eInfSe = Math.sqrt(sxx / (sw * sxx - sx * sx));
    const fit = {
      kappa: kappaX,
      tau: tauX,
      eInf,
      eInfSe,
      slope,
      theory: th,
      relErr: (eInf - th) / th,
      bound: 0.03,
      rows,
    };
    fits.push(fit);
    if (c.figure) {
      await ctx.figure(
        `fig7_extrapolation_${pi}`,
        theoryVsSim({
          theory: [
            { x: 0, y: th, series: "theory (d → ∞)" },
            { x: 1 / Math.min(...dims), y: th, series: "theory (d → ∞)" },
            { x: 0, y: eInf, series: "fit e∞ + c/d" },
            {
              x: 1 / Math.min(...dims),
              y: eInf + slope / Math.min(...dims),
              series: "fit e∞ + c/d",
            },
          ],
          sim: rows.map((r) => ({ x: 1 / r.d, y: r.sim, se: r.simSe, series: "simulation" })),
          xLabel: "1/d",
          yLabel: "e_ICL",
          title: `Finite-d extrapolation (iso, α = ${c.alpha}, κ = ${kappaX}, τ = ${tauX})`,
          subtitle: `e∞ = ${eInf.toFixed(4)} ± ${eInfSe.toFixed(4)} vs theory ${th.toFixed(4)}`,
        }),
      );
    }
  }
  summary.extrapolation = fits;
  await ctx.results.set("extrapolationFit", fits);

  summary.wallSeconds = (performance.now() - t0) / 1000;
  await ctx.results.set("summary", summary);
  ctx.log(
    `icl_linear_attention: ${JSON.stringify(summary, (k, v) => (k === "rows" ? undefined : v))}`,
  );
  return { summary };
}

/** The experiment as a runnable script. */
export const spec: ScriptSpec<typeof defaults> = {
  name: "icl_linear_attention",
  description:
    "ICL of linear regression by linear attention (arXiv:2405.11751, 2509.26551): double descent, task diversity with dMMSE, context length, pretrain–test alignment, metrics, 1/d extrapolation.",
  defaults,
  help,
  main,
};

if (import.meta.main) await cliMain(() => runScript(spec, Deno.args));
