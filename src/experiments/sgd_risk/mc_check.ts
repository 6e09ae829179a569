/**
 * Monte-Carlo check of the exact SGD risk recursion (arXiv:2506.15535 §2): R independent SGD runs
 * with Rademacher features at small d against the recursion with the matching fourth moment
 * (κ = 1), pointwise in standard errors and for the final and averaged iterates.
 * PAPERS.md, "Constant-LR SGD".
 * @module
 */
import { constantPlan, powerLawInstance, sgdRiskRecursion } from "../../theory/mod.ts";
import { simulateLinearRegressionSgd } from "../../sim/mod.ts";
import { key } from "../../random/mod.ts";
import { bonferroniZ, compareTheorySim } from "../../stats/mod.ts";
import { checkFinite, checkInRange, checkPositiveInt } from "../../errors/mod.ts";
import type { RunContext } from "../../run/mod.ts";

/** Configuration of {@link sgdMonteCarloCheck}. */
export interface McCheckConfig {
  /** Dimension of the Monte-Carlo instance. */
  mcD: number;
  /** Repetitions R (SE ∝ 1/√R). */
  mcReps: number;
  /** Steps 2^mcLog2N. */
  mcLog2N: number;
  /** Capacity and source exponents, noise, LR (0 = cEta / tr H) and batch. */
  a: number;
  /** Source exponent. */
  b: number;
  /** Label-noise variance. */
  sigma2: number;
  /** Constant LR, 0 = cEta / tr H. */
  eta: number;
  /** LR in units of 1/tr H when eta = 0. */
  cEta: number;
  /** Batch size. */
  B0: number;
  /** Root seed. */
  seed: number;
}

/** Theory and Monte-Carlo curves with their comparison (plain numbers, for results.json). */
export interface McCheck {
  /** The recursion at the recorded steps, and the tail-averaged final risk. */
  theory: { steps: number[]; samples: number[]; risk: number[]; averagedFinal: number };
  /** Monte-Carlo means and SEs at the same steps, and the averaged iterate's final risk. */
  mc: {
    steps: number[];
    samples: number[];
    risk: number[];
    se: number[];
    averagedFinal: number;
    averagedFinalSe: number;
  };
  /** Dimension and repetitions used. */
  d: number;
  /** Repetitions. */
  repetitions: number;
  /** (MC − theory)/SE per recorded point after step 0 (step 0 is deterministic). */
  z: number[];
  /** Largest |z| over the recorded points (a multiple comparison over `z.length` points). */
  maxAbsZ: number;
  /** The two-sided Bonferroni 5% threshold for `z.length` comparisons. */
  bonferroniZ: number;
  /** (MC − theory)/SE of the last iterate's final risk. */
  finalZ: number;
  /** (MC − theory)/SE of the averaged iterate's final risk. */
  averagedZ: number;
}

/** Check a {@link McCheckConfig}; named errors for the first bad key. */
export function checkMcConfig(c: McCheckConfig): void {
  const fn = "sgdMonteCarloCheck";
  checkPositiveInt(fn, "mcD", c.mcD);
  checkInRange(fn, "mcReps", c.mcReps, 2, Infinity);
  checkPositiveInt(fn, "mcReps", c.mcReps);
  checkInRange(fn, "mcLog2N", c.mcLog2N, 1, 30);
  checkPositiveInt(fn, "mcLog2N", c.mcLog2N);
  checkInRange(fn, "sigma2", c.sigma2, 0, Infinity);
  checkInRange(fn, "eta", c.eta, 0, Infinity);
  checkPositiveInt(fn, "B0", c.B0);
  checkFinite(fn, "seed", c.seed);
}

/**
 * Simulate R SGD runs (Rademacher features, d = mcD, 2^mcLog2N steps, 64 recorded points) and
 * compare with the exact recursion at κ = 1. The pointwise maximum |z| is a multiple comparison,
 * reported beside its Bonferroni threshold; the per-repetition risk is right-skewed, so at small
 * R the sample SE is smallest exactly where the sample mean falls low, and the extreme |z| come
 * from negative deviations (PAPERS.md, "Constant-LR SGD").
 */
export function sgdMonteCarloCheck(c: McCheckConfig, ctx: RunContext): McCheck {
  checkMcConfig(c);
  const inst = powerLawInstance(c.mcD, { a: c.a, b: c.b });
  const eta = c.eta > 0 ? c.eta : c.cEta / inst.traceH;
  const T = 2 ** c.mcLog2N;
  const plan = constantPlan(T, { lr: eta, batch: c.B0 });
  const rec = Math.max(1, T / 64);
  const tailAverage = { start: 0, length: T };
  const th = sgdRiskRecursion(inst.lambda, {
    m0: inst.wStarSq,
    sigma2: c.sigma2,
    plan,
    features: "rademacher",
    recordEvery: rec,
    tailAverage,
  });
  const bar = ctx.progress("sgd_risk: Monte-Carlo", 1);
  const mc = simulateLinearRegressionSgd({
    lambda: inst.lambda,
    wStarSq: inst.wStarSq,
    sigma2: c.sigma2,
    plan,
    repetitions: c.mcReps,
    key: key(c.seed),
    recordEvery: rec,
    tailAverage,
  });
  bar.tick();
  bar.done();
  const cmp = compareTheorySim({
    theory: th.risk.subarray(1),
    sim: mc.risk.subarray(1),
    se: mc.riskSe.subarray(1),
  });
  const last = mc.risk.length - 1;
  return {
    theory: {
      steps: Array.from(th.steps),
      samples: Array.from(th.samples),
      risk: Array.from(th.risk),
      averagedFinal: th.tailAverageRisk!,
    },
    mc: {
      steps: Array.from(mc.steps),
      samples: Array.from(mc.samples),
      risk: Array.from(mc.risk),
      se: Array.from(mc.riskSe),
      averagedFinal: mc.tailAverage!.risk,
      averagedFinalSe: mc.tailAverage!.se,
    },
    d: c.mcD,
    repetitions: c.mcReps,
    z: cmp.z,
    maxAbsZ: cmp.maxAbsZ,
    bonferroniZ: bonferroniZ(cmp.n),
    finalZ: (mc.risk[last] - th.finalRisk) / mc.riskSe[last],
    averagedZ: (mc.tailAverage!.risk - th.tailAverageRisk!) / mc.tailAverage!.se,
  };
}
