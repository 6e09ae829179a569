/**
 * Monte-Carlo check of the exact risk recursion on the schedules Seesaw compares (step decay
 * (2, 1) and batch ramp (1, 2), arXiv:2510.14717 Theorem 1): R independent SGD runs with
 * Rademacher features against the recursion with the matching fourth moment (arXiv:2506.15535
 * §2; PAPERS.md, Seesaw and Constant-LR SGD).
 * @module
 */
import { powerLawInstance, sgdRiskRecursion } from "../../theory/mod.ts";
import { phasePlan } from "../../schedules/mod.ts";
import { simulateLinearRegressionSgd } from "../../sim/mod.ts";
import { foldIn, key } from "../../random/mod.ts";
import type { RunContext } from "../../run/mod.ts";
import { checkPositiveInt } from "../../errors/mod.ts";
import { curveOf, type RiskCurve, scheduleLabel } from "./curves.ts";

/** Parameters of {@link seesawMonteCarlo}. */
export interface McConfig {
  /** Capacity exponent a. */
  a: number;
  /** Source exponent b. */
  b: number;
  /** Dimension of the Monte-Carlo instance. */
  mcD: number;
  /** Noise variance σ². */
  mcSigma2: number;
  /** η = mcCEta / tr H. */
  mcCEta: number;
  /** Initial batch. */
  mcB0: number;
  /** Phases. */
  mcPhases: number;
  /** Samples per phase. */
  mcPhaseSamples: number;
  /** Repetitions R. */
  mcReps: number;
  /** Root seed. */
  seed: number;
}

/** One schedule's comparison of the Monte-Carlo mean with the recursion. */
export interface McRow {
  /** "sgd (α, β) d=…". */
  name: string;
  /** Final risk of the recursion with Gaussian features (κ = 3). */
  theoryGaussian: number;
  /** Final risk of the recursion matched to Rademacher features. */
  theory: number;
  /** Monte-Carlo mean of the final risk. */
  mc: number;
  /** Its standard error. */
  se: number;
  /** (mc − theory)/se. */
  z: number;
}

/** Result of {@link seesawMonteCarlo}. */
export interface McCheck {
  /** One row per schedule. */
  mc: McRow[];
  /** Theory and Monte-Carlo curves keyed by the row name. */
  curves: Record<string, { theory: RiskCurve; mc: RiskCurve }>;
}

/**
 * Monte-Carlo means (R repetitions, Rademacher features) of the step-decay (2, 1) and
 * batch-ramp (1, 2) phase schedules against the exact recursion.
 *
 * @param c instance, schedule, repetitions and seed
 * @param ctx run context (progress)
 * @returns rows and curves
 */
export function seesawMonteCarlo(c: McConfig, ctx: RunContext): McCheck {
  for (const k of ["mcD", "mcB0", "mcPhases", "mcPhaseSamples", "mcReps"] as const) {
    checkPositiveInt("seesawMonteCarlo", k, c[k]);
  }
  const inst = powerLawInstance(c.mcD, { a: c.a, b: c.b });
  const eta = c.mcCEta / inst.traceH;
  const mc: McRow[] = [];
  const curves: McCheck["curves"] = {};
  const bar = ctx.progress("seesaw: Monte-Carlo check", 2);
  for (const [i, [alpha, beta]] of ([[2, 1], [1, 2]] as [number, number][]).entries()) {
    const plan = phasePlan({
      lr: eta,
      batch: c.mcB0,
      phaseSamples: c.mcPhaseSamples,
      phases: c.mcPhases,
      lrDecay: alpha,
      batchGrowth: beta,
    });
    const every = Math.max(1, Math.floor(plan.steps / 64));
    const common = { m0: inst.wStarSq, sigma2: c.mcSigma2, plan };
    const th = sgdRiskRecursion(inst.lambda, {
      ...common,
      features: "rademacher",
      recordEvery: every,
    });
    const sim = simulateLinearRegressionSgd({
      lambda: inst.lambda,
      wStarSq: inst.wStarSq,
      sigma2: c.mcSigma2,
      plan,
      repetitions: c.mcReps,
      key: foldIn(key(c.seed), i),
      recordEvery: every,
    });
    const gauss = sgdRiskRecursion(inst.lambda, { ...common, recordEvery: plan.steps }).finalRisk;
    const name = `sgd ${scheduleLabel(alpha, beta)} d=${c.mcD}`;
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
    bar.tick();
  }
  bar.done();
  return { mc, curves };
}
