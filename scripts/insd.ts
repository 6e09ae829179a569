/**
 * insd: Iterative Neural Similarity Deflation, after "Discovering alternative solutions beyond
 * the simplicity bias in recurrent neural networks" (Qian & Pehlevan, arXiv:2509.21504), at toy
 * scale (PAPERS.md, INSD section): standard leaky tanh RNNs at several initial gains, a
 * reference, and alternatives trained with the penalty λ Σ r²(R⊥_new → R⊥_old) on readout-null
 * activity; predictivity matrices, fixed points, DSA, OOD-noise curves, and for MemoryPro
 * cross-temporal decoding.
 *
 * `deno run -A scripts/insd.ts` (flip-flop: 4 standard nets, ref = the first, alt-1, alt-2,
 * N = 64); `--full` adds the λ sweep, MemoryPro and CDI with their OOD curves; the grid
 * scripts/grids/insd.json runs the tasks as separate runs (SLURM arrays).
 * @module
 */
import {
  insdCriteria,
  insdFigures,
  insdMemoryBytes,
  type InsdTaskName,
  type InsdTaskResult,
  runInsdTask,
  validateInsd,
} from "../src/experiments/insd/mod.ts";
import {
  cliMain,
  type FigureSpec,
  type RunContext,
  runScript,
  type ScriptSpec,
} from "../src/run/mod.ts";

/** Every knob (the default: the flip-flop plan of PAPERS.md). */
export const defaults = {
  tasks: ["flipflop"],
  hidden: 64,
  alpha: 0.2,
  steps: 64,
  periodSteps: 20,
  inputNoise: 0.05,
  pulseProb: 0.05,
  gains: [1, 0.5, 1.5, 1],
  refIndex: 0,
  alternatives: 2,
  lambda: 1,
  lambdaWarmup: 0.5,
  sweepLambda: false,
  lambdaSweep: [1, 3, 10],
  penaltyRidge: 0.05,
  penaltyStride: 4,
  analysisRidge: 1e-3,
  trainSteps: 800,
  altSteps: 1200,
  schedule: "cosine",
  batch: 32,
  lr: 0.02,
  clipNorm: 1,
  evalTrials: 128,
  solvedAccuracy: 0.95,
  solvedMse: 0.05,
  oodNoise: [0.05, 0.1, 0.2, 0.4],
  oodLoad: [1],
  fixedPointInits: 128,
  fixedPointIters: 400,
  dsaPcs: 8,
  dsaDelays: 2,
  seed: 0,
};

/** A comment per knob. */
export const help: { [K in keyof typeof defaults]: string } = {
  tasks: "tasks to run: flipflop (3-bit flip-flop), memorypro, cdi (context-dependent integration)",
  hidden: "units N of every RNN",
  alpha: "α = dt/τ of the leaky tanh RNN",
  steps: "trial length T (flip-flop, CDI)",
  periodSteps: "MemoryPro stimulus = memory = response steps",
  inputNoise: "input noise σ during training and the in-distribution evaluation",
  pulseProb: "flip-flop pulse probability per channel and step",
  gains: "initial gains g of the standard networks (one network each)",
  refIndex: "index in gains of the reference network",
  alternatives: "number of INSD alternatives (alt-1, alt-2, …)",
  lambda: "penalty weight λ of the alternatives",
  lambdaWarmup: "fraction of the steps over which λ ramps up from 0",
  sweepLambda: "run the λ sweep on alt-1 (each λ a fresh alt-1 against the reference)",
  lambdaSweep: "λ values of the alt-1 sweep",
  penaltyRidge: "relative ridge c of the training penalty, ρ = c·tr(XᵀX)/N",
  penaltyStride: "the penalty pools every k-th time step of each trial (cost / k)",
  analysisRidge: "relative ridge c of the predictivity matrices",
  trainSteps: "Adam steps per standard network",
  altSteps: "Adam steps per alternative (they learn the task more slowly under the penalty)",
  schedule: "learning-rate schedule: constant or cosine (to 5% of lr)",
  batch: "trials per batch",
  lr: "Adam learning rate",
  clipNorm: "global gradient-norm clip",
  evalTrials: "held-out trials for evaluation and analyses",
  solvedAccuracy: "sign accuracy that counts as solving flip-flop / CDI",
  solvedMse: "held-out MSE that counts as solving MemoryPro",
  oodNoise: "input-noise levels of the OOD curves",
  oodLoad: "load factors of the OOD curves (MemoryPro delay, CDI length; 1 = training)",
  fixedPointInits: "initial states of the fixed-point finder per network (0: skip)",
  fixedPointIters: "Adam iterations of the fixed-point finder",
  dsaPcs: "principal components kept by DSA (0: skip DSA)",
  dsaDelays: "delays of the DSA embedding",
  seed: "seed of every network, batch and analysis",
};

/** `--full`: all three tasks, the λ sweep, OOD load curves, longer training. */
export const presets = {
  full: {
    tasks: ["flipflop", "memorypro", "cdi"],
    sweepLambda: true,
    oodNoise: [0.05, 0.1, 0.2, 0.4, 0.8],
    oodLoad: [1, 2],
    trainSteps: 2000,
    altSteps: 3000,
    evalTrials: 256,
  },
};

/** Run each task; store its result and the flip-flop criteria. */
export async function main(cfg: typeof defaults, ctx: RunContext): Promise<unknown> {
  const criteria: Record<string, unknown> = {};
  for (const task of cfg.tasks as InsdTaskName[]) {
    const r = await runInsdTask(
      {
        ...cfg,
        task,
        schedule: cfg.schedule as "constant" | "cosine",
        lambdaSweep: cfg.sweepLambda ? cfg.lambdaSweep : [],
      },
      ctx,
    );
    criteria[task] = insdCriteria(r);
    ctx.log(`insd ${task}: ${JSON.stringify(criteria[task])}`);
  }
  await ctx.results.set("criteria", criteria);
  return {};
}

/** Figures of every task stored under `tasks.<task>` (pure; built in src/experiments/insd). */
export function figures(results: Record<string, unknown>, _cfg: typeof defaults): FigureSpec[] {
  return Object.entries(results).filter(([k]) => k.startsWith("tasks.")).flatMap(([k, r]) =>
    insdFigures(k.slice(6), r as InsdTaskResult)
  );
}

/** The experiment as a runnable script. */
export const spec: ScriptSpec<typeof defaults> = {
  name: "insd",
  description:
    "INSD (arXiv:2509.21504): standard vs deflated (alternative) leaky tanh RNNs on flip-flop / MemoryPro / CDI; readout-null predictivity, fixed points, DSA, OOD noise.",
  defaults,
  help,
  presets,
  choices: { tasks: ["flipflop", "memorypro", "cdi"], schedule: ["constant", "cosine"] },
  figures,
  validate: validateInsd,
  memoryBytes: insdMemoryBytes,
  main,
};

if (import.meta.main) await cliMain(() => runScript(spec, Deno.args));
