/**
 * icl_linear_attention: in-context learning of linear regression by (reduced) linear attention,
 * theory vs simulation, after Lu, Letey, Zavatone-Veth, Maiti, Pehlevan (arXiv:2405.11751, PNAS
 * 2025) and Letey, Zavatone-Veth, Lu, Pehlevan (arXiv:2509.26551, ICLR 2026). What reproduces and
 * within which tolerance: PAPERS.md.
 *
 * Conventions: x ~ N(0, I/d), y = ⟨x, w⟩ + ε, ε ~ N(0, ρ), ℓ = αd tokens, k = κd pretraining
 * tasks (w ~ N(0, C_train)), n = τd² pretraining contexts, ridge (n/d)λ‖Γ‖². The simulation fits
 * Γ* in closed form and evaluates its exact finite-ℓ test error, so the only randomness is the
 * training set (pool + contexts); error bars are over those seeds.
 *
 * Experiments (src/experiments/icl_linear_attention/): double descent in τ (2405.11751 Fig. 1),
 * g_task vs κ with dMMSE (Fig. 4), e_ICL vs α (Figs. 2–3, theory), alignment vs κ with the
 * rank-r transition and "more diversity hurts" (2509.26551 Figs. 1, 6), the (p_train, κ) heat
 * map (Fig. 4), metric ranking with Spearman ρ (Fig. 2), and the finite-d extrapolation.
 *
 * `deno run -A scripts/icl_linear_attention.ts` (default, ≈ 1 min of CPU), `--full` for the
 * whole plan (more seeds, τ and κ points, the ridge simulation, d = 48, a second extrapolation).
 * @module
 */
import {
  cliMain,
  type FigureSpec,
  type RunContext,
  runScript,
  type ScriptSpec,
} from "../src/run/mod.ts";
import {
  alignment,
  contextLength,
  doubleDescent,
  extrapolation,
  heatMap,
  iclLinearAttentionFigures,
  iclLinearAttentionMemoryBytes,
  metricRanking,
  taskDiversity,
  validateIclLinearAttention,
} from "../src/experiments/icl_linear_attention/mod.ts";

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
  taus: [0.5, 0.85, 1.15, 2, 3],
  ridges: [0.1, 1],
  ridgeSimLambda: 0,
  ddYMax: 4,
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
};

/** A comment per knob. */
export const help: { [K in keyof typeof defaults]: string } = {
  d: "dimension d of the double-descent and alignment simulations",
  alpha: "context length per dimension α = ℓ/d (double descent, alignment, extrapolation)",
  rho: "label-noise variance ρ",
  lambda: "ridge λ of (n/d)λ‖Γ‖² for the 'ridgeless' fits",
  seeds: "independent training sets (pool + contexts) per simulated point",
  seed: "base random seed",
  taskLaw: "task law of the simulations (PNAS code uses sphere)",
  kappa: "task diversity κ = k/d of the double descent",
  taus: "τ = n/d² values simulated in the double descent (include points near τ = 1)",
  ridges: "ridge values λ > 0 drawn as theory curves in the double descent",
  ridgeSimLambda: "if > 0, also simulate the double descent at this ridge",
  ddYMax: "top of the double-descent y axis: the λ → 0 divergence at τ = 1 is clipped there",
  gapD: "dimension of the g_task / dMMSE simulation",
  gapAlpha: "α of the task-diversity experiment",
  gapTau: "τ of the task-diversity experiment",
  gapKappas: "κ values simulated in the task-diversity experiment",
  dmmseDraws: "test contexts per κ and seed for the dMMSE Monte Carlo",
  alphaTau: "τ of the α sweep (theory)",
  alphaRho: "ρ of the α sweep (theory)",
  alphaKappas: "κ values of the α sweep (theory)",
  alignTau: "τ of the alignment simulation",
  pTrain: "power-law exponent of C_train in the alignment simulation (diag(j^-p), trace d)",
  weakFraction: "fraction of the weakest C_train directions carrying the weak-direction test",
  hurtPTrain: "p_train of the 'more diversity hurts' theory panel (d = heatD, τ = heatTau)",
  hurtWeakDirections: "number of weakest C_train directions carrying C_test in that panel",
  alignKappas: "κ values simulated in the alignment experiment",
  rankFractions: "r/d of the low-rank C_train of the rank-transition panel (C_test = C_train)",
  heatD: "dimension of the theory panels (heat map, diversity hurts, rank transition)",
  heatTau: "τ of the theory panels and the metric ranking",
  heatPTest: "p_test of the heat map",
  metricD: "dimension of the metric ranking (theory)",
  extrapDims: "dimensions of the finite-d extrapolation e(d) = e∞ + c/d (iso, α)",
  extrapSeeds: "seeds per dimension of the extrapolation (same length as extrapDims)",
  extrapKappas: "κ of each extrapolated point",
  extrapTaus: "τ of each extrapolated point (paired with extrapKappas)",
  checkD48:
    "also simulate d = 48 at every extrapolation point, fitted without the smallest d (slow)",
  chunk: "contexts per GEMM chunk of the ridge fit",
};

type Cfg = typeof defaults;

/** Named presets; `--full` is the whole plan. */
export const presets = {
  full: {
    seeds: 5,
    taus: [0.2, 0.5, 0.7, 0.85, 0.95, 1.05, 1.15, 1.3, 1.5, 2, 3, 4],
    ridgeSimLambda: 0.1,
    gapKappas: [0.25, 0.5, 1, 2, 4, 8],
    dmmseDraws: 1000,
    alignKappas: [0.25, 0.5, 1, 2, 4, 8],
    extrapSeeds: [20, 10, 6],
    extrapKappas: [2, 0.5],
    extrapTaus: [3, 2],
    checkD48: true,
  },
} satisfies Record<string, Partial<Cfg>>;

/** The experiments in order; every result goes to results.json as it is produced. */
export async function main(c: Cfg, ctx: RunContext): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const cfg = { ...c, taskLaw: c.taskLaw as "gaussian" | "sphere" };
  const dd = await doubleDescent(cfg, ctx);
  await taskDiversity(cfg, ctx);
  await contextLength(cfg, ctx);
  const al = await alignment(cfg, ctx);
  const hm = await heatMap(cfg, ctx);
  const me = await metricRanking(cfg, ctx);
  const ex = await extrapolation(cfg, ctx);
  const summary = {
    doubleDescent: dd.summary,
    alignment: al.summary,
    heatMap: {
      pTrainOptAtSmallestKappa: hm.best[0].pTrainOpt,
      pTrainOptAtLargestKappa: hm.best[hm.best.length - 1].pTrainOpt,
    },
    metricsSpearman: me.spearman,
    extrapolation: ex.map(({ rows: _rows, ...fit }) => fit),
    wallSeconds: (performance.now() - t0) / 1000,
  };
  await ctx.results.set("summary", summary);
  ctx.log(`icl_linear_attention: ${JSON.stringify(summary)}`);
  return { summary };
}

/** The figures, from results.json and the config alone (`saddle plot <run-dir>` redraws them). */
export function figures(results: Record<string, unknown>, cfg: Cfg): FigureSpec[] {
  return iclLinearAttentionFigures(results, cfg);
}

/** The experiment as a runnable script. */
export const spec: ScriptSpec<Cfg> = {
  name: "icl_linear_attention",
  description:
    "ICL of linear regression by linear attention (arXiv:2405.11751, 2509.26551): double descent, task diversity with dMMSE, context length, pretrain–test alignment, metrics, finite-d extrapolation.",
  defaults,
  help,
  presets,
  choices: { taskLaw: ["gaussian", "sphere"] },
  figures,
  validate: validateIclLinearAttention,
  memoryBytes: iclLinearAttentionMemoryBytes,
  main,
};

if (import.meta.main) await cliMain(() => runScript(spec, Deno.args));
