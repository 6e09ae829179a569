/**
 * Langevin sampling of the Bayesian posterior of a finite two-layer network in the mean-field
 * scaling, with the readouts integrated out (Lauditi, Bordelon, Pehlevan, arXiv:2507.04448 v2
 * App. B checks its Bayesian δ model this way; single-task conventions of arXiv:2502.07998).
 * Priors w_i ~ N(0, I/λ₀), z_i ~ N(0, 1/λ₁), likelihood exp(−(βN/2) Σ_μ (f_μ − y_μ)²),
 * f = (1/(γN)) Σ_i z_i φ(h_i). Integrating z out leaves the energy of W (N×D)
 *
 *   E(W) = (λ₀/2)|W|² + (δ/2)|W − W^S|² + (Nλ₁γ²/2) yᵀ(Φ_N + ρI)⁻¹y + ½ log det(Φ_N + ρI),
 *
 * Φ_N = φ(H)φ(H)ᵀ/N, H = XWᵀ/√D, ρ = λ₁γ²/β, whose gradient in F = φ(H) is
 * [−λ₁γ² aaᵀ + (Φ_N + ρI)⁻¹/N] F with a = (Φ_N + ρI)⁻¹y. The sampler is the unadjusted
 * Langevin step W ← W − dt∇E + √(2dt) ξ. The sequential transfer protocol samples W^S from the
 * source posterior, freezes it and samples the target with the elastic term.
 * @module
 */
import { ArgumentError, checkNonNegative, checkPositive, checkPositiveInt } from "../errors/mod.ts";
import { type Key, normalF64, split } from "../random/mod.ts";
import { activationPair, gemmF64, type TwoLayerActivation } from "../theory/two_layer_dmft.ts";
import { choleskyF64, choSolveF64 } from "../linalg/core/cholesky.ts";

/** Options of {@link langevinTwoLayer}. */
export interface LangevinTwoLayerOptions {
  /** Training inputs, row-major P×D. */
  x: Float64Array;
  /** Labels (length P). */
  y: Float64Array;
  /** Input dimension D. */
  d: number;
  /** Initial hidden weights W (N×D row-major); also fixes the width N. */
  w0: Float64Array;
  /** Feature-learning strength γ > 0. */
  gamma: number;
  /** Likelihood inverse temperature β > 0 (finite: ρ = λ₁γ²/β). */
  beta: number;
  /** Activation. */
  activation: TwoLayerActivation;
  /** λ₀ (default 1). */
  lambda0?: number;
  /** λ₁ (default 1). */
  lambda1?: number;
  /** Elastic coupling δ ≥ 0 toward `anchor` (default 0). */
  delta?: number;
  /** The elastic anchor W^S (N×D), required when δ > 0. */
  anchor?: Float64Array;
  /** Step size. */
  dt: number;
  /** Steps discarded first. */
  burnInSteps: number;
  /** Steps averaged after the burn-in. */
  sampleSteps: number;
  /** Average every this many steps (default 10). */
  thin?: number;
}

/** Time averages of a Langevin run. */
export interface LangevinTwoLayerResult {
  /** Final weights W (N×D). */
  w: Float64Array;
  /** Time-averaged Φ_N on the training inputs (P×P). */
  phi: Float64Array;
  /**
   * Time-averaged posterior-mean predictor weights for linear φ: f(x) = β̂ᵀx/√D with
   * β̂ = WᵀHᵀ(Φ_N + ρI)⁻¹y/N (zeros for other activations).
   */
  weights: Float64Array;
  /** Number of averaged samples. */
  samples: number;
}

function spdInverseAndSolve(m: Float64Array, n: number, y: Float64Array) {
  const l = m.slice();
  choleskyF64(l, { n, fn: "langevinTwoLayer" });
  let logdet = 0;
  for (let i = 0; i < n; i++) logdet += 2 * Math.log(l[i * n + i]);
  const solve = (b: Float64Array) => choSolveF64(l, n, b);
  const inv = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const e = new Float64Array(n);
    e[j] = 1;
    const col = solve(e);
    for (let i = 0; i < n; i++) inv[i * n + j] = col[i];
  }
  return { inv, a: solve(y), logdet };
}

/** Inputs of {@link twoLayerPosteriorEnergy}: the data and hyperparameters of E(W). */
export interface TwoLayerEnergyOptions {
  /** Training inputs, row-major P×D. */
  x: Float64Array;
  /** Labels (length P). */
  y: Float64Array;
  /** Input dimension D. */
  d: number;
  /** Tilt c = λ₁γ². */
  c: number;
  /** Ridge ρ = λ₁γ²/β. */
  rho: number;
  /** λ₀. */
  lambda0: number;
  /** Elastic coupling δ. */
  delta: number;
  /** Elastic anchor W^S (N×D), when δ > 0. */
  anchor?: Float64Array;
  /** Activation. */
  activation: TwoLayerActivation;
}

/**
 * The energy E(W) of the module doc (readouts integrated out, additive constants dropped) and
 * its gradient in W (N×D), plus the pieces the sampler averages: Φ_N (without the ridge) and
 * a = (Φ_N + ρI)⁻¹y, and H = XWᵀ/√D (P×N).
 */
export function twoLayerPosteriorEnergy(
  o: TwoLayerEnergyOptions,
  w: Float64Array,
): { energy: number; grad: Float64Array; phi: Float64Array; a: Float64Array; h: Float64Array } {
  const { x: X, y, d, c, rho, lambda0, delta } = o;
  const p = y.length, N = w.length / d, sq = Math.sqrt(d);
  const { phi, dphi } = activationPair(o.activation);
  const H = new Float64Array(p * N), G = new Float64Array(p * N), M = new Float64Array(p * p);
  gemmF64(false, true, p, N, d, 1 / sq, X, w, 0, H);
  const F = H.map(phi);
  gemmF64(false, true, p, p, N, 1 / N, F, F, 0, M);
  const phiN = M.slice();
  for (let i = 0; i < p; i++) M[i * p + i] += rho;
  const { inv, a, logdet } = spdInverseAndSolve(M, p, y);
  // B = −c aaᵀ + inv/N (P×P); ∇_F = B F; ∇_H = ∇_F ⊙ φ'(H); ∇_W = ∇_Hᵀ X/√D.
  const B = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) B[i * p + j] = -c * a[i] * a[j] + inv[i * p + j] / N;
  }
  gemmF64(false, false, p, N, p, 1, B, F, 0, G);
  for (let i = 0; i < p * N; i++) G[i] *= dphi(H[i]);
  const grad = new Float64Array(N * d);
  gemmF64(true, false, N, d, p, 1 / sq, G, X, 0, grad);
  let prior = 0;
  for (let i = 0; i < N * d; i++) {
    grad[i] += lambda0 * w[i];
    prior += 0.5 * lambda0 * w[i] * w[i];
    if (delta > 0) {
      const e = w[i] - o.anchor![i];
      grad[i] += delta * e;
      prior += 0.5 * delta * e * e;
    }
  }
  let ya = 0;
  for (let i = 0; i < p; i++) ya += y[i] * a[i];
  const energy = prior + 0.5 * N * c * ya + 0.5 * logdet;
  return { energy, grad, phi: phiN, a, h: H };
}

/** Run unadjusted Langevin dynamics on E(W) (see the module doc) and average Φ_N. */
export function langevinTwoLayer(k: Key, opts: LangevinTwoLayerOptions): LangevinTwoLayerResult {
  const fn = "langevinTwoLayer";
  const d = checkPositiveInt(fn, "d", opts.d);
  const p = opts.y.length;
  if (p < 1 || opts.x.length !== p * d) {
    throw new ArgumentError(fn, "x", `length ${p}·${d} (labels × D)`, `length ${opts.x.length}`);
  }
  if (opts.w0.length % d !== 0 || opts.w0.length === 0) {
    throw new ArgumentError(fn, "w0", `a non-empty N×${d} array`, `length ${opts.w0.length}`);
  }
  const N = opts.w0.length / d;
  const gamma = checkPositive(fn, "gamma", opts.gamma);
  const beta = checkPositive(fn, "beta", opts.beta);
  const lambda0 = checkPositive(fn, "lambda0", opts.lambda0 ?? 1);
  const lambda1 = checkPositive(fn, "lambda1", opts.lambda1 ?? 1);
  const delta = checkNonNegative(fn, "delta", opts.delta ?? 0);
  const dt = checkPositive(fn, "dt", opts.dt);
  const burn = opts.burnInSteps, steps = checkPositiveInt(fn, "sampleSteps", opts.sampleSteps);
  const thin = checkPositiveInt(fn, "thin", opts.thin ?? 10);
  if (delta > 0 && (opts.anchor === undefined || opts.anchor.length !== N * d)) {
    throw new ArgumentError(fn, "anchor", `an N×D = ${N}×${d} array when delta > 0`, opts.anchor);
  }
  const c = lambda1 * gamma * gamma, rho = c / beta;
  const X = opts.x, y = opts.y;
  const w = opts.w0.slice();
  const phiAvg = new Float64Array(p * p), wAvg = new Float64Array(d);
  let samples = 0;
  let key0 = k;
  const noiseScale = Math.sqrt(2 * dt);
  const energyOpts: TwoLayerEnergyOptions = {
    x: X,
    y,
    d,
    c,
    rho,
    lambda0,
    delta,
    anchor: opts.anchor,
    activation: opts.activation,
  };
  for (let step = 0; step < burn + steps; step++) {
    const { grad, phi: phiN, a, h: H } = twoLayerPosteriorEnergy(energyOpts, w);
    if (step >= burn && (step - burn) % thin === 0) {
      samples++;
      for (let i = 0; i < p * p; i++) phiAvg[i] += phiN[i];
      if (opts.activation === "linear") {
        // β̂ = WᵀHᵀa/N: first v = Hᵀa (N), then Wᵀv/N.
        const v = new Float64Array(N);
        for (let mu = 0; mu < p; mu++) {
          for (let i = 0; i < N; i++) v[i] += H[mu * N + i] * a[mu];
        }
        for (let i = 0; i < N; i++) {
          for (let j = 0; j < d; j++) wAvg[j] += (w[i * d + j] * v[i]) / N;
        }
      }
    }
    const [kn, kr] = split(key0);
    key0 = kr;
    const xi = normalF64(kn, N * d);
    for (let i = 0; i < N * d; i++) w[i] += -dt * grad[i] + noiseScale * xi[i];
  }
  for (let i = 0; i < p * p; i++) phiAvg[i] /= samples;
  for (let j = 0; j < d; j++) wAvg[j] /= samples;
  return { w, phi: phiAvg, weights: wAvg, samples };
}
