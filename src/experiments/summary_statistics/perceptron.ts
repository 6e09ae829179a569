/**
 * E1 of the summary-statistics study (arXiv:2504.16920, the order-parameter view of learning;
 * PAPERS.md "Summary statistics"): the sign perceptron trained online by the Hebbian and the
 * perceptron rule. The generalisation error is a function of the overlaps only,
 * ε_g = arccos(R/√Q)/π; the Hebbian closed form and the perceptron-rule ODE (started from the
 * measured initial overlaps) are compared with simulation, and the held-out error with
 * ε_g(R̂, Q̂) of the measured overlaps (sufficiency).
 * @module
 */
import {
  hebbianGeneralizationError,
  hebbianOverlaps,
  integratePerceptronRule,
  perceptronGeneralizationError,
} from "../../theory/mod.ts";
import { simulateOnlinePerceptron } from "../../models/mod.ts";
import { foldIn, type Key } from "../../random/mod.ts";
import type { RunContext } from "../../run/mod.ts";

/** Config of {@link perceptronLearning}. */
export interface PerceptronConfig {
  /** Input dimension N. */
  N: number;
  /** Learning rate η. */
  eta: number;
  /** Largest α (checkpoints every 2). */
  alphaMax: number;
  /** Held-out inputs per checkpoint. */
  testSize: number;
  /** Root key: Hebb uses foldIn(root, 1), the perceptron rule foldIn(root, 2). */
  root: Key;
}

/** Held-out error with its standard error. */
export interface HeldOut {
  /** Mean. */
  mean: number;
  /** Standard error. */
  se: number;
}

/** Result of {@link perceptronLearning} (results.json "e1"). */
export interface PerceptronResult {
  /** Checkpoints α. */
  alpha: number[];
  /** Hebbian rule: closed form, simulated overlaps and errors. */
  hebb: {
    theory: number[];
    theoryR: number[];
    sim: number[];
    R: number[];
    Q: number[];
    heldOut: HeldOut[];
  };
  /** Perceptron rule: ODE and simulation. */
  perceptron: {
    ode: number[];
    odeR: number[];
    odeQ: number[];
    sim: number[];
    R: number[];
    Q: number[];
    heldOut: HeldOut[];
  };
  /** max_{α>0} |ε(R̂, Q̂) − ε_theory| (Hebb). */
  hebbMaxAbs: number;
  /** max |ε(R̂, Q̂) − ε_ODE| (perceptron rule). */
  perceptronMaxAbs: number;
  /** max |held-out − ε(R̂, Q̂)|/SE over both rules and α > 0. */
  heldOutMaxZ: number;
}

/** E1: both learning rules, theory vs simulation. */
export function perceptronLearning(
  cfg: PerceptronConfig,
  ctx: RunContext,
): Promise<PerceptronResult> {
  const alphas = Array.from({ length: Math.round(cfg.alphaMax / 2) + 1 }, (_, i) => 2 * i);
  const common = { size: cfg.N, learningRate: cfg.eta, alphas, testSize: cfg.testSize };
  const hebb = simulateOnlinePerceptron(foldIn(cfg.root, 1), { ...common, rule: "hebb" });
  const perc = simulateOnlinePerceptron(foldIn(cfg.root, 2), {
    ...common,
    rule: "perceptron",
    initStd: 0.1,
  });
  const ode = integratePerceptronRule({ R: perc.R[0], Q: perc.Q[0] }, {
    learningRate: cfg.eta,
    alphas,
  });
  const hebbTheory = alphas.map((a) => hebbianGeneralizationError(a));
  const hebbSim = hebb.R.map((r, i) => perceptronGeneralizationError({ R: r, Q: hebb.Q[i] }));
  const percSim = perc.R.map((r, i) => perceptronGeneralizationError({ R: r, Q: perc.Q[i] }));
  let hebbMaxAbs = 0, percMaxAbs = 0, maxZ = 0;
  alphas.forEach((a, i) => {
    if (a > 0) hebbMaxAbs = Math.max(hebbMaxAbs, Math.abs(hebbSim[i] - hebbTheory[i]));
    percMaxAbs = Math.max(percMaxAbs, Math.abs(percSim[i] - ode.generalizationError[i]));
    for (const [h, f] of [[hebb.heldOut[i], hebbSim[i]], [perc.heldOut[i], percSim[i]]] as const) {
      if (a > 0 && h.se > 0) maxZ = Math.max(maxZ, Math.abs(h.mean - f) / h.se);
    }
  });
  ctx.log(
    `summary_statistics: E1 max|ε_sim − ε_theory| Hebb ${hebbMaxAbs.toFixed(4)}, perceptron ${
      percMaxAbs.toFixed(4)
    }, held-out max |z| ${maxZ.toFixed(2)}`,
  );
  return Promise.resolve({
    alpha: alphas,
    hebb: {
      theory: hebbTheory,
      theoryR: alphas.map((a) => hebbianOverlaps(a, { learningRate: cfg.eta }).R),
      sim: hebbSim,
      R: hebb.R,
      Q: hebb.Q,
      heldOut: hebb.heldOut,
    },
    perceptron: {
      ode: ode.generalizationError,
      odeR: ode.R,
      odeQ: ode.Q,
      sim: percSim,
      R: perc.R,
      Q: perc.Q,
      heldOut: perc.heldOut,
    },
    hebbMaxAbs,
    perceptronMaxAbs: percMaxAbs,
    heldOutMaxZ: maxZ,
  });
}
