/**
 * Finite-d extrapolation of the simulated e_ICL (PAPERS.md, icl_linear_attention section): the
 * closed-form Γ* at d ∈ extrapDims, fitted as e(d) = e∞ + c/d, against the d → ∞ theory of
 * arXiv:2405.11751 (isotropic ridgeless e_ICL). The primary faithfulness criterion: |e∞ − theory|
 * within 3% of theory.
 * @module
 */
import { foldIn, key } from "../../random/mod.ts";
import type { IclTaskLaw } from "../../data/icl_tasks.ts";
import { gammaTestError, pnasIclErrorRidgeless } from "../../theory/mod.ts";
import { ArgumentError, checkPositiveInt } from "../../errors/mod.ts";
import type { RunContext } from "../../run/mod.ts";
import { fitIclGamma, isotropicMoments, seedStats } from "./fit.ts";

/** Knobs of {@link extrapolation}. */
export interface ExtrapolationConfig {
  /** α = ℓ/d. */
  alpha: number;
  /** label-noise variance ρ. */
  rho: number;
  /** ridge λ of the fits. */
  lambda: number;
  /** task law. */
  taskLaw: IclTaskLaw;
  /** contexts per GEMM chunk. */
  chunk: number;
  /** base seed. */
  seed: number;
  /** dimensions of the fit. */
  extrapDims: number[];
  /** seeds per dimension (same length as extrapDims). */
  extrapSeeds: number[];
  /** κ of each extrapolated point. */
  extrapKappas: number[];
  /** τ of each extrapolated point (paired with extrapKappas). */
  extrapTaus: number[];
  /** also simulate d = 48 at every point (outside the primary fit; enters the large-d fit). */
  checkD48: boolean;
}

/** One simulated dimension of one extrapolated point. */
export interface ExtrapolationRow {
  /** κ = k/d. */
  kappa: number;
  /** τ = n/d². */
  tau: number;
  /** Dimension d. */
  d: number;
  /** Simulated mean over seeds. */
  sim: number;
  /** Its standard error. */
  simSe: number;
  /** Theory (d → ∞). */
  theory: number;
  /** (sim − theory)/theory. */
  relErr: number;
  /** The value of each seed. */
  seeds: number[];
}

/** The 1/d fit of one point against theory. */
export interface ExtrapolationFit {
  /** κ = k/d. */
  kappa: number;
  /** τ = n/d². */
  tau: number;
  /** fitted d → ∞ intercept e∞. */
  eInf: number;
  /** its standard error (from the per-d standard errors). */
  eInfSe: number;
  /** fitted c of c/d. */
  slope: number;
  /** Theory (d → ∞). */
  theory: number;
  /** (e∞ − theory)/theory. */
  relErr: number;
  /** the bar on |relErr| (0.03). */
  bound: number;
  /**
   * The same fit over the simulated dimensions without the smallest (e.g. d = 24, 32, 48 when
   * d = 48 was simulated); null with fewer than 3 such dimensions.
   */
  largeD: { dims: number[]; eInf: number; eInfSe: number; slope: number; relErr: number } | null;
  /** The simulated dimensions. */
  rows: ExtrapolationRow[];
}

/**
 * Weighted least squares `e(d) = e∞ + c/d` over the rows (weights 1/max(se, 1e-4)²).
 *
 * @param rows per-dimension means `sim` and standard errors `simSe`
 * @returns intercept e∞, its standard error and the slope c
 */
export function fitInverseDimension(
  rows: readonly { d: number; sim: number; simSe: number }[],
): { eInf: number; eInfSe: number; slope: number } {
  if (rows.length < 2) {
    throw new ArgumentError("fitInverseDimension", "rows", "at least 2 dimensions", rows.length);
  }
  let sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const r of rows) {
    const w = 1 / Math.max(r.simSe, 1e-4) ** 2;
    const x = 1 / r.d;
    sw += w;
    sx += w * x;
    sy += w * r.sim;
    sxx += w * x * x;
    sxy += w * x * r.sim;
  }
  const slope = (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
  const eInf = (sy - slope * sx) / sw;
  const eInfSe = Math.sqrt(sxx / (sw * sxx - sx * sx));
  return { eInf, eInfSe, slope };
}

/**
 * Simulate each (κ, τ) point at every d of extrapDims (plus d = 48 if checkD48), fit e∞ + c/d
 * over extrapDims (and over the dimensions above the smallest), compare with theory. Appends rows to `results.extrapolation`, sets
 * `results.extrapolationFit`.
 *
 * @param c sizes, points, seeds
 * @param ctx run context
 * @returns one fit per point
 */
export async function extrapolation(
  c: ExtrapolationConfig,
  ctx: RunContext,
): Promise<ExtrapolationFit[]> {
  const fn = "extrapolation";
  if (c.extrapDims.length !== c.extrapSeeds.length) {
    throw new ArgumentError(
      fn,
      "extrapSeeds",
      `an array of length ${c.extrapDims.length} (as extrapDims)`,
      c.extrapSeeds,
    );
  }
  if (c.extrapKappas.length !== c.extrapTaus.length) {
    throw new ArgumentError(
      fn,
      "extrapTaus",
      `an array of length ${c.extrapKappas.length} (as extrapKappas)`,
      c.extrapTaus,
    );
  }
  c.extrapDims.forEach((d, i) => checkPositiveInt(fn, `extrapDims[${i}]`, d));
  c.extrapSeeds.forEach((s, i) => checkPositiveInt(fn, `extrapSeeds[${i}]`, s));
  const root = key(c.seed);
  const fits: ExtrapolationFit[] = [];
  for (const [pi, kappa] of c.extrapKappas.entries()) {
    const tau = c.extrapTaus[pi];
    const th = pnasIclErrorRidgeless({ alpha: c.alpha, kappa, tau, rho: c.rho });
    const dims = c.checkD48 ? [...c.extrapDims, 48] : c.extrapDims;
    const seedsFor = (i: number) => (i < c.extrapSeeds.length ? c.extrapSeeds[i] : 2);
    const bar = ctx.progress(
      `1/d extrapolation κ=${kappa} τ=${tau}`,
      dims.reduce((a, _, i) => a + seedsFor(i), 0),
    );
    const rows: ExtrapolationRow[] = [];
    for (const [i, d] of dims.entries()) {
      const v: number[] = [];
      for (let s = 0; s < seedsFor(i); s++) {
        const f = fitIclGamma(foldIn(foldIn(foldIn(root, 5), pi), d * 1000 + s), {
          d,
          alpha: c.alpha,
          kappa,
          tau,
          rho: c.rho,
          lambda: c.lambda,
          taskLaw: c.taskLaw,
          chunk: c.chunk,
        });
        v.push(
          gammaTestError(f.gamma, isotropicMoments(d, c.rho), {
            contextLength: Math.round(c.alpha * d),
          }),
        );
        bar.tick();
      }
      const st = seedStats(v);
      const row = {
        kappa,
        tau,
        d,
        sim: st.mean,
        simSe: st.se,
        theory: th,
        relErr: (st.mean - th) / th,
        seeds: v,
      };
      rows.push(row);
      await ctx.results.append("extrapolation", row);
    }
    bar.done();
    const fit = fitInverseDimension(rows.filter((r) => c.extrapDims.includes(r.d)));
    const dMin = Math.min(...rows.map((r) => r.d));
    const large = rows.filter((r) => r.d > dMin);
    let largeD: ExtrapolationFit["largeD"] = null;
    if (large.length >= 3) {
      const f = fitInverseDimension(large);
      largeD = { dims: large.map((r) => r.d), ...f, relErr: (f.eInf - th) / th };
    }
    fits.push({
      kappa,
      tau,
      ...fit,
      theory: th,
      relErr: (fit.eInf - th) / th,
      bound: 0.03,
      largeD,
      rows,
    });
  }
  await ctx.results.set("extrapolationFit", fits);
  return fits;
}
