/**
 * Bayesian adaptive kernels of a two-layer network with a nonlinear activation (ReLU) by Monte
 * Carlo importance sampling (Lauditi, Bordelon, Pehlevan, arXiv:2507.04448 v1 §3; single-task
 * saddle point of arXiv:2502.07998 and its author code). With C = XXᵀ/(λ₀D), c = λ₁γ² and
 * ρ = λ₁γ²/β, the saddle point is
 *
 *   a = (Φ + ρI)⁻¹y,   Φ = ⟨φ(h)φ(h)ᵀ⟩_p,   p(h) ∝ N(h; 0, C)·exp((c/2)(aᵀφ(h))²),
 *
 * estimated with S fixed Gaussian draws h_s = C^{1/2}ξ_s reweighted by r_s ∝ exp((c/2)(aᵀφ_s)²)
 * (common random numbers: the estimated fixed point is a deterministic function of the draws).
 * The dual vector is found by the damped iteration a ← a + ε((Φ(a) + ρI)⁻¹y − a) with
 * γ-continuation. The effective sample size ESS = (Σr)²/Σr² is monitored at every iteration;
 * below the threshold an {@link EssCollapseError} names γ, S and the ESS reached.
 *
 * Sequential transfer (quenched, as in `adaptive_kernel_bayes.ts`): source particles (h₁, g),
 * g = X₂w^S/√D, are drawn jointly Gaussian, resampled by the source tilt, and for each particle
 * S_i inner draws h₂ = κg + √(λ₀/m) C₂₂^{1/2}ξ (m = λ₀ + δ or δ, κ = δ/m) are reweighted by the
 * target tilt normalised per particle; Φ₂ is the average over particles.
 * @module
 */
import {
  ArgumentError,
  checkChoice,
  checkNonNegative,
  checkPositive,
  checkPositiveInt,
} from "../errors/mod.ts";
import { eighF64 } from "../linalg/core/eigh.ts";
import { choleskyF64, choSolveF64 } from "../linalg/core/cholesky.ts";
import { NotPositiveDefiniteError } from "../linalg/errors.ts";
import { type Key, normalF64, split, uniformF64 } from "../random/mod.ts";
import { activationPair, gemmF64, type TwoLayerActivation } from "./two_layer_dmft.ts";
import { SaddlePointError } from "./adaptive_kernel_bayes.ts";

/**
 * The adaptive proposal's square root from the weighted second moment `m` (n×n, symmetric) of the
 * whitened draws: Q diag(√(1 + 1.5(μ − 1)₊)) Qᵀ for m = Q diag(μ) Qᵀ, so directions the tilt
 * widened get 1.5× their excess variance and the others keep the prior's 1.
 */
function proposalRoot(m: Float64Array, n: number, fn: string): Float64Array<ArrayBuffer> {
  const { values, vectors } = eighF64(m, { n, fn });
  const q = vectors!;
  const root = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let v = 0;
      for (let l = 0; l < n; l++) {
        v += q[i * n + l] * Math.sqrt(1 + 1.5 * Math.max(values[l] - 1, 0)) * q[j * n + l];
      }
      root[i * n + j] = v;
    }
  }
  return root;
}

/** The importance weights degenerated: too few effective samples for the tilt. */
export class EssCollapseError extends Error {
  /** Build `fn: effective sample size <ess> below threshold <min> (...)`. */
  constructor(fn: string, ess: number, threshold: number, detail: string) {
    super(
      `${fn}: argument "samples" gives an effective sample size ${ess.toFixed(1)} below the ` +
        `threshold ${threshold} (${detail}); use more samples, a smaller gamma or Langevin sampling`,
    );
    this.name = "EssCollapseError";
  }
}

/**
 * Symmetric square root R (P×P, row-major, R Rᵀ = C) of a PSD covariance by eigh; throws an
 * ArgumentError naming `arg` if C has an eigenvalue below −1e-10·max|λ| (not PSD) or is not
 * symmetric.
 */
export function psdSqrt(fn: string, arg: string, c: Float64Array, n: number): Float64Array {
  if (c.length !== n * n) {
    throw new ArgumentError(fn, arg, `a ${n}×${n} matrix`, `length ${c.length}`);
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (Math.abs(c[i * n + j] - c[j * n + i]) > 1e-10 * (Math.abs(c[i * n + j]) + 1)) {
        throw new ArgumentError(fn, arg, "a symmetric matrix", `entry (${i}, ${j}) ≠ (${j}, ${i})`);
      }
    }
    if (!Number.isFinite(c[i * n + i])) {
      throw new ArgumentError(fn, arg, "finite entries", c[i * n + i]);
    }
  }
  const { values, vectors } = eighF64(c, { n, fn });
  const top = Math.max(...values.map(Math.abs), 1e-300);
  if (values[0] < -1e-10 * top) {
    throw new ArgumentError(
      fn,
      arg,
      "a positive semi-definite kernel",
      `min eigenvalue ${values[0].toExponential(3)}`,
    );
  }
  const q = vectors!;
  const r = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) {
        s += q[i * n + k] * Math.sqrt(Math.max(values[k], 0)) * q[j * n + k];
      }
      r[i * n + j] = s;
    }
  }
  return r;
}

function solveSpd(m: Float64Array, n: number, b: Float64Array, fn: string): Float64Array {
  const l = m.slice();
  try {
    choleskyF64(l, { n, fn });
  } catch (e) {
    if (e instanceof NotPositiveDefiniteError) {
      throw new SaddlePointError(fn, "the estimated kernel Φ + ρI is not positive definite");
    }
    throw e;
  }
  return choSolveF64(l, n, b);
}

/** Options of {@link mcBayesSingleTask}. */
export interface McBayesSingleOptions {
  /** Input covariance C = XXᵀ/(λ₀D) on the training points followed by the test points (n×n). */
  kernel: Float64Array;
  /** Number of training points P (the first P rows of `kernel`); the rest are test points. */
  p: number;
  /** Training labels (length P). */
  y: Float64Array;
  /** Feature-learning strength γ ≥ 0. */
  gamma: number;
  /** Activation (default "relu"). */
  activation?: TwoLayerActivation;
  /** λ₁ (default 1). */
  lambda1?: number;
  /** β (default ∞: ρ = 0). */
  beta?: number;
  /** Monte Carlo samples S. */
  samples: number;
  /** ESS threshold (default 200). */
  essThreshold?: number;
  /** Damping ε (default 0.2, halved on growth of the step). */
  epsilon?: number;
  /** γ-continuation steps (default 10). */
  continuationSteps?: number;
  /** Convergence tolerance on max|Δa| (default 1e-9). */
  tol?: number;
  /**
   * Proposal of the importance sampler (default "adaptive"). "prior": h ~ N(0, C), weights = the
   * tilt alone; for ReLU at moderate γ these weights are heavy-tailed (their variance is infinite
   * once the tilt c(aᵀφ)²/2 grows faster than half the prior's log-density in some direction), so
   * the estimate converges slower than 1/√S and differs by several percent between keys.
   * "adaptive": in the whitened coordinates ξ (h = C^{1/2}ξ) the draws come from N(0, Σ_ξ) with
   * Σ_ξ re-fitted before every continuation step to the weighted second moment M of ξ under the
   * previous step's tilted measure, eigenvalues μ ↦ 1 + 1.5(μ − 1)₊ (widened where the tilt
   * widened the measure, never narrower than the prior, so prior/proposal stays bounded), and one
   * more step at the full γ refits it to the final measure. At γ = 0 it is the prior.
   */
  proposal?: "prior" | "adaptive";
}

/** Result of {@link mcBayesSingleTask}. */
export interface McBayesSingleResult {
  /** Dual vector a (length P). */
  a: Float64Array;
  /** Adapted kernel on the training points (P×P). */
  phi: Float64Array;
  /** Adapted kernel between test and training points (T×P), Φ(x, X). */
  phiTestTrain: Float64Array;
  /** Predictor on the test points, Φ(x, X)a. */
  predictTest: Float64Array;
  /** ESS at the solution. */
  ess: number;
  /** Iterations of the damped map (all continuation steps). */
  iterations: number;
  /** Residual max|(Φ + ρI)a − y| / max(1, |y|∞). */
  residual: number;
  /**
   * Square root L (n×n, row-major) of the final proposal covariance in the whitened coordinates:
   * draw s is h_s = C^{1/2}Lξ_s with ξ_s the key's standard normals (identity for "prior").
   */
  proposalRoot: Float64Array;
}

/** Weighted second moments of φ over draws, with log-weights `logr`. */
function tiltedMoments(
  F: Float64Array,
  S: number,
  n: number,
  logr: Float64Array,
): { m: Float64Array; ess: number } {
  let mx = -Infinity;
  for (let s = 0; s < S; s++) mx = Math.max(mx, logr[s]);
  const r = new Float64Array(S);
  let sum = 0, sum2 = 0;
  for (let s = 0; s < S; s++) {
    r[s] = Math.exp(logr[s] - mx);
    sum += r[s];
    sum2 += r[s] * r[s];
  }
  // Fw = diag(√r) F, m = FwᵀFw / Σr
  const Fw = new Float64Array(S * n);
  for (let s = 0; s < S; s++) {
    const sr = Math.sqrt(r[s]);
    for (let j = 0; j < n; j++) Fw[s * n + j] = sr * F[s * n + j];
  }
  const m = new Float64Array(n * n);
  gemmF64(true, false, n, n, S, 1 / sum, Fw, Fw, 0, m);
  return { m, ess: (sum * sum) / sum2 };
}

/**
 * Single-task saddle point by importance sampling (see the module doc). Returns the adapted
 * kernel on the training points and between test and training points.
 */
export function mcBayesSingleTask(k: Key, opts: McBayesSingleOptions): McBayesSingleResult {
  const fn = "mcBayesSingleTask";
  const P = checkPositiveInt(fn, "p", opts.p);
  const n = Math.round(Math.sqrt(opts.kernel.length));
  if (n * n !== opts.kernel.length || n < P) {
    throw new ArgumentError(
      fn,
      "kernel",
      `an n×n matrix with n ≥ p = ${P}`,
      `length ${opts.kernel.length}`,
    );
  }
  if (opts.y.length !== P) throw new ArgumentError(fn, "y", `length p = ${P}`, opts.y.length);
  const gamma = checkNonNegative(fn, "gamma", opts.gamma);
  const S = checkPositiveInt(fn, "samples", opts.samples);
  const activation = checkChoice(fn, "activation", opts.activation ?? "relu", ["linear", "relu"]);
  const lambda1 = checkPositive(fn, "lambda1", opts.lambda1 ?? 1);
  const beta = opts.beta ?? Infinity;
  if (!(beta > 0)) throw new ArgumentError(fn, "beta", "a number > 0 (∞ allowed)", beta);
  const threshold = checkPositive(fn, "essThreshold", opts.essThreshold ?? 200);
  const steps = checkPositiveInt(fn, "continuationSteps", opts.continuationSteps ?? 10);
  const tol = checkPositive(fn, "tol", opts.tol ?? 1e-9);
  const c = lambda1 * gamma * gamma;
  const rho = Number.isFinite(beta) ? c / beta : 0;
  const adaptive =
    checkChoice(fn, "proposal", opts.proposal ?? "adaptive", ["prior", "adaptive"]) ===
      "adaptive";
  const root = psdSqrt(fn, "kernel", opts.kernel, n);
  const { phi } = activationPair(activation);
  // Base normals ξ (S×n), fixed (common random numbers); proposal draws ξ' = ξLᵀ, h = ξ'Rᵀ.
  const xi = normalF64(k, S * n);
  let L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) L[i * n + i] = 1;
  const xiP = new Float64Array(S * n), H = new Float64Array(S * n);
  let F = new Float64Array(S * n);
  const Ftr = new Float64Array(S * P);
  const logq = new Float64Array(S); // log N(ξ'; 0, I) − log N(ξ'; 0, LLᵀ) + const
  const draw = () => {
    gemmF64(false, true, S, n, n, 1, xi, L, 0, xiP);
    gemmF64(false, true, S, n, n, 1, xiP, root, 0, H);
    F = H.map(phi);
    for (let s = 0; s < S; s++) {
      Ftr.set(F.subarray(s * n, s * n + P), s * P);
      let a2 = 0, b2 = 0;
      for (let j = 0; j < n; j++) {
        a2 += xi[s * n + j] ** 2;
        b2 += xiP[s * n + j] ** 2;
      }
      logq[s] = 0.5 * (a2 - b2);
    }
  };
  draw();
  const logr = new Float64Array(S);
  const setLogr = (a: Float64Array, ck: number) => {
    for (let s = 0; s < S; s++) {
      let v = 0;
      for (let j = 0; j < P; j++) v += a[j] * Ftr[s * P + j];
      logr[s] = logq[s] + 0.5 * ck * v * v;
    }
  };
  // Refit the proposal to the weighted second moment M of ξ': eigenvalues 1 + 1.5(μ − 1)₊ of M
  // (directions the tilt widened get 1.5× their excess, the others stay at the prior's 1).
  const adapt = () => {
    L = proposalRoot(tiltedMoments(xiP, S, n, logr).m, n, fn);
    draw();
  };
  const phiOf = (a: Float64Array, ck: number, ctx: string) => {
    setLogr(a, ck);
    const mom = tiltedMoments(Ftr, S, P, logr);
    if (mom.ess < threshold) {
      throw new EssCollapseError(fn, mom.ess, threshold, `gamma = ${gamma}, S = ${S}, ${ctx}`);
    }
    return mom;
  };
  const withRidge = (m: Float64Array) => {
    const out = m.slice();
    for (let i = 0; i < P; i++) out[i * P + i] += rho;
    return out;
  };
  let a: Float64Array = new Float64Array(P);
  let iterations = 0;
  // Continuation schedule 0, 1, …, K, then (adaptive) K once more with the refitted proposal.
  const schedule = Array.from({ length: steps + 1 }, (_, i) => i);
  if (adaptive && c > 0) schedule.push(steps);
  for (const kk of schedule) {
    if (adaptive && c > 0 && kk > 0) {
      setLogr(a, c * ((kk - 1) * (kk - 1)) / (steps * steps));
      adapt();
    }
    const frac = (kk * kk) / (steps * steps);
    const ck = c * frac;
    let eps = kk === 0 ? 1 : (opts.epsilon ?? 0.2);
    let prev = Infinity;
    for (let it = 0; it < 5000; it++) {
      iterations++;
      const { m } = phiOf(a, ck, `continuation step ${kk}/${steps}`);
      const next = solveSpd(withRidge(m), P, opts.y, fn);
      let diff = 0;
      for (let i = 0; i < P; i++) diff = Math.max(diff, Math.abs(next[i] - a[i]));
      if (kk === 0) {
        a = next;
        break;
      }
      if (diff < tol * Math.max(1, Math.max(...next.map(Math.abs)))) break;
      if (diff > prev) eps = Math.max(eps * 0.5, 1e-4);
      prev = diff;
      a = a.map((v, i) => v + eps * (next[i] - v));
      if (it === 4999) {
        throw new SaddlePointError(fn, `damped iteration did not converge at step ${kk}/${steps}`);
      }
    }
  }
  const { m: phiTr, ess } = phiOf(a, c, "solution");
  // Test–train block with the same weights.
  const T = n - P;
  const phiTT = new Float64Array(T * P);
  if (T > 0) {
    let mx = -Infinity;
    for (let s = 0; s < S; s++) mx = Math.max(mx, logr[s]);
    let sum = 0;
    const r = new Float64Array(S);
    for (let s = 0; s < S; s++) {
      r[s] = Math.exp(logr[s] - mx);
      sum += r[s];
    }
    for (let s = 0; s < S; s++) {
      const w = r[s] / sum, row = s * n;
      for (let t = 0; t < T; t++) {
        const ft = w * F[row + P + t];
        if (ft === 0) continue;
        for (let j = 0; j < P; j++) phiTT[t * P + j] += ft * F[row + j];
      }
    }
  }
  const predictTest = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    let v = 0;
    for (let j = 0; j < P; j++) v += phiTT[t * P + j] * a[j];
    predictTest[t] = v;
  }
  let res = 0, ymax = 1;
  for (let i = 0; i < P; i++) {
    let v = rho * a[i];
    for (let j = 0; j < P; j++) v += phiTr[i * P + j] * a[j];
    res = Math.max(res, Math.abs(v - opts.y[i]));
    ymax = Math.max(ymax, Math.abs(opts.y[i]));
  }
  const residual = res / ymax;
  if (!(residual < 1e-6)) {
    throw new SaddlePointError(fn, `residual ${residual.toExponential(2)} above 1e-6`);
  }
  return {
    a,
    phi: phiTr,
    phiTestTrain: phiTT,
    predictTest,
    ess,
    iterations,
    residual,
    proposalRoot: L,
  };
}

/**
 * Arc-cosine kernel E[relu(u)relu(v)] for (u, v) ~ N(0, [[c11, c12], [c12, c22]]):
 * (√(c11c22)/(2π))(sin θ + (π − θ)cos θ), cos θ = c12/√(c11c22) (the ReLU NNGP kernel).
 */
export function reluArcCosineKernel(c11: number, c12: number, c22: number): number {
  const fn = "reluArcCosineKernel";
  checkNonNegative(fn, "c11", c11);
  checkNonNegative(fn, "c22", c22);
  const s = Math.sqrt(c11 * c22);
  if (s === 0) return 0;
  const cos = Math.max(-1, Math.min(1, c12 / s));
  const th = Math.acos(cos);
  return (s / (2 * Math.PI)) * (Math.sin(th) + (Math.PI - th) * cos);
}

/** Options of {@link mcBayesTransfer}. */
export interface McBayesTransferOptions {
  /** Joint input covariance C = XXᵀ/(λ₀D) over [source train; target train; target test]. */
  kernel: Float64Array;
  /** Source training points P₁ (first block). */
  p1: number;
  /** Target training points P₂ (second block); the rest are target test points. */
  p2: number;
  /** Source labels. */
  y1: Float64Array;
  /** Target labels. */
  y2: Float64Array;
  /** Source strength γ₁. */
  gamma1: number;
  /** Target strength γ₂. */
  gamma2: number;
  /** Elastic coupling δ ≥ 0. */
  delta: number;
  /** λ₀ (default 1; C already includes it). */
  lambda0?: number;
  /** λ₁ (default 1). */
  lambda1?: number;
  /** β of both tasks (default ∞). */
  beta?: number;
  /** Elastic prior, "add" (default) or "replace". */
  prior?: "add" | "replace";
  /** Activation (default "relu"). */
  activation?: TwoLayerActivation;
  /** Source samples (single-task solve and particles). */
  samples: number;
  /** Inner samples per source particle. */
  innerSamples: number;
  /** Source particles used for the target (≤ samples). */
  particles: number;
  /** ESS threshold for the source and for the mean inner ESS (default 200 and 4). */
  essThreshold?: number;
  /** Mean inner-ESS threshold per particle (default 4). */
  innerEssThreshold?: number;
  /**
   * Proposal of the source sampler and of the inner draws (see
   * {@link McBayesSingleOptions.proposal}; default "adaptive": the inner proposal is one
   * Gaussian in the whitened noise coordinates shared by all particles, refitted the same way).
   */
  proposal?: "prior" | "adaptive";
  /** γ-continuation steps (default 10). */
  continuationSteps?: number;
  /**
   * Remove the O(1/S_i) bias of the self-normalised inner averages by Richardson extrapolation
   * over the two halves of each particle's inner draws, 2Φ(S_i) − ½(Φ_A(S_i/2) + Φ_B(S_i/2))
   * (default true; needs an even S_i). The remaining bias is O(1/S_i²).
   */
  innerBiasCorrection?: boolean;
}

/** Result of {@link mcBayesTransfer}. */
export interface McBayesTransferResult {
  /** Source solution. */
  source: McBayesSingleResult;
  /** Target dual vector a₂. */
  a2: Float64Array;
  /** Target adapted kernel Φ₂ (P₂×P₂). */
  phi2: Float64Array;
  /** Target predictor on the target test points. */
  predictTest: Float64Array;
  /** Mean inner ESS per particle at the solution. */
  innerEss: number;
}

/**
 * Sequential (quenched) Bayesian transfer with a nonlinear activation by nested importance
 * sampling (see the module doc). Cost per iteration ≈ particles · innerSamples · P₂².
 */
export function mcBayesTransfer(k: Key, opts: McBayesTransferOptions): McBayesTransferResult {
  const fn = "mcBayesTransfer";
  const p1 = checkPositiveInt(fn, "p1", opts.p1);
  const p2 = checkPositiveInt(fn, "p2", opts.p2);
  const n = Math.round(Math.sqrt(opts.kernel.length));
  if (n * n !== opts.kernel.length || n < p1 + p2) {
    throw new ArgumentError(
      fn,
      "kernel",
      `an n×n matrix with n ≥ p1 + p2 = ${p1 + p2}`,
      `length ${opts.kernel.length}`,
    );
  }
  if (opts.y1.length !== p1) throw new ArgumentError(fn, "y1", `length p1 = ${p1}`, opts.y1.length);
  if (opts.y2.length !== p2) throw new ArgumentError(fn, "y2", `length p2 = ${p2}`, opts.y2.length);
  const gamma2 = checkNonNegative(fn, "gamma2", opts.gamma2);
  checkNonNegative(fn, "gamma1", opts.gamma1);
  const delta = checkNonNegative(fn, "delta", opts.delta);
  const lambda0 = checkPositive(fn, "lambda0", opts.lambda0 ?? 1);
  const lambda1 = checkPositive(fn, "lambda1", opts.lambda1 ?? 1);
  const prior = checkChoice(fn, "prior", opts.prior ?? "add", ["add", "replace"]);
  if (prior === "replace" && !(delta > 0)) {
    throw new ArgumentError(fn, "delta", 'a number > 0 when prior is "replace"', delta);
  }
  const activation = opts.activation ?? "relu";
  const S = checkPositiveInt(fn, "samples", opts.samples);
  const Si = checkPositiveInt(fn, "innerSamples", opts.innerSamples);
  const Po = checkPositiveInt(fn, "particles", opts.particles);
  const innerMin = checkPositive(fn, "innerEssThreshold", opts.innerEssThreshold ?? 4);
  const correct = opts.innerBiasCorrection ?? true;
  if (correct && (Si < 4 || Si % 2 !== 0)) {
    throw new ArgumentError(
      fn,
      "innerSamples",
      "an even integer ≥ 4 with innerBiasCorrection",
      Si,
    );
  }
  const beta = opts.beta ?? Infinity;
  const steps = opts.continuationSteps ?? 10;
  const [kSrc, kRes, kIn] = split(k, 3);
  // Source block kernel (source train followed by the target points as "test" of the source
  // solve: the draws then carry g jointly with h₁).
  const src = mcBayesSingleTask(kSrc, {
    kernel: opts.kernel,
    p: p1,
    y: opts.y1,
    gamma: opts.gamma1,
    activation,
    lambda1,
    beta,
    samples: S,
    essThreshold: opts.essThreshold,
    continuationSteps: steps,
    proposal: opts.proposal,
  });
  // Recreate the source draws (same key) and resample particles by the source tilt.
  const root = psdSqrt(fn, "kernel", opts.kernel, n);
  const { phi } = activationPair(activation);
  const xi = normalF64(kSrc, S * n);
  const xiP = new Float64Array(S * n), H = new Float64Array(S * n);
  gemmF64(false, true, S, n, n, 1, xi, src.proposalRoot, 0, xiP);
  gemmF64(false, true, S, n, n, 1, xiP, root, 0, H);
  const c1 = lambda1 * opts.gamma1 * opts.gamma1;
  const logr = new Float64Array(S);
  let mx = -Infinity;
  for (let s = 0; s < S; s++) {
    let v = 0, a2 = 0, b2 = 0;
    for (let j = 0; j < p1; j++) v += src.a[j] * phi(H[s * n + j]);
    for (let j = 0; j < n; j++) {
      a2 += xi[s * n + j] ** 2;
      b2 += xiP[s * n + j] ** 2;
    }
    logr[s] = 0.5 * (a2 - b2) + 0.5 * c1 * v * v;
    mx = Math.max(mx, logr[s]);
  }
  const cum = new Float64Array(S);
  let acc = 0;
  for (let s = 0; s < S; s++) {
    acc += Math.exp(logr[s] - mx);
    cum[s] = acc;
  }
  const u = uniformF64(kRes, Po);
  const nT = n - p1; // target train + test
  const G = new Float64Array(Po * nT); // g over the target points
  for (let o = 0; o < Po; o++) {
    const t = u[o] * acc;
    let lo = 0, hi = S - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    G.set(H.subarray(lo * n + p1, lo * n + n), o * nT);
  }
  // Inner draws: h₂ = κg + √(λ₀/m) C₂₂^{1/2} ξ over the target points.
  const m = prior === "add" ? lambda0 + delta : delta;
  const kappa = delta / m;
  const C22 = new Float64Array(nT * nT);
  for (let i = 0; i < nT; i++) {
    for (let j = 0; j < nT; j++) C22[i * nT + j] = opts.kernel[(p1 + i) * n + p1 + j];
  }
  const r22 = psdSqrt(fn, "kernel", C22, nT);
  const xi2 = normalF64(kIn, Po * Si * nT);
  // Inner proposal in the whitened noise coordinates (shared by all particles): ξ' = ξLᵀ, with
  // lq = log N(ξ'; 0, I) − log N(ξ'; 0, LLᵀ); L = I for the prior proposal.
  let Lin = new Float64Array(nT * nT);
  for (let i = 0; i < nT; i++) Lin[i * nT + i] = 1;
  const xiL = new Float64Array(Po * Si * nT), E = new Float64Array(Po * Si * nT);
  const F2 = new Float64Array(Po * Si * nT), lq = new Float64Array(Po * Si);
  const drawInner = () => {
    gemmF64(false, true, Po * Si, nT, nT, 1, xi2, Lin, 0, xiL);
    gemmF64(false, true, Po * Si, nT, nT, Math.sqrt(lambda0 / m), xiL, r22, 0, E);
    for (let o = 0; o < Po; o++) {
      for (let s = 0; s < Si; s++) {
        const q = o * Si + s, row = q * nT;
        let a2 = 0, b2 = 0;
        for (let j = 0; j < nT; j++) {
          F2[row + j] = phi(kappa * G[o * nT + j] + E[row + j]);
          a2 += xi2[row + j] ** 2;
          b2 += xiL[row + j] ** 2;
        }
        lq[q] = 0.5 * (a2 - b2);
      }
    }
  };
  drawInner();
  const c2 = lambda1 * gamma2 * gamma2;
  const rho2 = Number.isFinite(beta) ? c2 / beta : 0;
  const wts = new Float64Array(Po * Si);
  const kernelOf = (a: Float64Array, ck: number) => {
    // per-particle normalised weights, then Φ₂ = mean over particles
    let essSum = 0;
    for (let o = 0; o < Po; o++) {
      let mxo = -Infinity;
      for (let s = 0; s < Si; s++) {
        const row = (o * Si + s) * nT;
        let v = 0;
        for (let j = 0; j < p2; j++) v += a[j] * F2[row + j];
        wts[o * Si + s] = lq[o * Si + s] + 0.5 * ck * v * v;
        mxo = Math.max(mxo, wts[o * Si + s]);
      }
      let sum = 0, sum2 = 0, sumA = 0;
      const half = Si >> 1;
      for (let s = 0; s < Si; s++) {
        const r = Math.exp(wts[o * Si + s] - mxo);
        wts[o * Si + s] = r;
        sum += r;
        sum2 += r * r;
        if (s < half) sumA += r;
      }
      essSum += (sum * sum) / sum2;
      if (correct) {
        // Signed weights of 2Φ(S_i) − ½(Φ_A + Φ_B): each draw gets 2r/Σr − ½ r/Σ_half r.
        const sumB = sum - sumA;
        for (let s = 0; s < Si; s++) {
          const r = wts[o * Si + s];
          wts[o * Si + s] = (2 * r / sum - 0.5 * r / (s < half ? sumA : sumB)) / Po;
        }
      } else {
        for (let s = 0; s < Si; s++) wts[o * Si + s] /= sum * Po;
      }
    }
    const innerEss = essSum / Po;
    if (innerEss < innerMin) {
      throw new EssCollapseError(
        fn,
        innerEss,
        innerMin,
        `mean inner ESS per particle, gamma2 = ${gamma2}`,
      );
    }
    // Φ = F2ᵀ diag(w) F2 (the weights may be signed with the bias correction), symmetrised.
    const Fw = new Float64Array(Po * Si * nT);
    for (let q = 0; q < Po * Si; q++) {
      const wq = wts[q];
      for (let j = 0; j < nT; j++) Fw[q * nT + j] = wq * F2[q * nT + j];
    }
    const full = new Float64Array(nT * nT);
    gemmF64(true, false, nT, nT, Po * Si, 1, F2, Fw, 0, full);
    for (let i = 0; i < nT; i++) {
      for (let j = 0; j < i; j++) {
        const v = 0.5 * (full[i * nT + j] + full[j * nT + i]);
        full[i * nT + j] = v;
        full[j * nT + i] = v;
      }
    }
    return { full, innerEss };
  };
  const block = (full: Float64Array) => {
    const out = new Float64Array(p2 * p2);
    for (let i = 0; i < p2; i++) {
      for (let j = 0; j < p2; j++) out[i * p2 + j] = full[i * nT + j] + (i === j ? rho2 : 0);
    }
    return out;
  };
  // Refit the inner proposal (as the source's): pooled second moment M of ξ' under the
  // per-particle normalised tilt, eigenvalues μ ↦ 1 + 1.5(μ − 1)₊.
  const adaptInner = (a: Float64Array, ck: number) => {
    const M = new Float64Array(nT * nT);
    const wq = new Float64Array(Si);
    for (let o = 0; o < Po; o++) {
      let mxo = -Infinity;
      for (let s = 0; s < Si; s++) {
        const row = (o * Si + s) * nT;
        let v = 0;
        for (let j = 0; j < p2; j++) v += a[j] * F2[row + j];
        wq[s] = lq[o * Si + s] + 0.5 * ck * v * v;
        mxo = Math.max(mxo, wq[s]);
      }
      let sum = 0;
      for (let s = 0; s < Si; s++) sum += wq[s] = Math.exp(wq[s] - mxo);
      for (let s = 0; s < Si; s++) {
        const row = (o * Si + s) * nT, w = wq[s] / (sum * Po);
        for (let i = 0; i < nT; i++) {
          const vi = w * xiL[row + i];
          for (let j = 0; j <= i; j++) M[i * nT + j] += vi * xiL[row + j];
        }
      }
    }
    for (let i = 0; i < nT; i++) for (let j = 0; j < i; j++) M[j * nT + i] = M[i * nT + j];
    Lin = proposalRoot(M, nT, fn);
    drawInner();
  };
  const adaptiveInner = (opts.proposal ?? "adaptive") === "adaptive" && c2 > 0;
  const schedule = Array.from({ length: steps + 1 }, (_, i) => i);
  if (adaptiveInner) schedule.push(steps);
  let a: Float64Array = new Float64Array(p2);
  for (const kk of schedule) {
    if (adaptiveInner && kk > 0) adaptInner(a, (c2 * (kk - 1) * (kk - 1)) / (steps * steps));
    const ck = (c2 * kk * kk) / (steps * steps);
    let eps = kk === 0 ? 1 : 0.2, prev = Infinity;
    for (let it = 0; it < 5000; it++) {
      const { full } = kernelOf(a, ck);
      const next = solveSpd(block(full), p2, opts.y2, fn);
      let diff = 0;
      for (let i = 0; i < p2; i++) diff = Math.max(diff, Math.abs(next[i] - a[i]));
      if (kk === 0) {
        a = next;
        break;
      }
      if (diff < 1e-9 * Math.max(1, Math.max(...next.map(Math.abs)))) break;
      if (diff > prev) eps = Math.max(eps * 0.5, 1e-4);
      prev = diff;
      a = a.map((v, i) => v + eps * (next[i] - v));
      if (it === 4999) {
        throw new SaddlePointError(fn, `target iteration did not converge (step ${kk})`);
      }
    }
  }
  const { full, innerEss } = kernelOf(a, c2);
  const phi2 = block(full);
  for (let i = 0; i < p2; i++) phi2[i * p2 + i] -= rho2;
  const T = nT - p2;
  const predictTest = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    let v = 0;
    for (let j = 0; j < p2; j++) v += full[(p2 + t) * nT + j] * a[j];
    predictTest[t] = v;
  }
  return { source: src, a2: a, phi2, predictTest, innerEss };
}
