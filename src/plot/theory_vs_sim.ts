/**
 * The figure every paper needs: theory as lines, simulation as points with ±1 standard-error
 * bars, optional log axes and one panel per value of a parameter.
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { PlotSpec } from "./svg.ts";
import { ArgumentError, checkPositive } from "../errors/mod.ts";

/** A point on a theory curve. `series` names the curve; `panel` (optional) picks the facet. */
export interface TheoryPoint {
  /** Abscissa. */
  x: number;
  /** Ordinate (a simulated mean for SimPoint). */
  y: number;
  /** Name of the series (colour, legend). */
  series?: string;
  /** Value of the facet parameter (one panel per value). */
  panel?: string | number;
}

/** A simulated point: mean `y` with standard error `se` (≥ 0; 0 or missing draws no bar). */
export interface SimPoint {
  /** Abscissa. */
  x: number;
  /** Ordinate (a simulated mean for SimPoint). */
  y: number;
  /** Standard error of y (bar drawn at y ± se). */
  se?: number;
  /** Name of the series (colour, legend). */
  series?: string;
  /** Value of the facet parameter (one panel per value). */
  panel?: string | number;
}

/** Options for {@link theoryVsSim}. */
export interface TheoryVsSimOptions {
  /** Theory curve points (drawn as lines). */
  theory?: readonly TheoryPoint[];
  /** Simulation points (drawn as dots with error bars). */
  sim?: readonly SimPoint[];
  /** Log-scale x axis. */
  logX?: boolean;
  /** Log-scale y axis. */
  logY?: boolean;
  /**
   * Symmetric-log y axis (Plot's `symlog` scale): logarithmic away from 0 and linear within
   * ±`symlogConstant` of it, so zero and negative values (e.g. simulated correlations at
   * noise level) are drawn where a log axis would drop them. Ticks are 0 and ±powers of ten.
   * Not together with `logY`.
   */
  symlogY?: boolean;
  /**
   * Half-width of the linear region of the symlog y axis (> 0). Default: the largest power of
   * ten ≤ the smallest non-zero |y| of the theory values and simulated means.
   */
  symlogConstant?: number;
  /** x axis label. */
  xLabel?: string;
  /** y axis label. */
  yLabel?: string;
  /** Title above the chart. */
  title?: string;
  /** Subtitle below the title. */
  subtitle?: string;
  /** Label of the facet parameter, shown above the panels (e.g. "width n"). */
  panelLabel?: string;
  /** SVG width in px (default 640, wider with panels). */
  widthPx?: number;
  /** SVG height in px of the plot area (default 400). */
  heightPx?: number;
  /**
   * Fixed y range `[lo, hi]`. Theory beyond it is clipped: the line breaks there (a divergence
   * is never bridged) and a "clipped" note is added; simulation points beyond it are counted in
   * the caption rather than silently dropped.
   */
  yDomain?: [number, number];
  /**
   * What the solid lines are, for the caption key (default "theory"; e.g. "reference
   * entropies" when the lines are fixed levels rather than a theory of the points).
   */
  linesAre?: string;
  /** Join each simulated series' points with a thin dashed line (curves of one run over time). */
  connectSim?: boolean;
  /** Extra caption text (below the plot), after the automatic key and notes. */
  caption?: string;
}

function checkPoints(fn: string, name: string, pts: readonly { x: number; y: number }[]): void {
  if (!Array.isArray(pts)) {
    throw new Error(`${fn}: option "${name}" must be an array of {x, y} points, got ${typeof pts}`);
  }
  pts.forEach((p, i) => {
    if (typeof p?.x !== "number" || typeof p?.y !== "number") {
      throw new Error(
        `${fn}: ${name}[${i}] must have numeric x and y, got ${JSON.stringify(p)}`,
      );
    }
  });
}

/**
 * Plot options for theory lines over simulation points with ±1 SE bars, the shared figure of
 * every paper (theory and simulation of the same quantity share a series name, hence a colour).
 * A non-finite theory value, a non-positive one on a log axis or one outside `yDomain` breaks
 * the line there (divergences are drawn as gaps, never bridged); simulation points that cannot
 * be drawn (non-positive on a log axis, outside `yDomain`) are counted in the caption, never
 * dropped silently. Lower error bars on a log-y axis are clipped at y/10. With `symlogY` the y
 * axis is symmetric-log, so negative and zero values are drawn as well.
 */
export function theoryVsSim(options: TheoryVsSimOptions): PlotSpec {
  const fn = options.panelLabel === undefined ? "theoryVsSim" : "panels";
  const theoryIn = options.theory ?? [];
  const simIn = options.sim ?? [];
  checkPoints(fn, "theory", theoryIn);
  checkPoints(fn, "sim", simIn);
  if (theoryIn.length + simIn.length === 0) {
    throw new Error(`${fn}: options "theory" and "sim" are both empty; nothing to plot`);
  }
  const dom = options.yDomain;
  if (dom !== undefined && !(Array.isArray(dom) && dom.length === 2 && dom[0] < dom[1])) {
    throw new Error(
      `${fn}: option "yDomain" must be [lo, hi] with lo < hi, got ${JSON.stringify(dom)}`,
    );
  }
  if (options.symlogY && options.logY) {
    throw new ArgumentError(fn, "symlogY", "false when logY is true (pick one y scale)", true);
  }
  if (options.symlogConstant !== undefined) {
    checkPositive(fn, "symlogConstant", options.symlogConstant);
  }
  const okX = (x: number) => Number.isFinite(x) && (!options.logX || x > 0);
  const okY = (y: number) =>
    Number.isFinite(y) && (!options.logY || y > 0) &&
    (dom === undefined || (y >= dom[0] && y <= dom[1]));
  let clippedTheory = 0;
  // Undrawable theory values become NaN: Plot breaks the line there instead of bridging.
  const theory = theoryIn.filter((p) => okX(p.x)).map((p) => {
    const drawable = okY(p.y);
    if (!drawable) clippedTheory++;
    return { ...p, y: drawable ? p.y : NaN, series: p.series ?? "theory" };
  });
  const hiddenSim = simIn.filter((p) => !(okX(p.x) && okY(p.y)));
  const sim = simIn.filter((p) => okX(p.x) && okY(p.y)).map((p) => {
    const se = Number.isFinite(p.se) && (p.se as number) > 0 ? (p.se as number) : 0;
    let lo = p.y - se;
    if (options.logY && lo <= 0) lo = p.y / 10;
    return { ...p, series: p.series ?? "simulation", lo, hi: p.y + se, se };
  });
  const hasPanels = [...theory, ...sim].some((p) => p.panel !== undefined);
  const fx = hasPanels ? "panel" : undefined;
  const nSeries = new Set([...theory, ...sim].map((p) => p.series)).size;
  const sorted = [...theory].sort((a, b) => a.x - b.x);
  const marks: Plot.Markish[] = [
    Plot.line(sorted, { x: "x", y: "y", stroke: "series", fx, strokeWidth: 1.5 }),
    ...(options.connectSim
      ? [
        Plot.line([...sim].sort((a, b) => a.x - b.x), {
          x: "x",
          y: "y",
          stroke: "series",
          fx,
          strokeWidth: 0.8,
          strokeDasharray: "3,2",
        }),
      ]
      : []),
    Plot.dot(sim, { x: "x", y: "y", fill: "series", stroke: "white", r: 3, fx }),
    // error bars on top of the markers, so a bar shorter than the marker still shows
    Plot.ruleX(sim.filter((p) => p.se > 0), {
      x: "x",
      y1: "lo",
      y2: "hi",
      stroke: "series",
      fx,
      strokeWidth: 1.5,
    }),
  ];
  const ys = [...theory.map((p) => p.y), ...sim.flatMap((p) => [p.lo, p.hi])]
    .filter(Number.isFinite);
  // A zero line only where zero is inside the data's range (never a baseline that squashes it).
  if (!options.logY && ys.length > 0 && Math.min(...ys) < 0 && Math.max(...ys) > 0) {
    marks.unshift(Plot.ruleY([0], { stroke: "#bbb" }));
  }
  const notes: string[] = [];
  if (theory.length > 0 && sim.length > 0) {
    const lines = options.linesAre ?? "theory";
    notes.push(
      lines === "theory"
        ? "Lines: theory. Points with bars: simulation ± 1 SE (same colour, same quantity)."
        : `Solid lines: ${lines}. Points with bars: simulation ± 1 SE${
          options.connectSim ? " (dashed: joins one series' points)" : ""
        }.`,
    );
  } else if (sim.some((p) => p.se > 0)) notes.push("Bars: ± 1 SE.");
  if (clippedTheory > 0) {
    notes.push(
      `Theory clipped at ${clippedTheory} points (${
        dom ? `outside [${dom[0]}, ${dom[1]}]` : options.logY ? "≤ 0 on the log axis" : "non-finite"
      }): the line breaks there.`,
    );
  }
  if (hiddenSim.length > 0) {
    const neg = hiddenSim.filter((p) => options.logY && p.y <= 0).length;
    notes.push(
      `${hiddenSim.length} simulated points not drawn${
        neg > 0
          ? ` (${neg} ≤ 0 on the log axis; smallest ${
            Math.min(...hiddenSim.map((p) => p.y)).toPrecision(3)
          })`
          : " (outside the axis range)"
      }.`,
    );
  }
  if (options.caption) notes.push(options.caption);
  const panelsN = hasPanels ? new Set([...theory, ...sim].map((p) => p.panel)).size : 1;
  return {
    title: options.title,
    subtitle: options.subtitle,
    width: options.widthPx ?? Math.max(640, Math.min(1400, 320 * panelsN)),
    height: options.heightPx ?? 400,
    marginLeft: 60,
    marginRight: 20,
    // inset: edge points and their bars are not clipped by the frame
    inset: 8,
    grid: true,
    caption: notes.length > 0 ? notes.join(" ") : undefined,
    // "~g" on log axes: 0.001 and 1e-05 rather than SI prefixes (1m, 10µ); d3 still thins labels.
    x: {
      type: options.logX ? "log" : "linear",
      label: options.xLabel ?? "x",
      tickFormat: options.logX ? "~g" : undefined,
    },
    y: options.symlogY ? symlogAxis(options, theory, sim, ys) : {
      type: options.logY ? "log" : "linear",
      label: options.yLabel ?? "y",
      tickFormat: options.logY ? "~g" : undefined,
      domain: dom,
    },
    fx: hasPanels
      ? {
        label: null,
        tickFormat: (v: unknown) =>
          options.panelLabel === undefined ? String(v) : `${options.panelLabel} = ${v}`,
      }
      : undefined,
    color: { legend: nSeries > 1 },
    marks,
  };
}

/**
 * The y scale of a symlog axis: the constant (given, or the largest power of ten ≤ the smallest
 * non-zero |y| of theory and simulated means) and ticks at 0 and ±10^k inside the drawn range,
 * at most about seven decades per sign (every other decade beyond that), labelled as plain numbers.
 */
function symlogAxis(
  options: TheoryVsSimOptions,
  theory: readonly { y: number }[],
  sim: readonly { y: number }[],
  ys: readonly number[],
): Record<string, unknown> {
  const abs = [...theory, ...sim].map((p) => Math.abs(p.y)).filter((v) =>
    Number.isFinite(v) && v > 0
  );
  const constant = options.symlogConstant ??
    (abs.length > 0 ? 10 ** Math.floor(Math.log10(Math.min(...abs)) + 1e-9) : 1);
  const dom = options.yDomain;
  const lo = dom ? dom[0] : ys.length > 0 ? Math.min(...ys) : 0;
  const hi = dom ? dom[1] : ys.length > 0 ? Math.max(...ys) : 0;
  const kMin = Math.ceil(Math.log10(constant) - 1e-9);
  const kMax = Math.floor(Math.log10(Math.max(Math.abs(lo), Math.abs(hi), constant)) + 1e-9);
  const step = Math.max(1, Math.ceil((kMax - kMin + 1) / 7));
  const ticks: number[] = lo <= 0 && hi >= 0 ? [0] : [];
  for (let k = kMin; k <= kMax; k += step) {
    const t = Number((10 ** k).toPrecision(12));
    if (t <= hi) ticks.push(t);
    if (-t >= lo) ticks.push(-t);
  }
  ticks.sort((a, b) => a - b);
  return {
    type: "symlog",
    constant,
    label: options.yLabel ?? "y",
    tickFormat: "~g",
    ticks: ticks.length >= 2 ? ticks : undefined,
    domain: dom,
  };
}

/**
 * One panel per value of a parameter: like {@link theoryVsSim}, where each point carries
 * `panel` (the parameter's value) and `panelLabel` names the parameter (Plot `fx` facet).
 */
export function panels(options: TheoryVsSimOptions & { panelLabel: string }): PlotSpec {
  const all = [...(options.theory ?? []), ...(options.sim ?? [])];
  const missing = all.findIndex((p) => p.panel === undefined);
  if (missing >= 0) {
    throw new Error(
      `panels: every point must have a "panel" value, got ${JSON.stringify(all[missing])}`,
    );
  }
  return theoryVsSim(options);
}
