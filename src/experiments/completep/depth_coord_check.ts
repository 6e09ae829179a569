/**
 * Depth coordinate check (Dey et al. 2025, arXiv:2505.01618, Fig. 7; B.5 measurement 2 in
 * PAPERS.md): mean |h_L| of the final residual stream (probe: 256 fixed test inputs) at steps
 * 0 … `steps` of training at one η_base, per depth and parameterization, averaged over seeds.
 * A parameterization with depth control keeps it O(1) in L; μP's grows with L.
 * @module
 */
import { checkPositiveInt } from "../../errors/mod.ts";
import type { RunContext } from "../../run/context.ts";
import { mean } from "../../stats/mod.ts";
import type { CompletePParam } from "./setup.ts";
import { trainRun, type TrainRunConfig, type TrainRunResult } from "./train_run.ts";

/** Configuration of {@link depthCoordCheck}. */
export interface DepthCoordCheckConfig
  extends Omit<TrainRunConfig, "param" | "depth" | "seed" | "probeEvery"> {
  /** Parameterizations. */
  params: CompletePParam[];
  /** Depths L. */
  depths: number[];
  /** Seeds (the curve is their mean). */
  seeds: number[];
}

/** One curve: mean |h_L| at steps 0 … steps. */
export interface CoordCurve {
  /** Parameterization. */
  param: CompletePParam;
  /** Depth L. */
  depth: number;
  /** Mean |h_L| after each step (index = step; index 0 = initialisation). */
  meanAbsHL: number[];
  /** Mean |h_L − h_L(0)| after each step: the part of h_L the updates made. */
  meanAbsDeltaHL?: number[];
}

/** Run the check (each curve appended to `results.coordCheck`); constant LR, no warmup. */
export async function depthCoordCheck(
  cfg: DepthCoordCheckConfig,
  ctx?: RunContext,
): Promise<CoordCurve[]> {
  for (const d of cfg.depths) checkPositiveInt("depthCoordCheck", "depths[]", d);
  const { params, depths, seeds, ...shared } = cfg;
  const bar = ctx?.progress("completep: depth coordinate check", params.length * depths.length);
  const out: CoordCurve[] = [];
  for (const param of params) {
    for (const depth of depths) {
      const runs: TrainRunResult[] = [];
      for (const seed of seeds) {
        runs.push(
          await trainRun({ warmupFrac: 0, ...shared, param, depth, seed, probeEvery: true }),
        );
      }
      const n = Math.min(...runs.map((r) => r.meanAbsHL!.length));
      const curve = {
        param,
        depth,
        meanAbsHL: Array.from({ length: n }, (_, t) => mean(runs.map((r) => r.meanAbsHL![t]))),
        meanAbsDeltaHL: Array.from(
          { length: n },
          (_, t) => mean(runs.map((r) => r.meanAbsDeltaHL![t])),
        ),
      };
      out.push(curve);
      await ctx?.results.append("coordCheck", curve);
      bar?.tick();
    }
  }
  bar?.done();
  return out;
}
