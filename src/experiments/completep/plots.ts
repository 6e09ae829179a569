/**
 * The CompleteP figures as pure functions of stored results (PAPERS.md, CompleteP section;
 * arXiv:2505.01618 Figs. 1 left, 6 and 7 in miniature): loss against η_base per depth with one
 * panel per parameterization, the optimal η_base and the best loss against depth, the depth
 * coordinate check, the per-block update and the linearization distance against L with fitted
 * power laws.
 * @module
 */
import { type PlotSpec, theoryVsSim } from "../../plot/mod.ts";
import { mean, standardError } from "../../stats/mod.ts";
import type { BlockUpdateSweepResult } from "./block_update.ts";
import type { CoordCurve } from "./depth_coord_check.ts";
import type { LinearizationSweepResult } from "./linearization.ts";
import { type LrOptimum, type LrTransferRow, meanLossCurves } from "./lr_transfer.ts";

/** Fitted power-law lines C·L^slope through the medians/means, one per parameterization. */
function fitted(pts: { param: string; depth: number; y: number }[], slope: (p: string) => number) {
  return [...new Set(pts.map((p) => p.param))].flatMap((param) => {
    const ps = pts.filter((p) => p.param === param), s = slope(param);
    const c = mean(ps.map((p) => Math.log(p.y) - s * Math.log(p.depth)));
    return ps.map((p) => ({ x: p.depth, y: Math.exp(c) * p.depth ** s, series: param }));
  });
}

/** How the LR-transfer figures name the task and its loss. */
export interface LossLabels {
  /** The loss axis (default "final test MSE"). */
  loss?: string;
  /** The model and task in the title (default "residual MLP on a teacher task"). */
  task?: string;
}

/** The labels of the brown-lm task (a transformer LM on the Brown corpus's characters). */
export const LM_LABELS: LossLabels = {
  loss: "final validation loss (nats/char)",
  task: "transformer LM on the Brown corpus",
};

/** Final test loss against η_base, one line per depth, one panel per parameterization. */
export function lrTransferPlot(rows: readonly LrTransferRow[], labels: LossLabels = {}): PlotSpec {
  const key = (x: LrTransferRow) => `${x.param}|${x.depth}|${x.log2Lr}`;
  const groups = Map.groupBy(rows.filter((x) => !x.diverged), key);
  const sim = [...groups.values()].map((g) => ({
    x: 2 ** g[0].log2Lr,
    y: mean(g.map((x) => x.testLoss!)),
    se: g.length > 1 ? standardError(g.map((x) => x.testLoss!)) : 0,
    series: `L = ${g[0].depth}`,
    panel: g[0].param,
  }));
  const lines = [...meanLossCurves(rows).values()].flatMap((c) =>
    c.log2Lrs.map((e, i) => ({
      x: 2 ** e,
      y: c.losses[i],
      series: `L = ${c.depth}`,
      panel: c.param,
    }))
  );
  return theoryVsSim({
    theory: lines,
    sim,
    logX: true,
    logY: true,
    xLabel: "η_base",
    yLabel: labels.loss ?? "final test MSE",
    panelLabel: "parameterization",
    title: `Depth-wise LR transfer (${
      labels.task ?? "residual MLP on a teacher task"
    }; Fig. 1 left)`,
    subtitle: "points: mean ± SE over seeds; lines join the seed means (no theory); " +
      "missing points diverged",
    linesAre: "the seed means joined (no theory)",
  });
}

/** The parabola-refined optimal η_base against depth, per parameterization. */
export function optimalLrPlot(optima: readonly LrOptimum[]): PlotSpec {
  return theoryVsSim({
    theory: optima.map((o) => ({ x: o.depth, y: 2 ** o.log2Lr, series: o.param })),
    sim: optima.map((o) => ({ x: o.depth, y: 2 ** o.log2Lr, series: o.param })),
    logX: true,
    logY: true,
    xLabel: "depth L",
    yLabel: "optimal η_base (parabola in log η)",
    title: "Optimal learning rate against depth",
    linesAre: "the optima joined (no theory)",
  });
}

/**
 * The seed-mean loss at each curve's grid-minimum η_base (±SE over seeds) against depth, per
 * parameterization: the best-loss part of B.5 criterion (1) (CompleteP's falls with depth).
 */
export function bestLossPlot(optima: readonly LrOptimum[], labels: LossLabels = {}): PlotSpec {
  const pts = optima.map((o) => ({ x: o.depth, y: o.loss, series: o.param }));
  return theoryVsSim({
    theory: pts,
    sim: optima.map((o, i) => ({ ...pts[i], se: o.lossSe ?? 0 })),
    logX: true,
    logY: true,
    xLabel: "depth L",
    yLabel: `${labels.loss ?? "final test MSE"} at the best η_base`,
    title: "Best loss against depth",
    subtitle: "points: seed mean ± SE at the grid minimum of the seed-mean curve",
    linesAre: "the points joined (no theory)",
  });
}

/** Mean |h_L| against step, one line per depth, one panel per parameterization. */
export function coordCheckPlot(curves: readonly CoordCurve[]): PlotSpec {
  return theoryVsSim({
    theory: curves.flatMap((c) =>
      c.meanAbsHL.map((y, t) => ({ x: t, y, series: `L = ${c.depth}`, panel: c.param }))
    ),
    logY: true,
    xLabel: "step",
    yLabel: "mean |h_L| (last residual stream)",
    panelLabel: "parameterization",
    title: "Depth coordinate check (Fig. 7)",
  });
}

/** Per-block update after one step against L (log-log) with the fitted power laws. */
export function blockUpdatePlot(b: BlockUpdateSweepResult): PlotSpec {
  const pts = b.points.map((p) => ({ param: p.param, depth: p.depth, y: p.perBlock }));
  const sl = (p: string) => b.slopes.find((s) => s.param === p)!.perBlock;
  return theoryVsSim({
    theory: fitted(pts, sl),
    sim: pts.map((p) => ({ x: p.depth, y: p.y, series: p.param })),
    logX: true,
    logY: true,
    xLabel: "depth L",
    yLabel: "per-block update RMS after one step",
    title: "Per-block update vs depth (lines: fitted power laws)",
    linesAre: "fitted power laws",
    subtitle: "slopes " + b.slopes.map((s) => `${s.param} ${s.perBlock.toFixed(2)}`).join(", "),
  });
}

/** Relative linearization distance against L (log-log), medians with ½ IQR bars, fits. */
export function linearizationPlot(l: LinearizationSweepResult): PlotSpec {
  const pts = l.points.map((p) => ({ param: p.param, depth: p.depth, y: p.relNorm }));
  const sl = (p: string) => l.slopes.find((s) => s.param === p)!.relNorm;
  return theoryVsSim({
    theory: fitted(pts, sl),
    sim: l.points.map((p) => ({
      x: p.depth,
      y: p.relNorm,
      se: (p.relNormQ3 - p.relNormQ1) / 2,
      series: p.param,
    })),
    logX: true,
    logY: true,
    xLabel: "depth L",
    yLabel: "‖a₁ − a₀ − lin‖ / ‖lin‖",
    title: "Relative distance from linearization after one Adam step (Fig. 6 toy)",
    linesAre: "fitted power laws",
    subtitle: "medians, bars ½ IQR; lines: fits; slopes " +
      l.slopes.map((s) => `${s.param} ${s.relNorm.toFixed(2)}`).join(", "),
  });
}

/** The results of a completep run that its figures read (each part optional). */
export interface CompletePStored {
  /** LR-transfer runs (one row per parameterization, depth, η and seed). */
  lrRuns?: LrTransferRow[];
  /** Fitted optimal η per parameterization and depth. */
  lrOptima?: LrOptimum[];
  /** Coordinate-check curves. */
  coordCheck?: CoordCurve[];
  /** Per-block update sweep. */
  blockUpdate?: BlockUpdateSweepResult;
  /** Linearization-distance sweep. */
  linearization?: LinearizationSweepResult;
}

/**
 * Every figure of a completep run from its stored results (arXiv:2505.01618 Fig. 1-left
 * analogue, optimum vs depth, Fig. 7 coordinate check, per-block update, Fig. 6 linearization):
 * one `{ name, plot }` per part present; `labels` name the LR-transfer task and its loss.
 */
export function completepFigures(
  r: CompletePStored,
  labels: LossLabels = {},
): { name: string; plot: PlotSpec }[] {
  const out: { name: string; plot: PlotSpec }[] = [];
  if (r.lrRuns?.length) out.push({ name: "lr_transfer", plot: lrTransferPlot(r.lrRuns, labels) });
  if (r.lrOptima?.length) {
    out.push({ name: "optimal_lr", plot: optimalLrPlot(r.lrOptima) });
    out.push({ name: "best_loss", plot: bestLossPlot(r.lrOptima, labels) });
  }
  if (r.coordCheck?.length) out.push({ name: "coord_check", plot: coordCheckPlot(r.coordCheck) });
  if (r.blockUpdate) out.push({ name: "block_update", plot: blockUpdatePlot(r.blockUpdate) });
  if (r.linearization) {
    out.push({ name: "linearization", plot: linearizationPlot(r.linearization) });
  }
  return out;
}
