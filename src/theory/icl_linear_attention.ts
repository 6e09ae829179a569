/**
 * Closed-form asymptotic ICL and IDG errors of the reduced linear-attention model with isotropic
 * tasks (Lu, Letey, Zavatone-Veth, Maiti, Pehlevan, "Asymptotic theory of in-context learning by
 * linear attention", arXiv:2405.11751, PNAS 2025; PAPERS.md, "Asymptotic
 * theory of ICL").
 *
 * Conventions (Parts A/B): `x ~ N(0, I/d)`, `α = ℓ/d`, `κ = k/d`, `τ = n/d²`, ridge
 * `(n/d) λ ‖Γ‖²`, noise ρ, `x* = (1 + ρ)/α`.
 *
 * @module
 */

import { brentRoot } from "./bracketed_root.ts";
import { wishartStieltjesIsotropic } from "./wishart_resolvent.ts";

/** Parameters (α, κ, τ, ρ) of the isotropic PNAS setting. */
export interface PnasParams {
  /** α = ℓ/d. */
  alpha: number;
  /** κ = k/d (Infinity: fresh task per context). */
  kappa: number;
  /** τ = n/d². */
  tau: number;
  /** ρ, label-noise variance. */
  rho: number;
}

function check(fn: string, p: PnasParams): void {
  for (const name of ["alpha", "kappa", "tau"] as const) {
    const v = p[name];
    if (!(v > 0) || Number.isNaN(v) || (name === "alpha" && !Number.isFinite(v))) {
      throw new Error(`${fn}: argument "${name}" must be a positive number, got ${v}`);
    }
  }
  if (!(p.rho >= 0) || !Number.isFinite(p.rho)) {
    throw new Error(`${fn}: argument "rho" must be a finite number ≥ 0, got ${p.rho}`);
  }
}

const M = (z: number, kappa: number) => wishartStieltjesIsotropic(z, { kappa });

/**
 * Ridgeless (λ → 0) asymptotic ICL error, PNAS arXiv:2405.11751 (its asymptotic formulas):
 * - τ < 1: `τ(1+x*)/(1−τ)·[1 − τ(1−μ*)² − μ*(x*−ρ)/x*] − 2τ(1−μ*) + 1 + ρ`, `μ* = x* M_{κ/τ}(x*)`;
 * - τ > 1: `(1+x*)[1 − 2x*m* − x*²M'(x*) + m*(ρ + x* − x*²m*)/(τ−1)] − 2(1 − x*m*) + 1 + ρ`.
 * Infinity at τ = 1.
 *
 * @param p α, κ, τ, ρ
 * @returns e_ICL (includes the noise ρ of the target)
 */
export function pnasIclErrorRidgeless(p: PnasParams): number {
  check("pnasIclErrorRidgeless", p);
  const { alpha, kappa, tau, rho } = p;
  const x = (1 + rho) / alpha;
  if (tau === 1) return Infinity;
  if (tau < 1) {
    const mu = x * M(x, kappa / tau).m;
    return (tau * (1 + x)) / (1 - tau) * (1 - tau * (1 - mu) ** 2 - (mu * (x - rho)) / x) -
      2 * tau * (1 - mu) + 1 + rho;
  }
  const { m, dm } = M(x, kappa);
  const extra = tau === Infinity ? 0 : (m * (rho + x - x * x * m)) / (tau - 1);
  return (1 + x) * (1 - 2 * x * m - x * x * dm + extra) - 2 * (1 - x * m) + 1 + rho;
}

/**
 * Ridgeless asymptotic IDG (in-distribution, pool-task) error, PNAS arXiv:2405.11751 (its asymptotic
 * formulas):
 * - τ > 1: `τ(ρ + x*(1 − x*m*))/(τ − 1)`;
 * - τ < 1: with `μ̃ = 2x* / (x* + 1 − τ/κ + sqrt(4x*τ/κ + (x*+1−τ/κ)²))`, `ε = (1−τ)x* / (τμ̃)`,
 *   `c = 1/(1 − κ/(1 + κε/(1−τ))²)`:
 *   `τ[(x*+ε)²/ε + (ρ + x* − 2x*(1−τ)(x* / ε + 1))/(1 − τ − c(1−τ)²)]`.
 *
 * @param p α, κ, τ, ρ
 * @returns e_IDG (Infinity at τ = 1)
 */
export function pnasIdgErrorRidgeless(p: PnasParams): number {
  check("pnasIdgErrorRidgeless", p);
  const { alpha, kappa, tau, rho } = p;
  const x = (1 + rho) / alpha;
  if (tau === 1) return Infinity;
  if (tau > 1) {
    const m = M(x, kappa).m;
    if (tau === Infinity) return rho + x * (1 - x * m);
    return (tau * (rho + x * (1 - x * m))) / (tau - 1);
  }
  const tk = tau / kappa;
  const muT = (2 * x) / (x + 1 - tk + Math.sqrt(4 * x * tk + (x + 1 - tk) ** 2));
  const eps = ((1 - tau) * x) / (tau * muT);
  const c = kappa === Infinity ? 1 : 1 / (1 - kappa / (1 + (kappa * eps) / (1 - tau)) ** 2);
  return tau *
    ((x + eps) ** 2 / eps +
      (rho + x - 2 * x * (1 - tau) * (x / eps + 1)) / (1 - tau - c * (1 - tau) ** 2));
}

/**
 * Ridge (λ > 0) asymptotic ICL error, PNAS arXiv:2405.11751 (its infinite-τ form,
 * generalised): solve `1 − τ + τλ/ε − ε M_κ(x*+ε) = 0` for ε > 0; with `ν = x* + ε`,
 * `S = M_κ(ν)`, `S' = M'_κ(ν)`,
 * `c_e = [ρ + ν − ν²S − ε(1 − 2νS − ν²S')]/[1 − 2εS − ε²S' − τ]` and
 * `e_ICL = (1+x*)(1 − 2νS − ν²S' − c_e(S + εS')) − 2(1 − νS) + 1 + ρ`.
 *
 * @param p α, κ, τ, ρ and the ridge `lambda` > 0
 * @returns e_ICL
 */
export function pnasIclErrorRidge(p: PnasParams & { lambda: number }): number {
  const fn = "pnasIclErrorRidge";
  check(fn, p);
  if (!(p.lambda > 0) || !Number.isFinite(p.lambda)) {
    throw new Error(`${fn}: argument "lambda" must be a positive number, got ${p.lambda}`);
  }
  const { alpha, kappa, tau, rho, lambda } = p;
  const x = (1 + rho) / alpha;
  const g = (e: number) => 1 - tau + (tau * lambda) / e - e * M(x + e, kappa).m;
  let lo = 1e-300;
  let hi = 1;
  while (g(hi) > 0) hi *= 2;
  lo = hi / 2;
  while (g(lo) < 0 && lo > 1e-300) lo /= 2;
  const eps = brentRoot(g, [lo, hi], { tol: 1e-16 * hi });
  const nu = x + eps;
  const { m: s, dm: sp } = M(nu, kappa);
  const ce = (rho + nu - nu * nu * s - eps * (1 - 2 * nu * s - nu * nu * sp)) /
    (1 - 2 * eps * s - eps * eps * sp - tau);
  return (1 + x) * (1 - 2 * nu * s - nu * nu * sp - ce * (s + eps * sp)) - 2 * (1 - nu * s) + 1 +
    rho;
}

/**
 * Limit κ, τ → ∞ of the ICL error, `ρ + x* / (1 + x*)` with `x* = (1+ρ)/α` (PNAS arXiv:2405.11751,
 * its headline limits): optimally tuned one-step preconditioned GD.
 *
 * @param p `alpha`, `rho`
 * @returns the limiting e_ICL
 */
export function pnasIclErrorLimit(p: { alpha: number; rho: number }): number {
  if (!(p.alpha > 0) || !Number.isFinite(p.alpha)) {
    throw new Error(
      `pnasIclErrorLimit: argument "alpha" must be a positive number, got ${p.alpha}`,
    );
  }
  const x = (1 + p.rho) / p.alpha;
  return p.rho + x / (1 + x);
}

/**
 * Task generalisation gap `g_task = e_ICL − e_IDG` (ridgeless; PNAS arXiv:2405.11751).
 *
 * @param p α, κ, τ, ρ
 * @returns g_task
 */
export function pnasTaskGap(p: PnasParams): number {
  return pnasIclErrorRidgeless(p) - pnasIdgErrorRidgeless(p);
}
