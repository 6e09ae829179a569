/**
 * Theory against simulation: pointwise errors and z-scores `(sim − theory) / SE`, the summary
 * every paper's PAPERS.md row reports ("within k SE", "max |error| ≤ tol").
 * @module
 */
import { ArgumentError } from "../errors/mod.ts";

/** Pointwise and summary comparison of a simulated curve with its theory. */
export interface TheorySimComparison {
  /** Number of points compared. */
  n: number;
  /** `sim − theory` per point. */
  errors: number[];
  /** `(sim − theory) / se` per point (NaN where no SE was given or se = 0). */
  z: number[];
  /** Largest `|sim − theory|`. */
  maxAbsError: number;
  /** Index of that point. */
  argMaxAbsError: number;
  /** Largest `|sim − theory| / |theory|` over points with theory ≠ 0. */
  maxRelError: number;
  /** Largest `|z|` over points with a positive SE (NaN if none). */
  maxAbsZ: number;
  /** Root-mean-square z over points with a positive SE (≈ 1 when the SEs are honest). */
  rmsZ: number;
}

/**
 * Compare `sim` (with optional standard errors `se`) to `theory`, point by point. All arrays must
 * have the same length and finite entries; `se` entries must be ≥ 0.
 */
export function compareTheorySim(options: {
  theory: ArrayLike<number>;
  sim: ArrayLike<number>;
  se?: ArrayLike<number>;
}): TheorySimComparison {
  const { theory, sim, se } = options;
  const fn = "compareTheorySim";
  if (sim.length !== theory.length) {
    throw new ArgumentError(fn, "sim", `length ${theory.length} (as theory)`, sim.length);
  }
  if (se !== undefined && se.length !== theory.length) {
    throw new ArgumentError(fn, "se", `length ${theory.length} (as theory)`, se.length);
  }
  if (theory.length === 0) throw new ArgumentError(fn, "theory", "at least 1 point", 0);
  const errors: number[] = [];
  const z: number[] = [];
  let maxAbs = -1, arg = 0, maxRel = 0, maxZ = NaN, sumZ2 = 0, nZ = 0;
  for (let i = 0; i < theory.length; i++) {
    if (!Number.isFinite(theory[i])) {
      throw new ArgumentError(fn, `theory[${i}]`, "finite", theory[i]);
    }
    if (!Number.isFinite(sim[i])) throw new ArgumentError(fn, `sim[${i}]`, "finite", sim[i]);
    const e = sim[i] - theory[i];
    errors.push(e);
    if (Math.abs(e) > maxAbs) {
      maxAbs = Math.abs(e);
      arg = i;
    }
    if (theory[i] !== 0) maxRel = Math.max(maxRel, Math.abs(e / theory[i]));
    let zi = NaN;
    if (se !== undefined) {
      const s = se[i];
      if (!(s >= 0) || !Number.isFinite(s)) {
        throw new ArgumentError(fn, `se[${i}]`, "finite ≥ 0", s);
      }
      if (s > 0) {
        zi = e / s;
        sumZ2 += zi * zi;
        nZ++;
        maxZ = Number.isNaN(maxZ) ? Math.abs(zi) : Math.max(maxZ, Math.abs(zi));
      }
    }
    z.push(zi);
  }
  return {
    n: theory.length,
    errors,
    z,
    maxAbsError: maxAbs,
    argMaxAbsError: arg,
    maxRelError: maxRel,
    maxAbsZ: maxZ,
    rmsZ: nZ > 0 ? Math.sqrt(sumZ2 / nZ) : NaN,
  };
}
