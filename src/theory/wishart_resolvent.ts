/**
 * Wishart resolvent and its deterministic equivalent for the empirical task covariance
 * `R_k = (1/k) Σ_j t_j t_jᵀ`, `t_j ~ N(0, C)`, in the proportional limit `k/d = κ`.
 *
 * Lu et al. (arXiv:2405.11751, asymptotic formulas) give the isotropic closed form `M_κ(z; c)`; Letey et al.
 * (arXiv:2509.26551, resolvent objects) give the anisotropic deterministic equivalent
 * `(R_k + zI)^{-1} ≃ F_κ(z) = (a(z) C + zI)^{-1}` with `a = 1 − 1/κ + (z/κ) M_κ(z)`.
 *
 * @module
 */

import { defaultBackend } from "../backend/mod.ts";
import { choleskyF64 } from "../linalg/core/cholesky.ts";
import { trsmF64 } from "../linalg/core/triangular.ts";
import { type Key, normalF64, split } from "../random/mod.ts";
import { brentRoot } from "./bracketed_root.ts";

/** Value and z-derivative of a Stieltjes-type transform. */
export interface StieltjesValue {
  /** `M(z) = lim (1/d) tr (R_k + zI)^{-1}`. */
  m: number;
  /** `M'(z) = dM/dz` (negative). */
  dm: number;
}

function checkPositive(fn: string, name: string, v: number, allowInfinity = false): void {
  if (!(v > 0) || (!allowInfinity && !Number.isFinite(v)) || Number.isNaN(v)) {
    throw new Error(`${fn}: argument "${name}" must be a positive number, got ${v}`);
  }
}

/**
 * Closed-form isotropic Wishart Stieltjes transform (PNAS arXiv:2405.11751):
 * `M_κ(z; c) = 2 / ((z + c − c/κ) + sqrt((z + c − c/κ)² + 4cz/κ))`, the limit of
 * `(1/d) tr (R_k + zI)^{-1}` for `R_k` the sample covariance of `k = κd` draws from `N(0, cI)`,
 * and its derivative `M' = −½ M² (1 + (z + c + c/κ)/sqrt(…))`.
 *
 * @param z spectral shift, z > 0
 * @param options `kappa` = k/d (Infinity allowed: `M = 1/(c+z)`), `c` = task variance (default 1)
 * @returns `{ m, dm }`
 */
export function wishartStieltjesIsotropic(
  z: number,
  options: { kappa: number; c?: number },
): StieltjesValue {
  const fn = "wishartStieltjesIsotropic";
  checkPositive(fn, "z", z);
  checkPositive(fn, "kappa", options.kappa, true);
  const c = options.c ?? 1;
  checkPositive(fn, "c", c);
  const ik = 1 / options.kappa;
  const b = z + c - c * ik;
  const s = Math.sqrt(b * b + 4 * c * z * ik);
  // Stable evaluation of 2/(b + s) when b < 0: 2/(b+s) = 2(s-b)/(s²-b²) = (s-b)κ/(2cz).
  const m = b >= 0 ? 2 / (b + s) : (s - b) / (2 * c * z * ik);
  const dm = -0.5 * m * m * (1 + (z + c + c * ik) / s);
  return { m, dm };
}

/** Deterministic equivalent of `(R_k + zI)^{-1}` in the eigenbasis of the task covariance C. */
export interface WishartDeterministicEquivalent {
  /** spectral shift z. */
  z: number;
  /** κ = k/d. */
  kappa: number;
  /** scalar `a(z) ∈ (0, 1]` with `F = (aC + zI)^{-1}`. */
  a: number;
  /** `a'(z)`. */
  da: number;
  /** `M_κ(z) = (1/d) tr F`. */
  m: number;
  /** `M'_κ(z)`. */
  dm: number;
  /** eigenvalues of `F_κ(z)`: `1/(a λ_i + z)`. */
  f: Float64Array;
  /** eigenvalues of `F2 = −F'_κ(z)`, the equivalent of `(R_k + z)^{-2}`: `(a'λ_i + 1)/(aλ_i + z)²`. */
  f2: Float64Array;
}

/**
 * Deterministic equivalent of the Wishart resolvent (Letey et al. arXiv:2509.26551), with the
 * robust scalar solver: `a ∈ (0, 1]` is the unique root of
 * `φ(a) = a − 1 + (1/κ)(1/d) Σ_i aλ_i/(aλ_i + z)` (strictly increasing, φ(0+) = −1, φ(1) ≥ 0),
 * followed by the analytic derivatives `a'` and `M'`.
 *
 * @param eigs eigenvalues λ_i ≥ 0 of the task covariance C (length d; zeros allowed)
 * @param z spectral shift z > 0
 * @param options `kappa` = k/d > 0 (Infinity allowed: `R_k = C`, a = 1)
 * @returns a, a', M, M' and the eigenvalues of F and F2
 */
export function wishartResolvent(
  eigs: ArrayLike<number>,
  z: number,
  options: { kappa: number },
): WishartDeterministicEquivalent {
  const fn = "wishartResolvent";
  const d = eigs.length;
  if (d === 0) throw new Error(`${fn}: argument "eigs" must be non-empty, got length 0`);
  for (let i = 0; i < d; i++) {
    if (!(eigs[i] >= 0) || !Number.isFinite(eigs[i])) {
      throw new Error(
        `${fn}: argument "eigs" must hold finite values ≥ 0, got eigs[${i}] = ${eigs[i]}`,
      );
    }
  }
  checkPositive(fn, "z", z);
  const kappa = options.kappa;
  checkPositive(fn, "kappa", kappa, true);
  const ik = 1 / kappa;
  const phi = (a: number): number => {
    let s = 0;
    for (let i = 0; i < d; i++) s += (a * eigs[i]) / (a * eigs[i] + z);
    return a - 1 + (ik * s) / d;
  };
  let a: number;
  if (ik === 0) a = 1;
  else {
    const p1 = phi(1);
    a = p1 <= 0 ? 1 : brentRoot(phi, [0, 1], { tol: 1e-16 });
    // One Newton polish step (φ is smooth and increasing).
    let s = 0;
    let sp = 0;
    for (let i = 0; i < d; i++) {
      const den = a * eigs[i] + z;
      s += (a * eigs[i]) / den;
      sp += (eigs[i] * z) / (den * den);
    }
    const ph = a - 1 + (ik * s) / d;
    const dph = 1 + (ik * sp) / d;
    const an = a - ph / dph;
    if (an > 0 && an <= 1) a = an;
  }
  let num = 0;
  let den = 0;
  for (let i = 0; i < d; i++) {
    const q = a * eigs[i] + z;
    num += (a * eigs[i]) / (q * q);
    den += (eigs[i] * z) / (q * q);
  }
  const da = (ik * num) / d / (1 + (ik * den) / d);
  const f = new Float64Array(d);
  const f2 = new Float64Array(d);
  let m = 0;
  let dm = 0;
  for (let i = 0; i < d; i++) {
    const q = a * eigs[i] + z;
    f[i] = 1 / q;
    f2[i] = (da * eigs[i] + 1) / (q * q);
    m += f[i];
    dm -= f2[i];
  }
  return { z, kappa, a, da, m: m / d, dm: dm / d, f, f2 };
}

/** Monte Carlo estimate with its standard error. */
export interface WishartMonteCarloEstimate {
  /** sample mean. */
  mean: number;
  /** standard error of the mean. */
  stderr: number;
}

/**
 * Monte Carlo twin of {@linkcode wishartResolvent}: averages `(1/d) tr (R_k + zI)^{-1}` over
 * `draws` samples of `R_k = (1/k) Σ_j t_j t_jᵀ`, `t_j ~ N(0, diag(eigs))`, `k = round(κd)`
 * (Cholesky of `R_k + zI`, then `tr A^{-1} = ‖L^{-1}‖²_F`).
 *
 * @param key random key
 * @param eigs diagonal of C (length d)
 * @param options spectral shift `z` > 0, `kappa`, `draws` (default 20)
 * @returns mean and standard error of `(1/d) tr (R_k + zI)^{-1}`
 */
export function wishartResolventMonteCarlo(
  key: Key,
  eigs: ArrayLike<number>,
  options: { z: number; kappa: number; draws?: number },
): WishartMonteCarloEstimate {
  const fn = "wishartResolventMonteCarlo";
  const d = eigs.length;
  const z = options.z;
  checkPositive(fn, "z", z);
  checkPositive(fn, "kappa", options.kappa);
  const k = Math.max(1, Math.round(options.kappa * d));
  const draws = options.draws ?? 20;
  if (!Number.isInteger(draws) || draws < 2) {
    throw new Error(`${fn}: argument "draws" must be an integer ≥ 2, got ${draws}`);
  }
  const keys = split(key, draws);
  const vals: number[] = [];
  const gemm = defaultBackend().gemm;
  for (let r = 0; r < draws; r++) {
    const t = normalF64(keys[r], k * d);
    for (let j = 0; j < k; j++) for (let i = 0; i < d; i++) t[j * d + i] *= Math.sqrt(eigs[i]);
    const a = new Float64Array(d * d);
    gemm({
      transA: true,
      transB: false,
      m: d,
      n: d,
      k,
      alpha: 1 / k,
      a: t,
      offA: 0,
      lda: d,
      b: t,
      offB: 0,
      ldb: d,
      beta: 0,
      c: a,
      offC: 0,
      ldc: d,
    });
    for (let i = 0; i < d; i++) a[i * d + i] += z;
    choleskyF64(a, { n: d, fn });
    const inv = new Float64Array(d * d);
    for (let i = 0; i < d; i++) inv[i * d + i] = 1;
    trsmF64(a, inv, { n: d, nrhs: d, lower: true });
    let s = 0;
    for (let i = 0; i < d * d; i++) s += inv[i] * inv[i];
    vals.push(s / d);
  }
  const mean = vals.reduce((x, y) => x + y, 0) / draws;
  const v = vals.reduce((x, y) => x + (y - mean) ** 2, 0) / (draws - 1);
  return { mean, stderr: Math.sqrt(v / draws) };
}
