/**
 * demo: a Wishart matrix W = XᵀX/n from Gaussian data, built with the library's random keys,
 * matmul and symmetric eigensolver, checked against random-matrix theory: E tr W = d exactly,
 * Σλ = tr W to rounding, and the eigenvalue histogram against the Marchenko–Pastur density
 * (Marchenko & Pastur 1967; `src/theory/marchenko_pastur.ts`, ratio α = n/d). Writes
 * results.json and a spectrum figure.
 *
 * `deno task demo` or `deno run -A cli.ts demo --n=800 --d=200`.
 * @module
 */
import { foldIn, key, normal } from "../src/random/mod.ts";
import { div, matmul } from "../src/array/mod.ts";
import { eigvalsh } from "../src/linalg/mod.ts";
import { marchenkoPasturDensity } from "../src/theory/mod.ts";
import { meanAndSe } from "../src/stats/mod.ts";
import { ArgumentError, checkInRange, checkPositiveInt } from "../src/errors/mod.ts";
import {
  cliMain,
  type FigureSpec,
  type RunContext,
  runScript,
  type ScriptSpec,
} from "../src/run/mod.ts";
import { theoryVsSim } from "../src/plot/mod.ts";

/** Every knob of the demo. */
export const defaults = {
  n: 400,
  d: 100,
  trials: 4,
  bins: 24,
  seed: 0,
  figure: true,
};

/** The demo's configuration. */
export type DemoConfig = typeof defaults;

/** A comment per knob. */
export const help: { [K in keyof DemoConfig]: string } = {
  n: "samples per matrix (rows of X), a positive integer",
  d: "dimension (columns of X), an integer in [1, n]: γ = d/n ≤ 1",
  trials: "independent matrices (their eigenvalues are pooled), an integer ≥ 2",
  bins: "histogram bins between the Marchenko–Pastur edges, an integer in [2, 10000]",
  seed: "root seed; trial t uses foldIn(key(seed), t)",
  figure: "draw spectrum.svg/png",
};

/** Named presets: `--full` is a larger, sharper spectrum (a few seconds more). */
export const presets = {
  full: { n: 2000, d: 500, trials: 8, bins: 48 },
  tiny: { n: 60, d: 15, trials: 2, bins: 8 },
};

/** Check a config; throws an {@link ArgumentError} naming the key. */
export function checkConfig(cfg: DemoConfig): void {
  checkPositiveInt("demo", "n", cfg.n);
  checkPositiveInt("demo", "d", cfg.d);
  if (cfg.d > cfg.n) throw new ArgumentError("demo", "d", `an integer in [1, n = ${cfg.n}]`, cfg.d);
  checkPositiveInt("demo", "trials", cfg.trials);
  if (cfg.trials < 2) {
    throw new ArgumentError("demo", "trials", "an integer ≥ 2 (for a standard error)", cfg.trials);
  }
  checkPositiveInt("demo", "bins", cfg.bins);
  checkInRange("demo", "bins", cfg.bins, 2, 10000);
  if (!Number.isInteger(cfg.seed) || cfg.seed < 0) {
    throw new ArgumentError("demo", "seed", "a non-negative integer", cfg.seed);
  }
}

/**
 * Peak memory of {@link main} for `cfg` (bytes) and the key that drives it: X (n·d), XᵀX and the
 * eigensolver's work copies (≈ 4 d²), all f64, plus the pooled eigenvalues.
 */
export function memoryBytes(cfg: DemoConfig): { bytes: number; key: "n" | "d" } {
  const bytes = 8 * (cfg.n * cfg.d + 4 * cfg.d * cfg.d + cfg.trials * cfg.d);
  return { bytes, key: cfg.n * cfg.d >= 4 * cfg.d * cfg.d ? "n" : "d" };
}

/** Histogram layout: the MP edges of γ and the plotted range around them. */
function layout(gamma: number, bins: number) {
  const a = (1 - Math.sqrt(gamma)) ** 2;
  const b = (1 + Math.sqrt(gamma)) ** 2;
  const lo = a * 0.9;
  const hi = b * 1.05;
  return { a, b, lo, hi, width: (hi - lo) / bins };
}

/** Summary returned by {@link main}. */
export interface DemoSummary {
  /** Aspect ratio γ = d/n. */
  gamma: number;
  /** Mean of tr(W)/d over trials (theory: 1). */
  traceOverDMean: number;
  /** Standard error of that mean. */
  traceOverDSe: number;
  /** Largest |Σλ − tr W| / tr W over trials (rounding only). */
  maxAbsEigSumMinusTrace: number;
  /** Largest eigenvalue seen. */
  lambdaMax: number;
  /** Marchenko–Pastur upper edge (1 + √γ)². */
  mpUpperEdge: number;
  /** Largest |histogram density − bin-averaged MP density|. */
  histogramMaxAbsError: number;
}

/**
 * Run the demo; see the module doc. Per-trial numbers go to results.json as they finish, then
 * the histogram (`histogram.sim` with ±SE, `histogram.theory` bin-averaged MP) and the summary.
 */
export async function main(cfg: DemoConfig, ctx: RunContext): Promise<DemoSummary> {
  checkConfig(cfg);
  const { n, d, trials, bins } = cfg;
  const gamma = d / n;
  const root = key(cfg.seed);
  const eigs: number[] = [];
  const ratios: number[] = [];
  let worst = 0;
  const bar = ctx.progress("demo: wishart spectra", trials);
  for (let t = 0; t < trials; t++) {
    const x = normal(foldIn(root, t), [n, d]);
    const w = div(matmul(x, x, { transA: true }), n);
    const wd = w.dataSync() as Float64Array;
    let trace = 0;
    for (let i = 0; i < d; i++) trace += wd[i * d + i];
    const values = eigvalsh(w).dataSync() as Float64Array;
    let sum = 0;
    for (const v of values) sum += v;
    worst = Math.max(worst, Math.abs(sum - trace) / trace);
    for (const v of values) eigs.push(v);
    ratios.push(trace / d);
    await ctx.results.append("trials", {
      trial: t,
      traceOverD: trace / d,
      lambdaMin: values[0],
      lambdaMax: values[d - 1],
    });
    bar.tick();
  }
  bar.done();
  const tr = meanAndSe(ratios);
  const { b, lo, width } = layout(gamma, bins);
  const counts = new Array<number>(bins).fill(0);
  for (const v of eigs) {
    const k = Math.floor((v - lo) / width);
    if (k >= 0 && k < bins) counts[k]++;
  }
  const total = eigs.length;
  const sim = counts.map((c, k) => {
    const p = c / total;
    return { x: lo + (k + 0.5) * width, y: p / width, se: Math.sqrt(p * (1 - p) / total) / width };
  });
  // Bin-averaged MP density (midpoint rule on 20 sub-points) for a fair comparison.
  const mpBin = (k: number) => {
    let s = 0;
    for (let j = 0; j < 20; j++) {
      s += marchenkoPasturDensity(lo + (k + (j + 0.5) / 20) * width, 1 / gamma);
    }
    return s / 20;
  };
  const theory = sim.map((_, k) => mpBin(k));
  const histErr = Math.max(...sim.map((p, k) => Math.abs(p.y - theory[k])));
  const summary: DemoSummary = {
    gamma,
    traceOverDMean: tr.mean,
    traceOverDSe: tr.se,
    maxAbsEigSumMinusTrace: worst,
    lambdaMax: eigs.reduce((m, v) => Math.max(m, v), -Infinity),
    mpUpperEdge: b,
    histogramMaxAbsError: histErr,
  };
  await ctx.results.set("histogram", { theory, sim });
  ctx.log(
    `demo: tr(W)/d = ${tr.mean.toFixed(4)} ± ${tr.se.toFixed(4)} (theory 1); ` +
      `max |Σλ − tr W|/tr W = ${worst.toExponential(1)}; λmax = ${summary.lambdaMax.toFixed(3)} ` +
      `(MP edge ${b.toFixed(3)}); max histogram error ${histErr.toFixed(3)}`,
  );
  return summary;
}

/** The spectrum figure, from results.json and the config alone (pure). */
export function figures(
  results: { histogram?: { sim: { x: number; y: number; se: number }[] } },
  cfg: DemoConfig,
): FigureSpec[] {
  if (!cfg.figure || results.histogram === undefined) return [];
  const gamma = cfg.d / cfg.n;
  const { lo, hi } = layout(gamma, cfg.bins);
  const theory = Array.from({ length: 400 }, (_, i) => {
    const x = lo + (i / 399) * (hi - lo);
    return { x, y: marchenkoPasturDensity(x, 1 / gamma), series: "Marchenko–Pastur" };
  });
  const sim = results.histogram.sim.map((p) => ({ ...p, series: "simulation" }));
  return [{
    name: "spectrum",
    plot: theoryVsSim({
      theory,
      sim,
      xLabel: "eigenvalue λ of XᵀX/n",
      yLabel: "density",
      title: `Wishart spectrum, γ = d/n = ${gamma.toFixed(3)}, ${cfg.trials} trials`,
    }),
  }];
}

/** The demo as a runnable script. */
export const spec: ScriptSpec<DemoConfig> = {
  name: "demo",
  description: "Wishart spectrum vs Marchenko–Pastur: random keys, matmul, eigh, results, figure.",
  defaults,
  help,
  presets,
  figures,
  validate: checkConfig,
  memoryBytes,
  main,
};

if (import.meta.main) await cliMain(() => runScript(spec, Deno.args));
