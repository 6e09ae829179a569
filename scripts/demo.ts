/**
 * demo: a Wishart matrix W = XᵀX/n from Gaussian data, built with the library's random keys,
 * matmul and symmetric eigensolver, checked against random-matrix theory: E tr W = d exactly,
 * Σλ = tr W to rounding, and the eigenvalue histogram against the Marchenko–Pastur density
 * (Marchenko & Pastur 1967) with ratio γ = d/n. Writes results.json and a spectrum figure.
 *
 * `deno task demo` or `deno run -A cli.ts demo --n=800 --d=200`.
 * @module
 */
import { foldIn, key, normal } from "../src/random/mod.ts";
import { div, matmul } from "../src/array/mod.ts";
import { eigvalsh } from "../src/linalg/mod.ts";
import { cliMain, type RunContext, runScript, type ScriptSpec } from "../src/run/mod.ts";
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

/** A comment per knob. */
export const help: { [K in keyof typeof defaults]: string } = {
  n: "samples per matrix (rows of X)",
  d: "dimension (columns of X); γ = d/n must be ≤ 1",
  trials: "independent matrices (their eigenvalues are pooled)",
  bins: "histogram bins between the Marchenko–Pastur edges",
  seed: "root seed; trial t uses foldIn(key(seed), t)",
  figure: "write spectrum.svg/png",
};

/** Marchenko–Pastur density of eigenvalues of XᵀX/n (X n×d standard Gaussian, γ = d/n ≤ 1). */
export function marchenkoPasturDensity(x: number, gamma: number): number {
  const a = (1 - Math.sqrt(gamma)) ** 2;
  const b = (1 + Math.sqrt(gamma)) ** 2;
  if (x <= a || x >= b) return 0;
  return Math.sqrt((b - x) * (x - a)) / (2 * Math.PI * gamma * x);
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
 * Run the demo; see the module doc. Per-trial numbers go to results.json as they finish; the
 * returned summary is stored there too (top-level keys) when the run completes.
 */
export async function main(cfg: typeof defaults, ctx: RunContext): Promise<DemoSummary> {
  const { n, d, trials, bins } = cfg;
  if (!(Number.isInteger(n) && Number.isInteger(d) && n > 0 && d > 0 && d <= n)) {
    throw new Error(`demo: need integers 0 < d ≤ n, got n=${n}, d=${d}`);
  }
  if (!(Number.isInteger(trials) && trials >= 2)) {
    throw new Error(`demo: "trials" must be an integer ≥ 2, got ${trials}`);
  }
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
    eigs.push(...values);
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
  const mean = ratios.reduce((s, v) => s + v, 0) / trials;
  const sd = Math.sqrt(ratios.reduce((s, v) => s + (v - mean) ** 2, 0) / (trials - 1));
  const a = (1 - Math.sqrt(gamma)) ** 2;
  const b = (1 + Math.sqrt(gamma)) ** 2;
  const lo = a * 0.9;
  const hi = b * 1.05;
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of eigs) {
    const k = Math.floor((v - lo) / width);
    if (k >= 0 && k < bins) counts[k]++;
  }
  const total = eigs.length;
  const sim = counts.map((c, k) => {
    const p = c / total;
    return {
      x: lo + (k + 0.5) * width,
      y: p / width,
      se: Math.sqrt(p * (1 - p) / total) / width,
      series: "simulation",
    };
  });
  // Bin-averaged MP density (midpoint rule on 20 sub-points) for a fair comparison.
  const mpBin = (k: number) => {
    let s = 0;
    for (let j = 0; j < 20; j++) {
      s += marchenkoPasturDensity(lo + (k + (j + 0.5) / 20) * width, gamma);
    }
    return s / 20;
  };
  const histErr = Math.max(...sim.map((p, k) => Math.abs(p.y - mpBin(k))));
  const theory = Array.from({ length: 400 }, (_, i) => {
    const x = lo + (i / 399) * (hi - lo);
    return { x, y: marchenkoPasturDensity(x, gamma), series: "Marchenko–Pastur" };
  });
  const summary: DemoSummary = {
    gamma,
    traceOverDMean: mean,
    traceOverDSe: sd / Math.sqrt(trials),
    maxAbsEigSumMinusTrace: worst,
    lambdaMax: Math.max(...eigs),
    mpUpperEdge: b,
    histogramMaxAbsError: histErr,
  };
  await ctx.results.set("histogram", { theory: sim.map((_, k) => mpBin(k)), sim });
  if (cfg.figure) {
    await ctx.figure(
      "spectrum",
      theoryVsSim({
        theory,
        sim,
        xLabel: "eigenvalue λ of XᵀX/n",
        yLabel: "density",
        title: `Wishart spectrum, γ = d/n = ${gamma.toFixed(3)}, ${trials} trials`,
      }),
    );
  }
  ctx.log(
    `demo: tr(W)/d = ${mean.toFixed(4)} ± ${(sd / Math.sqrt(trials)).toFixed(4)} (theory 1); ` +
      `max |Σλ − tr W|/tr W = ${worst.toExponential(1)}; λmax = ${summary.lambdaMax.toFixed(3)} ` +
      `(MP edge ${b.toFixed(3)}); max histogram error ${histErr.toFixed(3)}`,
  );
  return summary;
}

/** The demo as a runnable script. */
export const spec: ScriptSpec<typeof defaults> = {
  name: "demo",
  description: "Wishart spectrum vs Marchenko–Pastur: random keys, matmul, eigh, results, figure.",
  defaults,
  help,
  main,
};

if (import.meta.main) await cliMain(() => runScript(spec, Deno.args));
