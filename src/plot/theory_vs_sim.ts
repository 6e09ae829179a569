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
 * Plot options for theory lines over simulation points with error bars. Points with a
 * non-finite coordinate, or a non-positive one on a log axis, are dropped (so a log-scale plot
 * of a curve touching zero still renders); lower error bars on a log-y axis are clipped at
 * y/10.
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
  const ok = (x: number, y: number) =>
    Number.isFinite(x) && Number.isFinite(y) && (!options.logX || x > 0) &&
    (!options.logY || y > 0);
  const theory = theoryIn.filter((p) => ok(p.x, p.y)).map((p) => ({
    ...p,
    series: p.series ?? "theory",
  }));
  const sim = simIn.filter((p) => ok(p.x, p.y)).map((p) => {
    const se = Number.isFinite(p.se) && (p.se as number) > 0 ? (p.se as number) : 0;
    let lo = p.y - se;
    if (options.logY && lo <= 0) lo = p.y / 10;
    return { ...p, series: p.series ?? "simulation", lo, hi: p.y + se, se };
  });
  const hasPanels = [...theory, ...sim].some((p) => p.panel !== undefined);
  const fx = hasPanels ? "panel" : undefined;
  const nSeries = new Set([...theory, ...sim].map((p) => p.series)).size;
  const marks: Plot.Markish[] = [
    Plot.line(theory, { x: "x", y: "y", stroke: "series", fx, strokeWidth: 1.5, sort: "x" }),
    Plot.ruleX(sim.filter((p) => p.se > 0), {
      x: "x",
      y1: "lo",
      y2: "hi",
      stroke: "series",
      fx,
      strokeWidth: 1,
    }),
    Plot.dot(sim, { x: "x", y: "y", fill: "series", stroke: "white", r: 3, fx }),
  ];
  if (!options.logY) marks.unshift(Plot.ruleY([0], { stroke: "#bbb" }));
  const panelsN = hasPanels ? new Set([...theory, ...sim].map((p) => p.panel)).size : 1;
  return {
    title: options.title,
    subtitle: options.subtitle,
    width: options.widthPx ?? Math.max(640, Math.min(1400, 320 * panelsN)),
    height: options.heightPx ?? 400,
    marginLeft: 60,
    marginRight: 20,
    grid: true,
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
