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

/**
 * The rows `idx` of a row-major P×d matrix `x`, gathered into a new row-major idx.length×d
 * array (the points a stage trains or tests on).
 */
export function gatherRows(x: Float64Array, d: number, idx: readonly number[]): Float64Array {
  const out = new Float64Array(idx.length * d);
  idx.forEach((i, a) => out.set(x.subarray(i * d, i * d + d), a * d));
  return out;
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
  /**
   * An independent copy of the population (state, centring, γ and the readout key): running the
   * same stages on the copy gives the same curves as on the original.
   */
  clone(): TwoLayerDmft;
}

/** The state of a population (preactivations, readouts, centring, γ, readout key). */
interface DmftState {
  h: Float64Array;
  z: Float64Array;
  /** null: compute ⟨zφ(h)⟩ now (a fresh draw). */
  m0: Float64Array | null;
  gammaNow: number;
  readoutKey: Key;
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
  const [kw, kz, kr] = split(k, 3);
  const w = normalF64(kw, S * d);
  const h = new Float64Array(S * P);
  gemmF64(false, true, S, P, d, 1 / Math.sqrt(d), w, opts.x, 0, h);
  const z = normalF64(kz, S);
  return dmftPopulation(opts.x, d, S, opts.activation, {
    h,
    z,
    m0: null,
    gammaNow: 1,
    readoutKey: kr,
  });
}

/** ⟨z φ(h(x_i))⟩ over the population for i in `idx` (gather φ(h), then one GEMV). */
function populationMean(
  h: Float64Array,
  z: Float64Array,
  S: number,
  P: number,
  idx: number[],
  phi: (x: number) => number,
  buf: Float64Array,
): Float64Array {
  const n = idx.length;
  for (let s = 0; s < S; s++) {
    const row = s * P, base = s * n;
    for (let j = 0; j < n; j++) buf[base + j] = phi(h[row + idx[j]]);
  }
  const out = new Float64Array(n);
  gemmF64(false, false, 1, n, S, 1 / S, z, buf, 0, out);
  return out;
}

function dmftPopulation(
  x: Float64Array,
  d: number,
  S: number,
  activation: TwoLayerActivation,
  st: DmftState,
): TwoLayerDmft {
  const fn = "twoLayerDmft";
  const P = x.length / d;
  const { phi, dphi } = activationPair(activation);
  const h = st.h;
  let z = st.z;
  let readoutKey = st.readoutKey;
  let gammaNow = st.gammaNow;
  // Gather buffer for φ(h) over at most all P points.
  let buf = new Float64Array(0);
  const mean = (idx: number[], zv: Float64Array = z) => {
    if (buf.length < S * idx.length) buf = new Float64Array(S * idx.length);
    return populationMean(h, zv, S, P, idx, phi, buf);
  };
  const all = Array.from({ length: P }, (_, i) => i);
  let m0 = st.m0 ?? mean(all);
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
      const rowsOf = (idx: number[]) => gatherRows(x, d, idx);
      // K_x(train, ·) = X_T Xᵀ/D has rank ≤ D, so the drive γ g K_x(train, ·) is (γ/D)(g X_T) Xᵀ:
      // thin GEMMs. Only the training columns of h enter the dynamics; every other column o
      // obeys a linear recursion whose solution is h_o = a_n h_o(start) + U_n X_oᵀ with
      // U_{n+1} = c(U_n + dt(γ/D) g X_T), a_{n+1} = c(a_n + dt δ), c = 1/(1 + dt(λ + δ)), so it
      // is materialised only when recorded (the same Euler step, exactly, up to rounding).
      const isCol = new Uint8Array(P);
      for (const i of train) isCol[i] = 1;
      const cols = all.filter((i) => isCol[i] === 1), rest = all.filter((i) => isCol[i] === 0);
      const nc = cols.length, nr = rest.length;
      const xT = rowsOf(train), xC = rowsOf(cols), xR = rowsOf(rest);
      const phiT = new Float64Array(S * pt), g = new Float64Array(S * pt);
      const gx = new Float64Array(S * d), u = new Float64Array(S * d);
      const driveC = new Float64Array(S * nc), restH = new Float64Array(S * nr);
      let aN = 1;
      const materialise = () => {
        if (stage.freezeFeatures || nr === 0) return;
        gemmF64(false, true, S, nr, d, 1, u, xR, 0, restH);
        for (let s = 0; s < S; s++) {
          const row = s * P, base = s * nr;
          for (let j = 0; j < nr; j++) {
            const i = row + rest[j];
            h[i] = aN * anchor[i] + restH[base + j];
          }
        }
      };
      const f = new Float64Array(pt), err = new Float64Array(pt), dz = new Float64Array(S);
      const prev = stage.previous;
      const curve: GradientFlowCurve = { t: [], train: [], test: [] };
      if (prev) curve.previous = [];
      const record = (step: number) => {
        materialise();
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
        // φ(h) and z φ'(h) on the training points; f = (⟨zφ⟩ − m₀)/γ; Δ = y − f.
        for (let s = 0; s < S; s++) {
          const row = s * P, base = s * pt, zs = z[s];
          for (let a = 0; a < pt; a++) {
            const hv = h[row + train[a]];
            phiT[base + a] = phi(hv);
            g[base + a] = zs * dphi(hv);
          }
        }
        gemmF64(false, false, 1, pt, S, 1 / S, z, phiT, 0, f);
        for (let a = 0; a < pt; a++) err[a] = labels[train[a]] - (f[a] - m0[train[a]]) / gamma;
        // dz_s = γ Σ_μ Δ_μ φ(h_sμ); g_sμ = z_s φ'(h_sμ) Δ_μ.
        gemmF64(false, false, S, 1, pt, gamma, phiT, err, 0, dz);
        if (!stage.freezeFeatures) {
          for (let s = 0; s < S; s++) {
            const base = s * pt;
            for (let a = 0; a < pt; a++) g[base + a] *= err[a];
          }
          gemmF64(false, false, S, d, pt, 1, g, xT, 0, gx);
          gemmF64(false, true, S, nc, d, gamma / d, gx, xC, 0, driveC);
          for (let s = 0; s < S; s++) {
            const row = s * P, base = s * nc;
            for (let c = 0; c < nc; c++) {
              const i = row + cols[c];
              h[i] = (h[i] + dt * (driveC[base + c] + delta * anchor[i])) * decayH;
            }
          }
          const k = (dt * gamma) / d;
          for (let i = 0; i < S * d; i++) u[i] = (u[i] + k * gx[i]) * decayH;
          aN = (aN + dt * delta) * decayH;
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
    clone: () =>
      dmftPopulation(x, d, S, activation, {
        h: h.slice(),
        z: z.slice(),
        m0: m0.slice(),
        gammaNow,
        readoutKey,
      }),
  };
}
