/**
 * Exact finite-ℓ test error of a given reduced linear-attention parameter Γ (Lu et al.
 * arXiv:2405.11751, its test errors for a given Γ, re-derived for arbitrary task laws): conventions of Parts A/B,
 * `x ~ N(0, I/d)`, `y = ⟨x, w⟩ + ε`, `ε ~ N(0, ρ)`, prediction `ŷ = x_qᵀ(Γ1 h1 + γ2 h2)` with
 * `h1 = (d/ℓ)Σ y_i x_i`, `h2 = (1/ℓ)Σ y_i²`.
 *
 * With `s(w) = ‖w‖²/d + ρ`, the task moments `R = E wwᵀ`, `m3 = E[s(w) w]`, `E s²`, `E‖w‖²`:
 *
 * `e(Γ) = ρ + (1/d){tr R − 2tr(Γ1R) − 2γ2ᵀm3 + tr(Γ1 B11 Γ1ᵀ) + 2(1+2/ℓ)γ2ᵀΓ1m3 + (1+2/ℓ)E[s²]‖γ2‖²}`,
 * `B11 = (1+1/ℓ)R + (1/ℓ)(E‖w‖² + ρd) I`. For `w ~ N(0, C)`, `m3 = 0` and
 * `E s² = x_test² + 2tr(C²)/d²` (the b22 entry), `x_test = tr(C)/d + ρ`.
 *
 * @module
 */

/** Moments of the test-task law that the error of Γ depends on. */
export interface IclTaskMoments {
  /** dimension d. */
  dim: number;
  /** `R = E[wwᵀ]`, row-major d×d. */
  secondMoment: Float64Array;
  /** `m3 = E[s(w) w]`, length d (0 for symmetric laws). */
  energyWeightedMean: Float64Array;
  /** `E[s(w)²]`. */
  energySquared: number;
  /** `E‖w‖²`. */
  normSquared: number;
  /** label-noise variance ρ used in s(w). */
  rho: number;
}

/**
 * Task moments of `w ~ N(0, C)` (arXiv:2405.11751: ICL error, C = I; arXiv:2509.26551
 * alignment tests, C = C_test).
 *
 * @param cov C as its diagonal (length d) or a row-major d×d matrix
 * @param options `dim`, `rho`
 * @returns the moments
 */
export function gaussianTaskMoments(
  cov: ArrayLike<number>,
  options: { dim: number; rho: number },
): IclTaskMoments {
  const d = options.dim;
  const R = new Float64Array(d * d);
  if (cov.length === d) { for (let i = 0; i < d; i++) R[i * d + i] = cov[i]; }
  else if (cov.length === d * d) { for (let i = 0; i < d * d; i++) R[i] = cov[i]; }
  else {
    throw new Error(
      `gaussianTaskMoments: argument "cov" must have length d = ${d} or d² = ${
        d * d
      }, got ${cov.length}`,
    );
  }
  let tr = 0;
  let tr2 = 0;
  for (let i = 0; i < d; i++) tr += R[i * d + i];
  for (let i = 0; i < d * d; i++) tr2 += R[i] * R[i];
  const xt = tr / d + options.rho;
  return {
    dim: d,
    secondMoment: R,
    energyWeightedMean: new Float64Array(d),
    energySquared: xt * xt + (2 * tr2) / (d * d),
    normSquared: tr,
    rho: options.rho,
  };
}

/**
 * Task moments of the uniform law on a finite pool (arXiv:2405.11751: the IDG error uses the
 * pretraining pool, `R̂ = (1/k)Σ t_j t_jᵀ`, with the γ2 cross term through `E[s(w)w]`).
 *
 * @param pool row-major k×d task vectors
 * @param options `dim`, `rho`
 * @returns the moments
 */
export function poolTaskMoments(
  pool: Float64Array,
  options: { dim: number; rho: number },
): IclTaskMoments {
  const d = options.dim;
  if (pool.length === 0 || pool.length % d !== 0) {
    throw new Error(
      `poolTaskMoments: argument "pool" must have length k·d (d = ${d}), got ${pool.length}`,
    );
  }
  const k = pool.length / d;
  const R = new Float64Array(d * d);
  const m3 = new Float64Array(d);
  let s2 = 0;
  let n2 = 0;
  for (let j = 0; j < k; j++) {
    let nn = 0;
    for (let i = 0; i < d; i++) nn += pool[j * d + i] ** 2;
    const s = nn / d + options.rho;
    s2 += s * s;
    n2 += nn;
    for (let a = 0; a < d; a++) {
      const ta = pool[j * d + a];
      m3[a] += s * ta;
      for (let b = 0; b < d; b++) R[a * d + b] += ta * pool[j * d + b];
    }
  }
  for (let i = 0; i < d * d; i++) R[i] /= k;
  for (let i = 0; i < d; i++) m3[i] /= k;
  return {
    dim: d,
    secondMoment: R,
    energyWeightedMean: m3,
    energySquared: s2 / k,
    normSquared: n2 / k,
    rho: options.rho,
  };
}

/**
 * Exact expected squared test error (including the target noise ρ) of the reduced
 * linear-attention predictor with parameter Γ = [Γ1 | γ2] on fresh contexts of length ℓ
 * whose tasks follow the law summarised by `moments` (arXiv:2405.11751; see the module doc).
 *
 * @param gamma row-major d×(d+1) parameter Γ
 * @param moments task-law moments (from {@linkcode gaussianTaskMoments} or {@linkcode poolTaskMoments})
 * @param options `contextLength` ℓ
 * @returns the test error
 */
export function gammaTestError(
  gamma: Float64Array,
  moments: IclTaskMoments,
  options: { contextLength: number },
): number {
  const d = moments.dim;
  const d1 = d + 1;
  if (gamma.length !== d * d1) {
    throw new Error(
      `gammaTestError: argument "gamma" must have length d(d+1) = ${d * d1}, got ${gamma.length}`,
    );
  }
  const ell = options.contextLength;
  if (!(ell >= 1)) {
    throw new Error(`gammaTestError: argument "contextLength" must be ≥ 1, got ${ell}`);
  }
  const R = moments.secondMoment;
  const m3 = moments.energyWeightedMean;
  const rho = moments.rho;
  const iso = (moments.normSquared + rho * d) / ell;
  const c1 = 1 + 1 / ell;
  const c2 = 1 + 2 / ell;
  let trR = 0;
  for (let i = 0; i < d; i++) trR += R[i * d + i];
  // tr(Γ1 R), tr(Γ1 B11 Γ1ᵀ) = c1 tr(Γ1 R Γ1ᵀ) + iso ‖Γ1‖², γ2ᵀm3, γ2ᵀΓ1m3, ‖γ2‖²
  let trGR = 0;
  let trGRG = 0;
  let g1sq = 0;
  let g2m3 = 0;
  let g2g1m3 = 0;
  let g2sq = 0;
  const row = new Float64Array(d);
  for (let a = 0; a < d; a++) {
    // row = (Γ1 R)[a, :]
    row.fill(0);
    for (let c = 0; c < d; c++) {
      const g = gamma[a * d1 + c];
      if (g === 0) continue;
      g1sq += g * g;
      for (let b = 0; b < d; b++) row[b] += g * R[c * d + b];
    }
    trGR += row[a];
    for (let b = 0; b < d; b++) trGRG += row[b] * gamma[a * d1 + b];
    const g2 = gamma[a * d1 + d];
    g2sq += g2 * g2;
    g2m3 += g2 * m3[a];
    let gm = 0;
    for (let c = 0; c < d; c++) gm += gamma[a * d1 + c] * m3[c];
    g2g1m3 += g2 * gm;
  }
  const inner = trR - 2 * trGR - 2 * g2m3 + c1 * trGRG + iso * g1sq + 2 * c2 * g2g1m3 +
    c2 * moments.energySquared * g2sq;
  return rho + inner / d;
}
