/**
 * Seesaw (arXiv:2510.14717) Theorem 1 and Corollary 1 on the exact risk recursion of
 * power-law linear regression (arXiv:2506.15535 §2; PAPERS.md, Seesaw):
 * - SGD phase schedules with equal αβ = 2: step decay (2, 1), mixed (√2, √2), ramp (1, 2);
 * - NSGD along α√β = 2 (the linear-regression analogue of the paper's Figure 2): the α ≥ √β
 *   variants track step decay, the α < √β ones (more aggressive than Seesaw) do worse.
 * @module
 */
import {
  featureFourthMoment,
  gradientMoments,
  nsgdLrForEffectiveLr,
  powerLawInstance,
  sgdMaxStableLr,
  sgdRiskRecursion,
  sgdSafeLr,
} from "../../theory/mod.ts";
import { phasePlan } from "../../schedules/mod.ts";
import { checkPositiveInt } from "../../errors/mod.ts";
import { curveOf, type RiskCurve, scheduleLabel } from "./curves.ts";

/** The power-law instance and the phase schedules of the family comparison. */
export interface PhaseFamilyConfig {
  /** Dimension d of the instance. */
  d: number;
  /** Capacity exponent a: λ_i = i^{−a}. */
  a: number;
  /** Source exponent b: λ_i (w*_i)² ∝ i^{−b}, ‖w*‖ = 1. */
  b: number;
  /** Label-noise variance σ². */
  sigma2: number;
  /** SGD peak LR; 0 = cEta·B₀/(tr H + (B₀+1)λ₁) (arXiv:2506.15535's safe default). */
  eta: number;
  /** Constant of the SGD safe default. */
  cEta: number;
  /** NSGD: initial effective LR as a fraction of η_max(B₀). */
  nsgdEffectiveLr: number;
  /** Initial batch B₀. */
  B0: number;
  /** Number of phases K. */
  phases: number;
  /** Samples per phase D (equal in every schedule). */
  phaseSamples: number;
}

/** One schedule's outcome; `reference` and `relErr` only on the reference instance. */
export interface FamilyRow {
  /** "(α, β)". */
  name: string;
  /** LR decay per phase. */
  alpha: number;
  /** Batch growth per phase. */
  beta: number;
  /** Serial optimizer steps. */
  steps: number;
  /** Final excess risk. */
  risk: number;
  /** risk / risk of step decay − 1. */
  relToStepDecay: number;
  /** The reference value of PAPERS.md (Seesaw), if this is the reference instance. */
  reference?: number;
  /** |risk − reference| / reference. */
  relErr?: number;
}

/** Result of {@link phaseFamilies}. */
export interface PhaseFamilies {
  /** SGD: (2, 1), (√2, √2), (1, 2). */
  sgd: FamilyRow[];
  /** NSGD: (2, 1), (2^(3/4), √2), (√2, 2), (2^(1/4), 2^(3/2)), (1, 4). */
  nsgd: FamilyRow[];
  /** Risk curves keyed "sgd (α, β)" and "nsgd (α, β)". */
  curves: Record<string, { theory: RiskCurve }>;
  /** The instance's parameters and tr H. */
  instance: { d: number; a: number; b: number; sigma2: number; traceH: number };
  /** SGD LR used. */
  sgdLr: number;
  /** NSGD LR used. */
  nsgdLr: number;
  /** Fourth-moment constant κ of the features (Gaussian: 3). */
  kappa: number;
  /** ρ = ‖E g‖²/E‖g‖² at the start with batch B₀ (≪ 1: variance-dominated). */
  initialRho: number;
  /** Claims: reference values within 1% (null off the reference instance), α ≥ √β within 5%
   * of step decay, α < √β more than 5% worse. */
  claims: {
    referenceWithin1pct: boolean | null;
    admissibleWithin5pct: boolean;
    aggressiveWorse: boolean;
  };
}

/** Reference run of the solver (d = 1000, a = 1.5, b = 2, σ² = 1, B₀ = 8, 5 × 2^16 samples). */
const SGD_REF: Record<string, number> = {
  "(2, 1)": 2.23e-3,
  "(√2, √2)": 2.26e-3,
  "(1, 2)": 2.38e-3,
};
/** The same with NSGD at an initial effective LR of 0.15·η_max(B₀). */
const NSGD_REF: Record<string, number> = {
  "(2, 1)": 1.43e-3,
  "(2^(3/4), √2)": 1.44e-3,
  "(√2, 2)": 1.46e-3,
  "(2^(1/4), 2^(3/2))": 1.59e-3,
  "(1, 4)": 2.59e-3,
};

function isReferenceInstance(c: PhaseFamilyConfig): boolean {
  return c.d === 1000 && c.a === 1.5 && c.b === 2 && c.sigma2 === 1 && c.eta === 0 &&
    c.cEta === 0.5 && c.nsgdEffectiveLr === 0.15 && c.B0 === 8 && c.phases === 5 &&
    c.phaseSamples === 65536;
}

/**
 * Final risks and curves of the SGD (αβ = 2) and NSGD (α√β = 2) phase-schedule families on one
 * power-law instance, each schedule seeing K·D samples (Seesaw Theorem 1 / Corollary 1, Figure 2
 * analogue).
 *
 * @param c instance and schedule parameters
 * @returns rows, curves and claims
 */
export function phaseFamilies(c: PhaseFamilyConfig): PhaseFamilies {
  for (const k of ["d", "B0", "phases", "phaseSamples"] as const) {
    checkPositiveInt("phaseFamilies", k, c[k]);
  }
  const inst = powerLawInstance(c.d, { a: c.a, b: c.b });
  const ref = isReferenceInstance(c);
  const curves: PhaseFamilies["curves"] = {};
  const recordEvery = Math.max(1, Math.floor((c.phases * c.phaseSamples) / c.B0 / 2000));
  const run = (
    lr: number,
    family: [number, number][],
    normalized: boolean,
    refs: Record<string, number>,
  ): FamilyRow[] => {
    const rows: FamilyRow[] = [];
    let base = NaN;
    for (const [alpha, beta] of family) {
      const plan = phasePlan({
        lr,
        batch: c.B0,
        phaseSamples: c.phaseSamples,
        phases: c.phases,
        lrDecay: alpha,
        batchGrowth: beta,
      });
      const r = sgdRiskRecursion(inst.lambda, {
        m0: inst.wStarSq,
        sigma2: c.sigma2,
        plan,
        normalized: normalized || undefined,
        recordEvery,
      });
      if (Number.isNaN(base)) base = r.finalRisk;
      const name = scheduleLabel(alpha, beta);
      curves[`${normalized ? "nsgd" : "sgd"} ${name}`] = { theory: curveOf(r) };
      const reference = ref ? refs[name] : undefined;
      rows.push({
        name,
        alpha,
        beta,
        steps: plan.steps,
        risk: r.finalRisk,
        relToStepDecay: r.finalRisk / base - 1,
        reference,
        relErr: reference ? Math.abs(r.finalRisk - reference) / reference : undefined,
      });
    }
    return rows;
  };
  const sgdLr = c.eta > 0 ? c.eta : sgdSafeLr(inst, { batch: c.B0, c: c.cEta });
  const sgd = run(sgdLr, [[2, 1], [Math.SQRT2, Math.SQRT2], [1, 2]], false, SGD_REF);
  const nsgdLr = nsgdLrForEffectiveLr(inst.lambda, inst.wStarSq, {
    effectiveLr: c.nsgdEffectiveLr * sgdMaxStableLr(inst, { batch: c.B0 }),
    batch: c.B0,
    sigma2: c.sigma2,
  });
  const nsgd = run(
    nsgdLr,
    [
      [2, 1],
      [2 ** 0.75, 2 ** 0.5],
      [2 ** 0.5, 2],
      [2 ** 0.25, 2 ** 1.5],
      [1, 4],
    ],
    true,
    NSGD_REF,
  );
  const admissible = nsgd.filter((v) => v.alpha >= Math.sqrt(v.beta) - 1e-12);
  const aggressive = nsgd.filter((v) => v.alpha < Math.sqrt(v.beta) - 1e-12);
  return {
    sgd,
    nsgd,
    curves,
    instance: { d: c.d, a: c.a, b: c.b, sigma2: c.sigma2, traceH: inst.traceH },
    sgdLr,
    nsgdLr,
    kappa: featureFourthMoment("gaussian"),
    initialRho: gradientMoments(inst.lambda, inst.wStarSq, { batch: c.B0, sigma2: c.sigma2 }).rho,
    claims: {
      referenceWithin1pct: ref
        ? [...sgd, ...nsgd].every((v) => v.relErr !== undefined && v.relErr < 0.01)
        : null,
      admissibleWithin5pct: admissible.every((v) => Math.abs(v.relToStepDecay) <= 0.05),
      aggressiveWorse: aggressive.every((v) => v.relToStepDecay > 0.05),
    },
  };
}
