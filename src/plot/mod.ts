/**
 * Figures: Observable Plot rendered to SVG without a browser and to PNG with resvg-wasm and a
 * shipped font, plus the chart helpers the paper scripts share.
 * @module
 */
export { FONT_FAMILY } from "./assets.ts";
export { type PlotSpec, renderSvg } from "./svg.ts";
export { pngSize, type RasterImage, svgToPng, type SvgToPngOptions } from "./png.ts";
export {
  panels,
  type SimPoint,
  type TheoryPoint,
  theoryVsSim,
  type TheoryVsSimOptions,
} from "./theory_vs_sim.ts";
export { lineChart, type LineChartOptions, type LinePoint } from "./line_chart.ts";
export { type FigureFiles, writeFigure } from "./write_figure.ts";
