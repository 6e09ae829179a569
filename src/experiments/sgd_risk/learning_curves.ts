/**
 * Learning curves of one-pass SGD on power-law linear regression from the exact second-moment
 * recursion (arXiv:2506.15535 §2–3; Zou et al., COLT 2021): last iterate and running average,
 * split into bias (σ² = 0) and variance (zero initial error), their power-law exponents, the
 * Zou-style averaged bounds and the stationary (plateau) risk. PAPERS.md, "Constant-LR SGD".
 * @module
 */
import { phasePlan } from "../../schedules/mod.ts";
import {
  constantPlan,
  type FeatureDistribution,
  powerLawInstance,
  powerLawRiskExponents,
  sgdRiskRecursion,
  sgdStationaryRisk,
  zouAveragedBounds,
} from "../../theory/mod.ts";
import { fitLogLogSlope } from "../../stats/mod.ts";
import {
  ArgumentError,
  checkChoice,
  checkFinite,
  checkInRange,
  checkPositiveInt,
} from "../../errors/mod.ts";
import type { RunContext } from "../../run/mod.ts";

/** The instance, learning rate and horizon of {@link sgdLearningCurves}. */
export interface LearningCurvesConfig {
  /** Dimension of the power-law instance. */
  d: number;
  /** Capacity exponent: λ_i = i^{-a}. */
  a: number;
  /** Source exponent: λ_i (w*_i)² ∝ i^{-b}, ‖w*‖_H fixed. */
  b: number;
  /** Label-noise variance σ². */
  sigma2: number;
  /** Constant learning rate; 0 means cEta / tr H. */
  eta: number;
  /** Learning rate in units of 1/tr H when eta = 0. */
  cEta: number;
  /** Batch size (initial batch of the phase schedule). */
  B0: number;
  /** Phases of the optional phase-schedule curve (1 = none). */
  phases: number;
  /** LR decay per phase. */
  alpha: number;
  /** Batch growth per phase. */
  beta: number;
  /** Smallest N = 2^minLog2N of the exponent fits. */
  minLog2N: number;
  /** Largest N = 2^maxLog2N (steps of the run). */
  maxLog2N: number;
  /** Feature distribution of the theory. */
  features: FeatureDistribution;
}

/** A learning curve at recorded steps: risk = bias + variance, last iterate and average. */
export interface RiskCurve {
  /** Recorded steps t. */
  steps: number[];
  /** Samples seen, t·B. */
  samples: number[];
  /** Excess risk ½‖w_t − w*‖²_H of the last iterate. */
  risk: number[];
  /** Excess risk of the running average of w_0 … w_t. */
  riskAveraged: number[];
  /** Bias part of `risk`. */
  bias: number[];
  /** Variance part of `risk`. */
  variance: number[];
  /** Bias part of `riskAveraged`. */
  biasAveraged: number[];
  /** Variance part of `riskAveraged`. */
  varianceAveraged: number[];
}

/** What {@link sgdLearningCurves} returns (all plain numbers: it is stored in results.json). */
export interface LearningCurves {
  /** Instance and LR actually used. */
  instance: { d: number; a: number; b: number; sigma2: number; eta: number; traceH: number };
  /** The constant-LR curve. */
  constant: RiskCurve;
  /** The phase-schedule curve (steps, samples, risk), when phases > 1. */
  phases?: { label: string; steps: number[]; samples: number[]; risk: number[] };
  /** Risks at N = 2^k used in the fits, the Zou bounds (null where 3η tr H ≥ 1) and the fits. */
  fits: {
    N: number[];
    lastBias: number[];
    averagedBias: number[];
    averagedVariance: number[];
    lastVariance: number[];
    zouVarianceBound: (number | null)[];
    zouBiasBound: (number | null)[];
    exponents: {
      lastBias: number;
      averagedBias: number;
      averagedVariance: number;
      targetBias: number;
      targetAveragedVariance: number;
    };
  };
  /** Zou variance bound / exact averaged variance at each N (a sanity band [1, 20]). */
  boundRatios: number[];
  /** Last-iterate variance at the largest N and the stationary closed form E_∞ with its q. */
  plateau: { lastVariance: number; stationary: number; q: number };
  /** Wall time of the recursions (s) and coordinate-steps per second. */
  theorySeconds: number;
  /** Coordinate-steps per second of the recursion (2·T·d / theorySeconds). */
  coordinateStepsPerSecond: number;
}

/** Check a {@link LearningCurvesConfig}; named errors for the first bad key. */
export function checkLearningCurvesConfig(c: LearningCurvesConfig): void {
  const fn = "sgdLearningCurves";
  checkPositiveInt(fn, "d", c.d);
  for (const k of ["a", "b"] as const) {
    if (!(c[k] > 1) || !Number.isFinite(c[k])) {
      throw new ArgumentError(fn, k, "a finite number > 1", c[k]);
    }
  }
  checkInRange(fn, "sigma2", c.sigma2, 0, Infinity);
  checkInRange(fn, "eta", c.eta, 0, Infinity);
  if (c.eta === 0 && !(c.cEta > 0 && Number.isFinite(c.cEta))) {
    throw new ArgumentError(fn, "cEta", "a finite number > 0 (when eta = 0)", c.cEta);
  }
  checkPositiveInt(fn, "B0", c.B0);
  checkPositiveInt(fn, "phases", c.phases);
  checkFinite(fn, "alpha", c.alpha);
  checkFinite(fn, "beta", c.beta);
  checkInRange(fn, "minLog2N", c.minLog2N, 1, 40);
  checkPositiveInt(fn, "minLog2N", c.minLog2N);
  checkInRange(fn, "maxLog2N", c.maxLog2N, c.minLog2N + 1, 40);
  checkPositiveInt(fn, "maxLog2N", c.maxLog2N);
  checkChoice(fn, "features", c.features, ["gaussian", "rademacher"]);
}

/**
 * Run the exact recursion (bias and variance separately, with the running average) to
 * T = 2^maxLog2N steps and fit the exponents of arXiv:2506.15535's power-law corollaries: bias
 * `≍ (ηN)^{−(b−1)/a}`, averaged variance `≍ N^{1/a − 1}`. Progress goes to `ctx`.
 */
export function sgdLearningCurves(c: LearningCurvesConfig, ctx: RunContext): LearningCurves {
  checkLearningCurvesConfig(c);
  const { a, b, sigma2, B0, features } = c;
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
  const common = { plan, features, runningAverage: true, recordEvery: rec };
  const bias = sgdRiskRecursion(inst.lambda, { ...common, m0: inst.wStarSq, sigma2: 0 });
  bar.tick();
  const variance = sgdRiskRecursion(inst.lambda, { ...common, m0: new Float64Array(c.d), sigma2 });
  bar.tick();
  bar.done();
  const theorySeconds = (performance.now() - t0) / 1e3;

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

  const pick = (arr: Float64Array) => Array.from(arr.subarray(1));
  const steps = Array.from(bias.steps.subarray(1));
  const bLast = pick(bias.risk), vLast = pick(variance.risk);
  const bAvg = pick(bias.runningAverageRisk!), vAvg = pick(variance.runningAverageRisk!);
  let phases: LearningCurves["phases"];
  if (c.phases > 1) {
    // the phase schedule (η α^{-k}, B₀ β^k) over the same number of samples, equal per phase
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
    phases = {
      label: `phases (${c.alpha}, ${c.beta}) x${c.phases}`,
      steps: Array.from(pr.steps),
      samples: Array.from(pr.samples),
      risk: Array.from(pr.risk),
    };
  }
  return {
    instance: { d: c.d, a, b, sigma2, eta, traceH: inst.traceH },
    constant: {
      steps,
      samples: steps.map((t) => t * B0),
      risk: bLast.map((v, i) => v + vLast[i]),
      riskAveraged: bAvg.map((v, i) => v + vAvg[i]),
      bias: bLast,
      variance: vLast,
      biasAveraged: bAvg,
      varianceAveraged: vAvg,
    },
    phases,
    fits: {
      N: Ns,
      lastBias,
      averagedBias: avgBias,
      averagedVariance: avgVar,
      lastVariance: lastVar,
      zouVarianceBound: bounds.map((z) => z?.variance ?? null),
      zouBiasBound: bounds.map((z) => z?.bias ?? null),
      exponents,
    },
    boundRatios,
    plateau: { lastVariance: lastVar[lastVar.length - 1], stationary: st.risk, q: st.q },
    theorySeconds,
    coordinateStepsPerSecond: (2 * T * c.d) / theorySeconds,
  };
}
