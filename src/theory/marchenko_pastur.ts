/**
 * Marchenko–Pastur law of the sample covariance `Σ̂ = X Xᵀ/P` of P isotropic samples in D
 * dimensions, in the limit `P/D = α` (ratio `c = D/P = 1/α`), with a quadrature rule for
 * integrals against it.
 *
 * @module
 */

/** A quadrature rule for `∫ f(λ) dμ_MP(λ)` (continuous part plus an atom at 0). */
export interface MarchenkoPasturRule {
  /** ratio α = P/D. */
  alpha: number;
  /** quadrature nodes in `[λ₋, λ₊]`. */
  lambda: Float64Array;
  /** weights: `Σ w_i f(λ_i) ≈ ∫ f ρ_MP dλ` over the continuous part (total mass min(1, α)). */
  weight: Float64Array;
  /** mass of the atom at λ = 0, `max(0, 1 − α)`. */
  atom: number;
  /** edges `λ± = (1 ± sqrt(1/α))²`. */
  edges: [number, number];
}

/**
 * Quadrature rule for the Marchenko–Pastur law with ratio `c = 1/α`:
 * density `ρ(λ) = sqrt((λ₊−λ)(λ−λ₋))/(2π c λ)` on `[λ₋, λ₊]`, `λ± = (1 ± √c)²`, plus an atom of
 * mass `1 − α` at 0 when α < 1. Uses the substitution `λ = m + h cos θ` and the midpoint rule in
 * θ (spectrally accurate for smooth integrands, including `f(λ)/λ` at the hard edge α = 1), as for
 * the deep-scaling results (arXiv:2510.01098; PAPERS.md, "Deep linear attention ICL").
 *
 * @param alpha α = P/D > 0
 * @param options `nodes` (default 4000)
 * @returns nodes, weights, atom mass and edges
 */
export function marchenkoPasturRule(
  alpha: number,
  options: { nodes?: number } = {},
): MarchenkoPasturRule {
  if (!(alpha > 0) || !Number.isFinite(alpha)) {
    throw new Error(
      `marchenkoPasturRule: argument "alpha" must be a positive number, got ${alpha}`,
    );
  }
  const n = options.nodes ?? 4000;
  if (!Number.isInteger(n) || n < 2) {
    throw new Error(`marchenkoPasturRule: argument "nodes" must be an integer ≥ 2, got ${n}`);
  }
  const c = 1 / alpha;
  const lo = (1 - Math.sqrt(c)) ** 2;
  const hi = (1 + Math.sqrt(c)) ** 2;
  const mid = (lo + hi) / 2;
  const h = (hi - lo) / 2;
  const lambda = new Float64Array(n);
  const weight = new Float64Array(n);
  const dth = Math.PI / n;
  for (let i = 0; i < n; i++) {
    const th = (i + 0.5) * dth;
    const s = Math.sin(th);
    const lam = mid + h * Math.cos(th);
    lambda[i] = lam;
    // ρ(λ)|dλ/dθ| dθ = h² sin²θ/(2π c λ) dθ
    weight[i] = (h * h * s * s) / (2 * Math.PI * c * lam) * dth;
  }
  return { alpha, lambda, weight, atom: Math.max(0, 1 - alpha), edges: [lo, hi] };
}

/**
 * `∫ f(λ) dμ_MP(λ)` including the atom at 0 (f(0) times its mass), for a rule from
 * {@linkcode marchenkoPasturRule}.
 *
 * @param rule the quadrature rule
 * @param f integrand
 * @returns the integral
 */
export function marchenkoPasturIntegral(
  rule: MarchenkoPasturRule,
  f: (lambda: number) => number,
): number {
  let s = 0;
  for (let i = 0; i < rule.lambda.length; i++) s += rule.weight[i] * f(rule.lambda[i]);
  if (rule.atom > 0) s += rule.atom * f(0);
  return s;
}

/**
 * Marchenko–Pastur density of the continuous part at `lambda`, for ratio α = P/D (c = D/P):
 * `ρ(λ) = sqrt((λ₊−λ)(λ−λ₋))/(2π c λ)` on `[λ₋, λ₊]`, `λ± = (1 ± √c)²`, 0 outside (Marchenko &
 * Pastur 1967). It integrates to min(1, α); for α < 1 the rest is the atom at 0. Equivalently the
 * eigenvalue density of `XᵀX/n` for an n×d standard Gaussian X with γ = d/n = c.
 *
 * @param lambda eigenvalue
 * @param alpha α = P/D > 0
 * @returns the density at `lambda`
 */
export function marchenkoPasturDensity(lambda: number, alpha: number): number {
  if (!(alpha > 0) || !Number.isFinite(alpha)) {
    throw new Error(
      `marchenkoPasturDensity: argument "alpha" must be a positive number, got ${alpha}`,
    );
  }
  const c = 1 / alpha;
  const lo = (1 - Math.sqrt(c)) ** 2;
  const hi = (1 + Math.sqrt(c)) ** 2;
  if (!(lambda > lo && lambda < hi)) return 0;
  return Math.sqrt((hi - lambda) * (lambda - lo)) / (2 * Math.PI * c * lambda);
}
