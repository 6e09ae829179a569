/**
 * transfer: transfer learning in infinite-width feature-learning networks with elastic
 * coupling (Lauditi, Bordelon, Pehlevan, arXiv:2507.04448). Runs the plan of PAPERS.md
 * "Transfer learning":
 * 1. `delta`: the linear Bayesian δ sweep (exact solver): target loss vs δ per (P₁, P₂, α_s, γ₁);
 * 2. `closed`: the fine-tuning loss L(ν₂, α_s, χ) vs simulation, and χ = √(1+γ²) − 1 vs DMFT
 *    and a finite network;
 * 3. `langevin`: finite-width Langevin sampling of the sequential Bayesian model vs theory;
 * 4. `gf`: two-layer gradient-flow DMFT vs finite μP networks, transfer vs from scratch.
 *
 * `deno run -A scripts/transfer.ts` (default: small versions, a few minutes on 2 cores);
 * `--full` runs the whole plan (hours on 2 cores: see PAPERS.md); sweep the GF part with
 * `saddle sweep scripts/grids/transfer.json`.
 * @module
 */
import {
  closedFormCheck,
  deltaSweep,
  gfTransfer,
  langevinCheck,
} from "../src/experiments/transfer/mod.ts";
import { logspace } from "../src/stats/mod.ts";
import { lineChart, theoryVsSim } from "../src/plot/mod.ts";
import { cliMain, type RunContext, runScript, type ScriptSpec } from "../src/run/mod.ts";
import type { FigureSpec } from "../src/run/script.ts";

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
    await ctx.results.set("closedChecks", {
      maxPhaseRelError: r.maxPhaseRelError,
      maxPhaseAbsZ: r.maxPhaseAbsZ,
      phaseWithin5pctOr2Se: r.phaseWithin5pctOr2Se,
      maxSpikeRelError: r.maxSpikeRelError,
    });
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

// deno-lint-ignore no-explicit-any
type Results = Record<string, any>;

/** Figures from results.json alone. */
export function figures(results: Results, cfg: Cfg): FigureSpec[] {
  const figs: FigureSpec[] = [];
  const curves = (results.deltaCurves ?? []) as {
    p1: number;
    p2: number;
    alpha: number;
    gamma1: number;
    deltas: number[];
    loss: number[];
    se: number[];
    readout: number;
  }[];
  if (curves.length > 0) {
    const p1 = Math.max(...curves.map((c) => c.p1)), p2 = Math.min(...curves.map((c) => c.p2));
    const sel = curves.filter((c) => c.p1 === p1 && c.p2 === p2);
    const pts = (f: (c: (typeof sel)[number]) => string) =>
      sel.flatMap((c) =>
        c.deltas.map((x, i) => ({ x, y: c.loss[i], series: f(c), panel: `α_s = ${c.alpha}` }))
          .filter((p) => p.x > 0)
      );
    figs.push({
      name: "delta_sweep",
      plot: theoryVsSim({
        theory: pts((c) => `γ₁ = ${c.gamma1}`),
        sim: sel.map((c) => ({
          x: cfg.deltaMax * 3,
          y: c.readout,
          series: `γ₁ = ${c.gamma1}`,
          panel: `α_s = ${c.alpha}`,
        })),
        logX: true,
        panelLabel: "alignment",
        xLabel: "elastic coupling δ",
        yLabel: "target test loss (1 = predicting 0)",
        title: "Linear Bayesian transfer: target loss vs δ",
        subtitle:
          `D = ${cfg.d}, P₁ = ${p1}, P₂ = ${p2}, γ₂ = ${cfg.gamma2}, ${cfg.mode}/${cfg.prior}`,
        caption: "Points at the right edge: ridgeless readout on the frozen source kernel (δ → ∞).",
      }),
    });
    const aMax = Math.max(...curves.map((c) => c.alpha));
    const gMax = Math.max(...curves.map((c) => c.gamma1));
    const byP2 = curves.filter((c) => c.alpha === aMax && c.gamma1 === gMax);
    figs.push({
      name: "delta_sweep_p2",
      plot: theoryVsSim({
        theory: byP2.flatMap((c) =>
          c.deltas.map((x, i) => ({
            x,
            y: c.loss[i],
            series: `P₂ = ${c.p2}`,
            panel: `P₁ = ${c.p1}`,
          })).filter((p) => p.x > 0)
        ),
        logX: true,
        panelLabel: "source size",
        xLabel: "elastic coupling δ",
        yLabel: "target test loss",
        title: `Transfer benefit vs target size (α_s = ${aMax}, γ₁ = ${gMax})`,
      }),
    });
  }
  const phase = (results.phasePoints ?? []) as {
    nu2: number;
    alpha: number;
    gamma1: number;
    theory: number;
    sim: number;
    se: number;
  }[];
  if (phase.length > 0) {
    const nu = Array.from({ length: 49 }, (_, i) => 0.02 * (i + 1));
    const chi = (g: number) => Math.sqrt(1 + g * g) - 1;
    const keys = [...new Set(phase.map((p) => `${p.alpha}|${p.gamma1}`))];
    figs.push({
      name: "phase_diagram",
      plot: theoryVsSim({
        theory: keys.flatMap((k) => {
          const [a, g] = k.split("|").map(Number);
          return nu.map((x) => ({
            x,
            y: (1 - x) * (1 - a * a + (a * a) / (1 + chi(g) * x) ** 2),
            series: `α_s = ${a}`,
            panel: `γ₁ = ${g}`,
          }));
        }),
        sim: phase.map((p) => ({
          x: p.nu2,
          y: p.sim,
          se: p.se,
          series: `α_s = ${p.alpha}`,
          panel: `γ₁ = ${p.gamma1}`,
        })),
        panelLabel: "source richness",
        xLabel: "ν₂ = P₂/D",
        yLabel: "fine-tuning loss",
        title: "Fine-tuning loss L(ν₂, α_s, χ): closed form vs ridgeless regression",
        subtitle: `D = ${cfg.cfD}, ${cfg.cfDraws} draws per point, χ = √(1+γ₁²) − 1`,
      }),
    });
  }
  const lv = (results.langevinPoints ?? []) as {
    width: number;
    kernelError: number;
    lossError: number;
  }[];
  if (lv.length > 0) {
    const ref = lv[0];
    figs.push({
      name: "bayes_finite_width",
      plot: theoryVsSim({
        sim: [
          ...lv.map((p) => ({ x: p.width, y: p.kernelError, series: "‖Φ̂₂ − Φ₂‖/‖Φ₂‖" })),
          ...lv.map((p) => ({ x: p.width, y: p.lossError, series: "|MSE_N − MSE|/MSE" })),
        ],
        theory: lv.map((p) => ({
          x: p.width,
          y: ref.kernelError * Math.sqrt(ref.width / p.width),
          series: "N^−½ guide",
        })),
        logX: true,
        logY: true,
        xLabel: "width N",
        yLabel: "relative error vs the Bayesian theory",
        title: "Finite-width Langevin networks vs the sequential Bayesian theory",
      }),
    });
  }
  const gf = (results.gfCurves ?? []) as {
    direction: string;
    kind: string;
    model: string;
    gamma1: number | null;
    gamma2: number;
    t: number[];
    test: number[];
  }[];
  if (gf.length > 0) {
    const label = (c: (typeof gf)[number]) =>
      c.kind === "scratch" ? `scratch γ₂=${c.gamma2}` : `transfer γ₁=${c.gamma1} γ₂=${c.gamma2}`;
    const pts = (model: string) =>
      gf.filter((c) => c.model === model).flatMap((c) =>
        c.t.map((x, i) => ({ x, y: c.test[i], series: label(c), panel: c.direction }))
      );
    figs.push({
      name: "gf_dmft_vs_network",
      plot: theoryVsSim({
        theory: pts("dmft"),
        sim: pts("network"),
        panelLabel: "source → target",
        xLabel: "target training time",
        yLabel: "target test MSE",
        title: "Gradient flow: DMFT (lines) vs finite networks (points)",
        subtitle:
          `S = ${cfg.gfSamples}, N = ${cfg.gfWidth}, D = ${cfg.gfD}, P₁ = ${cfg.gfP1}, P₂ = ${cfg.gfP2}, δ = ${cfg.gfDelta}, λ = ${cfg.gfLambda}`,
      }),
    });
    const tr = gf.filter((c) => c.model === "dmft");
    figs.push({
      name: "gf_train_curves",
      plot: lineChart({
        data: tr.flatMap((c) =>
          c.t.map((x, i) => ({ x, y: c.test[i], series: `${c.direction} ${label(c)}` }))
        ),
        xLabel: "target training time",
        yLabel: "target test MSE (DMFT)",
        title: "Transfer vs from scratch (DMFT)",
      }),
    });
  }
  return figs;
}

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
