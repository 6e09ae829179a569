/**
 * transfer: transfer learning in infinite-width feature-learning networks with elastic
 * coupling (Lauditi, Bordelon, Pehlevan, arXiv:2507.04448). Runs the plan of PAPERS.md
 * "Transfer learning":
 * 1. `delta`: the linear Bayesian δ sweep (exact solver): target loss vs δ per (P₁, P₂, α_s, γ₁);
 * 2. `closed`: fine-tuning loss L(ν₂, α_s, χ) vs simulation; χ = √(1+γ²) − 1 vs DMFT and a net;
 * 3. `langevin`: finite-width Langevin sampling of the sequential Bayesian model vs theory;
 * 4. `gf`: two-layer gradient-flow DMFT vs finite μP networks, transfer vs from scratch, forgetting.
 * `deno run -A scripts/transfer.ts` (small, minutes); `--full` (hours); the GF part as sweeps:
 * `saddle sweep scripts/grids/transfer_dt001.json` and `transfer_dt0005.json` (PAPERS.md).
 * @module
 */
import {
  closedFormCheck,
  deltaSweep,
  gfTransfer,
  langevinCheck,
  transferFigures,
  type TransferResults,
} from "../src/experiments/transfer/mod.ts";
import { logspace } from "../src/stats/mod.ts";
import {
  cliMain,
  type FigureSpec,
  type RunContext,
  runScript,
  type ScriptSpec,
} from "../src/run/mod.ts";

/** Every knob. */
export const defaults = {
  experiments: ["delta", "closed", "langevin", "gf"] as string[],
  seed: 0,
  d: 100,
  p1s: [50, 200] as number[],
  p2s: [10, 30, 60] as number[],
  alphas: [0, 0.5, 0.9, 1] as number[],
  gamma1s: [0.5, 1, 2] as number[],
  gamma2: 1,
  deltaMin: 0.01,
  deltaMax: 1e4,
  deltaCount: 13,
  seeds: 3,
  mode: "sequential",
  prior: "add",
  cfD: 200,
  cfNu2s: [0.1, 0.3, 0.5, 0.7, 0.9] as number[],
  cfDraws: 6,
  cfDmftSamples: 100000,
  cfNetD: 20,
  cfNetWidth: 500,
  lvD: 20,
  lvP1: 40,
  lvP2: 10,
  lvWidths: [64, 256, 1024] as number[],
  lvGamma1: 1,
  lvGamma2: 1,
  lvDelta: 1,
  lvBeta: 10,
  lvDt: 0.005,
  lvBurnIn: 4,
  lvTime: 20,
  gfD: 20,
  gfP1: 100,
  gfP2: 30,
  gfPTest: 100,
  gfGamma1s: [1] as number[],
  gfGamma2s: [1] as number[],
  gfLambda: 0.01,
  gfDelta: 0.5,
  gfTime1: 20,
  gfTime2: 20,
  gfDt: 0.05,
  gfRecordEvery: 10,
  gfSamples: 1024,
  gfWidth: 512,
  gfPairs: ["he1-he2", "he5-he2"] as string[],
};

/** A comment per knob. */
export const help: { [K in keyof typeof defaults]: string } = {
  experiments: "parts to run: delta, closed, langevin, gf",
  seed: "root seed",
  d: "δ sweep: input dimension D",
  p1s: "δ sweep: source sizes P₁ (P₁ > D is fine: ridgeless via the pseudoinverse)",
  p2s: "δ sweep: target sizes P₂ (≤ D)",
  alphas: "δ sweep: source–target alignments α_s",
  gamma1s: "δ sweep and closed forms: source strengths γ₁",
  gamma2: "δ sweep: target strength γ₂",
  deltaMin: "δ sweep: smallest positive δ (δ = 0 is always included)",
  deltaMax: "δ sweep: largest δ",
  deltaCount: "δ sweep: log-spaced δ values",
  seeds: "δ sweep: data seeds averaged",
  mode: "δ sweep: Bayesian transfer reading, sequential (quenched) or joint (annealed)",
  prior: "δ sweep: elastic prior, add (λ₀ + δ) or replace (δ replaces λ₀)",
  cfD: "closed forms: D of the ridgeless spiked-kernel simulation",
  cfNu2s: "closed forms: ν₂ = P₂/D simulated",
  cfDraws: "closed forms: draws per simulated point",
  cfDmftSamples: "closed forms: population of the χ DMFT (infinite data)",
  cfNetD: "closed forms: D of the finite-network χ check (P₁ = 4D)",
  cfNetWidth: "closed forms: width of the finite-network χ check",
  lvD: "Langevin: input dimension",
  lvP1: "Langevin: source samples",
  lvP2: "Langevin: target samples",
  lvWidths: "Langevin: network widths N",
  lvGamma1: "Langevin: source strength γ₁",
  lvGamma2: "Langevin: target strength γ₂",
  lvDelta: "Langevin: elastic coupling δ",
  lvBeta: "Langevin: likelihood inverse temperature β (ρ = λ₁γ²/β)",
  lvDt: "Langevin: step size",
  lvBurnIn: "Langevin: burn-in time per stage",
  lvTime: "Langevin: sampling time of the target stage",
  gfD: "GF: input dimension D",
  gfP1: "GF: source training points",
  gfP2: "GF: target training points",
  gfPTest: "GF: test points",
  gfGamma1s: "GF: source strengths γ₁",
  gfGamma2s: "GF: target strengths γ₂ (0 = fine-tuning, readout only)",
  gfLambda: "GF: weight decay λ",
  gfDelta: "GF: elastic coupling δ of the target stage",
  gfTime1: "GF: source training time",
  gfTime2: "GF: target training time",
  gfDt: "GF: Euler step",
  gfRecordEvery: "GF: record every this many steps",
  gfSamples: "GF: DMFT population size S",
  gfWidth: "GF: network width N",
  gfPairs: "GF: source-target Hermite pairs heA-heB (he1-he2 easy→hard, he5-he2 hard→easy)",
};

/** `--full`: the whole plan of PAPERS.md (hours on 2 cores). */
export const presets = {
  full: {
    seeds: 10,
    cfD: 400,
    cfDraws: 20,
    cfNetWidth: 2000,
    lvWidths: [128, 512, 2048],
    lvTime: 60,
    gfP1: 200,
    gfP2: 50,
    gfPTest: 200,
    gfGamma1s: [0.5, 1, 2],
    gfGamma2s: [0, 0.5, 1],
    gfSamples: 4096,
    gfWidth: 4096,
    gfDt: 0.005, // Euler at P₁ = 200: the He₅ source at γ₁ = 2 blows up even at dt = 0.01
    gfRecordEvery: 20,
    gfPairs: ["he1-he2", "he5-he2", "he2-he1"],
  },
};

type Cfg = typeof defaults;

/** Run the selected parts; every number the figures need goes to results.json. */
export async function main(cfg: Cfg, ctx: RunContext) {
  const on = (name: string) => cfg.experiments.includes(name);
  const t0 = performance.now();
  const out: Record<string, unknown> = {};
  if (on("delta")) {
    const deltas = [0, ...logspace(cfg.deltaMin, cfg.deltaMax, cfg.deltaCount)];
    const r = await deltaSweep({
      d: cfg.d,
      p1s: cfg.p1s,
      p2s: cfg.p2s,
      alphas: cfg.alphas,
      gamma1s: cfg.gamma1s,
      gamma2: cfg.gamma2,
      deltas,
      seeds: cfg.seeds,
      seed: cfg.seed,
      mode: cfg.mode as "sequential" | "joint",
      prior: cfg.prior as "add" | "replace",
    }, ctx);
    await ctx.results.set("deltaChecks", r.checks);
    out.deltaChecks = r.checks;
  }
  if (on("closed")) {
    const r = await closedFormCheck({
      d: cfg.cfD,
      nu2s: cfg.cfNu2s,
      alphas: cfg.alphas,
      gamma1s: cfg.gamma1s,
      draws: cfg.cfDraws,
      dmftSamples: cfg.cfDmftSamples,
      netD: cfg.cfNetD,
      netWidth: cfg.cfNetWidth,
      seed: cfg.seed,
    }, ctx);
    const { maxPhaseRelError, maxPhaseAbsZ, phaseWithin5pctOr2Se, maxSpikeRelError } = r;
    const checks = { maxPhaseRelError, maxPhaseAbsZ, phaseWithin5pctOr2Se, maxSpikeRelError };
    await ctx.results.set("closedChecks", checks);
  }
  if (on("langevin")) {
    const r = await langevinCheck({
      d: cfg.lvD,
      p1: cfg.lvP1,
      p2: cfg.lvP2,
      widths: cfg.lvWidths,
      gamma1: cfg.lvGamma1,
      gamma2: cfg.lvGamma2,
      delta: cfg.lvDelta,
      beta: cfg.lvBeta,
      dt: cfg.lvDt,
      burnIn: cfg.lvBurnIn,
      time: cfg.lvTime,
      seed: cfg.seed,
    }, ctx);
    await ctx.results.set("langevinChecks", r.fit);
  }
  if (on("gf")) {
    await gfTransfer({
      d: cfg.gfD,
      p1: cfg.gfP1,
      p2: cfg.gfP2,
      pTest: cfg.gfPTest,
      gamma1s: cfg.gfGamma1s,
      gamma2s: cfg.gfGamma2s,
      lambda: cfg.gfLambda,
      delta: cfg.gfDelta,
      time1: cfg.gfTime1,
      time2: cfg.gfTime2,
      dt: cfg.gfDt,
      recordEvery: cfg.gfRecordEvery,
      samples: cfg.gfSamples,
      width: cfg.gfWidth,
      directions: cfg.gfPairs,
      seed: cfg.seed,
    }, ctx);
  }
  await ctx.results.set("wallSeconds", (performance.now() - t0) / 1000);
  return out;
}

/** Figures from results.json alone (src/experiments/transfer/figures.ts). */
export const figures = (r: TransferResults, cfg: Cfg): FigureSpec[] => transferFigures(r, cfg);

/** The script. */
export const spec: ScriptSpec<Cfg> = {
  name: "transfer",
  description:
    "Transfer learning in infinite-width feature-learning networks with elastic coupling (arXiv:2507.04448): linear Bayesian δ sweep, closed forms, Langevin finite-width check, GF DMFT vs networks.",
  defaults,
  help,
  presets,
  choices: { mode: ["sequential", "joint"], prior: ["add", "replace"] },
  figures,
  main,
};

if (import.meta.main) await cliMain(() => runScript(spec, Deno.args));
