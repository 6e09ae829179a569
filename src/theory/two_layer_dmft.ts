/**
 * Two-layer DMFT for gradient flow with weight decay and elastic coupling (Lauditi, Bordelon,
 * Pehlevan, arXiv:2507.04448 v1 §4, v2 §3; the author code `2layer_mlp/DMFT.py` of
 * arXiv:2502.07998). For a two-layer μP network the infinite-width dynamics are exactly those of
 * a population of independent neurons (h_s over every point, readout z_s) that share only the
 * scalar errors Δ_μ on the current training set:
 *
 *   f(x) = (1/γ)(⟨z φ(h(x))⟩ − m₀(x)),   Δ_μ = y_μ − f(x_μ),   g_s(x_μ) = z_s φ'(h_s(x_μ))
 *   dh_s(x)/dt = γ Σ_μ Δ_μ g_s(x_μ) K_x(x, x_μ) − λ h_s(x) − δ (h_s(x) − h_s^src(x))
 *   dz_s/dt    = γ Σ_μ Δ_μ φ(h_s(x_μ)) − λ z_s
 *
 * with K_x = XXᵀ/D, h_s(0) ~ N(0, K_x), z_s(0) ~ N(0, 1) and m₀ = ⟨zφ(h)⟩ when the readout was
 * (re)drawn (the centred predictor). The population of S samples is the DMFT estimator; it equals
 * a width-N = S network trained with η = η₀γ²N (the network's h are Xw/√D), which
 * `src/models/two_layer_mup.ts` checks to float error. The decay terms are integrated
 * semi-implicitly, h ← (h + dt(γ·drive + δh^src))/(1 + dt(λ + δ)), which keeps the fixed point
 * exact and is stable for any δ.
 * @module
 */
import {
  ArgumentError,
  checkChoice,
  checkNonNegative,
  checkPositive,
  checkPositiveInt,
} from "../errors/mod.ts";
import { type Key, normalF64, split } from "../random/mod.ts";
import { defaultBackend } from "../backend/mod.ts";

/** Activations of the two-layer network. */
export type TwoLayerActivation = "linear" | "relu";

/** φ and φ' of an activation, applied elementwise into `out`. */
export function activationPair(
  name: TwoLayerActivation,
): { phi: (x: number) => number; dphi: (x: number) => number } {
  switch (name) {
    case "linear":
      return { phi: (x) => x, dphi: () => 1 };
    case "relu":
      return { phi: (x) => (x > 0 ? x : 0), dphi: (x) => (x > 0 ? 1 : 0) };
    default:
      return name satisfies never;
  }
}

/** `C = alpha·op(A)·op(B) + beta·C` on row-major f64 storage (the backend GEMM). */
export function gemmF64(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  b: Float64Array,
  beta: number,
  c: Float64Array,
): void {
  defaultBackend().gemm({
    transA,
    transB,
    m,
    n,
    k,
    alpha,
    a,
    offA: 0,
    lda: transA ? m : k,
    b,
    offB: 0,
    ldb: transB ? k : n,
    beta,
    c,
    offC: 0,
    ldc: n,
  });
}

/** One gradient-flow stage on one task. */
export interface GradientFlowStage {
  /** Indices (into the points) of the training set of this stage. */
  train: number[];
  /** Labels of this stage's task at every point (length = number of points). */
  labels: Float64Array;
  /** Indices of the test points scored for this stage. */
  test: number[];
  /** Feature-learning strength γ > 0 of this stage. */
  gamma: number;
  /** Weight decay λ ≥ 0. */
  lambda: number;
  /** Elastic coupling δ ≥ 0 toward the hidden state at the start of the stage. */
  delta: number;
  /** Freeze the hidden layer (the δ → ∞ limit: readout-only training). */
  freezeFeatures?: boolean;
  /** "keep" the readout (and the predictor's centring), or draw a "fresh" one N(0, 1). */
  readout: "keep" | "fresh";
  /** Duration (in units where dt is the Euler step). */
  time: number;
  /** Euler step. */
  dt: number;
  /** Record every this many steps (and at the end). */
  recordEvery: number;
  /**
   * Score an earlier task during this stage (forgetting): its labels at every point and its test
   * indices, predicted with the head (readout z, centring m₀ and γ) current at the start of this
   * stage, frozen there, on the evolving features. Recorded as `previous` in the curve.
   */
  previous?: { labels: Float64Array; test: number[] };
}

/** Train and test loss curves of one stage: mean of (f − y)² over each set. */
export interface GradientFlowCurve {
  /** Times (from the stage start). */
  t: number[];
  /** Training loss ½-free mean squared error on `train`. */
  train: number[];
  /** Mean squared error on `test`. */
  test: number[];
  /** With `stage.previous`: the earlier task's test MSE under its frozen head. */
  previous?: number[];
}

/** Check a stage's arguments; returns the number of steps. */
export function checkStage(fn: string, s: GradientFlowStage, points: number): number {
  checkPositive(fn, "stage.gamma", s.gamma);
  checkNonNegative(fn, "stage.lambda", s.lambda);
  checkNonNegative(fn, "stage.delta", s.delta);
  checkPositive(fn, "stage.time", s.time);
  checkPositive(fn, "stage.dt", s.dt);
  checkPositiveInt(fn, "stage.recordEvery", s.recordEvery);
  checkChoice(fn, "stage.readout", s.readout, ["keep", "fresh"]);
  if (s.labels.length !== points) {
    throw new ArgumentError(
      fn,
      "stage.labels",
      `length ${points} (one label per point)`,
      s.labels.length,
    );
  }
  if (s.previous !== undefined && s.previous.labels.length !== points) {
    throw new ArgumentError(
      fn,
      "stage.previous.labels",
      `length ${points} (one label per point)`,
      s.previous.labels.length,
    );
  }
  const lists = [["stage.train", s.train], ["stage.test", s.test]] as [string, number[]][];
  if (s.previous !== undefined) lists.push(["stage.previous.test", s.previous.test]);
  for (const [name, idx] of lists) {
    if (idx.length === 0) throw new ArgumentError(fn, name, "a non-empty index list", idx);
    for (const i of idx) {
      if (!Number.isInteger(i) || i < 0 || i >= points) {
        throw new ArgumentError(fn, name, `indices in [0, ${points})`, i);
      }
    }
  }
  return Math.max(1, Math.round(s.time / s.dt));
}

/** Options of {@link twoLayerDmft}. */
export interface TwoLayerDmftOptions {
  /** Every point the dynamics need (train sets and test sets of all stages), row-major P×D. */
  x: Float64Array;
  /** Input dimension D. */
  d: number;
  /** Population size S. */
  samples: number;
  /** Activation φ. */
  activation: TwoLayerActivation;
}

/** A DMFT population that runs stages in order (its state carries over). */
export interface TwoLayerDmft {
  /** Run one stage; the elastic anchor is the state at its start. */
  run(stage: GradientFlowStage): GradientFlowCurve;
  /** Current predictor at every point (length P). */
  predict(): Float64Array;
  /** Feature kernel Φ = ⟨φ(h)φ(h)ᵀ⟩ on the given points. */
  featureKernel(idx: number[]): Float64Array;
  /** The population's preactivations (S×P) and readouts (S), live views. */
  state(): { h: Float64Array; z: Float64Array };
  /** The centring m₀ = ⟨zφ(h)⟩ at the last readout draw (f = (⟨zφ⟩ − m₀)/γ), length P. */
  centring(): Float64Array;
}

/**
 * Create the DMFT population of a two-layer μP network on the points `x` (see the module doc).
 * The initial h_s = X w_s/√D with w_s ~ N(0, I_D) (exactly N(0, K_x)); `k` draws w, z and every
 * fresh readout.
 */
export function twoLayerDmft(k: Key, opts: TwoLayerDmftOptions): TwoLayerDmft {
  const fn = "twoLayerDmft";
  const d = checkPositiveInt(fn, "d", opts.d);
  const S = checkPositiveInt(fn, "samples", opts.samples);
  checkChoice(fn, "activation", opts.activation, ["linear", "relu"]);
  if (opts.x.length % d !== 0 || opts.x.length === 0) {
    throw new ArgumentError(
      fn,
      "x",
      `a non-empty row-major P×${d} array`,
      `length ${opts.x.length}`,
    );
  }
  const P = opts.x.length / d;
  const { phi, dphi } = activationPair(opts.activation);
  const [kw, kz, kr] = split(k, 3);
  let readoutKey = kr;
  const w = normalF64(kw, S * d);
  const h = new Float64Array(S * P);
  gemmF64(false, true, S, P, d, 1 / Math.sqrt(d), w, opts.x, 0, h);
  let z = normalF64(kz, S);
  // K_x = XXᵀ/D over all points.
  const kx = new Float64Array(P * P);
  gemmF64(false, true, P, P, d, 1 / d, opts.x, opts.x, 0, kx);
  const mean = (idx: number[], zv: Float64Array = z) => {
    const out = new Float64Array(idx.length);
    for (let s = 0; s < S; s++) {
      const zs = zv[s], row = s * P;
      for (let j = 0; j < idx.length; j++) out[j] += zs * phi(h[row + idx[j]]);
    }
    for (let j = 0; j < idx.length; j++) out[j] /= S;
    return out;
  };
  const all = Array.from({ length: P }, (_, i) => i);
  let m0 = mean(all);
  let gammaNow = 1;
  const predictAt = (idx: number[], gamma: number) => {
    const m = mean(idx);
    return m.map((v, j) => (v - m0[idx[j]]) / gamma);
  };
  const mse = (idx: number[], labels: Float64Array, gamma: number) => {
    const f = predictAt(idx, gamma);
    let s = 0;
    for (let j = 0; j < idx.length; j++) s += (f[j] - labels[idx[j]]) ** 2;
    return s / idx.length;
  };
  return {
    run(stage) {
      const steps = checkStage(fn, stage, P);
      const { train, labels, test, gamma, lambda, delta, dt } = stage;
      // The head at the stage start, frozen: scores `stage.previous` (forgetting).
      const head = { z: z.slice(), m0: m0.slice(), gamma: gammaNow };
      if (stage.readout === "fresh") {
        const [a, b] = split(readoutKey);
        readoutKey = a;
        z = normalF64(b, S);
        m0 = mean(all);
      }
      gammaNow = gamma;
      const anchor = h.slice();
      const pt = train.length;
      // K_x(train, all): pt×P.
      const kt = new Float64Array(pt * P);
      for (let a = 0; a < pt; a++) kt.set(kx.subarray(train[a] * P, train[a] * P + P), a * P);
      const g = new Float64Array(S * pt);
      const drive = new Float64Array(S * P);
      const prev = stage.previous;
      const curve: GradientFlowCurve = { t: [], train: [], test: [] };
      if (prev) curve.previous = [];
      const record = (step: number) => {
        // ReLU maps NaN to 0, so a diverged state would otherwise read as "predicts 0".
        for (const v of [h, z]) {
          for (let i = 0; i < v.length; i++) {
            if (!Number.isFinite(v[i])) {
              throw new ArgumentError(
                fn,
                "stage.dt",
                `a step small enough for stable Euler integration (the state is non-finite at t = ${
                  step * dt
                })`,
                dt,
              );
            }
          }
        }
        curve.t.push(step * dt);
        curve.train.push(mse(train, labels, gamma));
        curve.test.push(mse(test, labels, gamma));
        if (prev) {
          const m = mean(prev.test, head.z);
          let e = 0;
          for (let j = 0; j < m.length; j++) {
            const i = prev.test[j];
            e += ((m[j] - head.m0[i]) / head.gamma - prev.labels[i]) ** 2;
          }
          curve.previous!.push(e / m.length);
        }
      };
      record(0);
      const decayH = 1 / (1 + dt * (lambda + delta));
      const decayZ = 1 / (1 + dt * lambda);
      for (let step = 1; step <= steps; step++) {
        const f = predictAt(train, gamma);
        const err = f.map((v, a) => labels[train[a]] - v);
        const dz = new Float64Array(S);
        for (let s = 0; s < S; s++) {
          const row = s * P, zs = z[s];
          let acc = 0;
          for (let a = 0; a < pt; a++) {
            const hv = h[row + train[a]];
            g[s * pt + a] = zs * dphi(hv) * err[a];
            acc += err[a] * phi(hv);
          }
          dz[s] = gamma * acc;
        }
        if (!stage.freezeFeatures) {
          gemmF64(false, false, S, P, pt, gamma, g, kt, 0, drive);
          for (let i = 0; i < S * P; i++) {
            h[i] = (h[i] + dt * (drive[i] + delta * anchor[i])) * decayH;
          }
        }
        for (let s = 0; s < S; s++) z[s] = (z[s] + dt * dz[s]) * decayZ;
        if (step % stage.recordEvery === 0 || step === steps) record(step);
      }
      return curve;
    },
    predict: () => predictAt(all, gammaNow),
    featureKernel(idx) {
      const n = idx.length;
      const out = new Float64Array(n * n);
      const f = new Float64Array(S * n);
      for (let s = 0; s < S; s++) {
        for (let j = 0; j < n; j++) f[s * n + j] = phi(h[s * P + idx[j]]);
      }
      gemmF64(true, false, n, n, S, 1 / S, f, f, 0, out);
      return out;
    },
    state: () => ({ h, z }),
    centring: () => m0.slice(),
  };
}
