/**
 * Small helpers shared by the Seesaw experiments: down-sampled risk curves for results.json and
 * the labels of the (α, β) phase schedules (Seesaw, arXiv:2510.14717 §3; PAPERS.md, Seesaw).
 * @module
 */
import type { SgdRiskCurve } from "../../theory/mod.ts";

/** A risk curve as stored in results.json: progress in samples and steps, the excess risk. */
export interface RiskCurve {
  /** Samples seen at each recorded point. */
  samples: number[];
  /** Optimizer steps taken at each recorded point. */
  steps: number[];
  /** Excess risk at each point. */
  risk: number[];
  /** Standard error of a Monte-Carlo mean (simulation curves only). */
  se?: number[];
}

/**
 * Down-sample a recursion curve to at most about 400 points, keeping the last one.
 *
 * @param r the solver's curve (`sgdRiskRecursion`)
 * @returns samples, steps and risk of the kept points
 */
export function curveOf(r: SgdRiskCurve): RiskCurve {
  const n = r.steps.length;
  const stride = Math.max(1, Math.floor(n / 400));
  const out: RiskCurve = { samples: [], steps: [], risk: [] };
  for (let k = 0; k < n; k += stride) {
    out.samples.push(r.samples[k]);
    out.steps.push(r.steps[k]);
    out.risk.push(r.risk[k]);
  }
  if (out.steps[out.steps.length - 1] !== r.steps[n - 1]) {
    out.samples.push(r.samples[n - 1]);
    out.steps.push(r.steps[n - 1]);
    out.risk.push(r.risk[n - 1]);
  }
  return out;
}

/**
 * A readable label of a schedule factor that is a power of two in quarter steps ("1", "2",
 * "√2", "2^(1/4)", …); other values with four significant digits.
 *
 * @param x the factor (α or β)
 * @returns its label
 */
export function factorLabel(x: number): string {
  const l = Math.log2(x);
  if (Math.abs(l) < 1e-12) return "1";
  if (Math.abs(l - 1) < 1e-12) return "2";
  if (Math.abs(l - Math.round(l)) < 1e-12) return String(2 ** Math.round(l));
  const q = Math.round(l * 4);
  const names: Record<number, string> = { 1: "2^(1/4)", 2: "√2", 3: "2^(3/4)", 6: "2^(3/2)" };
  if (Math.abs(l * 4 - q) < 1e-12 && names[q]) return names[q];
  return x.toPrecision(4);
}

/** The label "(α, β)" of a phase schedule. */
export function scheduleLabel(alpha: number, beta: number): string {
  return `(${factorLabel(alpha)}, ${factorLabel(beta)})`;
}
