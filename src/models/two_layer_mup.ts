/**
 * A finite-width two-layer network in the mean-field (μP) parameterisation, trained by gradient
 * flow with weight decay and an elastic pull toward the weights at the start of a stage
 * (Lauditi, Bordelon, Pehlevan, arXiv:2507.04448 v1 §4, v2 §3):
 *
 *   h_i(x) = w_i·x/√D,   f(x) = (1/(γN)) Σ_i z_i φ(h_i(x)) − f₀(x)
 *   L(θ) = ½ Σ_μ (f(x_μ) − y_μ)² + (1/(γ²N)) [ (λ/2) Σ_i (|w_i|² + z_i²) + (δ/2) Σ_i |w_i − w_i^src|² ]
 *
 * trained with learning rate η = η₀γ²N (η₀ = dt): dw_i/dt = γ Σ_μ Δ_μ z_i φ'(h_iμ) x_μ/√D
 * − λw_i − δ(w_i − w_i^src), dz_i/dt = γ Σ_μ Δ_μ φ(h_iμ) − λz_i. The weight decay and the
 * elastic term are divided by γ²N so that the N → ∞ limit is the DMFT of
 * `src/theory/two_layer_dmft.ts`; with the same key the two agree to float error (the network
 * keeps w ∈ R^{N×D}, the DMFT keeps h over the points). Integration is the same semi-implicit
 * Euler step.
 * @module
 */
import { ArgumentError, checkChoice, checkPositiveInt } from "../errors/mod.ts";
import { type Key, normalF64, split } from "../random/mod.ts";
import {
  activationPair,
  checkStage,
  gatherRows,
  gemmF64,
  type GradientFlowCurve,
  type GradientFlowStage,
  type TwoLayerActivation,
} from "../theory/two_layer_dmft.ts";

/** Options of {@link twoLayerMupNetwork}. */
export interface TwoLayerMupOptions {
  /** The points the stages refer to (train and test sets), row-major P×D. */
  x: Float64Array;
  /** Input dimension D. */
  d: number;
  /** Width N. */
  width: number;
  /** Activation φ. */
  activation: TwoLayerActivation;
}

/** A finite network that runs gradient-flow stages in order. */
export interface TwoLayerMupNetwork {
  /** Run one stage; the elastic anchor is the weights at its start. */
  run(stage: GradientFlowStage): GradientFlowCurve;
  /** Current centred predictor at every point. */
  predict(): Float64Array;
  /** Hidden weights W (N×D row-major) and readouts z (live views). */
  weights(): { w: Float64Array; z: Float64Array };
  /**
   * An independent copy (weights, centring, γ and the readout key): running the same stages on
   * the copy gives the same curves as on the original.
   */
  clone(): TwoLayerMupNetwork;
}

/** The state of a network (weights, readouts, centring, γ, readout key). */
interface MupState {
  w: Float64Array;
  z: Float64Array;
  /** null: compute the centring now (a fresh draw). */
  m0: Float64Array | null;
  gammaNow: number;
  readoutKey: Key;
}

/**
 * Build the network with w_i ~ N(0, I_D), z_i ~ N(0, 1) drawn from `k` exactly as
 * `twoLayerDmft` draws its population (so width N with key k equals the DMFT with S = N).
 */
export function twoLayerMupNetwork(k: Key, opts: TwoLayerMupOptions): TwoLayerMupNetwork {
  const fn = "twoLayerMupNetwork";
  const d = checkPositiveInt(fn, "d", opts.d);
  const N = checkPositiveInt(fn, "width", opts.width);
  checkChoice(fn, "activation", opts.activation, ["linear", "relu"]);
  if (opts.x.length % d !== 0 || opts.x.length === 0) {
    throw new ArgumentError(
      fn,
      "x",
      `a non-empty row-major P×${d} array`,
      `length ${opts.x.length}`,
    );
  }
  const [kw, kz, kr] = split(k, 3);
  return mupNetwork(opts.x, d, N, opts.activation, {
    w: normalF64(kw, N * d),
    z: normalF64(kz, N),
    m0: null,
    gammaNow: 1,
    readoutKey: kr,
  });
}

function mupNetwork(
  X: Float64Array,
  d: number,
  N: number,
  activation: TwoLayerActivation,
  st: MupState,
): TwoLayerMupNetwork {
  const fn = "twoLayerMupNetwork";
  const P = X.length / d;
  const { phi, dphi } = activationPair(activation);
  let readoutKey = st.readoutKey;
  const w = st.w;
  let z = st.z;
  const sq = Math.sqrt(d);
  const rows = (idx: number[]) => gatherRows(X, d, idx);
  const all = Array.from({ length: P }, (_, i) => i);
  const xAll = rows(all);
  const rawMean = (xs: Float64Array, n: number, zv: Float64Array = z) => {
    const hT = new Float64Array(n * N);
    gemmF64(false, true, n, N, d, 1 / sq, xs, w, 0, hT);
    for (let i = 0; i < n * N; i++) hT[i] = phi(hT[i]);
    const out = new Float64Array(n);
    gemmF64(false, false, n, 1, N, 1 / N, hT, zv, 0, out);
    return { out };
  };
  let m0 = st.m0 ?? rawMean(xAll, P).out;
  let gammaNow = st.gammaNow;
  const predictIdx = (idx: number[], xs: Float64Array, gamma: number) => {
    const { out } = rawMean(xs, idx.length);
    return { f: out.map((v, a) => (v - m0[idx[a]]) / gamma) };
  };
  const mse = (idx: number[], xs: Float64Array, labels: Float64Array, gamma: number) => {
    const { f } = predictIdx(idx, xs, gamma);
    let s = 0;
    for (let a = 0; a < idx.length; a++) s += (f[a] - labels[idx[a]]) ** 2;
    return s / idx.length;
  };
  return {
    run(stage: GradientFlowStage): GradientFlowCurve {
      const steps = checkStage(fn, stage, P);
      const { train, labels, test, gamma, lambda, delta, dt } = stage;
      // The head at the stage start, frozen: scores `stage.previous` (forgetting).
      const head = { z: z.slice(), m0: m0.slice(), gamma: gammaNow };
      if (stage.readout === "fresh") {
        const [a, b] = split(readoutKey);
        readoutKey = a;
        z = normalF64(b, N);
        m0 = rawMean(xAll, P).out;
      }
      gammaNow = gamma;
      const anchor = w.slice();
      const pt = train.length;
      const xT = rows(train), xTest = rows(test);
      const g = new Float64Array(pt * N);
      const grad = new Float64Array(N * d);
      const prev = stage.previous;
      const xPrev = prev ? rows(prev.test) : xTest;
      const curve: GradientFlowCurve = { t: [], train: [], test: [] };
      if (prev) curve.previous = [];
      const record = (step: number) => {
        // ReLU maps NaN to 0, so a diverged state would otherwise read as "predicts 0".
        for (const v of [w, z]) {
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
        curve.train.push(mse(train, xT, labels, gamma));
        curve.test.push(mse(test, xTest, labels, gamma));
        if (prev) {
          const { out } = rawMean(xPrev, prev.test.length, head.z);
          let e = 0;
          for (let a = 0; a < out.length; a++) {
            const i = prev.test[a];
            e += ((out[a] - head.m0[i]) / head.gamma - prev.labels[i]) ** 2;
          }
          curve.previous!.push(e / out.length);
        }
      };
      record(0);
      const decayW = 1 / (1 + dt * (lambda + delta));
      const decayZ = 1 / (1 + dt * lambda);
      const dz = new Float64Array(N),
        hT = new Float64Array(pt * N),
        phiT = new Float64Array(pt * N);
      const f = new Float64Array(pt), err = new Float64Array(pt);
      for (let step = 1; step <= steps; step++) {
        // hᵀ on the training points (pt×N), φ(h) and z φ'(h); f = (⟨zφ⟩ − m₀)/γ; Δ = y − f.
        gemmF64(false, true, pt, N, d, 1 / sq, xT, w, 0, hT);
        for (let a = 0; a < pt; a++) {
          const base = a * N;
          for (let i = 0; i < N; i++) {
            const hv = hT[base + i];
            phiT[base + i] = phi(hv);
            g[base + i] = z[i] * dphi(hv);
          }
        }
        gemmF64(false, false, pt, 1, N, 1 / N, phiT, z, 0, f);
        for (let a = 0; a < pt; a++) err[a] = labels[train[a]] - (f[a] - m0[train[a]]) / gamma;
        // dz_i = γ Σ_μ Δ_μ φ(h_iμ); g_μi = z_i φ'(h_iμ) Δ_μ.
        gemmF64(true, false, N, 1, pt, gamma, phiT, err, 0, dz);
        if (!stage.freezeFeatures) {
          for (let a = 0; a < pt; a++) {
            const base = a * N, e = err[a];
            for (let i = 0; i < N; i++) g[base + i] *= e;
          }
          // grad = γ gᵀ X_T / √D  (N×D)
          gemmF64(true, false, N, d, pt, gamma / sq, g, xT, 0, grad);
          for (let i = 0; i < N * d; i++) {
            w[i] = (w[i] + dt * (grad[i] + delta * anchor[i])) * decayW;
          }
        }
        for (let i = 0; i < N; i++) z[i] = (z[i] + dt * dz[i]) * decayZ;
        if (step % stage.recordEvery === 0 || step === steps) record(step);
      }
      return curve;
    },
    predict: () => predictIdx(all, xAll, gammaNow).f,
    weights: () => ({ w, z }),
    clone: () =>
      mupNetwork(X, d, N, activation, {
        w: w.slice(),
        z: z.slice(),
        m0: m0.slice(),
        gammaNow,
        readoutKey,
      }),
  };
}
