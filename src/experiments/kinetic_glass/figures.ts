/**
 * Figures of the kinetic glass study (arXiv:2507.18461; PAPERS.md "Kinetic glass"), computed
 * only from a run's results.json contents: theory as lines, simulation as markers with ±SE bars
 * in the same colour, a residual panel (ĉ_τ − c_τ ± SE) beside each comparison, and a symlog
 * axis where values span decades and may be negative (nothing is dropped from the plot).
 * @module
 */
import {
  lineChart,
  type PlotSpec,
  type SimPoint,
  type TheoryPoint,
  theoryVsSim,
} from "../../plot/mod.ts";
import type { FigureSpec } from "../../run/mod.ts";
import type { Comparison } from "./compare.ts";
import type { ContextThreeResult } from "./context_three.ts";
import type { GaussianVariantResult } from "./gaussian_variant.ts";
import type { DesignedModel } from "./reverse_engineering.ts";
import type { FiniteSizeResult } from "./finite_size.ts";
import type { PottsVariantResult } from "./potts_variant.ts";
import type { PartiallySymmetricCase } from "./partially_symmetric.ts";
import type { TailBiasResult } from "./tail_bias.ts";

/** The results.json entries the figures read (each optional: a partial run draws what it has). */
export interface KineticGlassResults {
  /** The configurable comparison. */
  main?: Comparison;
  /** Fig A1. */
  figA1?: Comparison[];
  /** Fig A2. */
  figA2?: ContextThreeResult;
  /** Fig A3. */
  figA3?: GaussianVariantResult;
  /** Fig A4. */
  figA4?: { moderate: Comparison; strong: Comparison };
  /** Fig A5: C_{t,t+1} by t, and the comparison's max_τ |ĉ_τ − c_τ|. */
  figA5?: { t: number[]; dmft: number[]; sim: number[]; maxAbsError: number };
  /** Fig A6. */
  figA6?: Partial<Record<string, DesignedModel>>;
  /** Error vs N. */
  scaling?: FiniteSizeResult;
  /** Potts variant. */
  potts?: PottsVariantResult;
  /** Partially symmetric couplings. */
  sym?: Record<string, PartiallySymmetricCase>;
  /** Finite-N tail study, one entry per model. */
  tail?: TailBiasResult[];
}

/** What the figures need from the config. */
export interface KineticGlassFigureConfig {
  /** Sites N of the comparisons. */
  N: number;
  /** Coupling samples. */
  samples: number;
  /** A1 gain g. */
  g: number;
}

/** A number for a caption; results.json stores NaN as null. */
function fmt(v: number | null | undefined, digits: number): string {
  return typeof v === "number" && Number.isFinite(v) ? v.toFixed(digits) : "n/a";
}

/** Theory lines and simulation markers (±SE) of comparisons, series = label, lags ≥ from. */
export function comparisonCurves(
  cs: readonly Comparison[],
  from = 0,
): { theory: TheoryPoint[]; sim: SimPoint[] } {
  const theory: TheoryPoint[] = [], sim: SimPoint[] = [];
  for (const c of cs) {
    c.dmft.forEach((y, x) => x >= from && theory.push({ x, y, series: c.label }));
    c.sim.forEach((y, x) => x >= from && sim.push({ x, y, se: c.simSe[x], series: c.label }));
  }
  return { theory, sim };
}

/** The tail statistic of each comparison, for a caption ("" if none has one). */
function tailNote(cs: readonly Comparison[]): string {
  const parts = cs.filter((c) => c.tailGap).map((c) => {
    const t = c.tailGap;
    return `${c.label}: ${fmt(t.gap, 4)} ± ${fmt(t.se, 4)} (t = ${fmt(t.t, 1)}, ${t.dof} dof)`;
  });
  return parts.length === 0 ? "" : `; mean over τ ≥ ${cs[0].tailGap.fromLag}: ${parts.join("; ")}`;
}

/**
 * Residual panels: ĉ_τ − c_τ with ±SE bars against the zero line, one panel per comparison
 * (the claim "agreement within SE" reads directly off it).
 */
export function residualPlot(cs: readonly Comparison[], title: string, from = 1): PlotSpec {
  const theory: TheoryPoint[] = [], sim: SimPoint[] = [];
  for (const c of cs) {
    const lags = c.sim.map((_, x) => x).filter((x) => x >= from);
    for (const x of lags) {
      theory.push({ x, y: 0, series: c.label, panel: c.label });
      sim.push({ x, y: c.sim[x] - c.dmft[x], se: c.simSe[x], series: c.label, panel: c.label });
    }
  }
  return theoryVsSim({
    theory,
    sim,
    xLabel: "lag τ",
    yLabel: "ĉ_τ − c_τ (±SE)",
    title,
    subtitle: "bars: SE across coupling draws" + tailNote(cs),
    panelLabel: "case",
  });
}

/** Every figure the results support. */
export function kineticGlassFigures(
  results: KineticGlassResults,
  cfg: KineticGlassFigureConfig,
): FigureSpec[] {
  const figs: FigureSpec[] = [];
  const add = (name: string, plot: PlotSpec) => figs.push({ name, plot });
  if (results.main) {
    add(
      "main_comparison",
      theoryVsSim({
        ...comparisonCurves([results.main]),
        xLabel: "lag τ",
        yLabel: "c_τ",
        title: `${results.main.label}: DMFT (line) vs simulation (N = ${results.main.N})`,
      }),
    );
    add("main_residuals", residualPlot([results.main], "Main comparison: residuals"));
  }
  if (results.figA1) {
    add(
      "figA1_ising_k2",
      theoryVsSim({
        ...comparisonCurves(results.figA1),
        xLabel: "lag τ",
        yLabel: "c_τ",
        title:
          `Ising K = 2, g = ${cfg.g}: DMFT (lines) vs simulation (N = ${cfg.N}, ${cfg.samples} J)`,
        subtitle: "ρ = 0 (no cross-lag correlation) gives white tokens",
      }),
    );
    add("figA1_residuals", residualPlot(results.figA1, "Ising K = 2: residuals"));
  }
  const a2 = results.figA2;
  if (a2) {
    add(
      "figA2_ising_k3",
      theoryVsSim({
        ...comparisonCurves([a2]),
        xLabel: "lag τ",
        yLabel: "c_τ (symlog: linear within ±0.01)",
        title: "Ising K = 3, Γ = gain·Toeplitz(1, d, d²)",
        subtitle: `decay ratio z = ${fmt(a2.decayRatio, 3)} (linearised) vs c₉/c₈ = ${
          fmt(a2.tailRatio, 3)
        }`,
        symlogY: true,
        symlogConstant: 0.01,
      }),
    );
    add("figA2_residuals", residualPlot([a2], "Ising K = 3: residuals"));
  }
  const a3 = results.figA3;
  if (a3) {
    add(
      "figA3_gaussian",
      theoryVsSim({
        ...comparisonCurves([a3.safe, a3.critical]),
        xLabel: "lag τ",
        yLabel: "c_τ (symlog: linear within ±0.01)",
        title: "Gaussian variant: DMFT vs simulation",
        subtitle: `max relative error where c_τ ≥ 0.1 c₀: ${
          fmt(100 * a3.safe.maxRelErrorWhereLarge, 1)
        }% (${a3.safe.label})`,
        symlogY: true,
        symlogConstant: 0.01,
      }),
    );
    add("figA3_residuals", residualPlot([a3.safe, a3.critical], "Gaussian variant: residuals"));
    // a3.spectrum is missing in runs written before the experiments moved
    if (a3.spectrum) {
      add(
        "figA3_spectrum",
        lineChart({
          data: a3.spectrum.flatMap((p) => [
            { x: p.omega, y: p.gamma, series: `γ(ω), ${p.series}` },
            { x: p.omega, y: p.chat, series: `ĉ(ω), ${p.series}` },
          ]),
          xLabel: "ω",
          yLabel: "value",
          logY: true,
          title: "Coupling spectrum γ(ω) and ĉ(ω) = σ²/(1 − γ(ω))",
        }),
      );
    }
  }
  const a4 = results.figA4;
  if (a4) {
    add(
      "figA4_spherical",
      theoryVsSim({
        ...comparisonCurves([a4.moderate, a4.strong], 1),
        xLabel: "lag τ",
        yLabel: "c_τ",
        title: "Spherical variant: transient DMFT vs simulation",
        subtitle: `strong case: stationary DMFT c₁ = ${
          fmt(a4.strong.stationary[1], 3)
        } (the transient is still converging)`,
      }),
    );
    add("figA4_residuals", residualPlot([a4.moderate, a4.strong], "Spherical variant: residuals"));
  }
  const a5 = results.figA5;
  if (a5) {
    add(
      "figA5_transient",
      theoryVsSim({
        theory: a5.t.map((t, i) => ({ x: t, y: a5.dmft[i], series: "C(t, t+1)" })),
        sim: a5.t.map((t, i) => ({ x: t, y: a5.sim[i], series: "C(t, t+1)" })),
        xLabel: "t",
        yLabel: "C(t, t+1)",
        title: "Transient from an i.i.d. prompt (Ising K = 2, ρ = 0.8): DMFT line, simulation dots",
      }),
    );
  }
  const a6 = results.figA6;
  if (a6) {
    const designed = Object.values(a6).filter((d): d is DesignedModel => d !== undefined);
    if (designed.length > 0) {
      const { theory, sim } = comparisonCurves(designed.map((d) => d.comparison));
      const target = designed[0].target;
      target.forEach((y, x) => theory.push({ x, y, series: "target c*" }));
      add(
        "figA6_reverse_engineering",
        theoryVsSim({
          theory,
          sim,
          xLabel: "lag τ",
          yLabel: "c_τ",
          title: `Reverse-engineered Γ (K = ${target.length}) for c*_τ = ${
            target[1]?.toFixed(2)
          }^τ`,
        }),
      );
    }
  }
  const sc = results.scaling;
  if (sc && sc.N.length > 0) {
    add(
      "scaling_error_vs_N",
      theoryVsSim({
        theory: sc.N.flatMap((N) => [
          { x: N, y: sc.error[0] * Math.sqrt(sc.N[0] / N), series: "max_τ |ĉ_τ − c_τ|" },
          { x: N, y: sc.rmsError[0] * Math.sqrt(sc.N[0] / N), series: "rms_τ (ĉ_τ − c_τ)" },
          { x: N, y: sc.sampleRmsError[0] * Math.sqrt(sc.N[0] / N), series: "single-J rms error" },
        ]),
        sim: [
          ...sc.N.map((N, i) => ({ x: N, y: sc.error[i], series: "max_τ |ĉ_τ − c_τ|" })),
          ...sc.N.map((N, i) => ({ x: N, y: sc.rmsError[i], series: "rms_τ (ĉ_τ − c_τ)" })),
          ...sc.N.map((N, i) => ({ x: N, y: sc.sampleRmsError[i], series: "single-J rms error" })),
        ],
        logX: true,
        logY: true,
        xLabel: "N",
        yLabel: "error",
        title: "DMFT vs simulation error (Ising K = 2, ρ = 0.8); lines ∝ N^{-1/2}",
        subtitle: `fitted slopes: max ${fmt(sc.slope, 2)}, rms ${
          fmt(sc.rmsSlope, 2)
        }, single-J rms ${fmt(sc.sampleRmsSlope, 2)}`,
      }),
    );
  }
  const p = results.potts;
  if (p) {
    add(
      "potts_softmax",
      theoryVsSim({
        theory: p.dmft.map((y, x) => ({ x, y, series: `q = ${p.states}` })),
        sim: p.sim.map((y, x) => ({ x, y, series: `q = ${p.states}` })),
        xLabel: "lag τ",
        yLabel: "C_τ = ⟨ẽ(s_t)·ẽ(s_{t+τ})⟩",
        title: `Potts/softmax q = ${p.states}, β = ${p.beta}, N = ${p.N}: MC-closure DMFT vs sim`,
      }),
    );
  }
  if (results.sym) {
    const th: TheoryPoint[] = [], sm: SimPoint[] = [];
    for (const [label, c] of Object.entries(results.sym)) {
      c.dmft.forEach((y, x) => th.push({ x, y, series: label }));
      c.sim.forEach((y, x) => sm.push({ x, y, series: label }));
    }
    add(
      "partially_symmetric",
      theoryVsSim({
        theory: th,
        sim: sm,
        xLabel: "lag τ",
        yLabel: "c_τ",
        title: "Partially symmetric couplings: population DMFT (reaction term) vs simulation",
        subtitle: "K = 1: reciprocity alone creates (even-lag) temporal correlation",
      }),
    );
  }
  for (const t of results.tail ?? []) {
    const slug = t.label.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_|_$/g, "");
    add(
      `tail_gap_${slug}`,
      theoryVsSim({
        theory: t.rows.map((r) => ({ x: r.N, y: 0, series: "no bias" })),
        sim: t.rows.map((r) => ({ x: r.N, y: r.gapTimesN, se: r.gapSe * r.N, series: "N·gap" })),
        logX: true,
        xLabel: "N",
        yLabel: `N · mean_{τ ≥ ${t.fromLag}} (ĉ_τ − c_τ)`,
        title: `Finite-N tail gap, ${t.label}: a 1/N bias is a flat line`,
        subtitle: t.rows.map((r) => `N=${r.N}: ${r.gap.toFixed(4)}±${r.gapSe.toFixed(4)}`).join(
          "; ",
        ),
      }),
    );
  }
  return figs;
}
