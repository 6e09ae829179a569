/**
 * icl_deep_scaling: scaling laws of deep linear attention for in-context regression — depth,
 * width, context and time — after Bordelon, Letey, Pehlevan (arXiv:2510.01098, ICLR 2026). What
 * reproduces and within which tolerance: PAPERS.md.
 *
 * Conventions of that paper (NOT those of scripts/icl_linear_attention.ts): x ~ N(0, Σ_c) with no
 * 1/D, y = β·x/√D + σε, β ~ N(0, Ω_c), P = αD context tokens, K queries, depth L = number of
 * in-context GD steps (step 1/L, preconditioner Γ). Settings: ISO (Σ = Ω = I), FS (fixed
 * co-diagonal power laws) and RRS (fresh Haar rotation per context).
 *
 * Experiments (src/experiments/icl_deep_scaling/): ISO SGD-trained Γ vs the Marchenko–Pastur
 * optimum L*(α, L) and a training curve vs the mean-field SGD path (Results 1–2); RRS loss vs
 * depth at large α (Result 6); FS mode flow and OOD brittleness (Results 3–5); the four
 * scaling-law exponents, each from its own mode sum, and the compute-optimal shape (Result 8).
 *
 * `deno run -A scripts/icl_deep_scaling.ts` (default, ≈ 2 min of CPU), `--full` for more steps,
 * seeds and α values.
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
  fixedStructure,
  iclDeepScalingFigures,
  iclDeepScalingMemoryBytes,
  isoDepth,
  isoTrainingCurve,
  rrsDepth,
  scalingLaws,
  validateIclDeepScaling,
} from "../src/experiments/icl_deep_scaling/mod.ts";

/** Every knob of the script (override with `--key=value`). */
export const defaults = {
  dim: 32,
  alphas: [1],
  depths: [1, 2, 4, 8],
  sigma2: 0,
  steps: 2000,
  batch: 16,
  queries: 32,
  lr: 0.5,
  lrDepthPower: 0.5,
  tailFraction: 0.25,
  seeds: 2,
  seed: 0,
  riskSamples: 100,
  curveDepth: 2,
  nu: 1.5,
  beta: 1,
  rrsAlpha: 8,
  rrsDepths: [1, 2, 4, 8],
  rrsSteps: 1000,
  rrsBatch: 8,
  rrsLr: 0.5,
  fsTimes: [1, 10, 100, 1000, 10000],
  oodThetas: [0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25],
  modes: 20000,
  lawDepths: [8, 16, 32, 64, 128],
  lawWidths: [10, 20, 40, 80, 160],
  lawContexts: [20, 40, 80, 160, 320],
  lawTimes: [100, 1000, 10000, 100000],
  computeWidthExponent: 2,
};

/** A comment per knob. */
export const help: { [K in keyof typeof defaults]: string } = {
  dim: "dimension D of the simulations",
  alphas:
    "ISO context lengths per dimension α = P/D (one panel each; the training curve uses the first)",
  depths: "ISO depths L trained by SGD",
  sigma2: "label-noise variance σ² in the contexts (risks exclude the test-label noise)",
  steps: "SGD steps per ISO run",
  batch: "contexts per SGD step B",
  queries: "query tokens per context K",
  lr: "SGD learning rate η on Γ at L = 1 (ISO)",
  lrDepthPower:
    "η_L = lr·L^power (γ* grows ∝ L and the curvature in γ falls like 1/L²; power 1 diverges at L = 8, α = 1, where γ* sits at the stability edge 2L/λ₊)",
  tailFraction: "fraction of the last SGD iterates averaged before evaluating the risk",
  seeds: "independent SGD runs per point",
  seed: "base random seed",
  riskSamples: "Monte Carlo draws of the context covariates per population-risk evaluation",
  curveDepth: "depth of the ISO training curve compared with the mean-field SGD path",
  nu: "capacity exponent ν (λ_k = k^-ν) of FS/RRS and the scaling laws",
  beta: "source exponent β (ω_kλ_k ∝ k^(-νβ-1))",
  rrsAlpha: "RRS context length per dimension α (large: depth still helps)",
  rrsDepths: "RRS depths trained by SGD",
  rrsSteps: "SGD steps per RRS run",
  rrsBatch: "contexts per SGD step in the RRS runs",
  rrsLr: "SGD learning rate η on Γ at L = 1 (RRS; scaled by L^lrDepthPower)",
  fsTimes: "gradient-flow times tabulated for the FS mode-flow curves",
  oodThetas: "rotation angles θ of the FS out-of-distribution curve",
  modes: "modes in the scaling-law sums",
  lawDepths: "depths of the depth-exponent fit (≥ 3)",
  lawWidths: "widths of the width-exponent fit (≥ 3)",
  lawContexts: "context lengths P of the context-exponent fit (≥ 3, below modes)",
  lawTimes: "times of the time-exponent fit (≥ 3)",
  computeWidthExponent: "a in the compute model C = N^a · L",
};

type Cfg = typeof defaults;

/** Named presets; `--full` is the whole plan. */
export const presets = {
  full: { steps: 4000, rrsSteps: 4000, seeds: 3, alphas: [1, 2], riskSamples: 200 },
} satisfies Record<string, Partial<Cfg>>;

/** The experiments in order; every result goes to results.json as it is produced. */
export async function main(c: Cfg, ctx: RunContext): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const iso = await isoDepth(c, ctx);
  await isoTrainingCurve(c, ctx);
  const rrs = await rrsDepth(c, ctx);
  const fs = await fixedStructure(c, ctx);
  const laws = await scalingLaws(c, ctx);
  const summary = {
    iso: iso.summary,
    rrs: rrs.summary,
    fs: { oodIncreasingInTheta: fs.oodIncreasingInTheta },
    exponents: laws.summary.exponents,
    computeOptimal: laws.summary.computeOptimal,
    wallSeconds: (performance.now() - t0) / 1000,
  };
  await ctx.results.set("summary", summary);
  ctx.log(`icl_deep_scaling: ${JSON.stringify(summary)}`);
  return { summary };
}

/** The figures, from results.json and the config alone (`saddle plot <run-dir>` redraws them). */
export function figures(results: Record<string, unknown>, cfg: Cfg): FigureSpec[] {
  return iclDeepScalingFigures(results, cfg);
}

/** The experiment as a runnable script. */
export const spec: ScriptSpec<Cfg> = {
  name: "icl_deep_scaling",
  description:
    "Scaling laws of deep linear attention for in-context regression (arXiv:2510.01098): ISO/RRS loss vs depth with SGD-trained models, FS flows and brittleness, depth/width/context/time exponents, compute-optimal shape.",
  defaults,
  help,
  presets,
  figures,
  validate: validateIclDeepScaling,
  memoryBytes: iclDeepScalingMemoryBytes,
  main,
};

if (import.meta.main) await cliMain(() => runScript(spec, Deno.args));
