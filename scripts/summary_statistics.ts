/**
 * summary_statistics: a few order parameters predict learning, after Zavatone-Veth, Bordelon &
 * Pehlevan, "Summary statistics of learning link changing neural representations to behavior"
 * (arXiv:2504.16920; what reproduces: PAPERS.md "Summary statistics").
 *
 * Experiments (src/experiments/summary_statistics/), theory and simulation side by side:
 * e1 (sign perceptron: Hebbian closed form and perceptron-rule ODE vs online learning), e2 (soft
 * committee machine: Saad–Solla ODEs vs SGD through the plateau, sufficiency of the overlaps,
 * symmetric plateau fixed points), e3 (deep linear mode strengths vs Saxe sigmoids), e4 (drift by
 * random rotations: overlaps invariant, tuning decorrelates), e5 (overlaps from n recorded
 * coordinates).
 *
 * `deno run -A scripts/summary_statistics.ts` (about 1 min); `--full`: N = 1000, 5 seeds, 20 000
 * held-out samples.
 * @module
 */
import { checkChoice, checkPositive, checkPositiveInt } from "../src/errors/mod.ts";
import { key } from "../src/random/mod.ts";
import {
  cliMain,
  type FigureSpec,
  type RunContext,
  runScript,
  type ScriptSpec,
} from "../src/run/mod.ts";
import {
  alphaGrid,
  committeeLearning,
  type CommitteeRun,
  deepLinearModes,
  perceptronLearning,
  plateauTable,
  representationalDrift,
  subsampling,
  summaryStatisticsFigures,
  summaryStatisticsMemoryBytes,
  type SummaryStatisticsResults,
  validateSummaryStatistics,
} from "../src/experiments/summary_statistics/mod.ts";

/** Every knob of the script. */
export const defaults = {
  K: 2,
  M: 2,
  eta: 0.5,
  N: 500,
  alphaMax: 250,
  alphaStep: 5,
  seeds: 2,
  testSize: 5000,
  studentInitStd: 0.1,
  noiseStd: 0,
  odeDAlpha: 0.05,
  compareUpTo: 100,
  plateauEtas: [0.1, 0.5, 1],
  percN: 500,
  percEta: 1,
  percAlphaMax: 18,
  percTestSize: 2000,
  driftAlphaMax: 60,
  driftEvery: 1,
  driftGivens: 2000,
  subsampleNs: [10, 30, 100, 300],
  subsampleReps: 200,
  dlnStrengths: [3, 2, 1],
  dlnInputs: 10,
  dlnHidden: 50,
  dlnOutputs: 10,
  dlnInitStd: 0.001,
  dlnTMax: 8,
  seed: 0,
  experiments: ["e1", "e2", "e3", "e4", "e5"],
};

const EXPERIMENTS = ["e1", "e2", "e3", "e4", "e5"] as const;

/** A comment per knob. */
export const help: { [K in keyof typeof defaults]: string } = {
  K: "E2 student hidden units K",
  M: "E2 teacher hidden units M",
  eta: "E2 learning rate η",
  N: "E2/E4/E5 input dimension N",
  alphaMax: "E2 largest α = samples/N",
  alphaStep: "E2 checkpoint spacing in α",
  seeds: "E2 independent seeds (teacher, init, data)",
  testSize: "E2 held-out inputs for the sufficiency check",
  studentInitStd: "E2 initial student weight SD (N(0, std²))",
  noiseStd: "E2 teacher output-noise SD σ_noise",
  odeDAlpha: "E2 RK4 step of the ODE",
  compareUpTo: "E2 α range [0, compareUpTo] of the 5% ODE-vs-SGD criterion (plateau included)",
  plateauEtas: "learning rates of the symmetric plateau table (K = M = 2 and 3)",
  percN: "E1 input dimension",
  percEta: "E1 learning rate",
  percAlphaMax: "E1 largest α",
  percTestSize: "E1 held-out inputs",
  driftAlphaMax: "E4 largest α of the drift run",
  driftEvery: "E4 apply a random rotation every driftEvery in α",
  driftGivens: "E4 Givens rotations per drift event",
  subsampleNs: "E5 numbers of recorded coordinates n (N is added)",
  subsampleReps: "E5 random subsets per n",
  dlnStrengths: "E3 teacher singular values",
  dlnInputs: "E3 input dimension",
  dlnHidden: "E3 hidden width",
  dlnOutputs: "E3 output dimension",
  dlnInitStd: "E3 initial weight SD (small: rich regime)",
  dlnTMax: "E3 training time in units of τ",
  seed: "root seed",
  experiments: `subset of ${EXPERIMENTS.join(",")}`,
};

/** Named presets: `--full` is the paper-scale run. */
export const presets = {
  full: { N: 1000, seeds: 5, testSize: 20000, percN: 1000, alphaMax: 250 },
};

/** Runs the selected experiments, stores each under its results.json key (and a summary). */
export async function main(
  cfg: typeof defaults,
  ctx: RunContext,
): Promise<SummaryStatisticsResults> {
  const fn = "summary_statistics";
  for (
    const k of ["K", "M", "N", "seeds", "percN", "dlnInputs", "dlnHidden", "dlnOutputs"] as const
  ) {
    checkPositiveInt(fn, k, cfg[k]);
  }
  checkPositive(fn, "eta", cfg.eta);
  checkPositive(fn, "alphaStep", cfg.alphaStep);
  if (!(cfg.alphaMax >= cfg.alphaStep)) {
    throw new Error(`${fn}: need alphaMax >= alphaStep, got ${cfg.alphaMax} < ${cfg.alphaStep}`);
  }
  for (const e of cfg.experiments) checkChoice(fn, "experiments", e, EXPERIMENTS);
  const has = (e: string) => cfg.experiments.includes(e);
  const root = key(cfg.seed);
  const r: SummaryStatisticsResults = {};
  const put = async <K extends keyof SummaryStatisticsResults>(
    k: K,
    v: SummaryStatisticsResults[K],
  ) => {
    r[k] = v;
    await ctx.results.set(k, v);
  };
  const { K, M, eta, N, studentInitStd, noiseStd, odeDAlpha } = cfg;
  const model = { K, M, eta, N, studentInitStd, noiseStd, odeDAlpha };
  if (has("e1")) {
    const o = { N: cfg.percN, eta: cfg.percEta, alphaMax: cfg.percAlphaMax, root };
    await put("e1", await perceptronLearning({ ...o, testSize: cfg.percTestSize }, ctx));
  }
  let run: CommitteeRun | undefined;
  if (has("e2") || has("e4") || has("e5")) {
    const e2 = await committeeLearning({
      ...model,
      alphas: alphaGrid(cfg.alphaMax, cfg.alphaStep),
      seeds: has("e2") ? cfg.seeds : 1,
      testSize: cfg.testSize,
      compareUpTo: cfg.compareUpTo,
      root,
    }, ctx);
    run = e2.run;
    if (has("e2")) {
      await put("e2", e2.result);
      await put("plateaus", plateauTable(cfg.plateauEtas));
    }
  }
  if (has("e3")) {
    const o = { strengths: cfg.dlnStrengths, inputs: cfg.dlnInputs, hidden: cfg.dlnHidden };
    const p = { outputs: cfg.dlnOutputs, initStd: cfg.dlnInitStd, tMax: cfg.dlnTMax, root };
    await put("e3", await deepLinearModes({ ...o, ...p }, ctx));
  }
  if (has("e4") && run) {
    const o = { alphas: alphaGrid(cfg.driftAlphaMax, cfg.alphaStep), every: cfg.driftEvery };
    await put(
      "e4",
      await representationalDrift({ ...model, ...o, givens: cfg.driftGivens, root }, run, ctx),
    );
  }
  if (has("e5") && run) {
    const o = { K, M, N, ns: cfg.subsampleNs, reps: cfg.subsampleReps, root };
    await put("e5", await subsampling(o, run, ctx));
  }
  await ctx.results.set("summary", summarize(r));
  return r;
}

/** The headline numbers of each experiment that ran (results.json "summary"). */
export function summarize(r: SummaryStatisticsResults): Record<string, unknown> {
  const s: Record<string, unknown> = {};
  if (r.e1) {
    const { hebbMaxAbs, perceptronMaxAbs, heldOutMaxZ } = r.e1;
    s.e1 = { hebbMaxAbs, perceptronMaxAbs, heldOutMaxZ };
  }
  if (r.e2) {
    const { alpha: _a, seeds: _s, escapeSimPerSeed: _e, escapeOdePerSeed: _o, ...e2 } = r.e2;
    s.e2 = e2;
  }
  if (r.plateaus) s.plateaus = r.plateaus;
  if (r.e3) s.e3 = { maxRelDeviation: r.e3.maxRelDeviation };
  if (r.e4) {
    const { alpha: _a, egSim: _s, egOde: _o, tuning: _t, tuningNoDrift: _n, ...e4 } = r.e4;
    s.e4 = e4;
  }
  if (r.e5) {
    const { n, meanEgError, sdR, seR, slope } = r.e5;
    s.e5 = { n, meanEgError, sdR, seR, slope };
  }
  return s;
}

/** Figures from results.json alone (pure): see src/experiments/summary_statistics/figures.ts. */
export function figures(results: SummaryStatisticsResults, cfg: typeof defaults): FigureSpec[] {
  return summaryStatisticsFigures(results, cfg);
}

/** The experiment as a runnable script. */
export const spec: ScriptSpec<typeof defaults> = {
  name: "summary_statistics",
  description:
    "Summary statistics of learning (arXiv:2504.16920): perceptron and soft-committee-machine order-parameter ODEs vs online SGD, sufficiency, deep linear modes, drift invariance, neuron subsampling.",
  defaults,
  help,
  presets,
  figures,
  validate: validateSummaryStatistics,
  memoryBytes: summaryStatisticsMemoryBytes,
  main,
};

if (import.meta.main) await cliMain(() => runScript(spec, Deno.args));
