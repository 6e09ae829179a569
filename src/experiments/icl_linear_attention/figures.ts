/**
 * Figures of the ICL linear-attention experiments (arXiv:2405.11751, arXiv:2509.26551;
 * PAPERS.md), computed only from a run's parsed results.json and its config: theory as lines,
 * simulation as markers with ±1 SE bars in the colour of their theory line.
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type PlotSpec, type SimPoint, type TheoryPoint, theoryVsSim } from "../../plot/mod.ts";
import type { FigureSpec } from "../../run/mod.ts";
import type { DoubleDescentRow, DoubleDescentTheory } from "./double_descent.ts";
import type { TaskDiversityRow, TaskDiversityTheory } from "./task_diversity.ts";
import type { ContextLengthRow } from "./context_length.ts";
import { ALIGNMENT_TESTS, type AlignmentRow } from "./alignment.ts";
import type { HeatMapResult } from "./heat_map.ts";
import type { MetricPoint, MetricSpearman } from "./metric_ranking.ts";
import type { ExtrapolationFit } from "./extrapolation.ts";

/** The config keys the figures read. */
export interface IclLinearAttentionFigureConfig {
  /** simulation dimension of the double-descent and alignment figures. */
  d: number;
  /** seeds per simulated point. */
  seeds: number;
  /** upper end of the double-descent y axis (the divergence is clipped there and marked). */
  ddYMax: number;
  /** dMMSE draws (subtitle). */
  dmmseDraws: number;
}

// results.json stores NaN as null: read possibly-NaN numbers through num()
type Json<T> = T;
const num = (v: number | null | undefined): number => (typeof v === "number" ? v : NaN);

function ridgelessName(what: "e_ICL" | "e_IDG"): string {
  return `${what}, λ → 0`;
}

/**
 * Double descent in τ (arXiv:2405.11751 Fig. 1). The ridgeless curves diverge at τ = 1: each is
 * drawn as two branches (never joined across τ = 1), clipped at `yMax`, with a dashed asymptote
 * at τ = 1 and a dotted line at the finite-d threshold n = d(d+1) (τ = 1 + 1/d). Simulated means
 * above `yMax` are drawn at the top edge as triangles labelled with their value.
 */
function doubleDescentFigure(
  th: Json<DoubleDescentTheory>,
  rows: Json<DoubleDescentRow>[],
  cfg: IclLinearAttentionFigureConfig,
): PlotSpec {
  const yMax = cfg.ddYMax;
  const lines: { x: number; y: number; series: string; branch: string }[] = [];
  th.taus.forEach((tau, i) => {
    const branch = tau < 1 ? "below" : "above";
    const add = (series: string, y: number | null) => {
      if (typeof y === "number" && Number.isFinite(y)) lines.push({ x: tau, y, series, branch });
    };
    add(ridgelessName("e_ICL"), th.eIcl[i]);
    add(ridgelessName("e_IDG"), th.eIdg[i]);
    for (const r of th.ridge) add(`e_ICL, λ = ${r.lambda}`, r.eIcl[i]);
  });
  const ridgeless = rows.filter((r) => r.lambda === Math.min(...rows.map((q) => q.lambda)));
  const sim: (SimPoint & { clipped: boolean; label: string })[] = [];
  const push = (x: number, y: number, se: number, series: string) => {
    if (!Number.isFinite(y)) return;
    sim.push({
      x,
      y: Math.min(y, yMax),
      se,
      series,
      clipped: y > yMax,
      label: se > 0 ? `${y.toFixed(2)} ± ${se.toFixed(2)}` : y.toFixed(2),
    });
  };
  for (const r of rows) {
    const isRidgeless = ridgeless.includes(r);
    push(
      r.tau,
      num(r.eIclSim),
      num(r.eIclSimSe),
      isRidgeless ? ridgelessName("e_ICL") : `e_ICL, λ = ${r.lambda}`,
    );
    if (isRidgeless) push(r.tau, num(r.eIdgSim), num(r.eIdgSimSe), ridgelessName("e_IDG"));
  }
  const bars = sim.filter((p) => !p.clipped && (p.se ?? 0) > 0).map((p) => ({
    ...p,
    lo: p.y - (p.se ?? 0),
    hi: Math.min(yMax, p.y + (p.se ?? 0)),
  }));
  const d = cfg.d;
  return {
    title: `Double descent in τ (α = ${th.alpha}, κ = ${th.kappa}, ρ = ${th.rho})`,
    subtitle:
      `theory d → ∞ (lines); simulation d = ${d}, ${cfg.seeds} seeds, ±1 SE (markers; ▲ = ` +
      `off scale, value shown); dashed: τ = 1; dotted: n = d(d+1)`,
    width: 900,
    height: 460,
    marginLeft: 60,
    marginRight: 20,
    grid: true,
    x: { label: "τ = n/d²" },
    y: { label: "test error", domain: [0, yMax] },
    color: { legend: true },
    marks: [
      Plot.ruleY([0], { stroke: "#bbb" }),
      Plot.ruleX([1], { stroke: "#555", strokeDasharray: "5,4" }),
      Plot.ruleX([1 + 1 / d], { stroke: "#999", strokeDasharray: "1,3" }),
      Plot.text([{ x: 1, y: 0.1 * yMax }], {
        x: "x",
        y: "y",
        text: () => "τ = 1: λ → 0 errors → ∞",
        textAnchor: "start",
        dx: 6,
        fill: "#555",
      }),
      Plot.line(lines, {
        x: "x",
        y: "y",
        stroke: "series",
        z: (p: { series: string; branch: string }) => `${p.series}|${p.branch}`,
        strokeWidth: 1.5,
        sort: "x",
        clip: true,
      }),
      Plot.ruleX(bars, { x: "x", y1: "lo", y2: "hi", stroke: "series", strokeWidth: 1 }),
      Plot.dot(sim.filter((p) => !p.clipped), {
        x: "x",
        y: "y",
        fill: "series",
        stroke: "white",
        r: 3.5,
      }),
      Plot.dot(sim.filter((p) => p.clipped), {
        x: "x",
        y: "y",
        fill: "series",
        symbol: "triangle",
        r: 5,
      }),
      Plot.text(sim.filter((p) => p.clipped), {
        x: "x",
        y: "y",
        text: "label",
        textAnchor: "start",
        dx: 8,
        dy: 6,
        fontSize: 10,
      }),
    ],
  };
}

/**
 * Every figure of the ICL linear-attention script, from a run's results.json (parsed) and its
 * config; figures whose results are missing are skipped.
 *
 * @param results parsed results.json
 * @param cfg the run's effective config
 * @returns the figures, in order
 */
export function iclLinearAttentionFigures(
  results: Record<string, unknown>,
  cfg: IclLinearAttentionFigureConfig,
): FigureSpec[] {
  const out: FigureSpec[] = [];
  const dd = results.doubleDescent as Json<DoubleDescentRow>[] | undefined;
  const ddTh = results.doubleDescentTheory as Json<DoubleDescentTheory> | undefined;
  if (dd && ddTh) {
    out.push({ name: "fig1_double_descent", plot: doubleDescentFigure(ddTh, dd, cfg) });
  }
  const td = results.taskDiversity as Json<TaskDiversityRow>[] | undefined;
  const tdTh = results.taskDiversityTheory as TaskDiversityTheory | undefined;
  if (td && tdTh && td.length > 0) {
    const theory: TheoryPoint[] = tdTh.kappas.flatMap((x, i) => [
      { x, y: num(tdTh.gTask[i]), series: "g_task (Γ*)" },
      { x, y: num(tdTh.eIcl[i]), series: "e_ICL (Γ*)" },
    ]);
    const sim: SimPoint[] = td.flatMap((r) => [
      { x: r.kappa, y: num(r.gTaskSim), se: num(r.gTaskSimSe), series: "g_task (Γ*)" },
      { x: r.kappa, y: num(r.eIclSim), se: num(r.eIclSimSe), series: "e_ICL (Γ*)" },
      {
        x: r.kappa,
        y: num(r.gTaskDmmse),
        se: num(r.gTaskDmmseSe),
        series: "g_task, dMMSE (sim only)",
      },
    ]);
    out.push({
      name: "fig2_task_diversity",
      plot: theoryVsSim({
        theory,
        sim,
        logX: true,
        xLabel: "κ = k/d",
        yLabel: "error",
        title: `Memorisation → ICL in task diversity (α = ${td[0].alpha}, τ = ${td[0].tau})`,
        subtitle: `theory d → ∞ (lines); simulation d = ${td[0].d}, ${cfg.seeds} seeds, ±1 SE; ` +
          `dMMSE ${cfg.dmmseDraws} draws`,
      }),
    });
  }
  const cl = results.contextLength as ContextLengthRow[] | undefined;
  if (cl && cl.length > 0) {
    out.push({
      name: "fig3_context_length",
      plot: theoryVsSim({
        theory: cl.map((r) => ({ x: r.alpha, y: r.eIclTheory, series: `κ = ${r.kappa}` })),
        logX: true,
        logY: true,
        xLabel: "α = ℓ/d",
        yLabel: "e_ICL",
        title: `Non-monotone e_ICL in context length (τ = ${cl[0].tau}, ρ = ${cl[0].rho})`,
        subtitle: "theory (d → ∞)",
      }),
    });
  }
  const al = results.alignment as Json<AlignmentRow>[] | undefined;
  const alTh = results.alignmentTheory as
    | {
      /** Exponent p_train of C_train. */
      pTrain: number;
      /** α = ℓ/d. */
      alpha: number;
      /** τ = n/d². */
      tau: number;
      weakDirections: number;
      /** κ grid. */
      kappas: number[];
      curves: Record<string, number[]>;
    }
    | undefined;
  if (al && alTh) {
    const theory = ALIGNMENT_TESTS.flatMap((n) =>
      alTh.kappas.map((x, i) => ({ x, y: num(alTh.curves[n][i]), series: n }))
    );
    const sim = al.flatMap((r) =>
      ALIGNMENT_TESTS.map((n) => ({ x: r.kappa, y: num(r[n].sim), se: num(r[n].simSe), series: n }))
    );
    out.push({
      name: "fig4_alignment",
      plot: theoryVsSim({
        theory,
        sim,
        logX: true,
        xLabel: "κ = k/d",
        yLabel: "e_ICL",
        title:
          `Pretrain–test alignment (p_train = ${alTh.pTrain}, α = ${alTh.alpha}, τ = ${alTh.tau})`,
        subtitle: `theory d → ∞ (lines); simulation d = ${cfg.d}, ${cfg.seeds} seeds, ±1 SE; ` +
          `weak = ${alTh.weakDirections} weakest train directions`,
      }),
    });
  }
  const rk = results.rankTransition as
    | { d: number; rows: { rankFraction: number; kappa: number; eIclTheory: number }[] }
    | undefined;
  if (rk) {
    out.push({
      name: "fig4b_rank_transition",
      plot: theoryVsSim({
        theory: rk.rows.map((r) => ({
          x: r.kappa,
          y: r.eIclTheory,
          series: `r/d = ${r.rankFraction}`,
        })),
        logX: true,
        xLabel: "κ = k/d",
        yLabel: "e_ICL",
        title: `κ-transition moves with rank(C_train) (C_test = C_train, d = ${rk.d})`,
        subtitle: "theory",
      }),
    });
  }
  const hu = results.diversityHurts as
    | {
      /** Dimension d. */
      d: number;
      /** α = ℓ/d. */
      alpha: number;
      /** τ = n/d². */
      tau: number;
      /** Exponent p_train of C_train. */
      pTrain: number;
      weakDirections: number;
      /** The simulated dimensions. */
      rows: { kappa: number; weakDirections: number; aligned: number }[];
    }
    | undefined;
  if (hu) {
    out.push({
      name: "fig4c_diversity_hurts",
      plot: theoryVsSim({
        theory: hu.rows.flatMap((r) => [
          {
            x: r.kappa,
            y: r.weakDirections,
            series: `test on ${hu.weakDirections} weakest dirs, p_train = ${hu.pTrain}`,
          },
          { x: r.kappa, y: r.aligned, series: "aligned, p_train = p_test = 1" },
        ]),
        logX: true,
        xLabel: "κ = k/d",
        yLabel: "E_ICL",
        title: `More task diversity can hurt (d = ${hu.d}, α = ${hu.alpha}, τ = ${hu.tau})`,
        subtitle: "theory",
      }),
    });
  }
  const hm = results.heatMap as HeatMapResult | undefined;
  if (hm) {
    out.push({
      name: "fig5_heatmap",
      plot: {
        title: `E_ICL over (p_train, κ), p_test = ${hm.pTest} (theory, d = ${hm.d})`,
        subtitle: "white dots: optimal p_train per κ; colour: E_ICL (viridis, dark = low)",
        width: 640,
        height: 420,
        x: { type: "log", label: "κ" },
        y: { label: "p_train" },
        color: { scheme: "viridis", legend: true, label: "E_ICL" },
        marks: [
          Plot.dot(hm.cells, { x: "kappa", y: "pTrain", fill: "eIcl", r: 6, symbol: "square" }),
          Plot.dot(hm.best, { x: "kappa", y: "pTrainOpt", fill: "white", stroke: "black", r: 3 }),
        ],
      },
    });
  }
  const me = results.metrics as
    | { d: number; spearman: MetricSpearman; points: MetricPoint[] }
    | undefined;
  if (me) {
    const keys = ["kAlignment", "fAlignment", "population", "inverseCka"] as const;
    const sim = keys.flatMap((k) => {
      const v = me.points.map((p) => p[k]);
      const lo = Math.min(...v);
      const hi = Math.max(...v);
      return me.points.map((p) => ({
        x: (p[k] - lo) / (hi - lo),
        y: p.eIcl,
        series: `${k} (ρ_s = ${me.spearman[k].toFixed(2)})`,
      }));
    });
    out.push({
      name: "fig6_metrics",
      plot: theoryVsSim({
        sim,
        xLabel: "metric (min–max normalised)",
        yLabel: "E_ICL (theory)",
        title: "E_ICL against candidate alignment metrics",
        subtitle: `d = ${me.d}, power-law pairs, Spearman ρ_s in legend`,
      }),
    });
  }
  const ex = results.extrapolationFit as Json<ExtrapolationFit>[] | undefined;
  for (const [pi, f] of (ex ?? []).entries()) {
    const eInf = num(f.eInf);
    const slope = num(f.slope);
    const dMin = Math.min(...f.rows.map((r) => r.d));
    const fitName = "simulation, fit e∞ + c/d";
    const theory: TheoryPoint[] = [
      { x: 0, y: num(f.theory), series: "theory (d → ∞)" },
      { x: 1 / dMin, y: num(f.theory), series: "theory (d → ∞)" },
      { x: 0, y: eInf, series: fitName },
      { x: 1 / dMin, y: eInf + slope / dMin, series: fitName },
    ];
    let large = "";
    const ld = f.largeD;
    if (ld) {
      const name = `fit over d = ${ld.dims.join(", ")}`;
      const d0 = Math.min(...ld.dims);
      theory.push({ x: 0, y: num(ld.eInf), series: name });
      theory.push({ x: 1 / d0, y: num(ld.eInf) + num(ld.slope) / d0, series: name });
      large = `; d ≥ ${d0}: ${(100 * num(ld.relErr)).toFixed(1)}%`;
    }
    out.push({
      name: `fig7_extrapolation_${pi}`,
      plot: theoryVsSim({
        theory,
        sim: f.rows.map((r) => ({ x: 1 / r.d, y: r.sim, se: r.simSe, series: fitName })),
        xLabel: "1/d",
        yLabel: "e_ICL",
        title: `Finite-d extrapolation (iso, κ = ${f.kappa}, τ = ${f.tau})`,
        subtitle: `e∞ = ${eInf.toFixed(4)} ± ${num(f.eInfSe).toFixed(4)} vs theory ${
          num(f.theory).toFixed(4)
        } (${(100 * num(f.relErr)).toFixed(1)}%${large}); simulation ±1 SE`,
      }),
    });
  }
  return out;
}
