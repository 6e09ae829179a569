/**
 * E2 of the summary-statistics study (arXiv:2504.16920; PAPERS.md "Summary statistics"): the soft
 * committee machine (erf units) trained by online SGD, whose generalisation error is a closed
 * function of the order parameters Q, R, T. The Saad–Solla ODEs, started from each seed's measured
 * initial overlaps, are compared with SGD through the plateau (mean relative ε_g error on
 * α ≤ compareUpTo; |R_sim − R_ode| before specialisation; escape time α*), and the held-out error
 * with ε_g(Q̂, R̂, T̂) (sufficiency). Also the symmetric plateau fixed points.
 * @module
 */
import {
  committeeGeneralizationError,
  type CommitteeOverlaps,
  integrateSaadSolla,
  symmetricPlateau,
} from "../../theory/mod.ts";
import { simulateCommitteeSgd } from "../../models/mod.ts";
import { foldIn, type Key } from "../../random/mod.ts";
import { mean } from "../../stats/mod.ts";
import type { RunContext } from "../../run/mod.ts";
import type { HeldOut } from "./perceptron.ts";

/** Model and optimiser of the committee-machine runs (E2, E4, E5). */
export interface CommitteeModel {
  /** Student hidden units K. */
  K: number;
  /** Teacher hidden units M. */
  M: number;
  /** Learning rate η. */
  eta: number;
  /** Input dimension N. */
  N: number;
  /** Initial student weight SD. */
  studentInitStd: number;
  /** Teacher output-noise SD. */
  noiseStd: number;
  /** RK4 step of the ODE. */
  odeDAlpha: number;
}

/** Config of {@link committeeLearning}. */
export interface CommitteeConfig extends CommitteeModel {
  /** Checkpoints α. */
  alphas: number[];
  /** Independent seeds (teacher, init, data): seed s uses foldIn(root, 100 + s). */
  seeds: number;
  /** Held-out inputs per checkpoint. */
  testSize: number;
  /** α range [0, compareUpTo] of the relative-error criterion. */
  compareUpTo: number;
  /** Root key. */
  root: Key;
}

/** Overlaps as plain arrays (results.json). */
export interface PlainOverlaps {
  /** Q (K×K, row-major). */
  Q: number[];
  /** R (K×M). */
  R: number[];
  /** T (M×M). */
  T: number[];
}

/** One seed's curves (results.json "e2".seeds[s]). */
export interface CommitteeSeed {
  /** ε_g(Q̂, R̂, T̂) of the SGD run at each checkpoint. */
  egSim: number[];
  /** ε_g of the ODE started from the measured initial overlaps. */
  egOde: number[];
  /** Held-out error at each checkpoint. */
  heldOut: HeldOut[];
  /** Measured overlaps. */
  overlapsSim: PlainOverlaps[];
  /** ODE overlaps. */
  overlapsOde: PlainOverlaps[];
  /** Mean relative ε_g error on α ≤ compareUpTo. */
  meanRelError: number;
}

/** Result of {@link committeeLearning} (results.json "e2"). */
export interface CommitteeResult {
  /** Checkpoints α. */
  alpha: number[];
  /** Per seed. */
  seeds: CommitteeSeed[];
  /** Escape time α* per seed (SGD). */
  escapeSimPerSeed: number[];
  /** Escape time α* per seed (ODE). */
  escapeOdePerSeed: number[];
  /** Mean relative error per seed. */
  meanRelErrorPerSeed: number[];
  /** Mean of meanRelErrorPerSeed. */
  meanRelError: number;
  /** Mean relative error of the seed-averaged curves. */
  seedAveragedRelError: number;
  /** max |R_sim − R_ode| for α ≤ 0.9·compareUpTo. */
  maxRErrorBeforeSpecialisation: number;
  /** Mean α* over seeds where SGD escapes. */
  escapeSim: number;
  /** Mean α* over seeds where the ODE escapes. */
  escapeOde: number;
  /** max |held-out − ε_g(Q̂, R̂, T̂)|/SE. */
  heldOutMaxZ: number;
  /** Fraction of checkpoints within 3 SE. */
  heldOutFractionWithin3Se: number;
}

/** Seed 0's SGD run, kept in memory for the drift (E4) and subsampling (E5) analyses. */
export interface CommitteeRun {
  /** Checkpoints α. */
  alpha: number[];
  /** Student weights (K×N) per checkpoint. */
  student: Float64Array[];
  /** Teacher weights (M×N) per checkpoint. */
  teacher: Float64Array[];
  /** ε_g(Q̂, R̂, T̂) per checkpoint. */
  eg: number[];
  /** Measured overlaps per checkpoint. */
  overlaps: CommitteeOverlaps[];
}

/** Checkpoints 0, step, 2·step, … ≤ alphaMax. */
export function alphaGrid(alphaMax: number, alphaStep: number): number[] {
  const alphas: number[] = [];
  for (let a = 0; a <= alphaMax + 1e-9; a += alphaStep) alphas.push(+a.toFixed(9));
  return alphas;
}

/** First checkpoint α ≥ 20 at which ε_g falls below 0.8 × its value at α = 20 (plateau exit). */
export function escapeAlpha(alpha: readonly number[], eg: readonly number[]): number {
  const i20 = alpha.findIndex((a) => a >= 20);
  if (i20 < 0) return NaN;
  const ref = eg[i20];
  for (let i = i20; i < alpha.length; i++) if (eg[i] < 0.8 * ref) return alpha[i];
  return NaN;
}

/** Mean of the finite entries (NaN if none). */
function finiteMean(v: readonly number[]): number {
  const f = v.filter(Number.isFinite);
  return f.length > 0 ? mean(f) : NaN;
}

const plain = (o: CommitteeOverlaps): PlainOverlaps => ({
  Q: Array.from(o.Q),
  R: Array.from(o.R),
  T: Array.from(o.T),
});

/** E2: ODE vs SGD for each seed; returns the results and seed 0's run. */
export function committeeLearning(
  cfg: CommitteeConfig,
  ctx: RunContext,
): Promise<{ result: CommitteeResult; run: CommitteeRun }> {
  const { alphas, K, M } = cfg;
  const seeds: CommitteeSeed[] = [];
  const simCurves: number[][] = [], odeCurves: number[][] = [];
  let maxRErr = 0, maxZ = 0, within = 0, count = 0;
  const escSim: number[] = [], escOde: number[] = [];
  let run: CommitteeRun | undefined;
  const bar = ctx.progress("summary_statistics: E2 committee-machine SGD seeds", cfg.seeds);
  for (let s = 0; s < cfg.seeds; s++) {
    const sim = simulateCommitteeSgd(foldIn(cfg.root, 100 + s), {
      students: K,
      teachers: M,
      size: cfg.N,
      learningRate: cfg.eta,
      noiseStd: cfg.noiseStd,
      alphas,
      studentInitStd: cfg.studentInitStd,
      testSize: cfg.testSize,
    });
    const ode = integrateSaadSolla(sim.overlaps[0], {
      learningRate: cfg.eta,
      noiseStd: cfg.noiseStd,
      alphas,
      dAlpha: cfg.odeDAlpha,
    });
    const egSim = sim.overlaps.map(committeeGeneralizationError);
    const egOde = ode.generalizationError;
    simCurves.push(egSim);
    odeCurves.push(egOde);
    const rel: number[] = [];
    alphas.forEach((a, i) => {
      if (a <= cfg.compareUpTo) rel.push(Math.abs(egSim[i] - egOde[i]) / egOde[i]);
      if (a <= 0.9 * cfg.compareUpTo) {
        for (let j = 0; j < K * M; j++) {
          maxRErr = Math.max(maxRErr, Math.abs(sim.overlaps[i].R[j] - ode.overlaps[i].R[j]));
        }
      }
      const h = sim.heldOut[i];
      if (h && h.se > 0) {
        const z = Math.abs(h.mean - egSim[i]) / h.se;
        maxZ = Math.max(maxZ, z);
        if (z <= 3) within++;
        count++;
      }
    });
    escSim.push(escapeAlpha(alphas, egSim));
    escOde.push(escapeAlpha(alphas, egOde));
    seeds.push({
      egSim,
      egOde,
      heldOut: sim.heldOut,
      overlapsSim: sim.overlaps.map(plain),
      overlapsOde: ode.overlaps.map(plain),
      meanRelError: rel.reduce((a, b) => a + b, 0) / rel.length,
    });
    if (s === 0) {
      run = {
        alpha: alphas,
        student: sim.studentWeights,
        teacher: sim.teacherWeights,
        eg: egSim,
        overlaps: sim.overlaps,
      };
    }
    bar.tick();
  }
  bar.done();
  const ms = alphas.map((_, i) => mean(simCurves.map((c) => c[i])));
  const mo = alphas.map((_, i) => mean(odeCurves.map((c) => c[i])));
  const relAvg = alphas.flatMap((a, i) =>
    a <= cfg.compareUpTo ? [Math.abs(ms[i] - mo[i]) / mo[i]] : []
  );
  const perSeed = seeds.map((s) => s.meanRelError);
  const result: CommitteeResult = {
    alpha: alphas,
    seeds,
    escapeSimPerSeed: escSim,
    escapeOdePerSeed: escOde,
    meanRelErrorPerSeed: perSeed,
    meanRelError: finiteMean(perSeed),
    seedAveragedRelError: relAvg.reduce((a, b) => a + b, 0) / relAvg.length,
    maxRErrorBeforeSpecialisation: maxRErr,
    escapeSim: finiteMean(escSim),
    escapeOde: finiteMean(escOde),
    heldOutMaxZ: maxZ,
    heldOutFractionWithin3Se: within / Math.max(1, count),
  };
  ctx.log(
    `summary_statistics: E2 mean relative ε_g error on α ≤ ${cfg.compareUpTo}: ${
      (100 * result.meanRelError).toFixed(2)
    }% (per seed ${perSeed.map((r) => (100 * r).toFixed(1)).join(", ")}%), max|ΔR| ${
      maxRErr.toFixed(3)
    }, α* sim ${result.escapeSim.toFixed(1)} vs ODE ${
      result.escapeOde.toFixed(1)
    }, held-out max |z| ${maxZ.toFixed(2)}`,
  );
  return Promise.resolve({ result, run: run! });
}

/** One symmetric plateau fixed point. */
export interface PlateauRow {
  /** K = M. */
  K: number;
  /** η. */
  eta: number;
  /** Student–teacher overlap r. */
  r: number;
  /** Student norm q. */
  q: number;
  /** Student–student overlap c. */
  c: number;
  /** ε_g at the fixed point. */
  eg: number;
  /** Residual of the ODE right-hand side. */
  residual: number;
}

/** Symmetric plateau fixed points of the Saad–Solla ODEs for K = M ∈ {2, 3} and each η. */
export function plateauTable(etas: readonly number[]): PlateauRow[] {
  const rows: PlateauRow[] = [];
  for (const K of [2, 3]) {
    for (const eta of etas) {
      const p = symmetricPlateau(K, { learningRate: eta });
      rows.push({
        K,
        eta,
        r: p.r,
        q: p.q,
        c: p.c,
        eg: p.generalizationError,
        residual: p.residual,
      });
    }
  }
  return rows;
}
