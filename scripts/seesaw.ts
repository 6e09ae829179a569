/**
 * seesaw: "Seesaw: Accelerating Training by Balancing Learning Rate and Batch Size Scheduling"
 * (Meterez, Morwani, Wu, Oncescu, Pehlevan, Kakade; arXiv:2510.14717, ICLR 2026).
 *
 * Mode `theory` (seesaw.md §5a, seconds): exact SGD and NSGD risks on power-law linear
 * regression (solver of sgd_risk.md §1.3–1.4):
 * - SGD phase schedules step decay (2, 1), mixed (√2, √2), ramp (1, 2) against the reference
 *   table (within 1%, ERRATA E1/E3);
 * - NSGD along α√β = 2: α ≥ √β variants within 5% of step decay, α < √β worse (Figure 2
 *   analogue);
 * - NSGD cosine vs Seesaw vs fixed-LR ramp as B₀ grows past the noise critical batch, with the
 *   variance-dominance diagnostic ρ_t (Figure 3 analogue);
 * - Monte-Carlo check of the recursion (d = 100, R repetitions, sgd_risk.md §2.5).
 *
 * Mode `lm` (§5b): a tiny character-level decoder-only transformer trained with AdamW on the
 * synthetic order-2 Markov text (entropy rate known), cosine vs Seesaw at equal tokens. The
 * default run does one fast comparison at B₀ = lmB0; `--full` runs the plan: critical-batch
 * search over constant batches and an LR grid, Seesaw at B₀ ∈ {CBS/2, CBS, 4·CBS, 16·CBS} with
 * the fixed-LR ramp at ≥ 4·CBS, 3 seeds, 20 tokens/param (hours on 2 cores).
 *
 * `deno run -A scripts/seesaw.ts` (theory + fast LM comparison, < 5 min on 2 cores); `--full`
 * runs the whole plan.
 * @module
 */
import {
  featureFourthMoment,
  gradientMoments,
  nsgdLrForEffectiveLr,
  type PowerLawInstance,
  powerLawInstance,
  sgdMaxStableLr,
  type SgdRiskCurve,
  sgdRiskRecursion,
  sgdSafeLr,
} from "../src/theory/mod.ts";
import {
  cosineDecay,
  fixedLrBatchRamp,
  linearWarmup,
  phasePlan,
  planSteps,
  seesaw,
  type TrainingSchedule,
  withConstantBatch,
} from "../src/schedules/mod.ts";
import { simulateLinearRegressionSgd } from "../src/sim/mod.ts";
import { foldIn, key, split } from "../src/random/mod.ts";
import { crossEntropyLoss, type LMParams, transformerLM } from "../src/nn/mod.ts";
import { treeSize } from "../src/autodiff/mod.ts";
import { adamw } from "../src/optim/mod.ts";
import { fit, lmBatches, lmLoss } from "../src/train/mod.ts";
import { markovText } from "../src/data/markov_text.ts";
import { loadFortunes } from "../src/data/text.ts";
import { type RunContext, runScript, type ScriptSpec } from "../src/run/mod.ts";
import { lineChart, theoryVsSim } from "../src/plot/mod.ts";

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
  lmTokens: 131072,
  lmLayers: 2,
  lmDim: 32,
  lmHeads: 4,
  lmContext: 64,
  lmVocab: 32,
  lmPlan: "fast",
  lmText: "markov",
  lmB0: 8,
  lmLr: 0.003,
  lmLrGrid: [0.001, 0.003, 0.01],
  lmCbsBatches: [4, 8, 16, 32, 64, 128],
  lmSeeds: 1,
  lmEvals: 8,
  lmValWindows: 64,
  lmZLoss: 0.0001,
  seed: 0,
  full: false,
  figure: true,
};

/** A comment per knob. */
export const help: { [K in keyof typeof defaults]: string } = {
  mode: "theory | lm | all (all = theory + a fast LM comparison)",
  d: "dimension of the power-law linear-regression instance",
  a: "capacity exponent: λ_i = i^{-a}",
  b: "source exponent: λ_i (w*_i)² ∝ i^{-b}, ‖w*‖ = 1",
  sigma2: "label-noise variance σ²",
  eta: "SGD peak LR; 0 = cEta·B₀/(tr H + (B₀+1)λ₁) (sgd_risk.md §1.6 safe default)",
  cEta: "SGD LR constant c_η of the safe default (seesaw.md §5a: 0.5)",
  nsgdEffectiveLr: "NSGD: initial effective LR as a fraction of η_max(B₀) (ERRATA E1: 0.15)",
  B0: "initial batch size B₀ of the phase schedules",
  phases: "number of phases K of the phase schedules",
  phaseSamples: "samples per phase D (equal in every schedule)",
  alpha: "Seesaw milestone factor: milestones where the base cosine crosses η₀α^{-k}",
  beta: "batch growth per milestone in the cosine comparison; 0 = alpha (Seesaw: LR ÷ √α)",
  B0Sweep: "initial batches for cosine vs Seesaw vs fixed-LR ramp (NSGD)",
  lrGrid: "NSGD LR grid (initial effective LR / η_max(B₀)); best cosine LR reused for Seesaw",
  mcD: "Monte-Carlo check: dimension",
  mcSigma2: "Monte-Carlo check: noise variance",
  mcCEta: "Monte-Carlo check: η = mcCEta / tr H (sgd_risk.md §2.5 numbers use 0.5)",
  mcB0: "Monte-Carlo check: initial batch",
  mcPhases: "Monte-Carlo check: phases",
  mcPhaseSamples: "Monte-Carlo check: samples per phase",
  mcReps: "Monte-Carlo check: repetitions R",
  lmTokens: "LM: training tokens per run (full: 20 tokens/param)",
  lmLayers: "LM: transformer blocks (fast tier 2)",
  lmDim: "LM: model width (fast comparison 32; full: 48, the spec's fast tier)",
  lmHeads: "LM: attention heads",
  lmContext: "LM: context length in characters (tokens per sequence)",
  lmVocab: "LM: symbols of the synthetic order-2 Markov text (entropy rate known)",
  lmText: "LM text: markov (synthetic order-2, entropy rate known) | fortunes (Debian package)",
  lmPlan:
    "LM: fast (one cosine-vs-Seesaw pair at lmB0) | full (CBS search + B₀ sweep with the lm* sizes given)",
  lmB0: "LM: initial batch in sequences for the default comparison",
  lmLr: "LM: AdamW peak LR for the default comparison",
  lmLrGrid: "LM (full): LR grid for the cosine runs; the best is reused for Seesaw",
  lmCbsBatches: "LM (full): constant batches of the critical-batch search",
  lmSeeds: "LM: seeds per configuration (full: 3)",
  lmEvals: "LM: validation evaluations per run",
  lmValWindows: "LM: validation windows (sequences) per evaluation",
  lmZLoss: "LM: z-loss coefficient (seesaw.md §4: on)",
  seed: "root seed (Monte-Carlo, LM data and init)",
  full: "full plan: B₀ sweep extended to 32768 and 400 Monte-Carlo repetitions",
  figure: "write the figures",
};

type Curve = { samples: number[]; steps: number[]; risk: number[]; se?: number[] };

/** Downsample a recursion curve to at most ~400 points (keeps the last). */
function curveOf(r: SgdRiskCurve): Curve {
  const n = r.steps.length;
  const stride = Math.max(1, Math.floor(n / 400));
  const out: Curve = { samples: [], steps: [], risk: [] };
  for (let k = 0; k < n; k += stride) {
    out.samples.push(r.samples[k]);
    out.steps.push(r.steps[k]);
    out.risk.push(r.risk[k]);
  }
  if (out.steps[out.steps.length - 1] !== r.steps[n - 1]) {
    out.samples.push(r.samples[n - 1]);
    out.steps.push(r.steps[n - 1]);
    out.risk.push(r.risk[n - 1]);
  }
  return out;
}

const fmtAB = (x: number): string => {
  const l = Math.log2(x);
  if (Math.abs(l) < 1e-12) return "1";
  if (Math.abs(l - 1) < 1e-12) return "2";
  if (Math.abs(l - Math.round(l)) < 1e-12) return String(2 ** Math.round(l));
  const q = Math.round(l * 4);
  const names: Record<number, string> = { 1: "2^(1/4)", 2: "√2", 3: "2^(3/4)", 6: "2^(3/2)" };
  if (Math.abs(l * 4 - q) < 1e-12 && names[q]) return names[q];
  return x.toPrecision(4);
};

/** Headline numbers returned by {@link main}. */
export interface SeesawSummary {
  /** SGD phase schedules: final risks and steps (+ reference and relative error). */
  sgd: { name: string; steps: number; risk: number; reference?: number; relErr?: number }[];
  /** NSGD α√β = 2 family: final risks relative to step decay. */
  nsgd: {
    name: string;
    alpha: number;
    beta: number;
    steps: number;
    risk: number;
    relToStepDecay: number;
    reference?: number;
    relErr?: number;
  }[];
  /** Claims of seesaw.md §5a as booleans. */
  claims: {
    referenceWithin1pct: boolean | null;
    admissibleWithin5pct: boolean;
    aggressiveWorse: boolean;
    seesawMatchesCosineBelowCbs: boolean;
    sweepOrderingAtLargeB0: boolean;
  };
  /** Cosine vs Seesaw vs fixed-LR ramp (NSGD) per B₀. */
  sweep: {
    B0: number;
    cosine: number;
    seesaw: number;
    fixedLr: number;
    cosineSteps: number;
    seesawSteps: number;
    maxRho: number;
    initialRho: number;
    lrFraction: number;
  }[];
  /**
   * Monte-Carlo check (Rademacher features, theory with κ = 1): z = (MC − theory)/SE of the
   * final risks; `theoryGaussian` is the same schedule with Gaussian features (sgd_risk.md §2.5).
   */
  mc: {
    name: string;
    theoryGaussian: number;
    theory: number;
    mc: number;
    se: number;
    z: number;
  }[];
  /** The LM part (seesaw.md §5b): rows per (B₀, schedule) and claims, or why it did not run. */
  lm: LmSummary;
}

// Reference run of seesaw.md §5a (default instance only).
const SGD_REF: Record<string, number> = {
  "(2, 1)": 2.23e-3,
  "(√2, √2)": 2.26e-3,
  "(1, 2)": 2.38e-3,
};
const NSGD_REF: Record<string, number> = {
  "(2, 1)": 1.43e-3,
  "(2^(3/4), √2)": 1.44e-3,
  "(√2, 2)": 1.46e-3,
  "(2^(1/4), 2^(3/2))": 1.59e-3,
  "(1, 4)": 2.59e-3,
};

function isReferenceInstance(c: typeof defaults): boolean {
  return c.d === 1000 && c.a === 1.5 && c.b === 2 && c.sigma2 === 1 && c.eta === 0 &&
    c.cEta === 0.5 && c.nsgdEffectiveLr === 0.15 && c.B0 === 8 && c.phases === 5 &&
    c.phaseSamples === 65536;
}

async function theoryMode(
  c: typeof defaults,
  ctx: RunContext,
): Promise<Omit<SeesawSummary, "lm">> {
  const inst: PowerLawInstance = powerLawInstance(c.d, { a: c.a, b: c.b });
  const ref = isReferenceInstance(c);
  const curves: Record<string, Record<string, Curve>> = {};
  const recordEvery = Math.max(1, Math.floor((c.phases * c.phaseSamples) / c.B0 / 2000));

  // (1) SGD phase schedules
  const etaSgd = c.eta > 0 ? c.eta : sgdSafeLr(inst, { batch: c.B0, c: c.cEta });
  const sgd: SeesawSummary["sgd"] = [];
  const sgdFamily: [number, number][] = [[2, 1], [Math.SQRT2, Math.SQRT2], [1, 2]];
  for (const [al, be] of sgdFamily) {
    const plan = phasePlan({
      lr: etaSgd,
      batch: c.B0,
      phaseSamples: c.phaseSamples,
      phases: c.phases,
      lrDecay: al,
      batchGrowth: be,
    });
    const r = sgdRiskRecursion(inst.lambda, {
      m0: inst.wStarSq,
      sigma2: c.sigma2,
      plan,
      recordEvery,
    });
    const name = `(${fmtAB(al)}, ${fmtAB(be)})`;
    curves[`sgd ${name}`] = { theory: curveOf(r) };
    const reference = ref ? SGD_REF[name] : undefined;
    sgd.push({
      name,
      steps: plan.steps,
      risk: r.finalRisk,
      reference,
      relErr: reference ? Math.abs(r.finalRisk - reference) / reference : undefined,
    });
  }

  // (2) NSGD along α√β = 2
  const etaN = nsgdLrForEffectiveLr(inst.lambda, inst.wStarSq, {
    effectiveLr: c.nsgdEffectiveLr * sgdMaxStableLr(inst, { batch: c.B0 }),
    batch: c.B0,
    sigma2: c.sigma2,
  });
  const nsgd: SeesawSummary["nsgd"] = [];
  const fam: [number, number][] = [
    [2, 1],
    [2 ** 0.75, 2 ** 0.5],
    [2 ** 0.5, 2],
    [2 ** 0.25, 2 ** 1.5],
    [1, 4],
  ];
  let base = NaN;
  for (const [al, be] of fam) {
    const plan = phasePlan({
      lr: etaN,
      batch: c.B0,
      phaseSamples: c.phaseSamples,
      phases: c.phases,
      lrDecay: al,
      batchGrowth: be,
    });
    const r = sgdRiskRecursion(inst.lambda, {
      m0: inst.wStarSq,
      sigma2: c.sigma2,
      plan,
      normalized: true,
      recordEvery,
    });
    if (Number.isNaN(base)) base = r.finalRisk;
    const name = `(${fmtAB(al)}, ${fmtAB(be)})`;
    curves[`nsgd ${name}`] = { theory: curveOf(r) };
    const reference = ref ? NSGD_REF[name] : undefined;
    nsgd.push({
      name,
      alpha: al,
      beta: be,
      steps: plan.steps,
      risk: r.finalRisk,
      relToStepDecay: r.finalRisk / base - 1,
      reference,
      relErr: reference ? Math.abs(r.finalRisk - reference) / reference : undefined,
    });
  }
  const admissible = nsgd.filter((v) => v.alpha >= Math.sqrt(v.beta) - 1e-12);
  const aggressive = nsgd.filter((v) => v.alpha < Math.sqrt(v.beta) - 1e-12);
  const referenceWithin1pct = ref
    ? [...sgd, ...nsgd].every((v) => v.relErr !== undefined && v.relErr < 0.01)
    : null;

  // (3) NSGD: cosine vs Seesaw vs fixed-LR ramp as B₀ grows
  const T = c.phases * c.phaseSamples;
  const alpha = c.alpha;
  const beta = c.beta > 0 ? c.beta : alpha;
  const sweepB0 = c.full ? [...c.B0Sweep, 32768] : c.B0Sweep;
  const sweep: SeesawSummary["sweep"] = [];
  const bar = ctx.progress("seesaw: cosine vs Seesaw vs fixed-LR ramp (NSGD)", sweepB0.length);
  for (const B0 of sweepB0) {
    // the paper's protocol: tune the cosine LR on a grid, reuse it for Seesaw and fixed-LR
    const runs = (eta0: number) => {
      const common = {
        lr: eta0,
        batch: B0,
        totalSamples: T,
        warmupFraction: 0,
        minFactor: 0.1,
        milestoneDecay: alpha,
        batchRounding: "none" as const,
      };
      return {
        cosine: withConstantBatch(cosineDecay({ lr: eta0, totalSamples: T, minFactor: 0.1 }), {
          batch: B0,
        }),
        seesaw: seesaw({ ...common, lrDecay: alpha / Math.sqrt(beta), batchGrowth: beta }),
        fixedLr: seesaw({ ...common, lrDecay: 1, batchGrowth: beta }),
      };
    };
    const solve = (s: TrainingSchedule, every: number) => {
      const p = planSteps(s, { totalSamples: T });
      const r = sgdRiskRecursion(inst.lambda, {
        m0: inst.wStarSq,
        sigma2: c.sigma2,
        plan: { lr: p.lr, batch: p.batch },
        normalized: true,
        recordEvery: every > 0 ? every : Math.max(1, Math.floor(p.steps / 1000)),
      });
      return { p, r };
    };
    let bestEta = NaN, bestRisk = Infinity, bestFrac = NaN;
    for (const frac of c.lrGrid) {
      const eta0 = nsgdLrForEffectiveLr(inst.lambda, inst.wStarSq, {
        effectiveLr: frac * sgdMaxStableLr(inst, { batch: B0 }),
        batch: B0,
        sigma2: c.sigma2,
      });
      const { r } = solve(runs(eta0).cosine, 1 << 30);
      if (r.finalRisk < bestRisk) {
        bestRisk = r.finalRisk;
        bestEta = eta0;
        bestFrac = frac;
      }
    }
    const row = { B0, lrFraction: bestFrac } as SeesawSummary["sweep"][number];
    for (const [name, s] of Object.entries(runs(bestEta))) {
      const { p, r } = solve(s, 0);
      (row as unknown as Record<string, number>)[name] = r.finalRisk;
      if (name === "cosine") {
        row.cosineSteps = p.steps;
        row.maxRho = Math.max(...r.rho!);
        row.initialRho = r.rho![0];
      }
      if (name === "seesaw") row.seesawSteps = p.steps;
      curves[`nsgd ${name} B0=${B0}`] = { theory: curveOf(r) };
    }
    sweep.push(row);
    bar.tick();
  }
  bar.done();
  // Variance-dominated start (ρ₀ < 0.5): Seesaw within 5% of cosine. Past the noise critical
  // batch (ρ₀ ≥ 0.5): cosine < Seesaw < fixed-LR ramp, with the Seesaw gap growing in B₀.
  const small = sweep.filter((r) => r.initialRho < 0.5);
  const large = sweep.filter((r) => r.initialRho >= 0.5);
  const gaps = large.map((r) => r.seesaw / r.cosine);
  const sweepOrderingAtLargeB0 = large.length > 0 &&
    large.every((r) => r.cosine < r.seesaw && r.seesaw < r.fixedLr) &&
    gaps.every((g, i) => i === 0 || g > gaps[i - 1]);
  const seesawMatchesCosineBelowCbs = small.length > 0 &&
    small.every((r) => Math.abs(r.seesaw / r.cosine - 1) <= 0.05);

  // (4) Monte-Carlo check (sgd_risk.md §2.5): step decay and batch ramp, SGD, Rademacher
  const mcInst = powerLawInstance(c.mcD, { a: c.a, b: c.b });
  const mcEta = c.mcCEta / mcInst.traceH;
  const reps = c.full ? Math.max(400, c.mcReps) : c.mcReps;
  const mc: SeesawSummary["mc"] = [];
  const mcBar = ctx.progress("seesaw: Monte-Carlo check", 2);
  for (const [i, [al, be]] of ([[2, 1], [1, 2]] as [number, number][]).entries()) {
    const plan = phasePlan({
      lr: mcEta,
      batch: c.mcB0,
      phaseSamples: c.mcPhaseSamples,
      phases: c.mcPhases,
      lrDecay: al,
      batchGrowth: be,
    });
    const every = Math.max(1, Math.floor(plan.steps / 64));
    const th = sgdRiskRecursion(mcInst.lambda, {
      m0: mcInst.wStarSq,
      sigma2: c.mcSigma2,
      plan,
      features: "rademacher",
      recordEvery: every,
    });
    const sim = simulateLinearRegressionSgd({
      lambda: mcInst.lambda,
      wStarSq: mcInst.wStarSq,
      sigma2: c.mcSigma2,
      plan,
      repetitions: reps,
      key: foldIn(key(c.seed), i),
      recordEvery: every,
    });
    const gauss = sgdRiskRecursion(mcInst.lambda, {
      m0: mcInst.wStarSq,
      sigma2: c.mcSigma2,
      plan,
      recordEvery: plan.steps,
    }).finalRisk;
    const name = `sgd (${fmtAB(al)}, ${fmtAB(be)}) d=${c.mcD}`;
    curves[name] = {
      theory: curveOf(th),
      mc: {
        samples: Array.from(sim.samples),
        steps: Array.from(sim.steps),
        risk: Array.from(sim.risk),
        se: Array.from(sim.riskSe),
      },
    };
    const last = sim.risk.length - 1;
    mc.push({
      name,
      theoryGaussian: gauss,
      theory: th.finalRisk,
      mc: sim.risk[last],
      se: sim.riskSe[last],
      z: (sim.risk[last] - th.finalRisk) / sim.riskSe[last],
    });
    mcBar.tick();
  }
  mcBar.done();

  await ctx.results.set("curves", curves);
  await ctx.results.set("theory", {
    instance: { d: c.d, a: c.a, b: c.b, sigma2: c.sigma2, traceH: inst.traceH },
    sgdLr: etaSgd,
    nsgdLr: etaN,
    kappa: featureFourthMoment("gaussian"),
    initialRho: gradientMoments(inst.lambda, inst.wStarSq, { batch: c.B0, sigma2: c.sigma2 }).rho,
    sgd,
    nsgd,
    sweep,
    mc,
  });

  if (c.figure) {
    const th: { x: number; y: number; series: string }[] = [];
    const sim: { x: number; y: number; se: number; series: string }[] = [];
    for (const [name, src] of Object.entries(curves)) {
      if (!name.includes(`d=${c.mcD}`)) continue;
      src.theory.samples.forEach((x, k) => {
        if (x > 0) th.push({ x, y: src.theory.risk[k], series: `${name} theory` });
      });
      src.mc!.samples.forEach((x, k) => {
        if (x > 0) sim.push({ x, y: src.mc!.risk[k], se: src.mc!.se![k], series: `${name} MC` });
      });
    }
    await ctx.figure(
      "risk_vs_samples_mc",
      theoryVsSim({
        theory: th,
        sim,
        logX: true,
        logY: true,
        xLabel: "samples",
        yLabel: "excess risk",
        title: "Step decay vs batch ramp: exact recursion and Monte-Carlo",
        subtitle: mc.map((m) => `${m.name}: z = ${m.z.toFixed(2)}`).join("; "),
      }),
    );
    const fam: { x: number; y: number; series: string }[] = [];
    for (const v of nsgd) {
      const cv = curves[`nsgd ${v.name}`].theory;
      cv.samples.forEach((x, k) => {
        if (x > 0) fam.push({ x, y: cv.risk[k], series: `NSGD ${v.name}` });
      });
    }
    await ctx.figure(
      "nsgd_family",
      lineChart({
        data: fam,
        logX: true,
        logY: true,
        xLabel: "samples",
        yLabel: "excess risk",
        title: "NSGD along α√β = 2 (Figure 2 analogue)",
      }),
    );
    for (const axis of ["samples", "steps"] as const) {
      const data: { x: number; y: number; series: string }[] = [];
      for (const B0 of sweepB0) {
        for (const name of ["cosine", "seesaw"]) {
          const cv = curves[`nsgd ${name} B0=${B0}`].theory;
          cv[axis].forEach((x, k) => {
            if (x > 0) data.push({ x, y: cv.risk[k], series: `${name} B₀=${B0}` });
          });
        }
      }
      await ctx.figure(
        `risk_vs_${axis}`,
        lineChart({
          data,
          logX: axis === "samples",
          logY: true,
          xLabel: axis,
          yLabel: "excess risk (NSGD)",
          title: `Cosine vs Seesaw (α = ${alpha}) vs ${axis} (Figure 1 analogue)`,
        }),
      );
    }
    const fin: { x: number; y: number; series: string }[] = [];
    for (const r of sweep) {
      fin.push({ x: r.B0, y: r.cosine, series: "cosine" });
      fin.push({ x: r.B0, y: r.seesaw, series: "Seesaw" });
      fin.push({ x: r.B0, y: r.fixedLr, series: "fixed-LR ramp" });
    }
    await ctx.figure(
      "final_vs_B0",
      lineChart({
        data: fin,
        logX: true,
        logY: true,
        xLabel: "initial batch B₀",
        yLabel: "final excess risk (NSGD)",
        title: "Final risk vs B₀ (Figure 3 analogue)",
      }),
    );
  }
  return {
    sgd,
    nsgd,
    claims: {
      referenceWithin1pct,
      admissibleWithin5pct: admissible.every((v) => Math.abs(v.relToStepDecay) <= 0.05),
      aggressiveWorse: aggressive.every((v) => v.relToStepDecay > 0.05),
      seesawMatchesCosineBelowCbs,
      sweepOrderingAtLargeB0,
    },
    sweep,
    mc,
  };
}

/** One LM training run's outcome. */
interface LmRun {
  schedule: string;
  B0: number;
  lr: number;
  seed: number;
  steps: number;
  tokens: number;
  finalValLoss: number;
  curve: { tokens: number[]; steps: number[]; loss: number[] };
}

/** LM data: train/val token streams of the synthetic order-2 Markov text (seesaw.md §5b). */
interface LmData {
  train: Int32Array;
  val: Int32Array;
  entropyRateNats: number;
  /** Vocabulary size of the text. */
  vocab: number;
  /** Description of the text. */
  source: string;
}

async function lmData(c: typeof defaults, tokens: number): Promise<LmData> {
  if (c.lmText === "fortunes") {
    // Debian's fortunes text, located at run time (a missing package is a named error)
    const corpus = await loadFortunes({ valFraction: 0.1 });
    return {
      train: corpus.train,
      val: corpus.val,
      entropyRateNats: NaN,
      vocab: corpus.vocab.size,
      source: `fortunes (${corpus.train.length} train / ${corpus.val.length} val chars)`,
    };
  }
  const text = markovText(foldIn(key(c.seed), 1001), tokens, { vocabSize: c.lmVocab });
  const nTrain = Math.floor(0.9 * text.tokens.length);
  return {
    train: text.tokens.subarray(0, nTrain),
    val: text.tokens.subarray(nTrain),
    entropyRateNats: text.entropyRateNats,
    vocab: c.lmVocab,
    source: `order-2 Markov text, V = ${c.lmVocab}`,
  };
}

/**
 * Train the tiny decoder-only LM with AdamW (β = (0.9, 0.95), ε = 1e-8, no weight decay,
 * clip 1.0, z-loss) on the given schedule through src/train's `fit` (variable batch per step,
 * progress counted in tokens); validation loss on fixed windows at `lmEvals` token checkpoints.
 */
async function trainLm(
  c: typeof defaults & { lmDim: number },
  data: LmData,
  schedule: TrainingSchedule,
  opts: { name: string; B0: number; lr: number; seed: number; tokens: number },
): Promise<LmRun> {
  const T = c.lmContext;
  const model = transformerLM({
    vocab: data.vocab,
    context: T,
    layers: c.lmLayers,
    dim: c.lmDim,
    heads: c.lmHeads,
    dtype: "f32",
  });
  const [kInit, kData] = split(foldIn(key(c.seed), 2000 + opts.seed), 2);
  const nVal = Math.min(c.lmValWindows, Math.floor((data.val.length - 1) / T));
  const evalLoss = (p: LMParams): number => {
    let acc = 0;
    for (let s = 0; s < nVal; s += 16) {
      const nb = Math.min(16, nVal - s);
      const x = new Int32Array(nb * T), y = new Int32Array(nb * T);
      for (let b = 0; b < nb; b++) {
        const o = (s + b) * T;
        x.set(data.val.subarray(o, o + T), b * T);
        y.set(data.val.subarray(o + 1, o + T + 1), b * T);
      }
      const l = crossEntropyLoss(model.apply(p, { tokens: x, batch: nb, seq: T }), y);
      acc += l.item() * nb;
    }
    return acc / nVal;
  };
  const params = model.init(kInit);
  const curve = { tokens: [0], steps: [0], loss: [evalLoss(params)] };
  const res = await fit({
    params,
    loss: lmLoss(model, { zLoss: c.lmZLoss }),
    optimizer: adamw({ beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0, clipNorm: 1 }),
    schedule,
    data: lmBatches(kData, data.train, { contextLength: T }),
    totalSamples: opts.tokens,
    unitsPerItem: T,
    eval: { everySamples: opts.tokens / c.lmEvals, fn: (p) => ({ valLoss: evalLoss(p) }) },
  });
  for (const e of res.evals) {
    if (e.seen === curve.tokens[curve.tokens.length - 1]) continue;
    curve.tokens.push(e.seen);
    curve.steps.push(e.step);
    curve.loss.push(e.metrics.valLoss);
  }
  const last = res.history[res.history.length - 1];
  return {
    schedule: opts.name,
    B0: opts.B0,
    lr: opts.lr,
    seed: opts.seed,
    steps: last.step,
    tokens: last.seen,
    finalValLoss: curve.loss[curve.loss.length - 1],
    curve,
  };
}

function lmSchedules(c: typeof defaults, B0: number, lr: number, tokens: number) {
  const warm = 0.1 * tokens;
  return {
    cosine: withConstantBatch(
      linearWarmup(
        cosineDecay({ lr, totalSamples: tokens, startSamples: warm, minFactor: 0.1 }),
        { warmupSamples: warm, startFactor: 0.1 },
      ),
      { batch: B0 },
    ),
    seesaw: seesaw({ lr, batch: B0, totalSamples: tokens, milestoneDecay: c.alpha }),
    fixedLr: fixedLrBatchRamp({ lr, batch: B0, totalSamples: tokens, milestoneDecay: c.alpha }),
  };
}

/** LM summary: per (B₀, schedule) mean final validation loss over seeds, and the claims. */
interface LmSummary {
  ran: boolean;
  reason?: string;
  params?: number;
  tokens?: number;
  entropyRateNats?: number;
  text?: string;
  criticalBatch?: number;
  rows?: {
    B0: number;
    schedule: string;
    lr: number;
    steps: number;
    meanLoss: number;
    se: number;
    seeds: number;
  }[];
  /** Claims of seesaw.md §5b(i) and (iii); null when not measured (default run: no CBS). */
  claims?: { seesawMatchesCosineAtOrBelowCbs: boolean | null; orderingAbove4Cbs: boolean | null };
  /** Default run: Seesaw − cosine final validation loss at lmB0 (nats). */
  deltaLoss?: number;
  /** Serial-step ratio Seesaw/cosine at lmB0. */
  stepRatio?: number;
}

async function lmMode(c: typeof defaults, ctx: RunContext): Promise<LmSummary> {
  const cc = c.full ? { ...c, lmDim: Math.max(48, c.lmDim), lmSeeds: Math.max(3, c.lmSeeds) } : c;
  const countParams = (vocab: number) =>
    treeSize(
      transformerLM({
        vocab,
        context: cc.lmContext,
        layers: cc.lmLayers,
        dim: cc.lmDim,
        heads: cc.lmHeads,
      }).init(key(0)),
    );
  const want = c.full ? 20 * countParams(cc.lmVocab) : cc.lmTokens;
  const data = await lmData(cc, Math.max(2 * want, 1 << 18));
  const nParams = countParams(data.vocab);
  const tokens = c.full ? 20 * nParams : cc.lmTokens;
  const planFull = c.full || c.lmPlan === "full";
  const runs: LmRun[] = [];
  const curves: Record<string, unknown> = {};
  const record = async (r: LmRun) => {
    runs.push(r);
    curves[`lm ${r.schedule} B0=${r.B0} seed=${r.seed}`] = {
      train: {
        samples: r.curve.tokens,
        tokens: r.curve.tokens,
        steps: r.curve.steps,
        risk: r.curve.loss,
        lr: r.lr,
      },
    };
    // one "curves" object for the whole run, keyed by schedule and source (theory, mc, train)
    const all = (ctx.results.get("curves") ?? {}) as Record<string, unknown>;
    await ctx.results.set("curves", { ...all, ...curves });
  };
  let cbs = cc.lmB0;
  let lrFor = (_b: number) => cc.lmLr;
  let plans: { B0: number; schedules: string[] }[];
  if (planFull) {
    // critical batch: constant-batch cosine over the LR grid at the same token budget
    const best: Record<number, { loss: number; lr: number }> = {};
    const bar = ctx.progress("seesaw lm: critical-batch search", cc.lmCbsBatches.length);
    for (const B of cc.lmCbsBatches) {
      for (const lr of cc.lmLrGrid) {
        const r = await trainLm(cc, data, lmSchedules(cc, B, lr, tokens).cosine, {
          name: "cosine",
          B0: B,
          lr,
          seed: 0,
          tokens,
        });
        await record(r);
        if (!(best[B]?.loss <= r.finalValLoss)) best[B] = { loss: r.finalValLoss, lr };
      }
      bar.tick();
    }
    bar.done();
    const top = Math.min(...Object.values(best).map((v) => v.loss));
    cbs = Math.max(...cc.lmCbsBatches.filter((B) => best[B].loss <= 1.01 * top));
    lrFor = (b: number) => best[b]?.lr ?? best[cbs].lr;
    plans = [Math.max(1, Math.floor(cbs / 2)), cbs, 4 * cbs, 16 * cbs].map((B0) => ({
      B0,
      schedules: B0 >= 4 * cbs ? ["cosine", "seesaw", "fixedLr"] : ["cosine", "seesaw"],
    }));
  } else {
    plans = [{ B0: cc.lmB0, schedules: ["cosine", "seesaw"] }];
  }
  const total = plans.reduce((a, p) => a + p.schedules.length, 0) * cc.lmSeeds;
  const bar = ctx.progress("seesaw lm: cosine vs Seesaw", total);
  for (const p of plans) {
    for (const name of p.schedules) {
      for (let seed = 0; seed < cc.lmSeeds; seed++) {
        const lr = lrFor(p.B0);
        const done = runs.find((r) =>
          r.schedule === name && r.B0 === p.B0 && r.seed === seed && r.lr === lr
        );
        if (!done) {
          const sch = lmSchedules(cc, p.B0, lr, tokens)[name as "cosine" | "seesaw" | "fixedLr"];
          await record(await trainLm(cc, data, sch, { name, B0: p.B0, lr, seed, tokens }));
        }
        bar.tick();
      }
    }
  }
  bar.done();
  const rows: NonNullable<LmSummary["rows"]> = [];
  for (const p of plans) {
    for (const name of p.schedules) {
      const rs = runs.filter((r) => r.schedule === name && r.B0 === p.B0 && r.lr === lrFor(p.B0));
      const xs = rs.map((r) => r.finalValLoss);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = xs.length > 1
        ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1))
        : NaN;
      rows.push({
        B0: p.B0,
        schedule: name,
        lr: lrFor(p.B0),
        steps: rs[0].steps,
        meanLoss: mean,
        se: sd / Math.sqrt(xs.length),
        seeds: xs.length,
      });
    }
  }
  const get = (B0: number, s: string) => rows.find((r) => r.B0 === B0 && r.schedule === s);
  // claims need the critical batch, which only the full plan measures
  const below = planFull ? plans.filter((p) => p.B0 <= cbs) : [];
  const above = plans.filter((p) => p.B0 >= 4 * cbs && p.schedules.includes("fixedLr"));
  const claims = {
    seesawMatchesCosineAtOrBelowCbs: below.length === 0 ? null : below.every((p) => {
      const a = get(p.B0, "cosine")!, b = get(p.B0, "seesaw")!;
      const se = Math.sqrt((a.se || 0) ** 2 + (b.se || 0) ** 2);
      return Math.abs(b.meanLoss - a.meanLoss) <= Math.max(0.01, 2 * se);
    }),
    orderingAbove4Cbs: above.length === 0
      ? null
      : above.every((p) =>
        get(p.B0, "cosine")!.meanLoss < get(p.B0, "seesaw")!.meanLoss &&
        get(p.B0, "seesaw")!.meanLoss < get(p.B0, "fixedLr")!.meanLoss
      ),
  };
  if (c.figure) {
    for (const axis of ["tokens", "steps"] as const) {
      const pts: { x: number; y: number; series: string }[] = [];
      for (const r of runs.filter((r) => r.seed === 0 && r.lr === lrFor(r.B0))) {
        if (!plans.some((p) => p.B0 === r.B0)) continue;
        r.curve[axis].forEach((x, k) => {
          if (x > 0) pts.push({ x, y: r.curve.loss[k], series: `${r.schedule} B₀=${r.B0}` });
        });
      }
      await ctx.figure(
        `lm_loss_vs_${axis}`,
        lineChart({
          data: pts,
          logX: axis === "tokens",
          xLabel: axis,
          yLabel: "validation loss (nats/char)",
          title: `Tiny LM, cosine vs Seesaw (Figure 1 analogue): ${data.source}${
            Number.isFinite(data.entropyRateNats) ? `, H∞ = ${data.entropyRateNats.toFixed(3)}` : ""
          }`,
        }),
      );
    }
  }
  const cos0 = get(plans[0].B0, "cosine")!, see0 = get(plans[0].B0, "seesaw")!;
  return {
    ran: true,
    deltaLoss: see0.meanLoss - cos0.meanLoss,
    stepRatio: see0.steps / cos0.steps,
    params: nParams,
    tokens,
    entropyRateNats: Number.isFinite(data.entropyRateNats) ? data.entropyRateNats : undefined,
    text: data.source,
    criticalBatch: planFull ? cbs : undefined,
    rows,
    claims,
  };
}

/** Run the experiment; see the module doc. */
export async function main(cfg: typeof defaults, ctx: RunContext): Promise<SeesawSummary> {
  if (!["markov", "fortunes"].includes(cfg.lmText)) {
    throw new Error(
      `seesaw: "lmText" must be markov or fortunes, got ${JSON.stringify(cfg.lmText)}`,
    );
  }
  if (!["fast", "full"].includes(cfg.lmPlan)) {
    throw new Error(`seesaw: "lmPlan" must be fast or full, got ${JSON.stringify(cfg.lmPlan)}`);
  }
  if (!["theory", "lm", "all"].includes(cfg.mode)) {
    throw new Error(`seesaw: "mode" must be theory, lm or all, got ${JSON.stringify(cfg.mode)}`);
  }
  for (const k of ["d", "B0", "phases", "phaseSamples", "mcD", "mcB0", "mcReps"] as const) {
    if (!(Number.isInteger(cfg[k]) && cfg[k] > 0)) {
      throw new Error(`seesaw: "${k}" must be a positive integer, got ${cfg[k]}`);
    }
  }
  const out: Partial<SeesawSummary> = {};
  if (cfg.mode === "theory" || cfg.mode === "all") {
    Object.assign(out, await theoryMode(cfg, ctx));
    const s = out as SeesawSummary;
    ctx.log(
      `seesaw theory: SGD ${s.sgd.map((v) => `${v.name} ${v.risk.toExponential(3)}`).join(", ")}`,
    );
    ctx.log(
      `seesaw theory: NSGD ${
        s.nsgd.map((v) => `${v.name} ${(100 * v.relToStepDecay).toFixed(1)}%`).join(", ")
      }; claims ${JSON.stringify(s.claims)}`,
    );
  }
  let lm: LmSummary = { ran: false, reason: "mode = theory" };
  if (cfg.mode !== "theory") {
    lm = await lmMode(cfg, ctx);
    for (const r of lm.rows ?? []) {
      ctx.log(
        `seesaw lm: B0 = ${r.B0} ${r.schedule}: val loss ${r.meanLoss.toFixed(4)} (${r.seeds} seed${
          r.seeds > 1 ? "s" : ""
        }), ${r.steps} steps`,
      );
    }
  }
  await ctx.results.set("lm", lm);
  out.lm = lm;
  return out as SeesawSummary;
}

/** The experiment as a runnable script. */
export const spec: ScriptSpec<typeof defaults> = {
  name: "seesaw",
  description:
    "Seesaw (arXiv:2510.14717): LR decay vs batch ramp on the exact SGD/NSGD recursion (step decay, α√β = 2 family, cosine vs Seesaw vs fixed-LR ramp) with a Monte-Carlo check.",
  defaults,
  help,
  main,
};

if (import.meta.main) await runScript(spec, Deno.args);
