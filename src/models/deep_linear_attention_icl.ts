/**
 * Deep reduced linear-attention model for in-context regression (Bordelon, Letey, Pehlevan,
 * arXiv:2510.01098, the deep model): L steps of preconditioned in-context gradient descent,
 * `v_0 = 0`, `v_{l+1} = v_l + (1/L) Γ_l (1/P) Σ_i x_i (y_i − x_iᵀ v_l)`, `f(x*) = x*ᵀ v_L`
 * (tied: Γ_l = Γ), with manual backpropagation, online SGD and a Monte Carlo population risk.
 *
 * Conventions of that paper (not those of 2405.11751): x ~ N(0, Σ_c), `y = β·x/√D + σε`.
 * Tokens are rows: X is P×D.
 *
 * @module
 */

import { type Backend, defaultBackend } from "../backend/mod.ts";
import {
  haarOrthogonal,
  type IclPromptBatch,
  type IclPromptOptions,
  sampleIclPrompts,
} from "../data/icl_tasks.ts";
import { foldIn, type Key, normalF64, split } from "../random/mod.ts";

/** Γ for a tied model (one D×D matrix) or an untied one (one per layer). */
export type DeepGamma = Float64Array | readonly Float64Array[];

function layerGamma(gamma: DeepGamma, l: number): Float64Array {
  return gamma instanceof Float64Array ? gamma : gamma[l];
}

function checkGamma(fn: string, gamma: DeepGamma, d: number, depth: number): void {
  if (!Number.isInteger(depth) || depth < 1) {
    throw new Error(`${fn}: argument "depth" must be a positive integer, got ${depth}`);
  }
  if (gamma instanceof Float64Array) {
    if (gamma.length !== d * d) {
      throw new Error(
        `${fn}: argument "gamma" must have length D² = ${d * d}, got ${gamma.length}`,
      );
    }
  } else {
    if (gamma.length !== depth) {
      throw new Error(
        `${fn}: argument "gamma" must hold depth = ${depth} matrices, got ${gamma.length}`,
      );
    }
    for (const g of gamma) {
      if (g.length !== d * d) {
        throw new Error(
          `${fn}: argument "gamma" must hold D×D matrices (${d * d}), got ${g.length}`,
        );
      }
    }
  }
}

/**
 * Forward pass on every context: predictions `f` on all queries (`count × queries`) by the
 * L-step preconditioned GD recursion (arXiv:2510.01098, the reduction of the deep model;
 * PAPERS.md, "Deep linear attention ICL").
 *
 * @param gamma tied D×D Γ or one per layer
 * @param batch contexts
 * @param options `depth` L
 * @returns predictions
 */
export function deepIclPredict(
  gamma: DeepGamma,
  batch: IclPromptBatch,
  options: { depth: number },
): Float64Array {
  const { count, dim: d, contextLength: P, queries: K } = batch;
  checkGamma("deepIclPredict", gamma, d, options.depth);
  const L = options.depth;
  const out = new Float64Array(count * K);
  const r = new Float64Array(P);
  const u = new Float64Array(d);
  const g = new Float64Array(d);
  const v = new Float64Array(d);
  for (let c = 0; c < count; c++) {
    const X = c * P * d;
    for (let i = 0; i < P; i++) r[i] = batch.y[c * P + i];
    v.fill(0);
    for (let l = 0; l < L; l++) {
      const G = layerGamma(gamma, l);
      u.fill(0);
      for (let i = 0; i < P; i++) {
        const ri = r[i] / P;
        for (let a = 0; a < d; a++) u[a] += batch.x[X + i * d + a] * ri;
      }
      for (let a = 0; a < d; a++) {
        let s = 0;
        for (let b = 0; b < d; b++) s += G[a * d + b] * u[b];
        g[a] = s;
        v[a] += s / L;
      }
      for (let i = 0; i < P; i++) {
        let s = 0;
        for (let a = 0; a < d; a++) s += batch.x[X + i * d + a] * g[a];
        r[i] -= s / L;
      }
    }
    for (let q = 0; q < K; q++) {
      let s = 0;
      for (let a = 0; a < d; a++) s += batch.xq[(c * K + q) * d + a] * v[a];
      out[c * K + q] = s;
    }
  }
  return out;
}

/** Loss and gradient of the deep model. */
export interface DeepIclLossGrad {
  /** mean over contexts of `(1/K) Σ_j (f_j − y*_j)²`. */
  loss: number;
  /** ∂loss/∂Γ: one D×D matrix (tied) or one per layer (untied). */
  grad: Float64Array | Float64Array[];
}

/**
 * Loss and manual-backprop gradient (arXiv:2510.01098, the reduced deep model): with `u_l = Xᵀr_l/P`, `g_l = Γ_l u_l`,
 * `e = ∂loss/∂F`, backward from `r̄_L = 0`:
 * `ḡ_l = (1/L)X*ᵀe − (1/L)Xᵀr̄_{l+1}`, `r̄_l = r̄_{l+1} + (1/P) X Γ_lᵀ ḡ_l`,
 * `∂loss/∂Γ_l = ḡ_l u_lᵀ` (summed over l when tied).
 *
 * @param gamma tied or untied Γ
 * @param batch contexts
 * @param options `depth` L
 * @returns loss and gradient
 */
export function deepIclLossAndGrad(
  gamma: DeepGamma,
  batch: IclPromptBatch,
  options: { depth: number },
): DeepIclLossGrad {
  const { count, dim: d, contextLength: P, queries: K } = batch;
  checkGamma("deepIclLossAndGrad", gamma, d, options.depth);
  const L = options.depth;
  const tied = gamma instanceof Float64Array;
  const grads = tied
    ? [new Float64Array(d * d)]
    : Array.from({ length: L }, () => new Float64Array(d * d));
  const rs = Array.from({ length: L + 1 }, () => new Float64Array(P));
  const us = Array.from({ length: L }, () => new Float64Array(d));
  const gs = Array.from({ length: L }, () => new Float64Array(d));
  const F = new Float64Array(K);
  const e = new Float64Array(K);
  const rbar = new Float64Array(P);
  const gbar = new Float64Array(d);
  const tmp = new Float64Array(d);
  const xe = new Float64Array(d);
  let loss = 0;
  for (let c = 0; c < count; c++) {
    const X = c * P * d;
    const Xq = c * K * d;
    const r0 = rs[0];
    for (let i = 0; i < P; i++) r0[i] = batch.y[c * P + i];
    F.fill(0);
    for (let l = 0; l < L; l++) {
      const G = layerGamma(gamma, l);
      const r = rs[l];
      const u = us[l];
      const g = gs[l];
      u.fill(0);
      for (let i = 0; i < P; i++) {
        const ri = r[i] / P;
        for (let a = 0; a < d; a++) u[a] += batch.x[X + i * d + a] * ri;
      }
      for (let a = 0; a < d; a++) {
        let s = 0;
        for (let b = 0; b < d; b++) s += G[a * d + b] * u[b];
        g[a] = s;
      }
      const rn = rs[l + 1];
      for (let i = 0; i < P; i++) {
        let s = 0;
        for (let a = 0; a < d; a++) s += batch.x[X + i * d + a] * g[a];
        rn[i] = r[i] - s / L;
      }
      for (let q = 0; q < K; q++) {
        let s = 0;
        for (let a = 0; a < d; a++) s += batch.xq[Xq + q * d + a] * g[a];
        F[q] += s / L;
      }
    }
    for (let q = 0; q < K; q++) {
      const diff = F[q] - batch.yq[c * K + q];
      loss += (diff * diff) / (K * count);
      e[q] = (2 * diff) / (K * count);
    }
    xe.fill(0);
    for (let q = 0; q < K; q++) {
      for (let a = 0; a < d; a++) xe[a] += batch.xq[Xq + q * d + a] * e[q];
    }
    rbar.fill(0);
    for (let l = L - 1; l >= 0; l--) {
      const G = layerGamma(gamma, l);
      // ḡ_l = (1/L) X*ᵀ e − (1/L) Xᵀ r̄_{l+1}
      for (let a = 0; a < d; a++) gbar[a] = xe[a] / L;
      for (let i = 0; i < P; i++) {
        const ri = rbar[i] / L;
        if (ri === 0) continue;
        for (let a = 0; a < d; a++) gbar[a] -= batch.x[X + i * d + a] * ri;
      }
      const grad = grads[tied ? 0 : l];
      const u = us[l];
      for (let a = 0; a < d; a++) {
        const ga = gbar[a];
        for (let b = 0; b < d; b++) grad[a * d + b] += ga * u[b];
      }
      // r̄_l = r̄_{l+1} + (1/P) X Γᵀ ḡ
      for (let b = 0; b < d; b++) {
        let s = 0;
        for (let a = 0; a < d; a++) s += G[a * d + b] * gbar[a];
        tmp[b] = s / P;
      }
      for (let i = 0; i < P; i++) {
        let s = 0;
        for (let a = 0; a < d; a++) s += batch.x[X + i * d + a] * tmp[a];
        rbar[i] += s;
      }
    }
  }
  return { loss, grad: tied ? grads[0] : grads };
}

/** Options of {@linkcode trainDeepIcl}. */
export interface TrainDeepIclOptions {
  /** depth L. */
  depth: number;
  /** SGD learning rate η on Γ. */
  learningRate: number;
  /** contexts per step B. */
  batchSize: number;
  /** number of SGD steps. */
  steps: number;
  /** prompt law (fresh contexts every step; Part C convention). */
  prompts: IclPromptOptions;
  /** initial tied Γ (default 0). */
  init?: Float64Array;
  /** called every `everySteps` steps with the current Γ (default never). */
  onStep?: (step: number, gamma: Float64Array, loss: number) => void;
  /** period of `onStep` (default 100). */
  everySteps?: number;
}

/**
 * Online SGD on the tied Γ of the deep model from Γ(0) = 0: each step draws `batchSize` fresh
 * contexts and applies `Γ ← Γ − η ∂loss/∂Γ` (the scaled-down
 * SGD runs of PAPERS.md, "Deep linear attention ICL").
 *
 * @param key random key
 * @param options depth, η, batch, steps, prompt law
 * @returns the final Γ and the training-loss trace (one value per step)
 */
export function trainDeepIcl(
  key: Key,
  options: TrainDeepIclOptions,
): { gamma: Float64Array; trainLoss: Float64Array } {
  const d = options.prompts.dim;
  const gamma = options.init ? options.init.slice() : new Float64Array(d * d);
  const trainLoss = new Float64Array(options.steps);
  const every = options.everySteps ?? 100;
  for (let t = 0; t < options.steps; t++) {
    const batch = sampleIclPrompts(foldIn(key, t), options.batchSize, options.prompts);
    const { loss, grad } = deepIclLossAndGrad(gamma, batch, { depth: options.depth });
    const g = grad as Float64Array;
    for (let i = 0; i < d * d; i++) gamma[i] -= options.learningRate * g[i];
    trainLoss[t] = loss;
    if (!Number.isFinite(loss)) {
      throw new Error(`trainDeepIcl: loss diverged at step ${t} (reduce "learningRate")`);
    }
    if (options.onStep && (t + 1) % every === 0) options.onStep(t + 1, gamma, loss);
  }
  return { gamma, trainLoss };
}

/** Options of {@linkcode deepIclPopulationRisk}. */
export interface DeepIclRiskOptions {
  /** depth L. */
  depth: number;
  /** context length P. */
  contextLength: number;
  /** label-noise variance σ² in the context (default 0). */
  noiseVariance?: number;
  /** covariate eigenvalues λ (default 1). */
  covariateSpectrum?: ArrayLike<number>;
  /** task eigenvalues ω (default 1). */
  taskSpectrum?: ArrayLike<number>;
  /** "none" (FS/ISO) or "haar-per-context" (RRS). */
  rotation?: "none" | "haar-per-context";
  /** Monte Carlo draws of the context covariates (default 200). */
  samples?: number;
  /** backend for the D×D products (default `defaultBackend()`). */
  backend?: Backend;
}

/**
 * Monte Carlo population risk of a tied Γ (arXiv:2510.01098), excluding the test-label noise:
 * `R(Γ) = E_X{(1/D) tr[Ω_c Eᵀ Σ_c E] + σ²(1/P) tr[S Σ̂ Sᵀ Σ_c]}`,
 * `E = (I − ΓΣ̂/L)^L`, `S = (1/L)Σ_{l<L}(I − ΓΣ̂/L)^l Γ`, `Σ̂ = XᵀX/P`; with
 * `rotation: "haar-per-context"` the covariances are `Σ_c = OΛOᵀ`, `Ω_c = OΩOᵀ` (RRS).
 * For Γ = γI this is the finite-α Monte Carlo of the ISO/RRS theory.
 *
 * @param key random key
 * @param gamma D×D Γ
 * @param options instance and number of draws
 * @returns mean risk and its standard error
 */
export function deepIclPopulationRisk(
  key: Key,
  gamma: Float64Array,
  options: DeepIclRiskOptions,
): { mean: number; stderr: number } {
  const fn = "deepIclPopulationRisk";
  const d = Math.round(Math.sqrt(gamma.length));
  if (d * d !== gamma.length) {
    throw new Error(`${fn}: argument "gamma" must be square, got length ${gamma.length}`);
  }
  const L = options.depth;
  if (!Number.isInteger(L) || L < 1) {
    throw new Error(`${fn}: argument "depth" must be a positive integer, got ${L}`);
  }
  const P = options.contextLength;
  if (!Number.isInteger(P) || P < 1) {
    throw new Error(`${fn}: argument "contextLength" must be a positive integer, got ${P}`);
  }
  const n = options.samples ?? 200;
  const s2 = options.noiseVariance ?? 0;
  const be = options.backend ?? defaultBackend();
  const lam = options.covariateSpectrum;
  const om = options.taskSpectrum;
  const mul = (
    a: Float64Array,
    b: Float64Array,
    c: Float64Array,
    tA = false,
    tB = false,
    alpha = 1,
  ) =>
    be.gemm({
      transA: tA,
      transB: tB,
      m: d,
      n: d,
      k: d,
      alpha,
      a,
      offA: 0,
      lda: d,
      b,
      offB: 0,
      ldb: d,
      beta: 0,
      c,
      offC: 0,
      ldc: d,
    });
  const keys = split(key, n);
  const vals = new Float64Array(n);
  const Sig = new Float64Array(d * d);
  const Om = new Float64Array(d * d);
  const Sh = new Float64Array(d * d);
  const M = new Float64Array(d * d);
  let Pw = new Float64Array(d * d);
  let Pn = new Float64Array(d * d);
  const acc = new Float64Array(d * d);
  const t1 = new Float64Array(d * d);
  const t2 = new Float64Array(d * d);
  const X = new Float64Array(P * d);
  for (let s = 0; s < n; s++) {
    const [kx, ko] = split(keys[s], 2);
    const z = normalF64(kx, P * d);
    // Σ_c and Ω_c, and X = Z Λ^{1/2} Oᵀ (rows)
    const O = options.rotation === "haar-per-context" ? haarOrthogonal(ko, d) : undefined;
    for (let i = 0; i < P; i++) {
      for (let a = 0; a < d; a++) z[i * d + a] *= Math.sqrt(lam ? lam[a] : 1);
    }
    if (O) {
      for (let i = 0; i < P; i++) {
        for (let a = 0; a < d; a++) {
          let v = 0;
          for (let b = 0; b < d; b++) v += O[a * d + b] * z[i * d + b];
          X[i * d + a] = v;
        }
      }
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < d; b++) {
          let vs = 0;
          let vo = 0;
          for (let k = 0; k < d; k++) {
            const ok = O[a * d + k] * O[b * d + k];
            vs += ok * (lam ? lam[k] : 1);
            vo += ok * (om ? om[k] : 1);
          }
          Sig[a * d + b] = vs;
          Om[a * d + b] = vo;
        }
      }
    } else {
      X.set(z);
      Sig.fill(0);
      Om.fill(0);
      for (let a = 0; a < d; a++) {
        Sig[a * d + a] = lam ? lam[a] : 1;
        Om[a * d + a] = om ? om[a] : 1;
      }
    }
    be.gemm({
      transA: true,
      transB: false,
      m: d,
      n: d,
      k: P,
      alpha: 1 / P,
      a: X,
      offA: 0,
      lda: d,
      b: X,
      offB: 0,
      ldb: d,
      beta: 0,
      c: Sh,
      offC: 0,
      ldc: d,
    });
    mul(gamma, Sh, M, false, false, -1 / L);
    for (let a = 0; a < d; a++) M[a * d + a] += 1;
    Pw.fill(0);
    for (let a = 0; a < d; a++) Pw[a * d + a] = 1;
    acc.fill(0);
    for (let l = 0; l < L; l++) {
      for (let i = 0; i < d * d; i++) acc[i] += Pw[i];
      mul(M, Pw, Pn);
      [Pw, Pn] = [Pn, Pw];
    }
    // signal: (1/D) tr[Ω Eᵀ Σ E]
    mul(Sig, Pw, t1); // Σ E
    mul(Pw, t1, t2, true); // Eᵀ Σ E
    let sig = 0;
    for (let i = 0; i < d * d; i++) sig += Om[i] * t2[i]; // tr(Ω t2) with Ω symmetric
    let noise = 0;
    if (s2 > 0) {
      mul(acc, gamma, t1, false, false, 1 / L); // S
      mul(Sh, t1, t2, false, true); // Σ̂ Sᵀ
      mul(t1, t2, Pn); // S Σ̂ Sᵀ (Pn is scratch here)
      for (let i = 0; i < d * d; i++) noise += Pn[i] * Sig[i];
      noise *= s2 / P;
    }
    vals[s] = sig / d + noise;
  }
  let mean = 0;
  for (const v of vals) mean += v / n;
  let v2 = 0;
  for (const v of vals) v2 += (v - mean) ** 2;
  return { mean, stderr: Math.sqrt(v2 / (n - 1) / n) };
}
