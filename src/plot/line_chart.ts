/**
 * A plain multi-series line chart (training curves, spectra, schedules).
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { PlotSpec } from "./svg.ts";

/** A point of a line chart; `series` names the line. */
export interface LinePoint {
  /** Abscissa. */
  x: number;
  /** Ordinate. */
  y: number;
  /** Name of the line (colour, legend). */
  series?: string;
}

/** Options for {@link lineChart}. */
export interface LineChartOptions {
  /** Points of all lines. */
  data: readonly LinePoint[];
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
  /** SVG width in px (default 640). */
  widthPx?: number;
  /** SVG height in px of the plot area (default 400). */
  heightPx?: number;
}

/**
 * Plot options for one line per `series` value (x ascending). Non-finite points, and
 * non-positive ones on a log axis, are dropped.
 */
export function lineChart(options: LineChartOptions): PlotSpec {
  if (!Array.isArray(options?.data)) {
    throw new Error(
      `lineChart: option "data" must be an array of {x, y, series?} points, got ${typeof options
        ?.data}`,
    );
  }
  options.data.forEach((p, i) => {
    if (typeof p?.x !== "number" || typeof p?.y !== "number") {
      throw new Error(`lineChart: data[${i}] must have numeric x and y, got ${JSON.stringify(p)}`);
    }
  });
  const data = options.data.filter((p) =>
    Number.isFinite(p.x) && Number.isFinite(p.y) && (!options.logX || p.x > 0) &&
    (!options.logY || p.y > 0)
  ).map((p) => ({ ...p, series: p.series ?? "y" }));
  if (data.length === 0) throw new Error("lineChart: no finite points to plot");
  const nSeries = new Set(data.map((p) => p.series)).size;
  return {
    title: options.title,
    subtitle: options.subtitle,
    width: options.widthPx ?? 640,
    height: options.heightPx ?? 400,
    marginLeft: 60,
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
    color: { legend: nSeries > 1 },
    marks: [Plot.line(data, { x: "x", y: "y", stroke: "series", sort: "x", strokeWidth: 1.5 })],
  };
}
