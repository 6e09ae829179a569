/**
 * kinetic_glass: extended-context disordered kinetic spin models and their DMFT, after
 * Zavatone-Veth & Pehlevan (arXiv:2507.18461; what reproduces: PAPERS.md "Kinetic glass").
 * Experiments (src/experiments/kinetic_glass/): main (configurable comparison), a1 (Ising K = 2,
 * cross-lag ρ; ρ = 0 gives white tokens), a2 (Ising K = 3, tail decay ratio), a3 (Gaussian
 * variant, spectrum, stability), a4 (spherical), a5 (transients), a6 (reverse-engineered Γ),
 * scaling (error vs N), potts, sym (partially symmetric couplings), tail (finite-N bias of the
 * simulated tail). `deno run -A scripts/kinetic_glass.ts`; `--full`; `--preset=tail`.
 * @module
 */
import {
  checkCouplingCovariance,
  KINETIC_VARIANTS,
  type KineticVariant,
} from "../src/theory/mod.ts";
import { checkChoice } from "../src/errors/mod.ts";
import {
  cliMain,
  type FigureSpec,
  type RunContext,
  runScript,
  type ScriptSpec,
} from "../src/run/mod.ts";
import {
  contextThree,
  crossLagSweep,
  type DesignVariant,
  finiteSizeScaling,
  gaussianVariant,
  isingTransient,
  kineticGlassFigures,
  kineticGlassMemoryBytes,
  type KineticGlassResults,
  type KineticGlassSummary,
  partiallySymmetric,
  pottsVariant,
  reverseEngineering,
  runComparison,
  sphericalVariant,
  summarizeKineticGlass,
  tailStudy,
  twoLagGamma,
  validateKineticGlass,
} from "../src/experiments/kinetic_glass/mod.ts";

/** Every knob of the script. */
export const defaults = {
  variant: "ising",
  gamma: [[2.25, 1.8], [1.8, 2.25]],
  sigma: 1,
  N: 1000,
  T: 100,
  t0: 30,
  samples: 4,
  chains: 1,
  maxLag: 10,
  g: 1.5,
  rhos: [0, 0.4, 0.8],
  k3Gain: 1,
  k3Decay: 0.9,
  gaussGamma0: 0.8,
  gaussRho: 0.5,
  sphScale: 0.3025,
  sphRho: 0.5,
  sphStrongScale: 2.25,
  sphStrongRho: 0.9,
  sphStrongSigma: 0.5,
  designK: 4,
  designRatio: 0.6,
  designIsingQ0: 25,
  designSphQ0: 4,
  designVariants: ["spherical", "ising"],
  scalingNs: [250, 1000],
  pottsStates: 3,
  pottsBeta: 1.5,
  pottsN: 500,
  pottsT: 60,
  pottsMcSamples: 20000,
  symLambda: 0.5,
  symPaths: 20000,
  tailNs: [125, 250, 500, 1000],
  tailSamples: 64,
  tailFromLag: 5,
  tailZeroDiagonal: false,
  seed: 0,
  experiments: ["main", "a1", "a2", "a3", "a4", "a5", "a6", "scaling", "potts", "sym"],
};

const EXPERIMENTS = "main a1 a2 a3 a4 a5 a6 scaling potts sym tail".split(" ");
const DESIGNS: readonly DesignVariant[] = ["spherical", "ising"];

/** A comment per knob. */
export const help: { [K in keyof typeof defaults]: string } = {
  variant: `token variant of the main comparison: ${KINETIC_VARIANTS.join(" | ")}`,
  gamma: "cross-lag coupling covariance Γ of the main comparison, K×K (--gamma=a,b;c,d)",
  sigma: "noise σ of the Gaussian and spherical variants (main comparison, Fig A3)",
  N: "sites per token",
  T: "generated tokens per run",
  t0: "first time of the stationary window [t0, T]",
  samples: "independent coupling samples J (averaged; SE across them)",
  chains: "chains per coupling sample (> 1: one GEMM per step instead of a GEMV)",
  maxLag: "largest lag τ compared",
  g: "Fig A1 gain g (Γ = g²[[1, ρ], [ρ, 1]])",
  rhos: "Fig A1 cross-lag correlations ρ",
  k3Gain: "Fig A2 gain (Γ = gain·Toeplitz(1, d, d²))",
  k3Decay: "Fig A2 decay d",
  gaussGamma0: "Fig A3 Gaussian variant: γ(0) = 1ᵀΓ1 of the 5%-target run (≤ 0.8)",
  gaussRho: "Fig A3 Gaussian cross-lag ρ (Γ ∝ [[1, ρ], [ρ, 1]])",
  sphScale: "Fig A4 spherical moderate case: Γ = scale·[[1, ρ], [ρ, 1]]",
  sphRho: "Fig A4 spherical moderate ρ",
  sphStrongScale: "Fig A4 strongly correlated spherical case: scale",
  sphStrongRho: "Fig A4 strongly correlated spherical case: ρ",
  sphStrongSigma: "Fig A4 strongly correlated spherical case: σ",
  designK: "Fig A6 context length K of the reverse-engineered Γ",
  designRatio: "Fig A6 target c*_τ = ratio^τ for τ < K",
  designIsingQ0: "Fig A6 Ising field scale q₀ = Q(0) (needs ≳ 22 for ratio 0.6, K = 4)",
  designSphQ0: "Fig A6 spherical field scale q₀",
  designVariants: "Fig A6 variants to design (subset of spherical,ising)",
  scalingNs: "N values of the error-vs-N scaling",
  pottsStates: "Potts/softmax variant: states q per site (Γ of Fig A1, ρ = 0.8)",
  pottsBeta: "Potts/softmax inverse temperature β",
  pottsN: "Potts/softmax sites N",
  pottsT: "Potts/softmax generated tokens",
  pottsMcSamples: "Monte Carlo samples of the Potts DMFT closure (error ≈ 0.2/√samples)",
  symLambda: "partially symmetric couplings: Λ = symLambda·Γ, for K = 1 and Fig A1 Γ",
  symPaths: "population size M of the reaction-term DMFT (error ∝ 1/√M)",
  tailNs: "finite-N tail study: sizes N (Gaussian γ(0) = gaussGamma0 and Fig A2 Ising)",
  tailSamples: "finite-N tail study: coupling samples per N",
  tailFromLag: "finite-N tail study: first lag of the tail mean (up to maxLag)",
  tailZeroDiagonal: "finite-N tail study: zero the self-couplings (J_k)_ii",
  seed: "root seed",
  experiments: `subset of ${EXPERIMENTS.join(",")}`,
};

/** Named presets: `--full` is the whole plan; `--preset=tail` the finite-N tail study alone. */
export const presets = {
  full: { samples: 8, scalingNs: [250, 1000, 4000] },
  tail: { experiments: ["tail"] },
};

/** Runs the selected experiments, stores each under its results.json key, returns the summary. */
export async function main(cfg: typeof defaults, ctx: RunContext): Promise<KineticGlassSummary> {
  const fn = "kinetic_glass";
  const variant: KineticVariant = checkChoice(fn, "variant", cfg.variant, KINETIC_VARIANTS);
  for (const e of cfg.experiments) checkChoice(fn, "experiments", e, EXPERIMENTS);
  const design = cfg.designVariants.map((v) => checkChoice(fn, "designVariants", v, DESIGNS));
  checkCouplingCovariance(fn, cfg.gamma);
  const has = (e: string) => cfg.experiments.includes(e);
  const { N, T, t0, samples, chains, maxLag, g } = cfg;
  const settings = { N, T, t0, samples, chains, maxLag };
  // each comparison draws the next seed in this order (the same numbers for the same seed)
  let next = cfg.seed * 1000;
  const take = (n: number) => (next += n) - n;
  const r: KineticGlassResults = {};
  const put = async <K extends keyof KineticGlassResults>(k: K, v: KineticGlassResults[K]) => {
    r[k] = v;
    await ctx.results.set(k, v);
  };
  if (has("main")) {
    const { gamma, sigma } = cfg;
    const o = { label: `main ${variant}`, gamma, variant, sigma, seed: take(1) };
    await put("main", runComparison(ctx, settings, o));
  }
  if (has("a1")) {
    const o = { g, rhos: cfg.rhos, settings, seed: take(cfg.rhos.length) };
    await put("figA1", await crossLagSweep(o, ctx));
  }
  if (has("a2")) {
    const o = { gain: cfg.k3Gain, decay: cfg.k3Decay, settings, seed: take(1) };
    await put("figA2", await contextThree(o, ctx));
  }
  if (has("a3")) {
    const o = { gamma0: cfg.gaussGamma0, rho: cfg.gaussRho, sigma: cfg.sigma };
    await put("figA3", await gaussianVariant({ ...o, settings, seed: take(2) }, ctx));
  }
  if (has("a4")) {
    const moderate = { scale: cfg.sphScale, rho: cfg.sphRho };
    const strong = { scale: cfg.sphStrongScale, rho: cfg.sphStrongRho, sigma: cfg.sphStrongSigma };
    await put("figA4", await sphericalVariant({ moderate, strong, settings, seed: take(2) }, ctx));
  }
  if (has("a5")) {
    const a5 = await isingTransient({ g, rho: 0.8, settings, seed: take(1) }, ctx);
    await put("figA5", { ...a5.transient, maxAbsError: a5.maxAbsError });
  }
  if (has("a6")) {
    const q0 = { isingFieldVariance: cfg.designIsingQ0, sphericalFieldVariance: cfg.designSphQ0 };
    const o = { K: cfg.designK, ratio: cfg.designRatio, variants: design, settings, ...q0 };
    await put("figA6", await reverseEngineering({ ...o, seed: take(design.length) }, ctx));
  }
  if (has("scaling")) {
    const o = { Ns: cfg.scalingNs, g, rho: 0.8, settings, seed: take(cfg.scalingNs.length) };
    await put("scaling", await finiteSizeScaling(o, ctx));
  }
  if (has("potts")) {
    const o = { states: cfg.pottsStates, beta: cfg.pottsBeta, N: cfg.pottsN, T: cfg.pottsT };
    const mc = { mcSamples: cfg.pottsMcSamples, samples, t0, maxLag, seed: cfg.seed * 1000 + 900 };
    await put("potts", await pottsVariant({ ...o, ...mc, gamma: twoLagGamma(g * g, 0.8) }, ctx));
  }
  if (has("sym")) {
    const base = take(2), o = { lambda: cfg.symLambda, g, paths: cfg.symPaths, settings };
    await put(
      "sym",
      await partiallySymmetric({ ...o, dmftSeed: base + 950, simSeed: base + 970 }, ctx),
    );
  }
  if (has("tail")) {
    await put(
      "tail",
      await tailStudy({
        Ns: cfg.tailNs,
        fromLag: cfg.tailFromLag,
        settings: { ...settings, samples: cfg.tailSamples },
        gaussian: { gamma0: cfg.gaussGamma0, rho: cfg.gaussRho, sigma: cfg.sigma },
        ising: { gain: cfg.k3Gain, decay: cfg.k3Decay },
        seed: cfg.seed * 1000 + 700,
        zeroDiagonal: cfg.tailZeroDiagonal,
      }, ctx),
    );
  }
  const summary = summarizeKineticGlass(r);
  await ctx.results.set("summary", summary);
  return summary;
}

/** Figures from results.json alone (pure): see src/experiments/kinetic_glass/figures.ts. */
export function figures(results: KineticGlassResults, cfg: typeof defaults): FigureSpec[] {
  return kineticGlassFigures(results, cfg);
}

/** The experiment as a runnable script. */
export const spec: ScriptSpec<typeof defaults> = {
  name: "kinetic_glass",
  description:
    "Extended-context kinetic spin models (arXiv:2507.18461): DMFT vs simulation of lagged correlations for Ising/Gaussian/spherical variants, N-scaling, Gaussian stability, reverse-engineered Γ, finite-N tail bias.",
  defaults,
  help,
  presets,
  choices: { variant: KINETIC_VARIANTS },
  figures,
  validate: validateKineticGlass,
  memoryBytes: kineticGlassMemoryBytes,
  main,
};

if (import.meta.main) await cliMain(() => runScript(spec, Deno.args));
