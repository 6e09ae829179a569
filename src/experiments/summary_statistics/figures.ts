/**
 * Figures of the summary-statistics study (arXiv:2504.16920; PAPERS.md "Summary statistics"),
 * computed only from a run's results.json contents: theory as lines and simulation as markers
 * (±SE where there is one) in the same colour per series, with residual panels where agreement
 * is the claim (relative ε_g error of SGD vs the ODE; z-scores of the held-out error against
 * ε_g(Q̂, R̂, T̂)).
 * @module
 */
import { type SimPoint, type TheoryPoint, theoryVsSim } from "../../plot/mod.ts";
import type { FigureSpec } from "../../run/mod.ts";
import type { PerceptronResult } from "./perceptron.ts";
import type { CommitteeResult, PlateauRow } from "./committee.ts";
import type { DeepLinearResult } from "./deep_linear.ts";
import type { DriftResult } from "./drift.ts";
import type { SubsamplingResult } from "./subsampling.ts";

/** A number for a caption; results.json stores NaN as null. */
function fmt(v: number | null | undefined, digits: number): string {
  return typeof v === "number" && Number.isFinite(v) ? v.toFixed(digits) : "n/a";
}

/** The results.json entries the figures read (each optional). */
export interface SummaryStatisticsResults {
  /** E1. */
  e1?: PerceptronResult;
  /** E2. */
  e2?: CommitteeResult;
  /** Symmetric plateau table. */
  plateaus?: PlateauRow[];
  /** E3. */
  e3?: DeepLinearResult;
  /** E4. */
  e4?: DriftResult;
  /** E5. */
  e5?: SubsamplingResult;
}

/** What the figures need from the config. */
export interface SummaryStatisticsFigureConfig {
  /** E2 K, M, η, N. */
  K: number;
  /** Teacher units. */
  M: number;
  /** Learning rate. */
  eta: number;
  /** Input dimension. */
  N: number;
  /** E1 input dimension. */
  percN: number;
  /** E2 α range of the relative-error criterion. */
  compareUpTo: number;
  /** E2 largest α (E5 uses its last checkpoint). */
  alphaMax: number;
}

/** Every figure the results support. */
export function summaryStatisticsFigures(
  r: SummaryStatisticsResults,
  c: SummaryStatisticsFigureConfig,
): FigureSpec[] {
  const figs: FigureSpec[] = [];
  if (r.e1) {
    const e1 = r.e1;
    const th: TheoryPoint[] = [], sim: SimPoint[] = [];
    e1.alpha.forEach((a, i) => {
      if (a === 0) return;
      th.push({ x: a, y: e1.hebb.theory[i], series: "Hebb" });
      th.push({ x: a, y: e1.perceptron.ode[i], series: "perceptron rule" });
      for (const [rule, h] of [["Hebb", e1.hebb], ["perceptron rule", e1.perceptron]] as const) {
        sim.push({ x: a, y: h.heldOut[i].mean, se: h.heldOut[i].se, series: rule });
      }
    });
    figs.push({
      name: "e1_perceptron",
      plot: theoryVsSim({
        theory: th,
        sim,
        xLabel: "α",
        yLabel: "ε_g",
        title: `E1 perceptron (N = ${c.percN}): theory (lines) vs held-out error (±SE)`,
      }),
    });
  }
  const e2 = r.e2;
  if (e2) {
    const th: TheoryPoint[] = [],
      sim: SimPoint[] = [],
      rel: SimPoint[] = [],
      zero: TheoryPoint[] = [];
    e2.alpha.forEach((a, i) => {
      if (a === 0) return;
      e2.seeds.forEach((s, k) => {
        th.push({ x: a, y: s.egOde[i], series: `seed ${k}` });
        sim.push({ x: a, y: s.egSim[i], series: `seed ${k}` });
        rel.push({ x: a, y: (s.egSim[i] - s.egOde[i]) / s.egOde[i], series: `seed ${k}` });
        zero.push({ x: a, y: 0, series: `seed ${k}` });
      });
    });
    const pl = r.plateaus?.find((p) => p.K === c.K && Math.abs(p.eta - c.eta) < 1e-12);
    figs.push({
      name: "e2_learning_curves",
      plot: theoryVsSim({
        theory: th,
        sim,
        logX: true,
        logY: true,
        xLabel: "α",
        yLabel: "ε_g",
        title:
          `E2 soft committee machine K = ${c.K}, M = ${c.M}, η = ${c.eta}, N = ${c.N}: ODE (lines) vs SGD (dots)`,
        subtitle: `mean relative error on α ≤ ${c.compareUpTo}: ${fmt(100 * e2.meanRelError, 1)}%` +
          (pl ? `; symmetric plateau ε_g = ${fmt(pl.eg, 4)}` : ""),
      }),
    });
    figs.push({
      name: "e2_relative_error",
      plot: theoryVsSim({
        theory: zero,
        sim: rel,
        logX: true,
        xLabel: "α",
        yLabel: "(ε_SGD − ε_ODE)/ε_ODE",
        title: "E2 residual: relative ε_g error of SGD against the ODE, per seed",
        subtitle: `criterion: mean over α ≤ ${c.compareUpTo} of |relative error| ≤ 5%`,
      }),
    });
    const s0 = e2.seeds[0];
    const thR: TheoryPoint[] = [], simR: SimPoint[] = [];
    e2.alpha.forEach((a, i) => {
      for (let j = 0; j < c.K * c.M; j++) {
        const name = `R${Math.floor(j / c.M)}${j % c.M}`;
        thR.push({ x: a, y: s0.overlapsOde[i].R[j], series: name });
        simR.push({ x: a, y: s0.overlapsSim[i].R[j], series: name });
      }
    });
    figs.push({
      name: "e2_overlaps",
      plot: theoryVsSim({
        theory: thR,
        sim: simR,
        xLabel: "α",
        yLabel: "R_in",
        title: "E2 student–teacher overlaps: plateau and specialisation (seed 0)",
      }),
    });
    const sc: SimPoint[] = [], diag: TheoryPoint[] = [], z: SimPoint[] = [];
    e2.seeds.forEach((s, k) => {
      s.egSim.forEach((e, i) => {
        const h = s.heldOut[i];
        if (!h) return;
        sc.push({ x: e, y: h.mean, se: h.se, series: `seed ${k}` });
        if (h.se > 0) z.push({ x: e2.alpha[i], y: (h.mean - e) / h.se, series: `seed ${k}` });
      });
    });
    const xs = sc.map((p) => p.x).filter((x) => x > 0);
    if (xs.length > 0) {
      for (const x of [Math.min(...xs), Math.max(...xs)]) diag.push({ x, y: x, series: "y = x" });
      figs.push({
        name: "e2_sufficiency",
        plot: theoryVsSim({
          theory: diag,
          sim: sc.filter((p) => p.x > 0 && p.y > 0),
          logX: true,
          logY: true,
          xLabel: "ε_g(Q̂, R̂, T̂)",
          yLabel: "held-out error (±SE)",
          title: "Sufficiency: the summary statistics determine the test error",
        }),
      });
      figs.push({
        name: "e2_sufficiency_z",
        plot: theoryVsSim({
          theory: e2.alpha.flatMap((a) => [
            { x: a, y: 3, series: "z = +3" },
            { x: a, y: -3, series: "z = −3" },
          ]),
          sim: z,
          linesAre: "the |z| = 3 band",
          xLabel: "α",
          yLabel: "z = (held-out − ε_g(Q̂, R̂, T̂))/SE",
          title: "Sufficiency z-scores (one test set per seed, so checkpoints are correlated)",
        }),
      });
    }
  }
  const e3 = r.e3;
  if (e3) {
    figs.push({
      name: "e3_deep_linear_modes",
      plot: theoryVsSim({
        theory: e3.times.flatMap((t, i) =>
          e3.strengths.map((s, m) => ({ x: t, y: e3.theory[i][m], series: `s = ${s}` }))
        ),
        sim: e3.times.filter((_, i) => i % 4 === 0).flatMap((t, j) =>
          e3.strengths.map((s, m) => ({ x: t, y: e3.sim[4 * j][m], series: `s = ${s}` }))
        ),
        xLabel: "t/τ",
        yLabel: "mode strength a_α",
        title: "E3 deep linear network: mode strengths vs Saxe sigmoids (a₀ from t½)",
      }),
    });
  }
  const e4 = r.e4;
  if (e4) {
    const a = e4.alpha;
    figs.push({
      name: "e4_drift",
      plot: theoryVsSim({
        theory: a.map((x, i) => ({ x, y: e4.egOde[i] / e4.egOde[0], series: "ε_g / ε_g(0)" })),
        sim: [
          ...a.map((x, i) => ({ x, y: e4.egSim[i] / e4.egSim[0], series: "ε_g / ε_g(0)" })),
          ...a.slice(1).map((x, i) => ({ x, y: e4.tuning[i + 1], series: "tuning corr, drift" })),
          ...a.slice(1).map((x, i) => ({
            x,
            y: e4.tuningNoDrift[i + 1] ?? NaN,
            series: "tuning corr, no drift",
          })),
        ],
        xLabel: "α",
        yLabel: "value",
        title: "E4 drift: behaviour follows the ODE (line) while single-unit tuning decorrelates",
      }),
    });
  }
  const e5 = r.e5;
  if (e5) {
    const sub = e5.n.slice(0, -1);
    figs.push({
      name: "e5_subsampling",
      plot: theoryVsSim({
        theory: sub.map((n, i) => ({ x: n, y: e5.seR[i], series: "SD(R̂₀₀)" })),
        sim: [
          ...sub.map((n, i) => ({ x: n, y: e5.meanEgError[i], series: "mean |ε_g(sub) − ε_g|" })),
          ...sub.map((n, i) => ({ x: n, y: e5.sdR[i], series: "SD(R̂₀₀)" })),
        ],
        logX: true,
        logY: true,
        xLabel: "recorded coordinates n",
        yLabel: "error",
        title: `E5 subsampling (N = ${c.N}, α = ${c.alphaMax}); line: √((QT+R²)/n)·fpc`,
        subtitle: `plateau change ΔR = ${fmt(e5.plateauDeltaR, 4)} needs n ≳ (QT+R²)/ΔR² = ${
          fmt(e5.nNeededToResolvePlateauChange, 0)
        } (infinite population)`,
      }),
    });
  }
  return figs;
}
