/**
 * Sample-wise double descent in τ = n/d² (arXiv:2405.11751 §4, Fig. 1; PAPERS.md): e_ICL and
 * e_IDG of the ridgeless Γ* diverge at the interpolation threshold τ = 1, ridge λ > 0 removes the
 * peak. Theory (d → ∞ closed forms) on a τ grid that is dense on both sides of τ = 1, simulation
 * (closed-form Γ* at finite d, exact finite-ℓ error) at the configured τ values.
 * @module
 */
import { foldIn, key } from "../../random/mod.ts";
import type { IclTaskLaw } from "../../data/icl_tasks.ts";
import {
  gammaTestError,
  pnasIclErrorRidge,
  pnasIclErrorRidgeless,
  pnasIdgErrorRidgeless,
  poolTaskMoments,
} from "../../theory/mod.ts";
import { linspace, logspace } from "../../stats/mod.ts";
import { checkPositive, checkPositiveInt } from "../../errors/mod.ts";
import type { RunContext } from "../../run/mod.ts";
import { fitIclGamma, isotropicMoments, seedStats } from "./fit.ts";

/** Knobs of {@link doubleDescent}. */
export interface DoubleDescentConfig {
  /** dimension d of the simulation. */
  d: number;
  /** α = ℓ/d. */
  alpha: number;
  /** label-noise variance ρ. */
  rho: number;
  /** ridge λ of the "ridgeless" fits. */
  lambda: number;
  /** seeds per simulated τ. */
  seeds: number;
  /** base seed. */
  seed: number;
  /** task law of the simulation. */
  taskLaw: IclTaskLaw;
  /** κ = k/d. */
  kappa: number;
  /** simulated τ values. */
  taus: number[];
  /** ridge values λ > 0 drawn as theory curves. */
  ridges: number[];
  /** if > 0, also simulate at this ridge. */
  ridgeSimLambda: number;
  /** contexts per GEMM chunk. */
  chunk: number;
}

/** One simulated τ (at ridge `lambda`), theory and simulation side by side. */
export interface DoubleDescentRow {
  /** Dimension d. */
  d: number;
  /** α = ℓ/d. */
  alpha: number;
  /** κ = k/d. */
  kappa: number;
  /** τ = n/d². */
  tau: number;
  /** Label-noise variance ρ. */
  rho: number;
  /** Ridge λ. */
  lambda: number;
  /** e_ICL, theory (d → ∞). */
  eIclTheory: number;
  /** Simulated e_ICL, mean over seeds. */
  eIclSim: number;
  /** Its standard error. */
  eIclSimSe: number;
  /** e_ICL of each seed. */
  eIclSeeds: number[];
  /** e_IDG, theory (d → ∞; NaN off the ridgeless case). */
  eIdgTheory: number;
  /** Simulated e_IDG (pool tasks), mean over seeds. */
  eIdgSim: number;
  /** Its standard error. */
  eIdgSimSe: number;
  /** (sim − theory)/theory of e_ICL. */
  relErrIcl: number;
  /** (sim − theory)/theory of e_IDG (null off the ridgeless case). */
  relErrIdg: number | null;
}

/** Theory curves of the double-descent figure (d → ∞). */
export interface DoubleDescentTheory {
  /** α = ℓ/d. */
  alpha: number;
  /** κ = k/d. */
  kappa: number;
  /** Label-noise variance ρ. */
  rho: number;
  /** τ grid (never exactly 1; dense within 0.3 of it). */
  taus: number[];
  /** ridgeless e_ICL at each τ (grows without bound as τ → 1). */
  eIcl: number[];
  /** ridgeless e_IDG at each τ. */
  eIdg: number[];
  /** e_ICL at each ridge λ > 0 (finite everywhere). */
  ridge: { lambda: number; eIcl: number[] }[];
}

/** Summary of the double-descent check against the 13% bar of PAPERS.md (|τ − 1| ≥ 0.3). */
export interface DoubleDescentSummary {
  /** max |sim − theory|/theory of the ridgeless e_ICL over τ with |τ − 1| ≥ 0.3. */
  maxRelErrIcl: number;
  /** τ of that maximum. */
  maxRelErrIclTau: number;
  /** simulation ≥ theory at every such τ (finite-d excess, iso). */
  simAboveTheory: boolean;
  /** the bar (0.13 at d = 32). */
  bound: number;
  /** maxRelErrIcl ≤ bound. */
  withinBound: boolean;
}

/**
 * τ grid of the theory curves: 79 even steps on [0.1, 4] without τ = 1, plus 24 points on each
 * side of τ = 1 at geometric distances from 1e-3 to 0.3, sorted.
 */
export function doubleDescentTauGrid(): number[] {
  const near = logspace(1e-3, 0.3, 24).flatMap((h) => [1 - h, 1 + h]);
  const even = linspace(0.1, 4, 79).filter((t) => Math.abs(t - 1) > 1e-9);
  return [...new Set([...even, ...near])].sort((a, b) => a - b);
}

/**
 * Theory and simulation of the double descent in τ (arXiv:2405.11751 Fig. 1). Appends each
 * simulated row to `results.doubleDescent` as it finishes; sets `results.doubleDescentTheory`.
 *
 * @param c sizes, τ values, ridges, seeds
 * @param ctx run context (progress, results)
 * @returns the rows, the theory curves and the summary
 */
export async function doubleDescent(
  c: DoubleDescentConfig,
  ctx: RunContext,
): Promise<
  { rows: DoubleDescentRow[]; theory: DoubleDescentTheory; summary: DoubleDescentSummary }
> {
  const fn = "doubleDescent";
  checkPositiveInt(fn, "d", c.d);
  checkPositiveInt(fn, "seeds", c.seeds);
  checkPositive(fn, "alpha", c.alpha);
  checkPositive(fn, "kappa", c.kappa);
  checkPositive(fn, "lambda", c.lambda);
  c.taus.forEach((t, i) => checkPositive(fn, `taus[${i}]`, t));
  c.ridges.forEach((l, i) => checkPositive(fn, `ridges[${i}]`, l));
  const root = key(c.seed);
  const ell = Math.round(c.alpha * c.d);
  const taus = doubleDescentTauGrid();
  const pAt = (tau: number) => ({ alpha: c.alpha, kappa: c.kappa, tau, rho: c.rho });
  const ridges = [...c.ridges];
  if (c.ridgeSimLambda > 0 && !ridges.includes(c.ridgeSimLambda)) ridges.push(c.ridgeSimLambda);
  const theory: DoubleDescentTheory = {
    alpha: c.alpha,
    kappa: c.kappa,
    rho: c.rho,
    taus,
    eIcl: taus.map((t) => pnasIclErrorRidgeless(pAt(t))),
    eIdg: taus.map((t) => pnasIdgErrorRidgeless(pAt(t))),
    ridge: ridges.map((lambda) => ({
      lambda,
      eIcl: taus.map((t) => pnasIclErrorRidge({ ...pAt(t), lambda })),
    })),
  };
  await ctx.results.set("doubleDescentTheory", theory);
  const lambdas = c.ridgeSimLambda > 0 ? [c.lambda, c.ridgeSimLambda] : [c.lambda];
  const bar = ctx.progress("double descent in τ", lambdas.length * c.taus.length * c.seeds);
  const rows: DoubleDescentRow[] = [];
  const base = { alpha: c.alpha, rho: c.rho, taskLaw: c.taskLaw, chunk: c.chunk };
  for (const lam of lambdas) {
    for (const tau of c.taus) {
      const icl: number[] = [];
      const idg: number[] = [];
      for (let s = 0; s < c.seeds; s++) {
        const f = fitIclGamma(foldIn(foldIn(root, 1), s * 1000 + Math.round(tau * 100)), {
          ...base,
          lambda: lam,
          d: c.d,
          kappa: c.kappa,
          tau,
        });
        icl.push(gammaTestError(f.gamma, isotropicMoments(c.d, c.rho), { contextLength: ell }));
        if (f.pool) {
          const pool = poolTaskMoments(f.pool, { dim: c.d, rho: c.rho });
          idg.push(gammaTestError(f.gamma, pool, { contextLength: ell }));
        }
        bar.tick();
      }
      const ridgeless = lam === c.lambda;
      const thIcl = ridgeless
        ? pnasIclErrorRidgeless(pAt(tau))
        : pnasIclErrorRidge({ ...pAt(tau), lambda: lam });
      const thIdg = ridgeless ? pnasIdgErrorRidgeless(pAt(tau)) : NaN;
      const si = seedStats(icl);
      const sd = seedStats(idg);
      const row: DoubleDescentRow = {
        d: c.d,
        alpha: c.alpha,
        kappa: c.kappa,
        tau,
        rho: c.rho,
        lambda: lam,
        eIclTheory: thIcl,
        eIclSim: si.mean,
        eIclSimSe: si.se,
        eIclSeeds: icl,
        eIdgTheory: thIdg,
        eIdgSim: sd.mean,
        eIdgSimSe: sd.se,
        relErrIcl: (si.mean - thIcl) / thIcl,
        relErrIdg: ridgeless ? (sd.mean - thIdg) / thIdg : null,
      };
      rows.push(row);
      await ctx.results.append("doubleDescent", row);
    }
  }
  bar.done();
  const far = rows.filter((r) => r.lambda === c.lambda && Math.abs(r.tau - 1) >= 0.3);
  let worst = far[0];
  for (const r of far) if (Math.abs(r.relErrIcl) > Math.abs(worst.relErrIcl)) worst = r;
  const bound = 0.13;
  const maxRel = far.length > 0 ? Math.abs(worst.relErrIcl) : NaN;
  const summary: DoubleDescentSummary = {
    maxRelErrIcl: maxRel,
    maxRelErrIclTau: far.length > 0 ? worst.tau : NaN,
    simAboveTheory: far.every((r) => r.eIclSim >= r.eIclTheory),
    bound,
    withinBound: maxRel <= bound,
  };
  return { rows, theory, summary };
}
