/**
 * E5 of the summary-statistics study (arXiv:2504.16920, estimating summary statistics from
 * recorded subsets of neurons; PAPERS.md "Summary statistics"): overlaps estimated from n random
 * coordinates of the final committee-machine weights, the resulting ε_g error and the SD of R̂
 * against √((QT + R²)/n) (with the finite-population correction), and the number of recorded
 * coordinates needed to resolve the plateau's change of R, n ≳ (QT + R²)/ΔR².
 * @module
 */
import { committeeGeneralizationError } from "../../theory/mod.ts";
import {
  randomSubset,
  subsampledOverlaps,
  subsampledOverlapStandardError,
} from "../../models/mod.ts";
import { foldIn, type Key, split } from "../../random/mod.ts";
import { fitLogLogSlope } from "../../stats/mod.ts";
import type { RunContext } from "../../run/mod.ts";
import type { CommitteeRun } from "./committee.ts";

/** Config of {@link subsampling}. */
export interface SubsamplingConfig {
  /** Student units K. */
  K: number;
  /** Teacher units M. */
  M: number;
  /** Input dimension N (always added as the last n). */
  N: number;
  /** Numbers of recorded coordinates n (those < N are used). */
  ns: readonly number[];
  /** Random subsets per n. */
  reps: number;
  /** Root key (subsets of size n: foldIn(root, 5000 + n)). */
  root: Key;
}

/** Result of {@link subsampling} (results.json "e5"). */
export interface SubsamplingResult {
  /** n values (N last). */
  n: number[];
  /** Mean |ε_g(subset) − ε_g(all)| per n. */
  meanEgError: number[];
  /** SD of R̂₀₀ over subsets (1/reps normalisation) per n. */
  sdR: number[];
  /** Predicted SE of R̂₀₀ per n. */
  seR: number[];
  /** Fitted log-log slope of meanEgError over n < N. */
  slope: number;
  /** ε_g of all coordinates. */
  egFull: number;
  /** max change of R between α = 30 and α = 90. */
  plateauDeltaR: number;
  /** (QT + R²)/ΔR² at α = 30. */
  nNeededToResolvePlateauChange: number;
}

/** E5 on the last checkpoint of seed 0's committee-machine run. */
export function subsampling(
  cfg: SubsamplingConfig,
  run: CommitteeRun,
  ctx: RunContext,
): Promise<SubsamplingResult> {
  const { K, M, N } = cfg;
  const last = run.alpha.length - 1;
  const ns = [...cfg.ns.filter((n) => n < N), N];
  const w = run.student[last], ws = run.teacher[last];
  const full = run.overlaps[last];
  const egFull = committeeGeneralizationError(full);
  const meanErr: number[] = [], sdR: number[] = [], seR: number[] = [];
  for (const n of ns) {
    const ks = split(foldIn(cfg.root, 5000 + n), cfg.reps);
    let e = 0, s = 0, s2 = 0;
    for (let r = 0; r < cfg.reps; r++) {
      const o = subsampledOverlaps({ student: w, teacher: ws }, {
        students: K,
        teachers: M,
        size: N,
        subset: randomSubset(ks[r], { size: N, count: n }),
      });
      e += Math.abs(committeeGeneralizationError(o) - egFull);
      s += o.R[0];
      s2 += o.R[0] ** 2;
    }
    meanErr.push(e / cfg.reps);
    // SD with 1/reps normalisation (the spread of R̂ over the population of subsets)
    sdR.push(Math.sqrt(Math.max(0, s2 / cfg.reps - (s / cfg.reps) ** 2)));
    seR.push(
      subsampledOverlapStandardError({ Q: full.Q[0], T: full.T[0], R: full.R[0] }, {
        count: n,
        size: N,
      }),
    );
  }
  const sub = ns.slice(0, -1);
  const slope = sub.length > 1 ? fitLogLogSlope(sub, meanErr.slice(0, -1)).slope : NaN;
  // resolvability on the plateau: the change of R between α = 30 and the end of the plateau
  const i30 = run.alpha.findIndex((a) => a >= 30), i90 = run.alpha.findIndex((a) => a >= 90);
  let delta = NaN;
  if (i30 >= 0 && i90 > i30) {
    delta = 0;
    for (let j = 0; j < K * M; j++) {
      delta = Math.max(delta, Math.abs(run.overlaps[i90].R[j] - run.overlaps[i30].R[j]));
    }
  }
  const o30 = i30 >= 0 ? run.overlaps[i30] : full;
  const nNeeded = (o30.Q[0] * o30.T[0] + o30.R[0] ** 2) / (delta * delta);
  ctx.log(
    `summary_statistics: E5 subsampling: |Δε_g| ${
      meanErr.map((e) => e.toExponential(1)).join(", ")
    } (slope ${slope.toFixed(2)}); SD(R̂)/SE ${
      sdR.slice(0, -1).map((s, i) => (s / seR[i]).toFixed(2)).join(", ")
    }; plateau ΔR ${delta.toFixed(4)} needs n ≳ ${nNeeded.toFixed(0)}`,
  );
  return Promise.resolve({
    n: ns,
    meanEgError: meanErr,
    sdR,
    seR,
    slope,
    egFull,
    plateauDeltaR: delta,
    nNeededToResolvePlateauChange: nNeeded,
  });
}
