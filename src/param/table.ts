/**
 * The parameterizations as data: for SP, NTK, μP, depth-μP (α = ½) and CompleteP (α = 1), each
 * quantity of Table 1 of Dey et al. 2025 ("Don't be lazy: CompleteP…", arXiv:2505.01618) as a
 * power law m_N^a · m_L^(b₀ + b₁α) in the width multiplier m_N = N/N_base and the depth
 * multiplier m_L = L/L_base. μP is its own column, not the general-α column at α = 0
 * (PAPERS.md, CompleteP conventions: that column still scales LN, bias and hidden LRs by 1/m_L).
 * @module
 */

/** Names of the parameterizations. */
export type ParamName = "sp" | "ntk" | "mup" | "depth-mup" | "completep";

/** Every scaled quantity (a multiplier of the base hyperparameter). */
export type Quantity =
  | "embInitVar"
  | "embLr"
  | "embFwd"
  | "lnLr"
  | "hiddenInitVar"
  | "hiddenLr"
  | "hiddenBiasLr"
  | "hiddenWd"
  | "residual"
  | "finalLnLr"
  | "unembInitVar"
  | "unembLr"
  | "unembFwd"
  | "eps";

/** A power law m_N^n · m_L^(l0 + la·α); `alphaIn`/`alphaOut` mark the tunable α_in, α_out factor. */
export interface PowerLaw {
  /** Exponent of m_N. */
  n: number;
  /** Constant part of the exponent of m_L. */
  l0: number;
  /** α-part of the exponent of m_L. */
  la: number;
  /** Multiplied by the base α_in (embedding forward multiplier). */
  alphaIn?: boolean;
  /** Multiplied by the base α_out (unembedding forward multiplier). */
  alphaOut?: boolean;
}

const one: PowerLaw = { n: 0, l0: 0, la: 0 };
const pl = (n: number, l0 = 0, la = 0): PowerLaw => ({ n, l0, la });

/** The general-α column of Table 1 (α = ½: depth-μP; α = 1: CompleteP). */
const GENERAL: { readonly [Q in Quantity]: PowerLaw } = {
  embInitVar: one,
  embLr: one,
  embFwd: { ...one, alphaIn: true },
  lnLr: pl(0, -1, 1), // η·m_L^{α−1}
  hiddenInitVar: pl(-1), // σ²/m_N
  hiddenLr: pl(-1, -1, 1), // η·m_N^{−1}·m_L^{α−1}
  hiddenBiasLr: pl(0, -1, 1), // η·m_L^{α−1}
  hiddenWd: pl(1), // λ·m_N
  residual: pl(0, 0, -1), // m_L^{−α}
  finalLnLr: one,
  unembInitVar: one,
  unembLr: one,
  unembFwd: { ...pl(-1), alphaOut: true }, // α_out/m_N
  eps: pl(-1, 0, -1), // ε·m_N^{−1}·m_L^{−α}
};

/**
 * Table 1 as data: the power law of every quantity for every parameterization. NTK is not in
 * Table 1; it is the standard-form (SGD) translation of the NTK parameterization of Jacot et
 * al. 2018: fan-in init variance σ²/m_N for hidden and output weights and their learning rates
 * scaled by 1/m_N, no forward multipliers.
 */
export const PARAM_TABLE: { readonly [P in ParamName]: { readonly [Q in Quantity]: PowerLaw } } = {
  sp: {
    embInitVar: one,
    embLr: one,
    embFwd: one,
    lnLr: one,
    hiddenInitVar: one,
    hiddenLr: one,
    hiddenBiasLr: one,
    hiddenWd: one,
    residual: one,
    finalLnLr: one,
    unembInitVar: one,
    unembLr: one,
    unembFwd: one,
    eps: one,
  },
  ntk: {
    embInitVar: one,
    embLr: one,
    embFwd: one,
    lnLr: one,
    hiddenInitVar: pl(-1),
    hiddenLr: pl(-1),
    hiddenBiasLr: one,
    hiddenWd: one,
    residual: one,
    finalLnLr: one,
    unembInitVar: pl(-1),
    unembLr: pl(-1),
    unembFwd: one,
    eps: one,
  },
  mup: {
    embInitVar: one,
    embLr: one,
    embFwd: { ...one, alphaIn: true },
    lnLr: one,
    hiddenInitVar: pl(-1),
    hiddenLr: pl(-1),
    hiddenBiasLr: one,
    hiddenWd: pl(1),
    residual: one,
    finalLnLr: one,
    unembInitVar: one,
    unembLr: one,
    unembFwd: { ...pl(-1), alphaOut: true },
    eps: pl(-1),
  },
  "depth-mup": GENERAL,
  completep: GENERAL,
};

/** The depth exponent α each parameterization uses (SP, NTK and μP have no depth control). */
export const PARAM_ALPHA: { readonly [P in ParamName]: number } = {
  sp: 0,
  ntk: 0,
  mup: 0,
  "depth-mup": 0.5,
  completep: 1,
};

/** Evaluate a power law at (m_N, m_L, α) with the base α_in, α_out. */
export function evalLaw(
  law: PowerLaw,
  at: { mN: number; mL: number; alpha: number; alphaIn: number; alphaOut: number },
): number {
  let v = Math.pow(at.mN, law.n) * Math.pow(at.mL, law.l0 + law.la * at.alpha);
  if (law.alphaIn) v *= at.alphaIn;
  if (law.alphaOut) v *= at.alphaOut;
  return v;
}
