/**
 * Closed forms of linear-network transfer (Lauditi, Bordelon, Pehlevan, arXiv:2507.04448 v2,
 * linear-model section; see PAPERS.md "Transfer learning"), each with the Monte Carlo estimator
 * that serves as its test oracle:
 *
 * - the spike χ = √(1+γ²) − 1 of the feature kernel K(x,x') = xᵀ(I + (χ/D)β_sβ_sᵀ)x'/D that a
 *   two-layer linear network learns by gradient flow on infinite source data, and its
 *   population DMFT over neurons (u = w·β̂_s, z): d(u ± z)/dt = ±γε(u ± z), ε = 1 − ⟨zu⟩/γ;
 * - the fine-tuning loss of a ridgeless readout on that kernel,
 *   L(ν₂, α_s, χ) = (1 − ν₂)[1 − α_s² + α_s²/(1 + χν₂)²] (ν₂ = P₂/D < 1), and its simulation;
 * - the over-rich (rank-one collapse, γ₁ → ∞) loss 1 − (√ν₁ α_s + √(1−ν₁) α_g)².
 *
 * Losses are relative to predicting zero (the teacher has |β|² = D and x ~ N(0, I_D)).
 * @module
 */
import { ArgumentError, checkInRange, checkNonNegative, checkPositiveInt } from "../errors/mod.ts";
import { type Key, normalF64, split } from "../random/mod.ts";
import { kernelReadoutWeights, linearPopulationLoss } from "./adaptive_kernel_bayes.ts";

/** χ(γ) = √(1 + γ²) − 1: the source-direction spike of the GF-adapted linear kernel. */
export function transferSpike(gamma: number): number {
  checkNonNegative("transferSpike", "gamma", gamma);
  return Math.sqrt(1 + gamma * gamma) - 1;
}

/**
 * Fine-tuning loss L(ν₂, α_s, χ) = (1 − ν₂)[1 − α_s² + α_s²/(1 + χν₂)²] of ridgeless regression
 * on the spiked kernel (arXiv:2507.04448 v2); ≤ 1 − ν₂, the loss without pretraining.
 */
export function fineTuningLoss(opts: { nu2: number; alpha: number; chi: number }): number {
  const fn = "fineTuningLoss";
  const nu2 = checkInRange(fn, "nu2", opts.nu2, 0, 1);
  const alpha = checkInRange(fn, "alpha", opts.alpha, -1, 1);
  const chi = checkNonNegative(fn, "chi", opts.chi);
  return (1 - nu2) * (1 - alpha * alpha + (alpha * alpha) / (1 + chi * nu2) ** 2);
}

/**
 * Over-rich pretraining (γ₁ → ∞, rank-one collapse): L = 1 − (√ν₁ α_s + √(1−ν₁) α_g)²,
 * independent of ν₂ (arXiv:2507.04448 v2). With α_g = 0 the floor is 1 − ν₁α_s².
 */
export function rankOneCollapseLoss(
  opts: { nu1: number; alphaS: number; alphaG?: number },
): number {
  const fn = "rankOneCollapseLoss";
  const nu1 = checkInRange(fn, "nu1", opts.nu1, 0, 1);
  const as = checkInRange(fn, "alphaS", opts.alphaS, -1, 1);
  const ag = checkInRange(fn, "alphaG", opts.alphaG ?? 0, -1, 1);
  return 1 - (Math.sqrt(nu1) * as + Math.sqrt(1 - nu1) * ag) ** 2;
}

/**
 * Two teachers with |β|² = D and alignment β_sᵀβ_t/D = alpha (exactly), drawn from `k`.
 * Returns row vectors of length D.
 */
export function alignedTeachers(
  k: Key,
  d: number,
  alpha: number,
): { source: Float64Array; target: Float64Array } {
  const fn = "alignedTeachers";
  checkPositiveInt(fn, "d", d);
  checkInRange(fn, "alpha", alpha, -1, 1);
  if (d < 2) throw new ArgumentError(fn, "d", "an integer ≥ 2", d);
  const [k1, k2] = split(k);
  const bs = normalF64(k1, d);
  const ns = Math.hypot(...bs);
  for (let i = 0; i < d; i++) bs[i] *= Math.sqrt(d) / ns;
  const perp = normalF64(k2, d);
  let proj = 0;
  for (let i = 0; i < d; i++) proj += perp[i] * bs[i];
  for (let i = 0; i < d; i++) perp[i] -= (proj / d) * bs[i];
  const np = Math.hypot(...perp);
  const bt = new Float64Array(d);
  const beta = Math.sqrt(1 - alpha * alpha);
  for (let i = 0; i < d; i++) bt[i] = alpha * bs[i] + beta * (perp[i] * Math.sqrt(d)) / np;
  return { source: bs, target: bt };
}

/** P Gaussian inputs x ~ N(0, I_D) (row-major P×D) and labels y = βᵀx/√D + noise·ξ. */
export function linearTeacherData(
  k: Key,
  opts: { p: number; teacher: Float64Array; noise?: number },
): { x: Float64Array; y: Float64Array } {
  const fn = "linearTeacherData";
  const p = checkPositiveInt(fn, "p", opts.p);
  const d = opts.teacher.length;
  const noise = checkNonNegative(fn, "noise", opts.noise ?? 0);
  const [kx, kn] = split(k);
  const x = normalF64(kx, p * d);
  const xi = noise > 0 ? normalF64(kn, p) : null;
  const y = new Float64Array(p);
  const sq = Math.sqrt(d);
  for (let i = 0; i < p; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += x[i * d + j] * opts.teacher[j];
    y[i] = s / sq + (xi ? noise * xi[i] : 0);
  }
  return { x, y };
}

/**
 * Monte Carlo oracle of {@link fineTuningLoss}: ridgeless regression with the spiked kernel
 * xᵀ(I + (χ/D)β_sβ_sᵀ)x'/D on P₂ = round(ν₂D) samples of the target teacher, population loss
 * |β̂ − β_t|²/D, averaged over `samples` draws (mean and standard error).
 */
export function fineTuningLossMonteCarlo(
  k: Key,
  opts: { d: number; nu2: number; alpha: number; chi: number; samples: number },
): { mean: number; se: number } {
  const fn = "fineTuningLossMonteCarlo";
  const d = checkPositiveInt(fn, "d", opts.d);
  const nu2 = checkInRange(fn, "nu2", opts.nu2, 0, 1);
  const chi = checkNonNegative(fn, "chi", opts.chi);
  const samples = checkPositiveInt(fn, "samples", opts.samples);
  const p = Math.max(1, Math.round(nu2 * d));
  if (p >= d) throw new ArgumentError(fn, "nu2", "a ratio with round(ν₂D) < D", nu2);
  const losses: number[] = [];
  const keys = split(k, samples);
  for (let s = 0; s < samples; s++) {
    const [kt, kd] = split(keys[s]);
    const { source, target } = alignedTeachers(kt, d, opts.alpha);
    const sigma = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        sigma[i * d + j] = (i === j ? 1 : 0) + (chi / d) * source[i] * source[j];
      }
    }
    const data = linearTeacherData(kd, { p, teacher: target });
    const w = kernelReadoutWeights(sigma, data, d);
    losses.push(linearPopulationLoss(w, target));
  }
  const mean = losses.reduce((a, b) => a + b, 0) / samples;
  const v = samples > 1 ? losses.reduce((a, b) => a + (b - mean) ** 2, 0) / (samples - 1) : 0;
  return { mean, se: Math.sqrt(v / samples) };
}

/**
 * Population DMFT of a two-layer linear network trained by gradient flow on infinite source
 * data (arXiv:2507.04448 v2): neurons (u, z) ~ N(0, 1)², du/dt = γεz, dz/dt = γεu with the
 * shared error ε = 1 − (⟨zu⟩ − ⟨zu⟩₀)/γ, integrated by RK4 to `tMax`. Returns the measured spike
 * χ̂ = ⟨u²⟩ − ⟨u²⟩₀ (→ √(1+γ²) − 1 as samples → ∞) and the final error.
 */
export function linearSpikeDmft(
  k: Key,
  opts: { gamma: number; samples: number; tMax?: number; dt?: number },
): { chi: number; error: number } {
  const fn = "linearSpikeDmft";
  const gamma = checkInRange(fn, "gamma", opts.gamma, 1e-6, Infinity);
  const n = checkPositiveInt(fn, "samples", opts.samples);
  const tMax = checkInRange(fn, "tMax", opts.tMax ?? 40 / Math.min(1, gamma * gamma), 0, Infinity);
  const dt = checkInRange(fn, "dt", opts.dt ?? 0.01, 1e-9, Infinity);
  const [ku, kz] = split(k);
  const u = normalF64(ku, n), z = normalF64(kz, n);
  const mean = (f: (i: number) => number) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += f(i);
    return s / n;
  };
  const zu0 = mean((i) => z[i] * u[i]);
  const uu0 = mean((i) => u[i] * u[i]);
  // The dynamics only depend on s(t) = ∫γε: u ± z scale by e^{±s}. Integrate s by RK4, then
  // map the population (an exact solution of the population ODE for the sampled ensemble).
  const plus = mean((i) => (u[i] + z[i]) ** 2), minus = mean((i) => (u[i] - z[i]) ** 2);
  const zuOf = (s: number) => (plus * Math.exp(2 * s) - minus * Math.exp(-2 * s)) / 4;
  const ds = (s: number) => gamma * (1 - (zuOf(s) - zu0) / gamma);
  let s = 0;
  const steps = Math.ceil(tMax / dt);
  for (let t = 0; t < steps; t++) {
    const k1 = ds(s), k2 = ds(s + 0.5 * dt * k1), k3 = ds(s + 0.5 * dt * k2), k4 = ds(s + dt * k3);
    s += (dt / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
  }
  const cross = mean((i) => (u[i] + z[i]) * (u[i] - z[i]));
  const uu = (plus * Math.exp(2 * s) + minus * Math.exp(-2 * s) + 2 * cross) / 4;
  return { chi: uu - uu0, error: 1 - (zuOf(s) - zu0) / gamma };
}

/**
 * Monte Carlo oracle of {@link rankOneCollapseLoss} at α_g = the realised overlap: the source
 * network collapses onto b = (projection of β_s on the row space of X₁), P₁ = round(ν₁D); the
 * target readout fits the single coefficient along b by least squares on P₂ samples. Returns the
 * population loss (mean, SE over `samples`) and the mean of the formula evaluated at each draw's
 * α_g (α_g is the overlap of β_t with the unit part of b orthogonal to β_s).
 */
export function rankOneCollapseMonteCarlo(
  k: Key,
  opts: { d: number; nu1: number; alpha: number; p2: number; samples: number },
): { mean: number; se: number; formula: number } {
  const fn = "rankOneCollapseMonteCarlo";
  const d = checkPositiveInt(fn, "d", opts.d);
  const nu1 = checkInRange(fn, "nu1", opts.nu1, 0, 1);
  const p2 = checkPositiveInt(fn, "p2", opts.p2);
  const samples = checkPositiveInt(fn, "samples", opts.samples);
  const p1 = Math.max(1, Math.min(d - 1, Math.round(nu1 * d)));
  const losses: number[] = [];
  let formula = 0;
  for (const ks of split(k, samples)) {
    const [kt, k1, k2] = split(ks, 3);
    const { source, target } = alignedTeachers(kt, d, opts.alpha);
    const src = linearTeacherData(k1, { p: p1, teacher: source });
    // b = X₁ᵀ(X₁X₁ᵀ)⁻¹X₁β_s (min-norm interpolator of the source, scaled by √D).
    const sigma = new Float64Array(d * d);
    for (let i = 0; i < d; i++) sigma[i * d + i] = 1;
    const b = kernelReadoutWeights(sigma, src, d);
    const bn = Math.hypot(...b);
    const bh = b.map((v) => v / bn);
    // α_g from the realised b: b̂ = √ν̂₁ β̂_s + √(1−ν̂₁) ĝ.
    let bs = 0, bt = 0;
    for (let i = 0; i < d; i++) {
      bs += bh[i] * source[i] / Math.sqrt(d);
      bt += bh[i] * target[i] / Math.sqrt(d);
    }
    const gNorm = Math.sqrt(Math.max(1e-300, 1 - bs * bs));
    const alphaG = (bt - bs * opts.alpha) / gNorm;
    formula += 1 - (bs * opts.alpha + gNorm * alphaG) ** 2;
    // Least squares along b̂ on the target data.
    const tgt = linearTeacherData(k2, { p: p2, teacher: target });
    let num = 0, den = 0;
    for (let mu = 0; mu < p2; mu++) {
      let proj = 0;
      for (let i = 0; i < d; i++) proj += tgt.x[mu * d + i] * bh[i];
      num += proj * tgt.y[mu];
      den += proj * proj;
    }
    const coef = num / den; // f(x) = coef · b̂ᵀx
    const w = bh.map((v) => coef * v * Math.sqrt(d));
    losses.push(linearPopulationLoss(w, target));
  }
  const mean = losses.reduce((a, b) => a + b, 0) / samples;
  const v = samples > 1 ? losses.reduce((a, b) => a + (b - mean) ** 2, 0) / (samples - 1) : 0;
  return { mean, se: Math.sqrt(v / samples), formula: formula / samples };
}
