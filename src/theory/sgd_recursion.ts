/**
 * Exact second-moment recursion of one-pass minibatch SGD (and idealised normalized SGD) on
 * linear regression, with exact tail- and EMA-averaged risks and the bias/variance split.
 *
 * Implements the exact recursion shared by arXiv:2506.15535 and arXiv:2510.14717 (PAPERS.md, "Constant-LR SGD"):
 *
 * ```
 * s_t      = Σ_j λ_j m_j(t)
 * m_i(t+1) = (1 − η_t λ_i)² m_i(t) + (η_t²/B_t)·[(κ−2) λ_i² m_i(t) + λ_i (s_t + σ²)]
 * E_t      = ½ s_t      (excess risk; the population risk is E_t + ½σ²)
 * ```
 *
 * with κ = 3 for Gaussian and κ = 1 for Rademacher features. Cost O(d) per step.
 *
 * Risk convention: every risk returned here is the excess risk **with** the factor ½,
 * `E(w) = ½ (w−w*)ᵀH(w−w*)` (the authors' code reports `⟨λ, m⟩` without the ½).
 *
 * @module
 */

import { type FeatureDistribution, featureFourthMoment } from "./nsgd.ts";
import { sgdStepKernels } from "./sgd_step_kernels.ts";

/** Per-step learning rates and batch sizes of a run (length = number of steps). */
export interface StepPlan {
  /** Learning rate η_t used at step t (t = 0..T−1). */
  lr: ArrayLike<number>;
  /** Batch size B_t > 0 at step t (samples; non-integer values are allowed in theory). */
  batch: ArrayLike<number>;
}

/** Window of iterate indices `{start, …, start+length−1}` for the tail average (§1.5). */
export interface TailWindow {
  /** First iterate index in the window (0 = the initial point w_0). */
  start: number;
  /** Number of iterates averaged, N ≥ 1. */
  length: number;
}

/** Options of {@link sgdRiskRecursion}. */
export interface SgdRecursionOptions {
  /** Initial diagonal error second moments `m_i(0) = (Qᵀ(w_0 − w*))_i²` (length d). */
  m0: Float64Array;
  /** Label-noise variance σ² ≥ 0. */
  sigma2: number;
  /** Per-step learning rates and batch sizes. */
  plan: StepPlan;
  /** Feature distribution (default "gaussian"). */
  features?: FeatureDistribution;
  /**
   * Idealised NSGD (arXiv:2510.14717, Section 5): step t uses the SGD rate `η_t / sqrt(E‖g_t‖²)` with the
   * total-expectation normaliser. Default false (plain SGD).
   */
  normalized?: boolean;
  /** Record the risk every this many steps (iterate 0 and the last iterate are always kept). */
  recordEvery?: number;
  /** Exact tail-averaged risk over this window of iterates (§1.5). */
  tailAverage?: TailWindow;
  /** Exact EMA-averaged risk with `w̄_{t+1} = (1−ρ)w̄_t + ρ w_{t+1}`, `w̄_0 = w_0`; ρ ∈ (0, 1]. */
  emaDecay?: number;
  /** Record the per-step variance-dominance diagnostic ρ_t (always on when normalized). */
  diagnostics?: boolean;
  /**
   * Also record the exact risk of the running average `w̄ = (1/(t+1)) Σ_{u=0}^{t} w_u` at every
   * recorded iterate t (Zou's `w̄_N` with N = t + 1), in one pass (§1.5 with a growing window).
   */
  runningAverage?: boolean;
  /**
   * Inner-loop implementation: "wasm" (default; the f64x2 SIMD kernels of
   * `sgd_step_kernels.ts`, used for every step kind when d ≥ 64 and WebAssembly SIMD is
   * available) or "js" (the TypeScript loops).
   */
  kernel?: "wasm" | "js";
}

/** Output of {@link sgdRiskRecursion}. */
export interface SgdRiskCurve {
  /** Recorded iterate indices t. */
  steps: Float64Array;
  /** Samples consumed before iterate t, `Σ_{k<t} B_k`, at the recorded iterates. */
  samples: Float64Array;
  /** Excess risk `½ Σ λ_i m_i(t)` of the last iterate at the recorded iterates. */
  risk: Float64Array;
  /** EMA-averaged excess risk at the recorded iterates (when `emaDecay` is given). */
  emaRisk?: Float64Array;
  /** Running-average risk at the recorded iterates t (average of w_0..w_t; `runningAverage`). */
  runningAverageRisk?: Float64Array;
  /** Exact tail-averaged excess risk over the requested window (when `tailAverage` is given). */
  tailAverageRisk?: number;
  /** SGD learning rate actually applied at each step (η̃_t for NSGD; η_t for SGD), length T. */
  effectiveLr: Float64Array;
  /** Per-step ρ_t = mean part / noise part of E‖g_t‖² (when normalized or `diagnostics`). */
  rho?: Float64Array;
  /** Final diagonal second moments m(T). */
  finalM: Float64Array;
  /** Final excess risk ½ s_T. */
  finalRisk: number;
  /** Total samples consumed, `Σ_t B_t`. */
  totalSamples: number;
}

// One step of the diagonal recursion with per-coordinate coefficients computed on the fly:
// m_i ← ((1−ηλ_i)² + k2 λ_i²) m_i + f λ_i; returns Σ λ_i m_i (4 accumulators for speed).
function stepS(lam: Float64Array, m: Float64Array, eta: number, k2: number, f: number): number {
  const n = lam.length;
  const n4 = n - (n & 3);
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  let i = 0;
  for (; i < n4; i += 4) {
    const l0 = lam[i], l1 = lam[i + 1], l2 = lam[i + 2], l3 = lam[i + 3];
    const u0 = 1 - eta * l0, u1 = 1 - eta * l1, u2 = 1 - eta * l2, u3 = 1 - eta * l3;
    const v0 = (u0 * u0 + k2 * l0 * l0) * m[i] + f * l0;
    const v1 = (u1 * u1 + k2 * l1 * l1) * m[i + 1] + f * l1;
    const v2 = (u2 * u2 + k2 * l2 * l2) * m[i + 2] + f * l2;
    const v3 = (u3 * u3 + k2 * l3 * l3) * m[i + 3] + f * l3;
    m[i] = v0;
    m[i + 1] = v1;
    m[i + 2] = v2;
    m[i + 3] = v3;
    a0 += l0 * v0;
    a1 += l1 * v1;
    a2 += l2 * v2;
    a3 += l3 * v3;
  }
  for (; i < n; i++) {
    const l = lam[i];
    const u = 1 - eta * l;
    const v = (u * u + k2 * l * l) * m[i] + f * l;
    m[i] = v;
    a0 += l * v;
  }
  return (a0 + a1) + (a2 + a3);
}

// Step with precomputed per-coordinate factors D_i = (1−ηλ_i)² + k2 λ_i² (constant segments).
function stepD(lam: Float64Array, D: Float64Array, m: Float64Array, f: number): number {
  const n = lam.length;
  const n4 = n - (n & 3);
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  let i = 0;
  for (; i < n4; i += 4) {
    const l0 = lam[i], l1 = lam[i + 1], l2 = lam[i + 2], l3 = lam[i + 3];
    const v0 = D[i] * m[i] + f * l0;
    const v1 = D[i + 1] * m[i + 1] + f * l1;
    const v2 = D[i + 2] * m[i + 2] + f * l2;
    const v3 = D[i + 3] * m[i + 3] + f * l3;
    m[i] = v0;
    m[i + 1] = v1;
    m[i + 2] = v2;
    m[i + 3] = v3;
    a0 += l0 * v0;
    a1 += l1 * v1;
    a2 += l2 * v2;
    a3 += l3 * v3;
  }
  for (; i < n; i++) {
    const v = D[i] * m[i] + f * lam[i];
    m[i] = v;
    a0 += lam[i] * v;
  }
  return (a0 + a1) + (a2 + a3);
}

// Step fused with the running-average update (§1.5 with window {0..t}):
// c_i ← (1−ηλ_i)c_i + m_i(t+1), S_i ← S_i + 2c_i − m_i(t+1).
function stepSAvg(
  lam: Float64Array,
  m: Float64Array,
  c: Float64Array,
  S: Float64Array,
  eta: number,
  k2: number,
  f: number,
): number {
  const n = lam.length;
  let a0 = 0, a1 = 0;
  const n2 = n - (n & 1);
  let i = 0;
  for (; i < n2; i += 2) {
    const l0 = lam[i], l1 = lam[i + 1];
    const u0 = 1 - eta * l0, u1 = 1 - eta * l1;
    const v0 = (u0 * u0 + k2 * l0 * l0) * m[i] + f * l0;
    const v1 = (u1 * u1 + k2 * l1 * l1) * m[i + 1] + f * l1;
    m[i] = v0;
    m[i + 1] = v1;
    const c0 = u0 * c[i] + v0, c1 = u1 * c[i + 1] + v1;
    c[i] = c0;
    c[i + 1] = c1;
    S[i] += 2 * c0 - v0;
    S[i + 1] += 2 * c1 - v1;
    a0 += l0 * v0;
    a1 += l1 * v1;
  }
  for (; i < n; i++) {
    const l = lam[i];
    const u = 1 - eta * l;
    const v = (u * u + k2 * l * l) * m[i] + f * l;
    m[i] = v;
    const cc = u * c[i] + v;
    c[i] = cc;
    S[i] += 2 * cc - v;
    a0 += l * v;
  }
  return a0 + a1;
}

// Same step, also returning Σ λ_i² m_i in out[1] (needed by NSGD and the ρ diagnostic).
function stepSQ(
  lam: Float64Array,
  m: Float64Array,
  eta: number,
  k2: number,
  f: number,
  out: Float64Array,
): void {
  const n = lam.length;
  const n2 = n - (n & 1);
  let a0 = 0, a1 = 0, b0 = 0, b1 = 0;
  let i = 0;
  for (; i < n2; i += 2) {
    const l0 = lam[i], l1 = lam[i + 1];
    const u0 = 1 - eta * l0, u1 = 1 - eta * l1;
    const v0 = (u0 * u0 + k2 * l0 * l0) * m[i] + f * l0;
    const v1 = (u1 * u1 + k2 * l1 * l1) * m[i + 1] + f * l1;
    m[i] = v0;
    m[i + 1] = v1;
    const w0 = l0 * v0, w1 = l1 * v1;
    a0 += w0;
    a1 += w1;
    b0 += l0 * w0;
    b1 += l1 * w1;
  }
  for (; i < n; i++) {
    const l = lam[i];
    const u = 1 - eta * l;
    const v = (u * u + k2 * l * l) * m[i] + f * l;
    m[i] = v;
    const w = l * v;
    a0 += w;
    b0 += l * w;
  }
  out[0] = a0 + a1;
  out[1] = b0 + b1;
}

function checkPlan(fn: string, plan: StepPlan): number {
  const T = plan.lr.length;
  if (plan.batch.length !== T) {
    throw new Error(
      `${fn}: option "plan" must have lr and batch of equal length, got ${T} and ${plan.batch.length}`,
    );
  }
  for (let t = 0; t < T; t++) {
    const eta = plan.lr[t], b = plan.batch[t];
    if (!(eta >= 0) || !Number.isFinite(eta)) {
      throw new Error(`${fn}: plan.lr[${t}] must be a finite number >= 0, got ${eta}`);
    }
    if (!(b > 0) || !Number.isFinite(b)) {
      throw new Error(`${fn}: plan.batch[${t}] must be a finite number > 0, got ${b}`);
    }
  }
  return T;
}

/**
 * Run the exact diagonal second-moment recursion (arXiv:2506.15535) for any learning-rate and
 * batch schedule, optionally as idealised NSGD (arXiv:2510.14717), with the exact tail-window and EMA
 * averaged risks of §1.5. O(d) per step (plus O(d) per step inside an averaging window).
 *
 * @param lambda eigenvalues `λ_i > 0` of the feature covariance H (length d)
 * @param options initial moments, noise, step plan, features and optional averaging/diagnostics
 * @returns recorded risks (excess, with the ½), effective learning rates, final moments
 */
export function sgdRiskRecursion(
  lambda: Float64Array,
  options: SgdRecursionOptions,
): SgdRiskCurve {
  const fn = "sgdRiskRecursion";
  const {
    m0,
    sigma2,
    plan,
    features = "gaussian",
    normalized = false,
    recordEvery = 1,
    tailAverage,
    emaDecay,
    diagnostics = false,
    runningAverage = false,
    kernel = "wasm",
  } = options;
  const d = lambda.length;
  if (!(lambda instanceof Float64Array)) {
    throw new Error(`${fn}: argument "lambda" must be a Float64Array`);
  }
  if (!(m0 instanceof Float64Array) || m0.length !== d) {
    throw new Error(
      `${fn}: option "m0" must be a Float64Array of length ${d}, got length ${m0?.length}`,
    );
  }
  for (let i = 0; i < d; i++) {
    if (!(lambda[i] >= 0) || !Number.isFinite(lambda[i])) {
      throw new Error(`${fn}: lambda[${i}] must be a finite number >= 0, got ${lambda[i]}`);
    }
  }
  if (!(sigma2 >= 0) || !Number.isFinite(sigma2)) {
    throw new Error(`${fn}: option "sigma2" must be a finite number >= 0, got ${sigma2}`);
  }
  if (!Number.isInteger(recordEvery) || recordEvery < 1) {
    throw new Error(`${fn}: option "recordEvery" must be a positive integer, got ${recordEvery}`);
  }
  const T = checkPlan(fn, plan);
  if (tailAverage) {
    const { start, length } = tailAverage;
    if (!Number.isInteger(start) || start < 0 || !Number.isInteger(length) || length < 1) {
      throw new Error(
        `${fn}: option "tailAverage" must have integer start >= 0 and length >= 1, got start ${start}, length ${length}`,
      );
    }
    if (start + length - 1 > T) {
      throw new Error(
        `${fn}: option "tailAverage" window ends at iterate ${
          start + length - 1
        } but the plan has only ${T} steps`,
      );
    }
  }
  if (emaDecay !== undefined && !(emaDecay > 0 && emaDecay <= 1)) {
    throw new Error(`${fn}: option "emaDecay" must be in (0, 1], got ${emaDecay}`);
  }
  const kappa = featureFourthMoment(features);
  const needQ = normalized || diagnostics;
  let traceH = 0;
  for (let i = 0; i < d; i++) traceH += lambda[i];

  if (kernel !== "wasm" && kernel !== "js") {
    throw new Error(`${fn}: option "kernel" must be "wasm" or "js", got ${JSON.stringify(kernel)}`);
  }
  const kern = kernel === "wasm" && d >= 64 ? sgdStepKernels(lambda, m0) : undefined;
  const m = kern ? kern.m : Float64Array.from(m0);
  let s = 0, q = 0;
  for (let i = 0; i < d; i++) {
    s += lambda[i] * m[i];
    q += lambda[i] * lambda[i] * m[i];
  }
  const nRec = Math.floor(T / recordEvery) + 1 + (T % recordEvery === 0 ? 0 : 1);
  const steps = new Float64Array(nRec);
  const samples = new Float64Array(nRec);
  const risk = new Float64Array(nRec);
  const emaRisk = emaDecay !== undefined ? new Float64Array(nRec) : undefined;
  const effectiveLr = new Float64Array(T);
  const rho = needQ ? new Float64Array(T) : undefined;

  // averaging state
  const win = tailAverage;
  const cTail = win ? new Float64Array(d) : undefined;
  const sTail = win ? new Float64Array(d) : undefined;
  const sbar = emaDecay !== undefined ? Float64Array.from(m0) : undefined;
  const cbar = emaDecay !== undefined ? Float64Array.from(m0) : undefined;
  if (win && win.start === 0) {
    cTail!.set(m);
    sTail!.set(m);
  }
  const cRun = runningAverage ? (kern ? kern.avgC : new Float64Array(d)) : undefined;
  const sRun = runningAverage ? (kern ? kern.avgS : new Float64Array(d)) : undefined;
  cRun?.set(m0);
  sRun?.set(m0);
  const runRisk = runningAverage ? new Float64Array(nRec) : undefined;
  const runRiskNow = (n: number): number => {
    let acc = 0;
    for (let i = 0; i < d; i++) acc += lambda[i] * sRun![i];
    return 0.5 * acc / (n * n);
  };
  const emaRiskNow = (): number => {
    let acc = 0;
    for (let i = 0; i < d; i++) acc += lambda[i] * sbar![i];
    return 0.5 * acc;
  };

  let rec = 0;
  steps[0] = 0;
  samples[0] = 0;
  risk[0] = 0.5 * s;
  if (emaRisk) emaRisk[0] = emaRiskNow();
  if (runRisk) runRisk[0] = runRiskNow(1);
  rec = 1;
  let seen = 0;
  const sq = new Float64Array(2);
  let dFac: Float64Array | undefined;
  let dLr = NaN, dB = NaN;
  for (let t = 0; t < T; t++) {
    const B = plan.batch[t];
    let eta = plan.lr[t];
    if (needQ) {
      const meanPart = (1 + (kappa - 2) / B) * q;
      const noisePart = traceH * (s + sigma2) / B;
      rho![t] = meanPart / noisePart;
      if (normalized) eta = eta / Math.sqrt(meanPart + noisePart);
    }
    effectiveLr[t] = eta;
    const c2 = eta * eta / B;
    const k2 = c2 * (kappa - 2);
    const f = c2 * (s + sigma2);
    if (needQ) {
      if (kern) kern.stepQ(eta, k2, f, sq);
      else stepSQ(lambda, m, eta, k2, f, sq);
      s = sq[0];
      q = sq[1];
    } else if (cRun) {
      s = kern ? kern.stepAvg(eta, k2, f) : stepSAvg(lambda, m, cRun, sRun!, eta, k2, f);
    } else if (
      (dLr === eta && dB === B) ||
      (t + 1 < T && plan.lr[t + 1] === plan.lr[t] && plan.batch[t + 1] === B)
    ) {
      // constant segment: precompute the contraction factors once
      if (!(dLr === eta && dB === B)) {
        const fac = dFac ?? (kern ? kern.factors : new Float64Array(d));
        for (let i = 0; i < d; i++) {
          const l = lambda[i], w = 1 - eta * l;
          fac[i] = w * w + k2 * l * l;
        }
        dFac = fac;
        dLr = eta;
        dB = B;
      }
      s = kern ? kern.stepD(f) : stepD(lambda, dFac!, m, f);
    } else {
      s = kern ? kern.stepFly(eta, k2, f) : stepS(lambda, m, eta, k2, f);
    }
    seen += B;
    const u = t + 1; // index of the new iterate
    if (win && u >= win.start && u < win.start + win.length) {
      if (u === win.start) {
        for (let i = 0; i < d; i++) {
          cTail![i] = m[i];
          sTail![i] += m[i];
        }
      } else {
        for (let i = 0; i < d; i++) {
          const c = (1 - eta * lambda[i]) * cTail![i] + m[i];
          cTail![i] = c;
          sTail![i] += 2 * c - m[i];
        }
      }
    }
    if (sbar) {
      const r = emaDecay!;
      const a = (1 - r) * (1 - r), b = r * r, c = 2 * r * (1 - r);
      for (let i = 0; i < d; i++) {
        const p = 1 - eta * lambda[i];
        sbar[i] = a * sbar[i] + b * m[i] + c * p * cbar![i];
        cbar![i] = (1 - r) * p * cbar![i] + r * m[i];
      }
    }
    if (u % recordEvery === 0 || u === T) {
      steps[rec] = u;
      samples[rec] = seen;
      risk[rec] = 0.5 * s;
      if (emaRisk) emaRisk[rec] = emaRiskNow();
      if (runRisk) runRisk[rec] = runRiskNow(u + 1);
      rec++;
    }
  }
  let tailAverageRisk: number | undefined;
  if (win) {
    let acc = 0;
    for (let i = 0; i < d; i++) acc += lambda[i] * sTail![i];
    tailAverageRisk = 0.5 * acc / (win.length * win.length);
  }
  return {
    steps,
    samples,
    risk,
    emaRisk,
    runningAverageRisk: runRisk,
    tailAverageRisk,
    effectiveLr,
    rho,
    finalM: kern ? Float64Array.from(m) : m,
    finalRisk: 0.5 * s,
    totalSamples: seen,
  };
}

/** Bias, variance and total curves of one run (arXiv:2506.15535, Zou-style split). */
export interface BiasVarianceCurves {
  /** The full run (from m0, with the true σ²). */
  total: SgdRiskCurve;
  /** Bias: the same SGD rates from m0 with σ = 0. */
  bias: SgdRiskCurve;
  /** Variance: the same SGD rates from m(0) = 0 with the true σ². */
  variance: SgdRiskCurve;
}

/**
 * Exact bias/variance split (arXiv:2506.15535, Zou-style): bias = recursion with σ = 0 from m(0), variance
 * = recursion with the true σ² from m(0) = 0; total = bias + variance exactly (linearity), for
 * any schedule. For NSGD the effective SGD rates η̃_t of the full run are used for both parts
 * (the normaliser depends on the full second moments, so the split is taken given η̃).
 *
 * @param lambda eigenvalues of H
 * @param options as for {@link sgdRiskRecursion}
 * @returns the total, bias and variance curves
 */
export function sgdBiasVariance(
  lambda: Float64Array,
  options: SgdRecursionOptions,
): BiasVarianceCurves {
  const total = sgdRiskRecursion(lambda, options);
  const plan: StepPlan = { lr: total.effectiveLr, batch: options.plan.batch };
  const base = { ...options, plan, normalized: false };
  const bias = sgdRiskRecursion(lambda, { ...base, sigma2: 0 });
  const variance = sgdRiskRecursion(lambda, { ...base, m0: new Float64Array(lambda.length) });
  return { total, bias, variance };
}

/**
 * Constant step plan: T steps of learning rate `lr` and batch `batch`.
 *
 * @param steps number of steps T ≥ 0
 * @param options learning rate and batch size
 * @returns the plan
 */
export function constantPlan(steps: number, options: { lr: number; batch: number }): StepPlan {
  if (!Number.isInteger(steps) || steps < 0) {
    throw new Error(`constantPlan: argument "steps" must be an integer >= 0, got ${steps}`);
  }
  return {
    lr: new Float64Array(steps).fill(options.lr),
    batch: new Float64Array(steps).fill(options.batch),
  };
}
