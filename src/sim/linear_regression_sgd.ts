/**
 * Monte-Carlo one-pass minibatch SGD and normalized SGD on diagonal (power-law) linear
 * regression, many independent repetitions at once: the simulation that checks the exact
 * recursion of `src/theory/sgd_recursion.ts`.
 *
 * Implements the linear-regression model and SGD of arXiv:2506.15535 and arXiv:2510.14717
 * (PAPERS.md, "Constant-LR SGD"): features `x = √λ ⊙ z` with z i.i.d. Gaussian or
 * Rademacher, labels `y = ⟨w*, x⟩ + ε`, `w* = √(w*²) ⊙ random signs`, `w_0 = 0`, fresh samples
 * at every step, and the excess risk `½‖w − w*‖²_H` averaged over R repetitions.
 *
 * Each repetition draws its own fresh batch, so per step the work of one repetition is two
 * matrix–vector products with its own (B × d) design; there is no shared operand to form a
 * GEMM, and the loops below fuse residual and gradient in one pass over the features instead.
 *
 * @module
 */

import { foldIn, type Key, normalF64, randomBits, split } from "../random/mod.ts";
import type { FeatureDistribution } from "../theory/nsgd.ts";
import type { StepPlan, TailWindow } from "../theory/sgd_recursion.ts";

/** Options of {@link simulateLinearRegressionSgd}. */
export interface LinearRegressionSgdOptions {
  /** Eigenvalues λ_i of H (length d). */
  lambda: Float64Array;
  /** Squared target coordinates (w*_i)² (length d); w_0 = 0, so m(0) = wStarSq. */
  wStarSq: Float64Array;
  /** Label-noise variance σ². */
  sigma2: number;
  /** Per-step learning rates and (integer) batch sizes. */
  plan: StepPlan;
  /** Number of independent repetitions R ≥ 2. */
  repetitions: number;
  /** Root PRNG key (src/random). */
  key: Key;
  /** Feature distribution (default "rademacher": cheaper; the exact recursion
   * covers it with fourth moment κ = 1, PAPERS.md "Constant-LR SGD"). */
  features?: FeatureDistribution;
  /**
   * NSGD: step with `η_t / sqrt(N_t)` where N_t is the conditional expected squared gradient norm
   * `(1 + (κ−2)/B) Σλ²e² + tr H (Σλe² + σ²)/B`, averaged over the repetitions ("ensemble", an
   * estimate of the total expectation used by the theory) or per repetition ("conditional").
   */
  normalized?: false | "ensemble" | "conditional";
  /** Record every this many steps (iterate 0 and the last are always recorded). */
  recordEvery?: number;
  /** Also report the risk of the average of the iterates in this window. */
  tailAverage?: TailWindow;
}

/** Output of {@link simulateLinearRegressionSgd}. */
export interface LinearRegressionSgdResult {
  /** Recorded iterate indices. */
  steps: Float64Array;
  /** Samples consumed before each recorded iterate. */
  samples: Float64Array;
  /** Mean over repetitions of the excess risk ½‖e‖²_H. */
  risk: Float64Array;
  /** Standard error of that mean (sample std / √R). */
  riskSe: Float64Array;
  /** Final excess risk of every repetition (length R). */
  finalRisks: Float64Array;
  /** Mean and standard error of the tail-averaged iterate's excess risk, when requested. */
  tailAverage?: { risk: number; se: number };
}

function meanSe(x: Float64Array): [number, number] {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  const mu = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (x[i] - mu) * (x[i] - mu);
  return [mu, Math.sqrt(v / (n - 1) / n)];
}

/**
 * Simulate R independent runs of one-pass minibatch SGD (or idealised NSGD) on linear
 * regression in the eigenbasis and report the mean excess risk with its standard error.
 *
 * @param options instance, noise, plan, repetitions, key, features, NSGD mode, recording
 * @returns mean risk and standard error at the recorded iterates, and the final per-run risks
 */
export function simulateLinearRegressionSgd(
  options: LinearRegressionSgdOptions,
): LinearRegressionSgdResult {
  const fn = "simulateLinearRegressionSgd";
  const {
    lambda,
    wStarSq,
    sigma2,
    plan,
    repetitions: R,
    key,
    features = "rademacher",
    normalized = false,
    recordEvery = 1,
    tailAverage,
  } = options;
  const d = lambda.length;
  if (wStarSq.length !== d) {
    throw new Error(
      `${fn}: options "lambda" and "wStarSq" must have equal length, got ${d} and ${wStarSq.length}`,
    );
  }
  if (!Number.isInteger(R) || R < 2) {
    throw new Error(`${fn}: option "repetitions" must be an integer >= 2, got ${R}`);
  }
  if (!(sigma2 >= 0)) throw new Error(`${fn}: option "sigma2" must be >= 0, got ${sigma2}`);
  if (!Number.isInteger(recordEvery) || recordEvery < 1) {
    throw new Error(`${fn}: option "recordEvery" must be a positive integer, got ${recordEvery}`);
  }
  const T = plan.lr.length;
  if (plan.batch.length !== T) {
    throw new Error(
      `${fn}: option "plan" must have lr and batch of equal length, got ${T} and ${plan.batch.length}`,
    );
  }
  for (let t = 0; t < T; t++) {
    const b = plan.batch[t];
    if (!Number.isInteger(b) || b < 1) {
      throw new Error(`${fn}: plan.batch[${t}] must be a positive integer, got ${b}`);
    }
    if (!(plan.lr[t] >= 0) || !Number.isFinite(plan.lr[t])) {
      throw new Error(`${fn}: plan.lr[${t}] must be a finite number >= 0, got ${plan.lr[t]}`);
    }
  }
  if (features !== "gaussian" && features !== "rademacher") {
    throw new Error(
      `${fn}: option "features" must be "gaussian" or "rademacher", got ${
        JSON.stringify(features)
      }`,
    );
  }
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
  if (normalized !== false && normalized !== "ensemble" && normalized !== "conditional") {
    throw new Error(
      `${fn}: option "normalized" must be false, "ensemble" or "conditional", got ${
        JSON.stringify(normalized)
      }`,
    );
  }
  const kappa = features === "gaussian" ? 3 : 1;
  const sqrtL = new Float64Array(d);
  let traceH = 0;
  for (let i = 0; i < d; i++) {
    sqrtL[i] = Math.sqrt(lambda[i]);
    traceH += lambda[i];
  }
  const [kInit, kFeat, kNoise] = split(key, 3);
  // e = w − w* = −w*, with random signs per repetition
  const e = new Float64Array(R * d);
  const signs = randomBits(kInit, Math.ceil((R * d) / 32));
  for (let j = 0; j < R * d; j++) {
    const s = (signs[j >>> 5] >>> (j & 31)) & 1 ? 1 : -1;
    e[j] = -s * Math.sqrt(wStarSq[j % d]);
  }
  const avg = tailAverage ? new Float64Array(R * d) : undefined;
  const riskOf = (buf: Float64Array, r: number, scale: number): number => {
    let acc = 0;
    const o = r * d;
    for (let i = 0; i < d; i++) acc += lambda[i] * buf[o + i] * buf[o + i];
    return 0.5 * acc * scale * scale;
  };
  const nRec = Math.floor(T / recordEvery) + 1 + (T % recordEvery === 0 ? 0 : 1);
  const steps = new Float64Array(nRec), samples = new Float64Array(nRec);
  const risk = new Float64Array(nRec), riskSe = new Float64Array(nRec);
  const per = new Float64Array(R);
  let rec = 0;
  const record = (u: number, seen: number): void => {
    for (let r = 0; r < R; r++) per[r] = riskOf(e, r, 1);
    const [mu, se] = meanSe(per);
    steps[rec] = u;
    samples[rec] = seen;
    risk[rec] = mu;
    riskSe[rec] = se;
    rec++;
  };
  const addToAverage = (u: number): void => {
    if (avg && u >= tailAverage!.start && u < tailAverage!.start + tailAverage!.length) {
      for (let j = 0; j < R * d; j++) avg[j] += e[j];
    }
  };
  record(0, 0);
  addToAverage(0);
  const g = new Float64Array(d);
  const x = new Float64Array(d);
  const normFactor = new Float64Array(R);
  let seen = 0;
  for (let t = 0; t < T; t++) {
    const B = plan.batch[t];
    const eta = plan.lr[t];
    if (normalized) {
      let ens = 0;
      for (let r = 0; r < R; r++) {
        let s = 0, q = 0;
        const o = r * d;
        for (let i = 0; i < d; i++) {
          const w = lambda[i] * e[o + i] * e[o + i];
          s += w;
          q += lambda[i] * w;
        }
        const c = (1 + (kappa - 2) / B) * q + (traceH * (s + sigma2)) / B;
        normFactor[r] = c;
        ens += c;
      }
      if (normalized === "ensemble") normFactor.fill(ens / R);
    }
    const kf = foldIn(kFeat, t);
    const noise = sigma2 > 0 ? normalF64(foldIn(kNoise, t), R * B) : undefined;
    const sd = Math.sqrt(sigma2);
    const bits = features === "rademacher"
      ? randomBits(kf, Math.ceil((R * B * d) / 32))
      : undefined;
    const gauss = features === "gaussian" ? normalF64(kf, R * B * d) : undefined;
    for (let r = 0; r < R; r++) {
      const o = r * d;
      g.fill(0);
      for (let b = 0; b < B; b++) {
        const base = (r * B + b) * d;
        let res = 0;
        if (bits) {
          for (let i = 0; i < d; i++) {
            const j = base + i;
            const xi = (bits[j >>> 5] >>> (j & 31)) & 1 ? sqrtL[i] : -sqrtL[i];
            x[i] = xi;
            res += xi * e[o + i];
          }
        } else {
          for (let i = 0; i < d; i++) {
            const xi = gauss![base + i] * sqrtL[i];
            x[i] = xi;
            res += xi * e[o + i];
          }
        }
        // residual ⟨w,x⟩ − y = ⟨e,x⟩ − ε
        if (noise) res -= sd * noise[r * B + b];
        for (let i = 0; i < d; i++) g[i] += res * x[i];
      }
      let step = eta / B;
      if (normalized) step /= Math.sqrt(normFactor[r]);
      for (let i = 0; i < d; i++) e[o + i] -= step * g[i];
    }
    seen += B;
    const u = t + 1;
    addToAverage(u);
    if (u % recordEvery === 0 || u === T) record(u, seen);
  }
  const finalRisks = new Float64Array(R);
  for (let r = 0; r < R; r++) finalRisks[r] = riskOf(e, r, 1);
  let tail: { risk: number; se: number } | undefined;
  if (avg) {
    const pr = new Float64Array(R);
    for (let r = 0; r < R; r++) pr[r] = riskOf(avg, r, 1 / tailAverage!.length);
    const [mu, se] = meanSe(pr);
    tail = { risk: mu, se };
  }
  return { steps, samples, risk, riskSe, finalRisks, tailAverage: tail };
}
