/**
 * sgd_risk: learning curves of one-pass SGD on power-law linear regression, after
 * "A Simplified Analysis of SGD for Linear Regression with Weight Averaging" (Meterez, Morwani,
 * Oncescu, Wu, Pehlevan, Kakade; arXiv:2506.15535) and Zou et al. (COLT 2021).
 *
 * - the exact recursion for the last iterate and the running average, split into bias (σ² = 0)
 *   and variance (zero initial error), at N = 2^minLog2N … 2^maxLog2N;
 * - log-log exponent fits against −(b−1)/a (bias) and 1/a − 1 (averaged variance);
 * - the Zou-style averaged bounds and their ratio to the exact averaged risks;
 * - the stationary risk E_∞ against the last-iterate variance plateau;
 * - a Monte-Carlo check at small d (R repetitions, |MC − theory| in standard errors).
 *
 * `deno run -A scripts/sgd_risk.ts` (seconds), `--full` (d = 2·10⁵, N up to 2^17).
 * PAPERS.md, "Constant-LR SGD", says what reproduces and within which tolerance.
 * @module
 */
import {
  checkLearningCurvesConfig,
  checkMcConfig,
  sgdLearningCurves,
  sgdMonteCarloCheck,
} from "../src/experiments/sgd_risk/mod.ts";
import type { LearningCurves, McCheck } from "../src/experiments/sgd_risk/mod.ts";
import type { FeatureDistribution } from "../src/theory/mod.ts";
import {
  cliMain,
  type FigureSpec,
  type RunContext,
  runScript,
  type ScriptSpec,
} from "../src/run/mod.ts";
import { theoryVsSim } from "../src/plot/mod.ts";

/** Every knob of the script. */
export const defaults = {
  d: 20000,
  a: 1.5,
  b: 2,
  sigma2: 1,
  eta: 0,
  cEta: 0.5,
  B0: 1,
  phases: 1,
  alpha: 2,
  beta: 1,
  minLog2N: 9,
  maxLog2N: 14,
  features: "gaussian",
  mcD: 100,
  mcReps: 1000,
  mcLog2N: 12,
  seed: 0,
};

/** A comment per knob. */
export const help: { [K in keyof typeof defaults]: string } = {
  d: "dimension of the power-law instance for the theory curves (≥ 1e4 for the exponent fits)",
  a: "capacity exponent: λ_i = i^{-a}",
  b: "source exponent: λ_i (w*_i)² ∝ i^{-b}, ‖w*‖ = 1",
  sigma2: "label-noise variance σ²",
  eta: "constant learning rate; 0 = cEta / tr H",
  cEta: "learning rate in units of 1/tr H when eta = 0 (0.5: the paper's safe default)",
  B0: "batch size (initial batch B₀ when phases > 1)",
  phases: "phases > 1 adds a phase-schedule curve (η α^{-k}, B₀ β^k), equal samples per phase",
  alpha: "LR decay per phase of the phase-schedule curve",
  beta: "batch growth per phase of the phase-schedule curve",
  minLog2N: "smallest N = 2^minLog2N used in the exponent fits",
  maxLog2N: "largest N = 2^maxLog2N (steps of the theory run)",
  features: "feature distribution of the theory",
  mcD: "dimension of the Monte-Carlo check (MC uses Rademacher features, theory matched)",
  mcReps: "Monte-Carlo repetitions R (standard error ∝ 1/√R)",
  mcLog2N: "Monte-Carlo steps 2^mcLog2N",
  seed: "root seed of the Monte-Carlo",
};

/** Named presets: `--full` is the paper-scale run. */
export const presets = {
  full: { d: 200000, maxLog2N: 17, mcReps: 2000 },
};

/** Headline numbers returned by {@link main} (stored in results.json beside the curves). */
export interface SgdRiskSummary {
  /** Fitted exponents and their targets. */
  exponents: LearningCurves["fits"]["exponents"];
  /** Largest |MC − theory| / SE over the recorded Monte-Carlo points, and its Bonferroni bar. */
  mcMaxZ: number;
  /** Two-sided 5% Bonferroni threshold for that maximum. */
  mcBonferroniZ: number;
  /** (MC − theory)/SE of the last iterate's final risk. */
  mcFinalZ: number;
  /** (MC − theory)/SE of the averaged iterate's final risk. */
  mcAveragedZ: number;
}

/** Run the learning curves, then the Monte-Carlo check; see the module doc. */
export async function main(cfg: typeof defaults, ctx: RunContext): Promise<SgdRiskSummary> {
  const features = cfg.features as FeatureDistribution;
  const curves = sgdLearningCurves({ ...cfg, features }, ctx);
  await ctx.results.set("instance", curves.instance);
  await ctx.results.set("curves", { constant: curves.constant, phases: curves.phases ?? null });
  await ctx.results.set("fits", curves.fits);
  await ctx.results.set("boundRatios", curves.boundRatios);
  await ctx.results.set("plateau", curves.plateau);
  await ctx.results.set("theorySeconds", curves.theorySeconds);
  const mc = sgdMonteCarloCheck(cfg, ctx);
  await ctx.results.set("mc", mc);
  const e = curves.fits.exponents;
  ctx.log(
    `sgd_risk: exponents last bias ${e.lastBias.toFixed(3)}, averaged bias ${
      e.averagedBias.toFixed(3)
    } (target ${e.targetBias.toFixed(3)}); averaged variance ${
      e.averagedVariance.toFixed(3)
    } (target ${e.targetAveragedVariance.toFixed(3)}); plateau ${
      curves.plateau.lastVariance.toExponential(3)
    } vs E_inf ${curves.plateau.stationary.toExponential(3)}; MC max |z| ${
      mc.maxAbsZ.toFixed(2)
    } (Bonferroni ${mc.bonferroniZ.toFixed(2)})`,
  );
  return {
    exponents: e,
    mcMaxZ: mc.maxAbsZ,
    mcBonferroniZ: mc.bonferroniZ,
    mcFinalZ: mc.finalZ,
    mcAveragedZ: mc.averagedZ,
  };
}

/** The stored results figures need. */
interface Stored {
  instance: LearningCurves["instance"];
  curves: { constant: LearningCurves["constant"]; phases: LearningCurves["phases"] | null };
  fits: LearningCurves["fits"];
  mc?: McCheck;
}

/** Learning curves (bias/variance, last/averaged, Zou bound) and the Monte-Carlo check. */
export function figures(r: Stored, cfg: typeof defaults): FigureSpec[] {
  const c = r.curves.constant, e = r.fits.exponents, inst = r.instance;
  const theory: { x: number; y: number; series: string }[] = [];
  c.samples.forEach((x, i) => {
    theory.push({ x, y: c.bias[i], series: "bias, last iterate" });
    theory.push({ x, y: c.variance[i], series: "variance, last iterate" });
    theory.push({ x, y: c.biasAveraged[i], series: "bias, averaged" });
    theory.push({ x, y: c.varianceAveraged[i], series: "variance, averaged" });
  });
  r.fits.N.forEach((N, i) => {
    const v = r.fits.zouVarianceBound[i];
    if (v !== null) theory.push({ x: N * cfg.B0, y: v, series: "Zou variance bound" });
  });
  if (r.curves.phases) {
    const p = r.curves.phases;
    p.samples.forEach((x, i) => theory.push({ x, y: p.risk[i], series: p.label }));
  }
  const out: FigureSpec[] = [{
    name: "learning_curves",
    plot: theoryVsSim({
      theory,
      logX: true,
      logY: true,
      xLabel: "samples",
      yLabel: "excess risk ½‖w−w*‖²_H",
      title: `SGD on power-law linear regression (d = ${inst.d}, a = ${inst.a}, b = ${inst.b}, ` +
        `σ² = ${inst.sigma2})`,
      subtitle: `fits: bias ${e.lastBias.toFixed(3)} / ${e.averagedBias.toFixed(3)} (target ${
        e.targetBias.toFixed(3)
      }), averaged variance ${e.averagedVariance.toFixed(3)} (target ${
        e.targetAveragedVariance.toFixed(3)
      })`,
    }),
  }];
  if (r.mc) {
    const m = r.mc;
    const series = `R = ${m.repetitions}`;
    out.push({
      name: "mc_check",
      plot: theoryVsSim({
        theory: m.theory.samples.map((x, k) => ({ x, y: m.theory.risk[k], series }))
          .filter((p) => p.x > 0),
        sim: m.mc.samples.map((x, k) => ({ x, y: m.mc.risk[k], se: m.mc.se[k], series }))
          .filter((p) => p.x > 0),
        logX: true,
        logY: true,
        xLabel: "samples",
        yLabel: "excess risk",
        title: `Exact recursion (line) vs Monte-Carlo (points ± SE), d = ${m.d}, Rademacher`,
        subtitle: `max |MC − theory| = ${m.maxAbsZ.toFixed(2)} SE over ${m.z.length} points ` +
          `(Bonferroni 5%: ${m.bonferroniZ.toFixed(2)}); final z = ${m.finalZ.toFixed(2)}`,
      }),
    });
    const zs = m.z.map((z, k) => ({
      x: m.mc.samples[k + 1],
      y: z,
      series: "z = (MC − theory)/SE",
    }));
    out.push({
      name: "mc_zscores",
      plot: theoryVsSim({
        theory: [
          ...[-1, 1].flatMap((s) =>
            [zs[0].x, zs[zs.length - 1].x].map((x) => ({
              x,
              y: s * m.bonferroniZ,
              series: `Bonferroni 5% ${s > 0 ? "upper" : "lower"}`,
            }))
          ),
        ],
        sim: zs,
        linesAre: "the two-sided 5% Bonferroni band for this many points",
        logX: true,
        xLabel: "samples",
        yLabel: "z-score",
        title: "Monte-Carlo residuals in standard errors",
      }),
    });
  }
  return out;
}

/**
 * Memory preflight: the recursion holds ≈ 16 length-d f64 vectors (spectrum, target, second
 * moments and running averages of bias and variance); the Monte-Carlo holds R × mcD iterates and
 * their averages; recorded curves are ≤ 1024 points.
 */
export function memoryBytes(c: typeof defaults): { bytes: number; key: "d" | "mcReps" } {
  const theory = 8 * 16 * c.d, mc = 8 * 2 * c.mcReps * c.mcD;
  return { bytes: theory + mc + 8 * 16 * 1024, key: theory >= mc ? "d" : "mcReps" };
}

/** The experiment as a runnable script. */
export const spec: ScriptSpec<typeof defaults> = {
  name: "sgd_risk",
  description:
    "SGD on power-law linear regression (arXiv:2506.15535): exact bias/variance learning curves, averaged iterates, exponent fits, Zou bounds, Monte-Carlo check.",
  defaults,
  help,
  presets,
  choices: { features: ["gaussian", "rademacher"] },
  figures,
  validate: (c) => {
    checkLearningCurvesConfig({ ...c, features: c.features as FeatureDistribution });
    checkMcConfig(c);
  },
  memoryBytes,
  main,
};

if (import.meta.main) await cliMain(() => runScript(spec, Deno.args));
