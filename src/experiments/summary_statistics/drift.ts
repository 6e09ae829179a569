/**
 * E4 of the summary-statistics study (arXiv:2504.16920, representational drift; PAPERS.md
 * "Summary statistics"): during committee-machine SGD, random Givens rotations are applied jointly
 * to student and teacher weights. The order parameters (and so ε_g) are invariant, so behaviour
 * still follows the Saad–Solla ODE while the single-coordinate tuning correlation decays.
 * @module
 */
import { committeeGeneralizationError, integrateSaadSolla } from "../../theory/mod.ts";
import {
  applyGivensRotations,
  coordinateCorrelation,
  measureOverlaps,
  simulateCommitteeSgd,
} from "../../models/mod.ts";
import { foldIn, type Key } from "../../random/mod.ts";
import type { RunContext } from "../../run/mod.ts";
import type { CommitteeModel, CommitteeRun } from "./committee.ts";

/** Config of {@link representationalDrift}. */
export interface DriftConfig extends CommitteeModel {
  /** Checkpoints α. */
  alphas: number[];
  /** A random rotation every `every` in α. */
  every: number;
  /** Givens rotations per drift event. */
  givens: number;
  /** Root key (SGD: foldIn(root, 100), the invariance check: foldIn(root, 4)). */
  root: Key;
}

/** Result of {@link representationalDrift} (results.json "e4"). */
export interface DriftResult {
  /** Checkpoints α. */
  alpha: number[];
  /** ε_g(Q̂, R̂, T̂) of the drifting run. */
  egSim: number[];
  /** ε_g of the ODE. */
  egOde: number[];
  /** Tuning correlation of student unit 0 with its value at the first checkpoint after 0. */
  tuning: number[];
  /** The same without drift (seed 0 of E2; NaN where E2 has no checkpoint). */
  tuningNoDrift: number[];
  /** max change of Q, R, T at one rotation event. */
  overlapChangeAtRotation: number;
  /** Mean relative ε_g error vs the ODE. */
  meanRelErrorVsOde: number;
  /** Last tuning correlation with drift. */
  finalTuningCorrelation: number;
  /** Last tuning correlation without drift. */
  finalTuningCorrelationNoDrift: number;
}

/** E4: drift by random rotations; `noDrift` is seed 0's undrifted run of E2. */
export function representationalDrift(
  cfg: DriftConfig,
  noDrift: CommitteeRun,
  ctx: RunContext,
): Promise<DriftResult> {
  const { alphas, N } = cfg;
  const sim = simulateCommitteeSgd(foldIn(cfg.root, 100), {
    students: cfg.K,
    teachers: cfg.M,
    size: N,
    learningRate: cfg.eta,
    noiseStd: cfg.noiseStd,
    alphas,
    studentInitStd: cfg.studentInitStd,
    drift: { everyAlpha: cfg.every, givens: cfg.givens },
  });
  const ode = integrateSaadSolla(sim.overlaps[0], {
    learningRate: cfg.eta,
    noiseStd: cfg.noiseStd,
    alphas,
    dAlpha: cfg.odeDAlpha,
  });
  const eg = sim.overlaps.map(committeeGeneralizationError);
  let rel = 0;
  alphas.forEach((_, i) => {
    rel += Math.abs(eg[i] - ode.generalizationError[i]) / ode.generalizationError[i];
  });
  rel /= alphas.length;
  const tuning = sim.studentWeights.map((w) =>
    coordinateCorrelation(w.subarray(0, N), sim.studentWeights[1].subarray(0, N))
  );
  const tuningNoDrift = alphas.map((a) => {
    const i = noDrift.alpha.indexOf(a);
    return i < 0
      ? NaN
      : coordinateCorrelation(noDrift.student[i].subarray(0, N), noDrift.student[1].subarray(0, N));
  });
  // invariance at one rotation event
  const dims = { students: cfg.K, teachers: cfg.M, size: N };
  const last = alphas.length - 1;
  const w = sim.studentWeights[last].slice(), ws = sim.teacherWeights[last].slice();
  const o0 = measureOverlaps(w, ws, dims);
  applyGivensRotations([w, ws], foldIn(cfg.root, 4), { size: N, rotations: cfg.givens });
  const o1 = measureOverlaps(w, ws, dims);
  let change = 0;
  for (const f of ["Q", "R", "T"] as const) {
    o0[f].forEach((v, i) => (change = Math.max(change, Math.abs(v - o1[f][i]))));
  }
  const out: DriftResult = {
    alpha: alphas,
    egSim: eg,
    egOde: ode.generalizationError,
    tuning,
    tuningNoDrift,
    overlapChangeAtRotation: change,
    meanRelErrorVsOde: rel,
    finalTuningCorrelation: tuning[tuning.length - 1],
    finalTuningCorrelationNoDrift: tuningNoDrift[tuningNoDrift.length - 1],
  };
  ctx.log(
    `summary_statistics: E4 drift: overlap change per rotation ${
      change.toExponential(1)
    }, ε_g vs ODE ${(100 * rel).toFixed(1)}%, tuning corr ${
      out.finalTuningCorrelation.toFixed(3)
    } (no drift ${out.finalTuningCorrelationNoDrift.toFixed(3)})`,
  );
  return Promise.resolve(out);
}
