/**
 * Online learning of a sign perceptron from a sign-perceptron teacher, described by two summary
 * statistics R = w·w⋆/N and Q = w·w/N (teacher norm T = 1): example E1 of the summary-statistics
 * perspective (arXiv:2504.16920; PAPERS.md "Summary statistics"; Engel & Van den Broeck 2001).
 * Hebbian learning has a
 * closed form; the perceptron rule is an ODE.
 *
 * @module
 */

import { integrateOde } from "./ode_integrators.ts";

/** ε_g = arccos(ρ)/π, ρ = R/√(QT): generalisation error of a sign perceptron (arXiv:2504.16920; PAPERS.md "Summary statistics"). */
export function perceptronGeneralizationError(
  overlaps: { R: number; Q: number; T?: number },
): number {
  const T = overlaps.T ?? 1;
  if (!(overlaps.Q >= 0 && T > 0)) {
    throw new Error(
      `perceptronGeneralizationError: need Q >= 0 and T > 0, got Q=${overlaps.Q}, T=${T}`,
    );
  }
  if (overlaps.Q === 0) return 0.5;
  const rho = Math.max(-1, Math.min(1, overlaps.R / Math.sqrt(overlaps.Q * T)));
  return Math.acos(rho) / Math.PI;
}

/**
 * Exact overlaps of Hebbian learning w ← w + (η/√N) y x from (R₀, Q₀) (arXiv:2504.16920; PAPERS.md
 * "Summary statistics"):
 * R = R₀ + η√(2/π) α, Q = Q₀ + 2η√(2/π) R₀ α + (2/π) η² α² + η² α (T = 1).
 */
export function hebbianOverlaps(
  alpha: number,
  options: { learningRate: number; R0?: number; Q0?: number },
): { R: number; Q: number } {
  if (!(alpha >= 0)) {
    throw new Error(`hebbianOverlaps: argument "alpha" must be >= 0, got ${alpha}`);
  }
  const eta = options.learningRate, R0 = options.R0 ?? 0, Q0 = options.Q0 ?? 0;
  const k = Math.sqrt(2 / Math.PI);
  return {
    R: R0 + eta * k * alpha,
    Q: Q0 + 2 * eta * k * R0 * alpha + (2 / Math.PI) * eta * eta * alpha * alpha +
      eta * eta * alpha,
  };
}

/**
 * Hebbian learning curve from w = 0: ε_g(α) = (1/π) arccos((1 + π/(2α))^{−1/2}), independent of
 * η; ε_g ≈ 1/√(2πα) at large α (arXiv:2504.16920; PAPERS.md "Summary statistics").
 */
export function hebbianGeneralizationError(alpha: number): number {
  if (!(alpha >= 0)) {
    throw new Error(`hebbianGeneralizationError: argument "alpha" must be >= 0, got ${alpha}`);
  }
  if (alpha === 0) return 0.5;
  return Math.acos(1 / Math.sqrt(1 + Math.PI / (2 * alpha))) / Math.PI;
}

/**
 * Perceptron-rule ODEs (update only on errors, w ← w + (η/√N) y x Θ(−yλ); arXiv:2504.16920):
 * dR/dα = η(1 − ρ)/√(2π), dQ/dα = −2η√Q(1 − ρ)/√(2π) + η² arccos(ρ)/π, ρ = R/√Q.
 */
export function perceptronRuleRhs(
  overlaps: { R: number; Q: number },
  options: { learningRate: number },
): { dR: number; dQ: number } {
  const { R, Q } = overlaps;
  const eta = options.learningRate;
  const rho = Q > 0 ? Math.max(-1, Math.min(1, R / Math.sqrt(Q))) : 0;
  const s = (1 - rho) / Math.sqrt(2 * Math.PI);
  return {
    dR: eta * s,
    dQ: -2 * eta * Math.sqrt(Math.max(Q, 0)) * s + eta * eta * Math.acos(rho) / Math.PI,
  };
}

/** Integrates the perceptron-rule ODEs (RK4, step dAlpha, default 0.01) and records at `alphas`. */
export function integratePerceptronRule(
  initial: { R: number; Q: number },
  options: {
    learningRate: number;
    alphas: readonly number[];
    dAlpha?: number;
    method?: "rk4" | "euler";
  },
): { alpha: number[]; R: number[]; Q: number[]; generalizationError: number[] } {
  const tr = integrateOde(
    (_t, y, out) => {
      const d = perceptronRuleRhs({ R: y[0], Q: y[1] }, options);
      out[0] = d.dR;
      out[1] = d.dQ;
    },
    [initial.R, initial.Q],
    {
      tEnd: options.alphas[options.alphas.length - 1] ?? 0,
      dt: options.dAlpha ?? 0.01,
      recordAt: options.alphas,
      method: options.method,
    },
  );
  const R = tr.states.map((s) => s[0]), Q = tr.states.map((s) => s[1]);
  return {
    alpha: tr.times,
    R,
    Q,
    generalizationError: R.map((r, i) => perceptronGeneralizationError({ R: r, Q: Q[i] })),
  };
}
