/**
 * Fig A6 of the kinetic glass study (arXiv:2507.18461; PAPERS.md "Kinetic glass"): reverse
 * engineering of the coupling covariance Γ for a target stationary correlation
 * c*_τ = ratio^τ (τ < K). The diagonal sums G_m are designed by alternating a linear solve with
 * the forward stationary solver, Γ is realised as a Toeplitz matrix when that is positive
 * semidefinite and as a rank-one spectral factor otherwise, and the forward DMFT and a
 * simulation of the designed model are compared with the target.
 * @module
 */
import {
  designDiagonalSums,
  diagonalSums,
  kineticGlassStationary,
  spectralFactorGamma,
  toeplitzGamma,
} from "../../theory/mod.ts";
import type { RunContext } from "../../run/mod.ts";
import type { Comparison } from "./compare.ts";
import { runComparison, type SimulationSettings } from "./settings.ts";

/** Variants the design supports. */
export type DesignVariant = "spherical" | "ising";

/** Config of {@link reverseEngineering}. */
export interface ReverseEngineeringConfig {
  /** Context length K of the designed Γ. */
  K: number;
  /** Target c*_τ = ratio^τ for τ < K. */
  ratio: number;
  /** Ising field scale q₀ = Q(0). */
  isingFieldVariance: number;
  /** Spherical field scale q₀. */
  sphericalFieldVariance: number;
  /** Variants to design, in the order spherical, ising. */
  variants: readonly DesignVariant[];
  /** Simulation size and window. */
  settings: SimulationSettings;
  /** Seed of the first designed variant's simulation; the next uses seed + 1. */
  seed: number;
}

/** One designed variant. */
export interface DesignedModel {
  /** Target c*_0…c*_{K−1}. */
  target: number[];
  /** Designed diagonal sums G_0…G_{K−1}. */
  sums: number[];
  /** Realised Γ. */
  gamma: number[][];
  /** "toeplitz" or "spectral factor (rank one)". */
  realisation: string;
  /** Forward stationary c_0…c_maxLag of the realised Γ. */
  forward: number[];
  /** max_{τ<K} |c_τ − c*_τ| of the forward solver. */
  forwardResidual: number;
  /** Simulation of the realised model vs its transient DMFT. */
  comparison: Comparison;
  /** max_{1≤τ<K} |ĉ_τ − c*_τ|. */
  simMaxAbsError: number;
}

/** Designs Γ for each requested variant and checks it forward and in simulation. */
export function reverseEngineering(
  cfg: ReverseEngineeringConfig,
  ctx: RunContext,
): Promise<Partial<Record<DesignVariant, DesignedModel>>> {
  const K = cfg.K;
  const target = Array.from({ length: K }, (_, tau) => cfg.ratio ** tau);
  const out: Partial<Record<DesignVariant, DesignedModel>> = {};
  let seed = cfg.seed;
  for (const variant of ["spherical", "ising"] as const) {
    if (!cfg.variants.includes(variant)) continue;
    const d = designDiagonalSums(target, {
      variant,
      sigma: 1,
      fieldVariance: variant === "ising" ? cfg.isingFieldVariance : cfg.sphericalFieldVariance,
      maxLag: 60,
    });
    const toe = toeplitzGamma(d.sums);
    const gamma = toe.positiveSemidefinite ? toe.gamma : spectralFactorGamma(d.sums);
    const fwd = kineticGlassStationary(diagonalSums(gamma), { variant, sigma: 1, maxLag: 60 });
    let res = 0;
    for (let tau = 0; tau < K; tau++) res = Math.max(res, Math.abs(fwd.c[tau] - target[tau]));
    const r = runComparison(ctx, cfg.settings, {
      label: `A6 ${variant}`,
      gamma,
      variant,
      sigma: variant === "ising" ? 0 : 1,
      seed: seed++,
    });
    let simErr = 0;
    for (let tau = 1; tau < K; tau++) simErr = Math.max(simErr, Math.abs(r.sim[tau] - target[tau]));
    out[variant] = {
      target,
      sums: Array.from(d.sums),
      gamma,
      realisation: toe.positiveSemidefinite ? "toeplitz" : "spectral factor (rank one)",
      forward: Array.from(fwd.c.slice(0, cfg.settings.maxLag + 1)),
      forwardResidual: res,
      comparison: r,
      simMaxAbsError: simErr,
    };
    ctx.log(
      `kinetic_glass: A6 ${variant}: forward residual ${res.toExponential(2)}, sim max|ĉ−c*| ${
        simErr.toFixed(4)
      }`,
    );
  }
  return Promise.resolve(out);
}
