/**
 * Figures of the deep ICL scaling-law experiments (arXiv:2510.01098; PAPERS.md), computed only
 * from a run's parsed results.json and its config: theory as lines, simulation as markers with
 * ±1 SE bars in the colour of the theory they are compared with; log axes for the power laws.
 * @module
 */
import { type SimPoint, type TheoryPoint, theoryVsSim } from "../../plot/mod.ts";
import type { FigureSpec } from "../../run/mod.ts";
import type { IsoCurve, IsoDepthRow } from "./iso_depth.ts";
import type { RrsDepthRow } from "./rrs_depth.ts";
import type { FixedStructureResult } from "./fixed_structure.ts";
import type { ScalingLawsResult } from "./scaling_laws.ts";

/** The config keys the figures read. */
export interface IclDeepScalingFigureConfig {
  /** dimension D. */
  dim: number;
  /** contexts per ISO SGD step. */
  batch: number;
  /** queries per context. */
  queries: number;
  /** ISO learning rate at L = 1. */
  lr: number;
  /** η_L = lr·L^lrDepthPower. */
  lrDepthPower: number;
  /** ISO SGD steps. */
  steps: number;
  /** SGD runs per point. */
  seeds: number;
  /** label-noise variance σ². */
  sigma2: number;
  /** RRS contexts per step. */
  rrsBatch: number;
  /** RRS learning rate at L = 1. */
  rrsLr: number;
  /** RRS SGD steps. */
  rrsSteps: number;
}

// results.json stores NaN as null
const num = (v: number | null | undefined): number => (typeof v === "number" ? v : NaN);

/**
 * Every figure of the deep ICL scaling script, from a run's results.json (parsed) and config;
 * figures whose results are missing are skipped.
 *
 * @param results parsed results.json
 * @param cfg the run's effective config
 * @returns the figures, in order
 */
export function iclDeepScalingFigures(
  results: Record<string, unknown>,
  cfg: IclDeepScalingFigureConfig,
): FigureSpec[] {
  const out: FigureSpec[] = [];
  const D = cfg.dim;
  const iso = results.isoDepth as IsoDepthRow[] | undefined;
  const isoTh = results.isoDepthTheory as
    | { alpha: number; depths: number[]; loss: number[] }[]
    | undefined;
  if (iso && isoTh) {
    const opt = "optimal γ*I: L*(α, L) for D → ∞ (line), MC at finite D (markers)";
    const theory: TheoryPoint[] = isoTh.flatMap((t) =>
      t.depths.map((L, i) => ({ x: L, y: t.loss[i], series: opt, panel: t.alpha }))
    );
    const sim: SimPoint[] = iso.flatMap((r) => [
      {
        x: r.depth,
        y: num(r.finiteDOptimalRisk),
        se: num(r.finiteDOptimalRiskSe),
        series: opt,
        panel: r.alpha,
      },
      {
        x: r.depth,
        y: num(r.trainedRisk),
        se: num(r.trainedRiskSe),
        series: `SGD-trained Γ (D = ${D}, ${cfg.seeds} seeds)`,
        panel: r.alpha,
      },
    ]);
    out.push({
      name: "iso_loss_vs_depth",
      plot: theoryVsSim({
        theory,
        sim,
        logX: true,
        logY: true,
        xLabel: "depth L",
        yLabel: "population risk",
        title: `ISO: loss vs depth (σ² = ${cfg.sigma2})`,
        panelLabel: "α",
        subtitle:
          `SGD: B = ${cfg.batch}, K = ${cfg.queries}, η = ${cfg.lr}·L^${cfg.lrDepthPower}, ` +
          `${cfg.steps} steps; ±1 SE`,
      }),
    });
  }
  const curve = results.isoCurve as IsoCurve | undefined;
  if (curve) {
    const series = `population risk, L = ${curve.depth}`;
    out.push({
      name: "iso_training_curve",
      plot: theoryVsSim({
        theory: curve.meanField.map((p) => ({ x: p.step, y: num(p.risk), series })),
        sim: curve.sgd.map((p) => ({ x: p.step, y: num(p.risk), se: num(p.se), series })),
        logX: true,
        logY: true,
        xLabel: "SGD step",
        yLabel: "population risk",
        title: `ISO training curve (L = ${curve.depth}, α = ${curve.alpha}, D = ${D})`,
        subtitle:
          "line: mean-field SGD path (Marchenko–Pastur, D → ∞); markers: one SGD run, MC ±1 SE",
      }),
    });
  }
  const rrs = results.rrsDepth as RrsDepthRow[] | undefined;
  const rrsTh = results.rrsDepthTheory as { depths: number[]; loss: number[] } | undefined;
  if (rrs && rrsTh && rrs.length > 0) {
    const r0 = rrs[0];
    out.push({
      name: "rrs_loss_vs_depth",
      plot: theoryVsSim({
        theory: rrsTh.depths.map((L, i) => ({
          x: L,
          y: rrsTh.loss[i],
          series: "optimal γI at α = ∞ (D modes)",
        })),
        sim: rrs.flatMap((r) => [
          {
            x: r.depth,
            y: num(r.trainedRisk),
            se: num(r.trainedRiskSe),
            series: `SGD-trained Γ (α = ${r.alpha})`,
          },
          { x: r.depth, y: num(r.finiteAlphaOptimum), series: `optimal γI at α = ${r.alpha} (MC)` },
        ]),
        logX: true,
        logY: true,
        xLabel: "depth L",
        yLabel: "population risk",
        title: `RRS: depth helps at large context (α = ${r0.alpha}, ν = ${r0.nu}, β = ${r0.beta})`,
        subtitle: `D = ${D}, B = ${cfg.rrsBatch}, η = ${cfg.rrsLr}·L^${cfg.lrDepthPower}, ` +
          `${cfg.rrsSteps} SGD steps, ${cfg.seeds} seeds, ±1 SE`,
      }),
    });
  }
  const fs = results.fs as FixedStructureResult | undefined;
  if (fs) {
    out.push({
      name: "fs_mode_flow",
      plot: theoryVsSim({
        theory: fs.flowCurves.flatMap((c) =>
          c.times.map((t, i) => ({
            x: t,
            y: c.loss[i],
            series: c.depth === "inf" ? "L = ∞" : `L = ${c.depth}`,
          }))
        ),
        logX: true,
        logY: true,
        xLabel: "gradient-flow time t",
        yLabel: "FS risk (α = ∞)",
        title: `FS gradient flow by depth (ν = ${fs.nu}, β = ${fs.beta}, D = ${fs.dim})`,
        subtitle: "closed-form per-mode flow (theory)",
      }),
    });
    out.push({
      name: "fs_ood",
      plot: theoryVsSim({
        theory: fs.ood.map((r) => ({ x: r.theta, y: r.loss, series: `L = ${r.depth}` })),
        logY: true,
        xLabel: "rotation angle θ",
        yLabel: "OOD risk of Γ = LΣ⁻¹",
        title: "FS brittleness: depth does not fix a rotated test covariance",
        subtitle: "theory",
      }),
    });
  }
  const law = results.scalingLaws as ScalingLawsResult | undefined;
  if (law) out.push(...scalingLawFigures(law));
  return out;
}

/** The four scaling laws (markers: mode sums; lines: predicted power law) and the shape figure. */
function scalingLawFigures(law: ScalingLawsResult): FigureSpec[] {
  const f = law.fits;
  const panels: {
    name: string;
    pts: { x: number; y: number }[];
    fit: { fitted: number; predicted: number };
  }[] = [
    { name: "depth L", pts: law.depth.map((r) => ({ x: r.depth, y: r.loss })), fit: f.depth },
    { name: "width N", pts: law.width.map((r) => ({ x: r.width, y: r.loss })), fit: f.width },
    {
      name: "context P",
      pts: law.context.map((r) => ({ x: r.context, y: r.loss })),
      fit: f.context,
    },
    { name: "time t", pts: law.time.map((r) => ({ x: r.time, y: r.loss })), fit: f.time },
  ];
  const theory: TheoryPoint[] = [];
  const sim: SimPoint[] = [];
  for (const p of panels) {
    const series = `${p.name}: fit ${p.fit.fitted.toFixed(3)}, predicted ${
      p.fit.predicted.toFixed(3)
    }`;
    // the predicted power law through the geometric mean of the computed terms
    const lx = p.pts.reduce((a, q) => a + Math.log(q.x), 0) / p.pts.length;
    const ly = p.pts.reduce((a, q) => a + Math.log(q.y), 0) / p.pts.length;
    for (const q of p.pts) {
      theory.push({ x: q.x, y: Math.exp(ly + p.fit.predicted * (Math.log(q.x) - lx)), series });
      sim.push({ x: q.x, y: q.y, series });
    }
  }
  const co = law.computeOptimal;
  return [
    {
      name: "scaling_laws",
      plot: theoryVsSim({
        theory,
        sim,
        logX: true,
        logY: true,
        xLabel: "resource (L, N, P or t)",
        yLabel: "loss term",
        title: `RRS scaling-law terms (ν = ${law.nu}, β = ${law.beta}, ${law.modes} modes)`,
        subtitle: "markers: mode sums; lines: predicted power law (Result 8) through their mean",
      }),
    },
    {
      name: "compute_optimal",
      plot: theoryVsSim({
        theory: co.curves.map((r) => ({
          x: r.width,
          y: r.loss,
          series: `C = ${r.compute.toExponential(0)}`,
        })),
        sim: co.rows.map((r) => ({
          x: r.gridWidth,
          y: r.gridLoss,
          series: `C = ${r.compute.toExponential(0)}`,
        })),
        logX: true,
        logY: true,
        xLabel: "width N (depth L = C/N^a)",
        yLabel: "loss",
        title: `Iso-compute curves (a = ${co.widthExponentA}); optimum depth ∝ width^${
          co.fittedDepthVsWidthSlope.toFixed(2)
        } (theory ν = ${co.predicted})`,
        subtitle: "lines: width + depth terms along N^a·L = C; markers: grid optimum",
      }),
    },
  ];
}
