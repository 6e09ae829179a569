/**
 * Statistics on plain number samples: summaries (mean, variance, standard error), Spearman and
 * Pearson correlation, evenly and geometrically spaced grids, power-law (log-log) fits and the
 * theory-vs-simulation comparison. One implementation each.
 * @module
 */
export { mean, meanAndSe, standardDeviation, standardError, variance } from "./summary.ts";
export { pearson, ranks, spearman } from "./spearman.ts";
export { linspace, logspace } from "./grid.ts";
export { fitLogLogSlope, type LogLogFit } from "./log_log_fit.ts";
export { compareTheorySim, type TheorySimComparison } from "./compare.ts";
export { bonferroniZ, normalCdf, normalQuantile } from "./normal.ts";
