/**
 * Asymptotic in-context-learning error of the reduced linear-attention model under a mismatch
 * between pretraining and test task covariances (Letey, Zavatone-Veth, Lu, Pehlevan,
 * "Pretrain–test task alignment governs generalization in in-context learning", arXiv:2509.26551,
 * the asymptotic ICL error under mismatch): `E_ICL = e_scalar + ⟨C_test, K⟩`, with the alignment measure `⟨C_test, K⟩`.
 *
 * Conventions (Parts A/B, not those of the deep-scaling paper): `x ~ N(0, I/d)`,
 * `α = ℓ/d`, `κ = k/d` (distinct pretraining tasks), `τ = n/d²` (pretraining contexts),
 * ridge `(n/d) λ ‖Γ‖²_F`, label noise variance ρ.
 *
 * @module
 */

import { brentRoot } from "./bracketed_root.ts";
import { wishartResolvent } from "./wishart_resolvent.ts";

/** Instance parameters of the ICL error recipe (arXiv:2509.26551). */
export interface IclAlignmentParams {
  /** α = ℓ/d, context length per dimension. */
  alpha: number;
  /** κ = k/d, pretraining task diversity (Infinity: a fresh task per context). */
  kappa: number;
  /** τ = n/d², pretraining contexts per parameter (Infinity allowed). */
  tau: number;
  /** ρ, label-noise variance. */
  rho: number;
  /** λ, ridge of the pretraining objective `(n/d) λ ‖Γ‖²` (default 0, the ridgeless limit). */
  lambda?: number;
}

/** Everything the recipe computes (eigen-quantities are in the C_train eigenbasis). */
export interface IclAlignmentResult {
  /** Total asymptotic ICL error `E_ICL = e_scalar + e_misalign`. */
  eIcl: number;
  /** `e_scalar = ρ + (ρ_te/α)[1 + (q − 2ν)M + (ξq − ν²)M']`. */
  eScalar: number;
  /** `e_misalign = (1/d) tr(C_test K)`, the alignment measure. */
  eMisalign: number;
  /** pretraining scalar q (diverges at τ = 1 in the ridgeless case). */
  q: number;
  /** effective extra ridge ξ (the paper's λ̃). */
  xi: number;
  /** total effective ridge ν = ρ_tr/α + ξ (the paper's σ). */
  nu: number;
  /** `M_κ(ν)`. */
  m: number;
  /** `M'_κ(ν)`. */
  dm: number;
  /** eigenvalues of `K = qF − (qξ − ν²)F2`. */
  k: Float64Array;
  /** eigenvalues of `F_κ(ν)`. */
  f: Float64Array;
}

function checkParams(fn: string, p: IclAlignmentParams): void {
  for (const name of ["alpha", "kappa", "tau"] as const) {
    const v = p[name];
    if (!(v > 0) || Number.isNaN(v) || (name === "alpha" && !Number.isFinite(v))) {
      throw new Error(`${fn}: argument "${name}" must be a positive number, got ${v}`);
    }
  }
  if (!(p.rho >= 0) || !Number.isFinite(p.rho)) {
    throw new Error(`${fn}: argument "rho" must be a finite number ≥ 0, got ${p.rho}`);
  }
  const lambda = p.lambda ?? 0;
  if (!(lambda >= 0) || !Number.isFinite(lambda)) {
    throw new Error(`${fn}: argument "lambda" must be a finite number ≥ 0, got ${lambda}`);
  }
}

/**
 * Extract the diagonal, in the C_train eigenbasis, of a test covariance given either as its
 * diagonal (length d) or as a full row-major d×d matrix already expressed in that basis.
 */
function testDiagonal(fn: string, testCov: ArrayLike<number>, d: number): Float64Array {
  const out = new Float64Array(d);
  if (testCov.length === d) {
    for (let i = 0; i < d; i++) out[i] = testCov[i];
  } else if (testCov.length === d * d) {
    for (let i = 0; i < d; i++) out[i] = testCov[i * d + i];
  } else {
    throw new Error(
      `${fn}: argument "testCov" must have length d = ${d} (diagonal) or d² = ${
        d * d
      } (matrix), got ${testCov.length}`,
    );
  }
  return out;
}

/**
 * Effective extra ridge ξ of the recipe (arXiv:2509.26551, generalised to λ > 0 as in
 * arXiv:2405.11751):
 * ξ = 0 for τ > 1 and λ = 0; else the positive root of `ξ M_κ(s0 + ξ) = 1 − τ + τλ/ξ`.
 * Returns NaN at the ridgeless interpolation threshold τ = 1.
 */
function effectiveRidge(trainEigs: ArrayLike<number>, s0: number, p: IclAlignmentParams): number {
  const { kappa, tau } = p;
  const lambda = p.lambda ?? 0;
  if (tau === Infinity) return lambda;
  if (lambda === 0) {
    if (tau > 1) return 0;
    if (tau === 1) return NaN;
  }
  const g = (xi: number): number =>
    xi * wishartResolvent(trainEigs, s0 + xi, { kappa }).m - (1 - tau) - (tau * lambda) / xi;
  let hi = 1;
  while (g(hi) <= 0) {
    hi *= 2;
    if (hi > 1e300) throw new Error("iclAlignmentError: could not bracket the effective ridge");
  }
  let lo = hi / 2;
  while (lo > 1e-300 && g(lo) > 0) lo /= 2;
  return brentRoot(g, [lo, hi], { tol: 1e-16 * hi });
}

/**
 * Asymptotic ICL error of the pretrained reduced linear-attention model under pretrain/test
 * task-covariance mismatch (Letey et al. arXiv:2509.26551, the asymptotic error
 * under mismatch; ridge as in arXiv:2405.11751):
 *
 * - `ρ_tr = c_train + ρ`, `ρ_te = c_test + ρ`, `s0 = ρ_tr/α`, `ν = s0 + ξ`;
 * - `q = [ρ + ν − ν²M − ξ(1 − 2νM − ν²M')] / [τ − 1 + 2ξM + ξ²M']`;
 * - `e_scalar = ρ + (ρ_te/α)[1 + (q − 2ν)M + (ξq − ν²)M']`;
 * - `K = qF − (qξ − ν²)F2`, `e_misalign = (1/d) tr(C_test K)`.
 *
 * With `C_train = C_test = I` this reproduces the PNAS closed forms (arXiv:2405.11751).
 * At the ridgeless threshold τ = 1 all errors are `Infinity`.
 *
 * @param trainEigs eigenvalues of C_train (length d, ≥ 0)
 * @param testCov C_test in the C_train eigenbasis: its diagonal (length d) or a row-major d×d
 *   matrix (only its diagonal enters, since K is diagonal in that basis)
 * @param params α, κ, τ, ρ and the ridge λ
 * @returns E_ICL, its two parts, and the intermediate scalars and spectra
 */
export function iclAlignmentError(
  trainEigs: ArrayLike<number>,
  testCov: ArrayLike<number>,
  params: IclAlignmentParams,
): IclAlignmentResult {
  const fn = "iclAlignmentError";
  checkParams(fn, params);
  const d = trainEigs.length;
  if (d === 0) throw new Error(`${fn}: argument "trainEigs" must be non-empty, got length 0`);
  const cTest = testDiagonal(fn, testCov, d);
  const { alpha, kappa, tau, rho } = params;
  let cTrain = 0;
  for (let i = 0; i < d; i++) cTrain += trainEigs[i];
  cTrain /= d;
  let cTe = 0;
  for (let i = 0; i < d; i++) cTe += cTest[i];
  cTe /= d;
  const rhoTr = cTrain + rho;
  const rhoTe = cTe + rho;
  const s0 = rhoTr / alpha;
  const xi = effectiveRidge(trainEigs, s0, params);
  if (Number.isNaN(xi)) {
    const inf = new Float64Array(d).fill(Infinity);
    return {
      eIcl: Infinity,
      eScalar: Infinity,
      eMisalign: Infinity,
      q: Infinity,
      xi: 0,
      nu: s0,
      m: NaN,
      dm: NaN,
      k: inf,
      f: inf,
    };
  }
  const nu = s0 + xi;
  const de = wishartResolvent(trainEigs, nu, { kappa });
  const { m, dm } = de;
  let q: number;
  if (tau === Infinity) q = 0;
  else {
    const num = rho + nu - nu * nu * m - xi * (1 - 2 * nu * m - nu * nu * dm);
    const den = tau - 1 + 2 * xi * m + xi * xi * dm;
    q = num / den;
  }
  const eScalar = rho + (rhoTe / alpha) * (1 + (q - 2 * nu) * m + (xi * q - nu * nu) * dm);
  const k = new Float64Array(d);
  let eMisalign = 0;
  for (let i = 0; i < d; i++) {
    k[i] = q * de.f[i] - (q * xi - nu * nu) * de.f2[i];
    eMisalign += cTest[i] * k[i];
  }
  eMisalign /= d;
  return { eIcl: eScalar + eMisalign, eScalar, eMisalign, q, xi, nu, m, dm, k, f: de.f };
}

/** Candidate alignment metrics between a pretraining and a test covariance (arXiv:2509.26551). */
export interface AlignmentMetrics {
  /** `⟨C_test, K⟩ = (1/d) tr(C_test K)`, the paper's measure (equals e_misalign). */
  kAlignment: number;
  /** `⟨C_test, F_κ(ν)⟩`. */
  fAlignment: number;
  /** `(1/d) tr(C_test C_train^{-1})`, the population metric (Infinity if C_train is singular on C_test's support). */
  population: number;
  /**
   * `1/CKA(C_train, C_test)` with the normalised CKA `tr(HAHB)/sqrt(tr(HAHA) tr(HBHB))`,
   * `H = I − 11ᵀ/d`, evaluated for covariances that are both diagonal in the standard basis
   * (the power-law / spiked / low-rank families), where
   * `tr(HAHB) = (1 − 2/d) Σ a_i b_i + (Σa)(Σb)/d²`.
   */
  inverseCka: number;
}

/**
 * The four candidate alignment metrics of Letey et al. (2509.26551, Fig. 2) for co-diagonal
 * covariances given by their diagonals (standard basis, which is also the C_train eigenbasis).
 *
 * @param trainDiag diagonal of C_train (length d)
 * @param testDiag diagonal of C_test (length d)
 * @param params α, κ, τ, ρ, λ (they enter K and F through ν)
 * @returns the metrics
 */
export function alignmentMetrics(
  trainDiag: ArrayLike<number>,
  testDiag: ArrayLike<number>,
  params: IclAlignmentParams,
): AlignmentMetrics {
  const fn = "alignmentMetrics";
  const d = trainDiag.length;
  if (testDiag.length !== d) {
    throw new Error(
      `${fn}: argument "testDiag" must have the length of "trainDiag" (${d}), got ${testDiag.length}`,
    );
  }
  const r = iclAlignmentError(trainDiag, testDiag, params);
  let fAl = 0;
  let pop = 0;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < d; i++) {
    const a = trainDiag[i];
    const b = testDiag[i];
    fAl += b * r.f[i];
    if (b !== 0) pop += a > 0 ? b / a : Infinity;
    ab += a * b;
    aa += a * a;
    bb += b * b;
    sa += a;
    sb += b;
  }
  const hk = (xy: number, sx: number, sy: number): number => (1 - 2 / d) * xy + (sx * sy) / (d * d);
  const cka = hk(ab, sa, sb) / Math.sqrt(hk(aa, sa, sa) * hk(bb, sb, sb));
  return {
    kAlignment: r.eMisalign,
    fAlignment: fAl / d,
    population: pop / d,
    inverseCka: 1 / cka,
  };
}
