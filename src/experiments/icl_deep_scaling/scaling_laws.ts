/**
 * Scaling laws of the RRS deep model (arXiv:2510.01098 Result 8; PAPERS.md):
 * `L(t, N, L, P) ≈ c_t t^{−β/(2+β)} + c_N N^{−νβ} + c_L L^{−β} + c_P P^{−νβ}`. Each term is
 * computed from its own mode sum (depth: optimised L-step GD; width: rank-N projection; context:
 * min-norm interpolation of P examples; time: infinite-depth gradient flow), its log-log slope
 * is fitted over ≥ 3 sizes and compared with the predicted exponent; plus the compute-optimal
 * shape L ∝ N^ν at fixed compute N^a·L.
 * @module
 */
import {
  computeOptimalShape,
  contextScalingTerm,
  depthScalingTerm,
  scalingExponents,
  timeScalingTerm,
  widthScalingTerm,
} from "../../theory/mod.ts";
import { fitLogLogSlope } from "../../stats/mod.ts";
import { ArgumentError } from "../../errors/mod.ts";
import type { RunContext } from "../../run/mod.ts";

/** Knobs of {@link scalingLaws}. */
export interface ScalingLawsConfig {
  /** capacity ν. */
  nu: number;
  /** source β. */
  beta: number;
  /** modes in the sums. */
  modes: number;
  /** depths of the depth fit. */
  lawDepths: number[];
  /** widths of the width fit. */
  lawWidths: number[];
  /** context lengths of the context fit. */
  lawContexts: number[];
  /** times of the time fit. */
  lawTimes: number[];
  /** a in the compute model C = N^a·L. */
  computeWidthExponent: number;
}

/** A fitted exponent against its prediction. */
export interface ExponentFit {
  /** fitted log-log slope. */
  fitted: number;
  /** predicted slope (Result 8). */
  predicted: number;
}

/** The four laws: sizes, loss terms and fits; and the compute-optimal shape. */
export interface ScalingLawsResult {
  /** capacity ν. */
  nu: number;
  /** source β. */
  beta: number;
  /** modes in the sums. */
  modes: number;
  /** depth term at each L. */
  depth: { depth: number; loss: number }[];
  /** width term at each N. */
  width: { width: number; loss: number }[];
  /** context term at each P. */
  context: { context: number; loss: number }[];
  /** time term at each t. */
  time: { time: number; loss: number }[];
  /** fitted vs predicted exponents. */
  fits: { depth: ExponentFit; width: ExponentFit; context: ExponentFit; time: ExponentFit };
  /** the compute-optimal shape. */
  computeOptimal: {
    /** a of C = N^a·L. */
    widthExponentA: number;
    /** grid optimum and continuous power-law optimum per compute budget. */
    rows: {
      compute: number;
      gridWidth: number;
      gridDepth: number;
      gridLoss: number;
      powerLawWidth: number;
      powerLawDepth: number;
    }[];
    /** iso-compute loss curves over width. */
    curves: { compute: number; width: number; depth: number; loss: number }[];
    /** log-log slope of the grid-optimal depth against width. */
    fittedDepthVsWidthSlope: number;
    /** predicted slope ν. */
    predicted: number;
  };
}

/** Summary: fits, max |fitted − predicted| and its tolerance. */
export interface ScalingLawsSummary {
  /** fitted vs predicted per law. */
  exponents: ScalingLawsResult["fits"] & { maxAbsDiff: number; tolerance: number };
  /** depth-vs-width slope of the compute-optimal shape. */
  computeOptimal: { fittedDepthVsWidthSlope: number; predicted: number };
}

/**
 * Compute the four scaling-law terms, fit their exponents, and the compute-optimal shape. Sets
 * `results.scalingLaws`.
 *
 * @param c ν, β, modes, sizes of each law (≥ 3 each), compute exponent a
 * @param ctx run context
 * @returns the laws and the summary
 */
export async function scalingLaws(
  c: ScalingLawsConfig,
  ctx: RunContext,
): Promise<{ result: ScalingLawsResult; summary: ScalingLawsSummary }> {
  for (const k of ["lawDepths", "lawWidths", "lawContexts", "lawTimes"] as const) {
    if (c[k].length < 3) {
      throw new ArgumentError("scalingLaws", k, "at least 3 sizes (a scaling claim)", c[k]);
    }
  }
  const p = { nu: c.nu, beta: c.beta, modes: c.modes };
  const ex = scalingExponents(p);
  const dL = c.lawDepths.map((L) => depthScalingTerm(L, p));
  const wN = c.lawWidths.map((N) => widthScalingTerm(N, p));
  const cP = c.lawContexts.map((P) => contextScalingTerm(P, p));
  const tT = Array.from(timeScalingTerm(c.lawTimes, p));
  const fits = {
    depth: { fitted: fitLogLogSlope(c.lawDepths, dL).slope, predicted: ex.depth },
    width: { fitted: fitLogLogSlope(c.lawWidths, wN).slope, predicted: ex.width },
    context: { fitted: fitLogLogSlope(c.lawContexts, cP).slope, predicted: ex.context },
    time: { fitted: fitLogLogSlope(c.lawTimes, tT).slope, predicted: ex.time },
  };
  // compute-optimal: loss(N, L) = widthTerm(N) + depthTerm(L) along N^a L = C
  const a = c.computeWidthExponent;
  const small = { ...p, modes: Math.min(c.modes, 4000) };
  const rows: ScalingLawsResult["computeOptimal"]["rows"] = [];
  const curves: ScalingLawsResult["computeOptimal"]["curves"] = [];
  for (const C of [1e3, 1e4, 1e5, 1e6]) {
    let best = { N: 0, L: 0, loss: Infinity };
    for (let i = 0; i <= 24; i++) {
      const N = 2 ** (1 + (i / 24) * Math.log2(C ** (1 / a)) - 1);
      const L = Math.max(1, Math.round(C / N ** a));
      if (N < 2) continue;
      const loss = widthScalingTerm(N, small) + depthScalingTerm(L, small);
      curves.push({ compute: C, width: N, depth: L, loss });
      if (loss < best.loss) best = { N, L, loss };
    }
    const cf = computeOptimalShape(C, { nu: c.nu, beta: c.beta, a });
    rows.push({
      compute: C,
      gridWidth: best.N,
      gridDepth: best.L,
      gridLoss: best.loss,
      powerLawWidth: cf.width,
      powerLawDepth: cf.depth,
    });
  }
  const shapeFit = fitLogLogSlope(rows.map((r) => r.gridWidth), rows.map((r) => r.gridDepth))
    .slope;
  const result: ScalingLawsResult = {
    nu: c.nu,
    beta: c.beta,
    modes: c.modes,
    depth: c.lawDepths.map((L, i) => ({ depth: L, loss: dL[i] })),
    width: c.lawWidths.map((N, i) => ({ width: N, loss: wN[i] })),
    context: c.lawContexts.map((P, i) => ({ context: P, loss: cP[i] })),
    time: c.lawTimes.map((t, i) => ({ time: t, loss: tT[i] })),
    fits,
    computeOptimal: {
      widthExponentA: a,
      rows,
      curves,
      fittedDepthVsWidthSlope: shapeFit,
      predicted: c.nu,
    },
  };
  await ctx.results.set("scalingLaws", result);
  return {
    result,
    summary: {
      exponents: {
        ...fits,
        maxAbsDiff: Math.max(...Object.values(fits).map((f) => Math.abs(f.fitted - f.predicted))),
        tolerance: 0.07,
      },
      computeOptimal: { fittedDepthVsWidthSlope: shapeFit, predicted: c.nu },
    },
  };
}
