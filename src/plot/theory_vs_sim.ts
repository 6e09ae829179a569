/**
 * The figure every paper needs: theory as lines, simulation as points with ±1 standard-error
 * bars, optional log axes and one panel per value of a parameter.
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { PlotSpec } from "./svg.ts";

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
 * dropped silently. Lower error bars on a log-y axis are clipped at y/10.
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
    notes.push("Lines: theory. Points with bars: simulation ± 1 SE (same colour, same quantity).");
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
    y: {
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
