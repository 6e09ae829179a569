/**
 * Pretrain–test task alignment (arXiv:2509.26551 §4, Figs. 1 and 6; PAPERS.md): e_ICL of Γ*
 * trained on power-law tasks C_train = diag(j^−p_train), tested on the aligned, the reversed and
 * a weakest-directions C_test, against κ (theory and simulation); the "more diversity can hurt"
 * theory panel and the rank-r transition (theory, C_test = C_train).
 * @module
 */
import { foldIn, key } from "../../random/mod.ts";
import type { IclTaskLaw } from "../../data/icl_tasks.ts";
import { lowRankSpectrum, powerLawSpectrum } from "../../data/icl_covariances.ts";
import { gammaTestError, gaussianTaskMoments, iclAlignmentError } from "../../theory/mod.ts";
import { logspace } from "../../stats/mod.ts";
import { checkInRange, checkPositive, checkPositiveInt } from "../../errors/mod.ts";
import type { RunContext } from "../../run/mod.ts";
import { fitIclGamma, seedStats } from "./fit.ts";

/** Knobs of {@link alignment}. */
export interface AlignmentConfig {
  /** dimension d of the simulation. */
  d: number;
  /** α = ℓ/d. */
  alpha: number;
  /** label-noise variance ρ. */
  rho: number;
  /** ridge λ of the fits. */
  lambda: number;
  /** seeds per κ. */
  seeds: number;
  /** base seed. */
  seed: number;
  /** task law. */
  taskLaw: IclTaskLaw;
  /** contexts per GEMM chunk. */
  chunk: number;
  /** τ of the simulation. */
  alignTau: number;
  /** exponent p_train of C_train. */
  pTrain: number;
  /** fraction of the weakest C_train directions carrying the weak-direction test. */
  weakFraction: number;
  /** simulated κ values. */
  alignKappas: number[];
  /** p_train of the "more diversity hurts" panel. */
  hurtPTrain: number;
  /** weakest directions carrying C_test in that panel. */
  hurtWeakDirections: number;
  /** r/d of the low-rank C_train of the rank-transition panel. */
  rankFractions: number[];
  /** dimension of the theory panels. */
  heatD: number;
  /** τ of the theory panels. */
  heatTau: number;
}

/** Theory and simulation of one test covariance at one κ. */
export interface AlignmentCell {
  /** Theory (d → ∞). */
  theory: number;
  /** Simulated mean over seeds. */
  sim: number;
  /** Its standard error. */
  simSe: number;
  /** (sim − theory)/theory. */
  relErr: number;
  /** The value of each seed. */
  seeds: number[];
}

/** One simulated κ: the three test covariances. */
export interface AlignmentRow {
  /** Dimension d. */
  d: number;
  /** α = ℓ/d. */
  alpha: number;
  /** τ = n/d². */
  tau: number;
  /** κ = k/d. */
  kappa: number;
  /** Label-noise variance ρ. */
  rho: number;
  /** Exponent p_train of C_train. */
  pTrain: number;
  /** C_test = C_train (same order). */
  aligned: AlignmentCell;
  /** C_test with the C_train spectrum in reverse order. */
  reversed: AlignmentCell;
  /** The test covariance on the weakest C_train directions. */
  "weak directions": AlignmentCell;
}

/** Names of the three test covariances. */
export const ALIGNMENT_TESTS = ["aligned", "reversed", "weak directions"] as const;

/** Summary of the alignment checks. */
export interface AlignmentSummary {
  /** max |sim − theory|/theory over κ and the three tests. */
  maxRelErr: number;
  /** Aligned < reversed at every simulated κ (simulation). */
  alignedBelowReversedSim: boolean;
  /** Aligned < reversed at every simulated κ (theory). */
  alignedBelowReversedTheory: boolean;
  /** The weakest-directions theory curve increases in κ. */
  weakIncreasesInKappaTheory: boolean;
  /** The aligned theory curve decreases in κ. */
  alignedDecreasesInKappaTheory: boolean;
}

/**
 * Alignment simulation and theory panels. Appends rows to `results.alignment`; sets
 * `results.alignmentTheory`, `results.diversityHurts` and `results.rankTransition`.
 *
 * @param c sizes, spectra, κ values, seeds
 * @param ctx run context
 * @returns the rows and the summary
 */
export async function alignment(
  c: AlignmentConfig,
  ctx: RunContext,
): Promise<{ rows: AlignmentRow[]; summary: AlignmentSummary }> {
  const fn = "alignment";
  checkPositiveInt(fn, "d", c.d);
  checkPositiveInt(fn, "seeds", c.seeds);
  checkInRange(fn, "weakFraction", c.weakFraction, 0, 1);
  c.alignKappas.forEach((k, i) => checkPositive(fn, `alignKappas[${i}]`, k));
  c.rankFractions.forEach((f, i) => checkInRange(fn, `rankFractions[${i}]`, f, 0, 1));
  const root = key(c.seed);
  const d = c.d;
  const ell = Math.round(c.alpha * d);
  const train = powerLawSpectrum(d, { exponent: c.pTrain });
  const nw = Math.max(1, Math.round(c.weakFraction * d));
  const weak = new Float64Array(d);
  for (let i = d - nw; i < d; i++) weak[i] = d / nw;
  const tests: Float64Array[] = [train, train.slice().reverse(), weak];
  const p0 = { alpha: c.alpha, tau: c.alignTau, rho: c.rho };
  const kappas = logspace(0.1, 20, 50);
  await ctx.results.set("alignmentTheory", {
    d,
    alpha: c.alpha,
    tau: c.alignTau,
    pTrain: c.pTrain,
    weakDirections: nw,
    kappas,
    curves: Object.fromEntries(ALIGNMENT_TESTS.map((name, i) => [
      name,
      kappas.map((kappa) => iclAlignmentError(train, tests[i], { ...p0, kappa }).eIcl),
    ])),
  });
  const bar = ctx.progress("alignment", c.alignKappas.length * c.seeds);
  const rows: AlignmentRow[] = [];
  for (const kappa of c.alignKappas) {
    const errs: number[][] = tests.map(() => []);
    for (let s = 0; s < c.seeds; s++) {
      const f = fitIclGamma(foldIn(foldIn(root, 4), s * 1000 + Math.round(kappa * 100)), {
        d,
        alpha: c.alpha,
        kappa,
        tau: c.alignTau,
        rho: c.rho,
        lambda: c.lambda,
        trainSpectrum: train,
        taskLaw: c.taskLaw,
        chunk: c.chunk,
      });
      tests.forEach((cov, i) =>
        errs[i].push(
          gammaTestError(f.gamma, gaussianTaskMoments(cov, { dim: d, rho: c.rho }), {
            contextLength: ell,
          }),
        )
      );
      bar.tick();
    }
    const cell = (i: number): AlignmentCell => {
      const th = iclAlignmentError(train, tests[i], { ...p0, kappa }).eIcl;
      const st = seedStats(errs[i]);
      return {
        theory: th,
        sim: st.mean,
        simSe: st.se,
        relErr: (st.mean - th) / th,
        seeds: errs[i],
      };
    };
    const row: AlignmentRow = {
      d,
      alpha: c.alpha,
      tau: c.alignTau,
      kappa,
      rho: c.rho,
      pTrain: c.pTrain,
      aligned: cell(0),
      reversed: cell(1),
      "weak directions": cell(2),
    };
    rows.push(row);
    await ctx.results.append("alignment", row);
  }
  bar.done();
  const hurtRows = await diversityHurts(c, ctx);
  await rankTransition(c, ctx);
  const summary: AlignmentSummary = {
    maxRelErr: Math.max(...rows.flatMap((r) => ALIGNMENT_TESTS.map((n) => Math.abs(r[n].relErr)))),
    alignedBelowReversedSim: rows.every((r) => r.aligned.sim < r.reversed.sim),
    alignedBelowReversedTheory: rows.every((r) => r.aligned.theory < r.reversed.theory),
    weakIncreasesInKappaTheory: hurtRows.every((r, i) =>
      i === 0 || r.weakDirections >= hurtRows[i - 1].weakDirections - 1e-12
    ),
    alignedDecreasesInKappaTheory: hurtRows.every((r, i) =>
      i === 0 || r.aligned <= hurtRows[i - 1].aligned + 1e-12
    ),
  };
  return { rows, summary };
}

/**
 * "More diversity can hurt" (arXiv:2509.26551 §4): theory E_ICL against κ when C_test lives on the
 * weakest C_train directions (p_train = hurtPTrain), beside the aligned p_train = p_test = 1 case.
 * Sets `results.diversityHurts`.
 */
async function diversityHurts(
  c: AlignmentConfig,
  ctx: RunContext,
): Promise<{ kappa: number; weakDirections: number; aligned: number }[]> {
  const dH = c.heatD;
  const trH = powerLawSpectrum(dH, { exponent: c.hurtPTrain });
  const weakH = new Float64Array(dH);
  const nH = Math.max(1, Math.min(dH, c.hurtWeakDirections));
  for (let i = dH - nH; i < dH; i++) weakH[i] = dH / nH;
  const alH = powerLawSpectrum(dH, { exponent: 1 });
  const rows = logspace(0.05, 40, 50).map((kappa) => {
    const pH = { alpha: c.alpha, tau: c.heatTau, rho: c.rho, kappa };
    return {
      kappa,
      weakDirections: iclAlignmentError(trH, weakH, pH).eIcl,
      aligned: iclAlignmentError(alH, alH, pH).eIcl,
    };
  });
  await ctx.results.set("diversityHurts", {
    d: dH,
    alpha: c.alpha,
    tau: c.heatTau,
    pTrain: c.hurtPTrain,
    weakDirections: nH,
    rows,
  });
  return rows;
}

/**
 * Rank-r pretraining covariance (arXiv:2509.26551 appendix): the κ-transition sits near κ ≈ r/d,
 * with C_test = C_train (PAPERS.md). Sets `results.rankTransition`.
 */
async function rankTransition(c: AlignmentConfig, ctx: RunContext): Promise<void> {
  const rows = [];
  for (const frac of c.rankFractions) {
    const cov = lowRankSpectrum(c.heatD, { rank: Math.max(1, Math.round(frac * c.heatD)) });
    for (const kappa of logspace(0.02, 20, 60)) {
      const e = iclAlignmentError(cov, cov, { alpha: c.alpha, tau: c.heatTau, rho: c.rho, kappa })
        .eIcl;
      rows.push({ rankFraction: frac, kappa, eIclTheory: e });
    }
  }
  await ctx.results.set("rankTransition", { d: c.heatD, alpha: c.alpha, tau: c.heatTau, rows });
}
