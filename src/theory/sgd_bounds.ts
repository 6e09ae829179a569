/**
 * Zou-style risk bounds of constant-stepsize SGD on linear regression and the effective
 * dimension k*.
 *
 * Implements the effective dimension and the bounds that arXiv:2506.15535 (Meterez et al.) recovers
 * from Zou, Wu, Braverman, Gu, Kakade, "Benign overfitting of constant-stepsize SGD for linear
 * regression" (COLT 2021 / JMLR 2023). The constants are "up to constants" oracles, not
 * identities (PAPERS.md, "Constant-LR SGD"); all quantities are in the eigenbasis of H.
 *
 * @module
 */

/**
 * Effective dimension `k* = max{k : λ_k ≥ 1/(ηN)}` (arXiv:2506.15535): the number of
 * eigenvalues at least `1/(ηN)` (eigenvalues in decreasing order).
 *
 * @param lambda eigenvalues of H in decreasing order
 * @param options learning rate η and number of (averaged) steps N
 * @returns k* in 0..d
 */
export function kStar(lambda: Float64Array, options: { lr: number; steps: number }): number {
  const { lr, steps } = options;
  if (!(lr > 0)) throw new Error(`kStar: option "lr" must be > 0, got ${lr}`);
  if (!(steps > 0)) throw new Error(`kStar: option "steps" must be > 0, got ${steps}`);
  const thr = 1 / (lr * steps);
  let k = 0;
  while (k < lambda.length && lambda[k] >= thr) k++;
  return k;
}

/** Options of {@link zouAveragedBounds}. */
export interface ZouBoundOptions {
  /** Constant learning rate η; must satisfy η < 1/(c·tr H). */
  lr: number;
  /** Number of averaged steps N. */
  steps: number;
  /** Label-noise variance σ². */
  sigma2: number;
  /** Fourth-moment constant c (3 for Gaussians in Zou's notation; default 3). */
  c?: number;
  /** Burn-in steps s before the averaging window (tail averaging, §2.3(ii)); default 0. */
  burnIn?: number;
}

/** Terms of the Zou-style bound; `total = 2(bias + variance)`. */
export interface ZouBounds {
  /** Effective dimension k* (with N); for tail averaging the leak uses k† (with s+N). */
  kStar: number;
  /** Variance bound `σ²/(1 − cη trH)·(k* / N + Nη² Σ_{i>k*} λ_i²)`. */
  variance: number;
  /** Head bias `‖v‖²_{H⁻¹_{0:k*}}/(η²N²)` (v = (I−ηH)^s v0). */
  biasHead: number;
  /** Tail bias `‖v‖²_{H_{k*:∞}}`. */
  biasTail: number;
  /** Fourth-moment leakage of bias into noise (bracketed term of §2.3(i)). */
  biasLeak: number;
  /** biasHead + biasTail + biasLeak. */
  bias: number;
  /** 2·(bias + variance). */
  total: number;
}

/**
 * Zou-style bound on the excess risk of the averaged iterate `w̄_N = (1/N)Σ_{t<N} w_t`
 * (arXiv:2506.15535, the Zou et al. form), or with `burnIn = s > 0` the tail-averaged shape
 * (head bias attenuated by (I−ηH)^s, leak with k† defined by s+N).
 *
 * @param lambda eigenvalues of H in decreasing order
 * @param v0Sq squared initial error coordinates `(w_0 − w*)_i²` in the eigenbasis
 * @param options η, N, σ², c and burn-in
 * @returns the bias and variance terms and their total
 */
export function zouAveragedBounds(
  lambda: Float64Array,
  v0Sq: Float64Array,
  options: ZouBoundOptions,
): ZouBounds {
  const { lr, steps: N, sigma2, c = 3, burnIn = 0 } = options;
  if (lambda.length !== v0Sq.length) {
    throw new Error(
      `zouAveragedBounds: arguments "lambda" and "v0Sq" must have equal length, got ${lambda.length} and ${v0Sq.length}`,
    );
  }
  let tr = 0;
  for (let i = 0; i < lambda.length; i++) tr += lambda[i];
  if (!(lr > 0 && lr * c * tr < 1)) {
    throw new Error(
      `zouAveragedBounds: option "lr" must satisfy 0 < lr < 1/(c·trH) = ${1 / (c * tr)}, got ${lr}`,
    );
  }
  if (!Number.isInteger(burnIn) || burnIn < 0) {
    throw new Error(`zouAveragedBounds: option "burnIn" must be an integer >= 0, got ${burnIn}`);
  }
  const k = kStar(lambda, { lr, steps: N });
  const kd = kStar(lambda, { lr, steps: burnIn + N });
  const shape = (kk: number): number => {
    let tail2 = 0;
    for (let i = kk; i < lambda.length; i++) tail2 += lambda[i] * lambda[i];
    return kk / N + N * lr * lr * tail2;
  };
  const damp = 1 / (1 - c * lr * tr);
  const variance = sigma2 * damp * shape(k);
  let head = 0, tail = 0;
  for (let i = 0; i < lambda.length; i++) {
    const att = burnIn > 0 ? Math.pow(1 - lr * lambda[i], 2 * burnIn) : 1;
    const v = v0Sq[i] * att;
    if (i < k) head += v / lambda[i];
    else tail += lambda[i] * v;
  }
  const biasHead = head / (lr * lr * N * N);
  let leakI = 0, leakH = 0;
  for (let i = 0; i < lambda.length; i++) {
    if (i < kd) leakI += v0Sq[i];
    else leakH += lambda[i] * v0Sq[i];
  }
  const biasLeak = c * (leakI + N * lr * leakH) / (N * lr) * damp * shape(kd);
  const bias = biasHead + tail + biasLeak;
  return {
    kStar: k,
    variance,
    biasHead,
    biasTail: tail,
    biasLeak,
    bias,
    total: 2 * (bias + variance),
  };
}

/**
 * Order-level last-iterate risk of constant-LR SGD (derived from the
 * recursion of arXiv:2506.15535; PAPERS.md, "Constant-LR SGD"):
 * bias `≍ ‖v0‖²_{I_{0:k*}}/(ηN) + ‖v0‖²_{H_{k*:∞}}`, variance
 * `≍ σ²η(Σ_{i≤k*} λ_i + Nη Σ_{i>k*} λ_i²)`. No constants: a shape, not a bound.
 *
 * @param lambda eigenvalues of H in decreasing order
 * @param v0Sq squared initial error coordinates
 * @param options η, number of steps N and σ²
 * @returns k*, the bias order and the variance order
 */
export function lastIterateRiskOrder(
  lambda: Float64Array,
  v0Sq: Float64Array,
  options: { lr: number; steps: number; sigma2: number },
): { kStar: number; bias: number; variance: number } {
  const { lr, steps: N, sigma2 } = options;
  if (lambda.length !== v0Sq.length) {
    throw new Error(
      `lastIterateRiskOrder: arguments "lambda" and "v0Sq" must have equal length, got ${lambda.length} and ${v0Sq.length}`,
    );
  }
  const k = kStar(lambda, { lr, steps: N });
  let bh = 0, bt = 0, vh = 0, vt = 0;
  for (let i = 0; i < lambda.length; i++) {
    if (i < k) {
      bh += v0Sq[i];
      vh += lambda[i];
    } else {
      bt += lambda[i] * v0Sq[i];
      vt += lambda[i] * lambda[i];
    }
  }
  return { kStar: k, bias: bh / (lr * N) + bt, variance: sigma2 * lr * (vh + N * lr * vt) };
}
