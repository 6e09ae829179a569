/**
 * Headline numbers of a kinetic glass run (arXiv:2507.18461; PAPERS.md "Kinetic glass"),
 * collected from its results: max |ĉ_τ − c_τ| per comparison, the Gaussian relative error, the
 * reverse-engineering residuals and the optional variants' errors.
 * @module
 */
import type { KineticGlassResults } from "./figures.ts";
import type { FiniteSizeResult } from "./finite_size.ts";

/** Headline numbers of a run. */
export interface KineticGlassSummary {
  /** max_{1≤τ≤maxLag} |ĉ_τ − c_τ| per comparison label. */
  maxAbsError: Record<string, number>;
  /** Gaussian relative error where c_τ ≥ 0.1 c₀. */
  gaussianMaxRelError?: number;
  /** Reverse engineering: forward-DMFT residual and simulation error per variant. */
  design?: Record<string, { forwardResidual: number; simMaxAbsError: number }>;
  /** Error-vs-N table and fitted slopes. */
  scaling?: FiniteSizeResult;
  /** Potts/softmax variant: max_{1≤τ≤maxLag} |ĉ_τ − c_τ|. */
  pottsMaxAbsError?: number;
  /** Partially symmetric couplings: max_{1≤τ≤maxLag} |ĉ_τ − c_τ| per case. */
  symMaxAbsError?: Record<string, number>;
}

/** Collects the {@link KineticGlassSummary} of whatever experiments ran. */
export function summarizeKineticGlass(r: KineticGlassResults): KineticGlassSummary {
  const s: KineticGlassSummary = { maxAbsError: {} };
  const note = (...cs: { label: string; maxAbsError: number }[]) =>
    cs.forEach((c) => (s.maxAbsError[c.label] = c.maxAbsError));
  if (r.main) note(r.main);
  if (r.figA1) note(...r.figA1);
  if (r.figA2) note(r.figA2);
  if (r.figA3) {
    note(r.figA3.safe, r.figA3.critical);
    s.gaussianMaxRelError = r.figA3.safe.maxRelErrorWhereLarge;
  }
  if (r.figA4) note(r.figA4.moderate, r.figA4.strong);
  if (r.figA5) note({ label: "A5 transient", maxAbsError: r.figA5.maxAbsError });
  if (r.figA6) {
    s.design = {};
    for (const [v, d] of Object.entries(r.figA6)) {
      if (d === undefined) continue;
      note(d.comparison);
      s.design[v] = { forwardResidual: d.forwardResidual, simMaxAbsError: d.simMaxAbsError };
    }
  }
  if (r.scaling) {
    r.scaling.N.forEach((N, i) => (s.maxAbsError[`scaling N=${N}`] = r.scaling!.error[i]));
    s.scaling = r.scaling;
  }
  if (r.potts) s.pottsMaxAbsError = r.potts.maxAbsError;
  if (r.sym) {
    s.symMaxAbsError = Object.fromEntries(
      Object.entries(r.sym).map(([k, v]) => [k, v.maxAbsError]),
    );
  }
  return s;
}
