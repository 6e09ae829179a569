/**
 * sgd_risk: learning curves of one-pass SGD on power-law linear regression, after
 * "A Simplified Analysis of SGD for Linear Regression with Weight Averaging" (Meterez, Morwani,
 * Oncescu, Wu, Pehlevan, Kakade; arXiv:2506.15535) and Zou et al. (COLT 2021).
 *
 * What it computes (spec: sgd_risk.md):
 * - the exact recursion (§1.3) for the last iterate and the running average w̄_N, split into
 *   bias (σ = 0) and variance (m₀ = 0), at N = 2^minLog2N … 2^maxLog2N;
 * - log-log exponent fits against −(b−1)/a (bias) and 1/a − 1 (averaged variance) (§2.3, §2.6.8);
 * - the Zou-style bounds (§2.3) and their ratio to the exact averaged risks (§2.6.7);
 * - the stationary risk E_∞ (§1.6) against the last-iterate variance plateau;
 * - a Monte-Carlo check at small d (R repetitions, |MC − theory| in standard errors, §2.6.6).
 *
 * `deno run -A scripts/sgd_risk.ts` (seconds), `--full` (d = 2·10⁵, N up to 2^17).
 * @module
 */
import { phasePlan } from "../src/schedules/mod.ts";
import {
  constantPlan,
  fitLogLogSlope,
  powerLawInstance,
  powerLawRiskExponents,
  sgdRiskRecursion,
  sgdStationaryRisk,
  zouAveragedBounds,
} from "../src/theory/mod.ts";
import type { FeatureDistribution } from "../src/theory/mod.ts";
import { simulateLinearRegressionSgd } from "../src/sim/mod.ts";
import { key } from "../src/random/mod.ts";
import { cliMain, type RunContext, runScript, type ScriptSpec } from "../src/run/mod.ts";
import { theoryVsSim } from "../src/plot/mod.ts";

/** Every knob of the script. */
export const defaults = {
  d: 20000,
  a: 1.5,
  b: 2,
  sigma2: 1,
  eta: 0,
  cEta: 0.5,
  B0: 1,
  phases: 1,
  alpha: 2,
  beta: 1,
  minLog2N: 9,
  maxLog2N: 14,
  features: "gaussian",
  mcD: 100,
  mcReps: 200,
  mcLog2N: 12,
  seed: 0,
  full: false,
  figure: true,
};

/** A comment per knob. */
export const help: { [K in keyof typeof defaults]: string } = {
  d: "dimension of the power-law instance for the theory curves (≥ 1e4 for the exponent fits)",
  a: "capacity exponent: λ_i = i^{-a}",
  b: "source exponent: λ_i (w*_i)² ∝ i^{-b}, ‖w*‖ = 1",
  sigma2: "label-noise variance σ²",
  eta: "constant learning rate; 0 = cEta / tr H",
  cEta: "learning rate in units of 1/tr H when eta = 0 (sgd_risk.md §2.5 uses 0.5)",
  B0: "batch size (initial batch B₀ when phases > 1)",
  phases: "phases > 1 adds a phase-schedule curve (η α^{-k}, B₀ β^k), equal samples per phase",
  alpha: "LR decay per phase of the phase-schedule curve",
  beta: "batch growth per phase of the phase-schedule curve",
  minLog2N: "smallest N = 2^minLog2N used in the exponent fits",
  maxLog2N: "largest N = 2^maxLog2N (steps of the theory run)",
  features: "feature distribution of the theory: gaussian | rademacher",
  mcD: "dimension of the Monte-Carlo check (MC uses Rademacher features, theory matched)",
  mcReps: "Monte-Carlo repetitions R (standard error ∝ 1/√R)",
  mcLog2N: "Monte-Carlo steps 2^mcLog2N",
  seed: "root seed of the Monte-Carlo",
  full: "full run: d = 2e5, maxLog2N = 17, mcReps = 400",
  figure: "write learning_curves.svg/png and mc_check.svg/png",
};

/** Headline numbers returned by {@link main}. */
export interface SgdRiskSummary {
  /** Instance and LR actually used. */
  instance: { d: number; a: number; b: number; sigma2: number; eta: number; traceH: number };
  /** Fitted exponents and their targets. */
  exponents: {
    lastBias: number;
    averagedBias: number;
    averagedVariance: number;
    targetBias: number;
    targetAveragedVariance: number;
  };
  /** Zou variance bound / exact averaged variance at each N (should lie in [1, 20]). */
  boundRatios: number[];
  /** Last-iterate variance at the largest N and the stationary closed form E_∞. */
  plateau: { lastVariance: number; stationary: number; q: number };
  /** Largest |MC − theory| / SE over the recorded Monte-Carlo points (multiple comparisons). */
  mcMaxZ: number;
  /** (MC − theory)/SE of the last iterate's final risk. */
  mcFinalZ: number;
  /** (MC − theory)/SE of the averaged iterate's final risk. */
  mcAveragedZ: number;
  /** Wall time of the theory runs (s) and the coordinate-steps per second they achieved. */
  theorySeconds: number;
  coordinateStepsPerSecond: number;
}

/** Run the learning-curve experiment; see the module doc. */
export async function main(cfg: typeof defaults, ctx: RunContext): Promise<SgdRiskSummary> {
  const c = cfg.full ? { ...cfg, d: 200000, maxLog2N: 17, mcReps: 400 } : cfg;
  const { a, b, sigma2, B0 } = c;
  if (!(Number.isInteger(c.d) && c.d > 0)) {
    throw new Error(`sgd_risk: "d" must be a positive integer, got ${c.d}`);
  }
  if (!(c.minLog2N >= 1 && c.maxLog2N >= c.minLog2N + 1)) {
    throw new Error(
      `sgd_risk: need 1 <= minLog2N < maxLog2N, got ${c.minLog2N} and ${c.maxLog2N}`,
    );
  }
  if (c.features !== "gaussian" && c.features !== "rademacher") {
    throw new Error(`sgd_risk: "features" must be gaussian or rademacher, got ${c.features}`);
  }
  const features = c.features as FeatureDistribution;
  const inst = powerLawInstance(c.d, { a, b });
  const eta = c.eta > 0 ? c.eta : c.cEta / inst.traceH;
  const T = 2 ** c.maxLog2N;
  const plan = constantPlan(T, { lr: eta, batch: B0 });
  const Ns: number[] = [];
  for (let k = c.minLog2N; k <= c.maxLog2N; k++) Ns.push(2 ** k);

  // record every `rec` steps: a power of two dividing every N = 2^k (a recorded point costs O(d))
  const rec = Math.min(2 ** c.minLog2N, Math.max(1, 2 ** (c.maxLog2N - 9)));
  ctx.log(`sgd_risk: d = ${c.d}, T = ${T} steps, η = ${eta.toExponential(3)}`);
  const t0 = performance.now();
  const bar = ctx.progress("sgd_risk: exact recursion (bias, variance)", 2);
  const bias = sgdRiskRecursion(inst.lambda, {
    m0: inst.wStarSq,
    sigma2: 0,
    plan,
    features,
    runningAverage: true,
    recordEvery: rec,
  });
  bar.tick();
  const variance = sgdRiskRecursion(inst.lambda, {
    m0: new Float64Array(c.d),
    sigma2,
    plan,
    features,
    runningAverage: true,
    recordEvery: rec,
  });
  bar.tick();
  bar.done();
  const theorySeconds = (performance.now() - t0) / 1e3;
  const coordinateStepsPerSecond = (2 * T * c.d) / theorySeconds;

  // last iterate after N steps; running average over the N + 1 iterates w_0 … w_N
  const lastBias = Ns.map((N) => bias.risk[N / rec]);
  const avgBias = Ns.map((N) => bias.runningAverageRisk![N / rec]);
  const avgVar = Ns.map((N) => variance.runningAverageRisk![N / rec]);
  const lastVar = Ns.map((N) => variance.risk[N / rec]);
  const Nav = Ns.map((N) => N + 1);
  const targets = powerLawRiskExponents({ a, b });
  const exponents = {
    lastBias: fitLogLogSlope(Ns, lastBias).slope,
    averagedBias: fitLogLogSlope(Nav, avgBias).slope,
    averagedVariance: fitLogLogSlope(Nav, avgVar).slope,
    targetBias: targets.bias,
    targetAveragedVariance: targets.averagedVariance,
  };
  const boundRatios: number[] = [];
  const bounds = Ns.map((N, i) => {
    if (!(eta * 3 * inst.traceH < 1)) return undefined;
    const z = zouAveragedBounds(inst.lambda, inst.wStarSq, { lr: eta, steps: N, sigma2 });
    boundRatios.push(z.variance / avgVar[i]);
    return z;
  });
  const st = sgdStationaryRisk(inst.lambda, { lr: eta, batch: B0, sigma2, features });

  // results: curves keyed by schedule and source
  const pick = (arr: Float64Array) => Array.from(arr.subarray(1));
  const stepsRec = Array.from(bias.steps.subarray(1));
  const bLast = pick(bias.risk), vLast = pick(variance.risk);
  // optional phase-schedule curve over the same number of samples (sgd_risk.md §1.2)
  let phaseCurve: Record<string, number[]> | undefined;
  if (c.phases > 1) {
    if (!Number.isInteger(c.phases)) {
      throw new Error(`sgd_risk: "phases" must be a positive integer, got ${c.phases}`);
    }
    const pp = phasePlan({
      lr: eta,
      batch: B0,
      phaseSamples: Math.floor((T * B0) / c.phases),
      phases: c.phases,
      lrDecay: c.alpha,
      batchGrowth: c.beta,
    });
    const pr = sgdRiskRecursion(inst.lambda, {
      m0: inst.wStarSq,
      sigma2,
      plan: pp,
      features,
      recordEvery: Math.max(1, Math.floor(pp.steps / 512)),
    });
    phaseCurve = {
      steps: Array.from(pr.steps),
      samples: Array.from(pr.samples),
      risk: Array.from(pr.risk),
    };
  }
  // running average at recorded step t: average of the t + 1 iterates w_0 … w_t
  const bAvg = pick(bias.runningAverageRisk!), vAvg = pick(variance.runningAverageRisk!);
  await ctx.results.set("curves", {
    ...(phaseCurve
      ? { [`phases (${c.alpha}, ${c.beta}) x${c.phases}`]: { theory: phaseCurve } }
      : {}),
    constant: {
      theory: {
        steps: stepsRec,
        samples: stepsRec.map((t) => t * B0),
        risk: bLast.map((v, i) => v + vLast[i]),
        riskAveraged: bAvg.map((v, i) => v + vAvg[i]),
        bias: bLast,
        variance: vLast,
        biasAveraged: bAvg,
        varianceAveraged: vAvg,
      },
    },
  });
  await ctx.results.set("fits", {
    N: Ns,
    lastBias,
    averagedBias: avgBias,
    averagedVariance: avgVar,
    lastVariance: lastVar,
    zouVarianceBound: bounds.map((z) => z?.variance ?? null),
    zouBiasBound: bounds.map((z) => z?.bias ?? null),
    exponents,
  });

  // Monte-Carlo check at small d (Rademacher features: cheap; the theory uses κ = 1 to match)
  const mcInst = powerLawInstance(c.mcD, { a, b });
  const mcEta = c.eta > 0 ? c.eta : c.cEta / mcInst.traceH;
  const Tm = 2 ** c.mcLog2N;
  const mcPlan = constantPlan(Tm, { lr: mcEta, batch: B0 });
  const mcRec = Math.max(1, Tm / 64);
  const mcTh = sgdRiskRecursion(mcInst.lambda, {
    m0: mcInst.wStarSq,
    sigma2,
    plan: mcPlan,
    features: "rademacher",
    recordEvery: mcRec,
    tailAverage: { start: 0, length: Tm },
  });
  const mcBar = ctx.progress("sgd_risk: Monte-Carlo", 1);
  const mc = simulateLinearRegressionSgd({
    lambda: mcInst.lambda,
    wStarSq: mcInst.wStarSq,
    sigma2,
    plan: mcPlan,
    repetitions: c.mcReps,
    key: key(c.seed),
    recordEvery: mcRec,
    tailAverage: { start: 0, length: Tm },
  });
  mcBar.tick();
  mcBar.done();
  let mcMaxZ = 0;
  for (let k = 1; k < mc.risk.length; k++) {
    mcMaxZ = Math.max(mcMaxZ, Math.abs(mc.risk[k] - mcTh.risk[k]) / mc.riskSe[k]);
  }
  await ctx.results.set("mc", {
    constant: {
      theory: {
        steps: Array.from(mcTh.steps),
        samples: Array.from(mcTh.samples),
        risk: Array.from(mcTh.risk),
        averagedFinal: mcTh.tailAverageRisk,
      },
      mc: {
        steps: Array.from(mc.steps),
        samples: Array.from(mc.samples),
        risk: Array.from(mc.risk),
        se: Array.from(mc.riskSe),
        averagedFinal: mc.tailAverage!.risk,
        averagedFinalSe: mc.tailAverage!.se,
      },
    },
    d: c.mcD,
    repetitions: c.mcReps,
    maxAbsZ: mcMaxZ,
  });

  if (cfg.figure) {
    const theory = [];
    for (let i = 0; i < stepsRec.length; i++) {
      const x = stepsRec[i] * B0;
      theory.push({ x, y: bLast[i], series: "bias, last iterate" });
      theory.push({ x, y: vLast[i], series: "variance, last iterate" });
      theory.push({ x, y: bAvg[i], series: "bias, averaged" });
      theory.push({ x, y: vAvg[i], series: "variance, averaged" });
    }
    Ns.forEach((N, i) => {
      if (bounds[i]) {
        theory.push({ x: N * B0, y: bounds[i]!.variance, series: "Zou variance bound" });
      }
    });
    await ctx.figure(
      "learning_curves",
      theoryVsSim({
        theory,
        logX: true,
        logY: true,
        xLabel: "samples",
        yLabel: "excess risk ½‖w−w*‖²_H",
        title:
          `SGD on power-law linear regression (d = ${c.d}, a = ${a}, b = ${b}, σ² = ${sigma2})`,
        subtitle: `fits: bias ${exponents.lastBias.toFixed(3)} / ${
          exponents.averagedBias.toFixed(3)
        } (target ${targets.bias.toFixed(3)}), averaged variance ${
          exponents.averagedVariance.toFixed(3)
        } (target ${targets.averagedVariance.toFixed(3)})`,
      }),
    );
    await ctx.figure(
      "mc_check",
      theoryVsSim({
        theory: Array.from(mcTh.samples).map((x, k) => ({
          x,
          y: mcTh.risk[k],
          series: "exact recursion",
        })).filter((p) => p.x > 0),
        sim: Array.from(mc.samples).map((x, k) => ({
          x,
          y: mc.risk[k],
          se: mc.riskSe[k],
          series: `Monte-Carlo (R = ${c.mcReps})`,
        })).filter((p) => p.x > 0),
        logX: true,
        logY: true,
        xLabel: "samples",
        yLabel: "excess risk",
        title: `Exact recursion vs Monte-Carlo (d = ${c.mcD}, Rademacher features)`,
        subtitle: `max |MC − theory| = ${mcMaxZ.toFixed(2)} SE`,
      }),
    );
  }
  ctx.log(
    `sgd_risk: exponents last bias ${exponents.lastBias.toFixed(3)}, averaged bias ${
      exponents.averagedBias.toFixed(3)
    } (target ${targets.bias.toFixed(3)}); averaged variance ${
      exponents.averagedVariance.toFixed(3)
    } (target ${targets.averagedVariance.toFixed(3)}); plateau ${
      lastVar[lastVar.length - 1].toExponential(3)
    } vs E_inf ${st.risk.toExponential(3)}; MC max z ${mcMaxZ.toFixed(2)}; theory ${
      theorySeconds.toFixed(1)
    } s (${(coordinateStepsPerSecond / 1e9).toFixed(2)} G coordinate-steps/s)`,
  );
  return {
    instance: { d: c.d, a, b, sigma2, eta, traceH: inst.traceH },
    exponents,
    boundRatios,
    plateau: { lastVariance: lastVar[lastVar.length - 1], stationary: st.risk, q: st.q },
    mcMaxZ,
    mcFinalZ: (mc.risk[mc.risk.length - 1] - mcTh.finalRisk) / mc.riskSe[mc.risk.length - 1],
    mcAveragedZ: (mc.tailAverage!.risk - mcTh.tailAverageRisk!) / mc.tailAverage!.se,
    theorySeconds,
    coordinateStepsPerSecond,
  };
}

/** The experiment as a runnable script. */
export const spec: ScriptSpec<typeof defaults> = {
  name: "sgd_risk",
  description:
    "SGD on power-law linear regression (arXiv:2506.15535): exact bias/variance learning curves, averaged iterates, exponent fits, Zou bounds, Monte-Carlo check.",
  defaults,
  help,
  main,
};

if (import.meta.main) await cliMain(() => runScript(spec, Deno.args));
