/**
 * Online regression from a fixed random deep tanh teacher (the task of the CompleteP B.5 plan,
 * PAPERS.md, after Dey et al. 2025, arXiv:2505.01618): inputs x ~ N(0, I_D); the teacher is
 * `layers` tanh layers of width `width`, h_{k+1} = tanh(g·W_k h_k/√fan_in) with W_k ~ N(0, 1),
 * then a linear readout y = W_out h/√width; its output is centred and scaled to unit variance
 * per output (moments estimated once on `normSamples` inputs), so predicting 0 has MSE ≈ 1.
 * @module
 */
import { ArgumentError } from "../array/errors.ts";
import { fromTyped } from "../array/creation.ts";
import type { NDArray } from "../array/ndarray.ts";
import { foldIn, type Key, split } from "../random/key.ts";
import { normalF64 } from "../random/normal.ts";

/** Options of {@link deepTanhTeacher}. */
export interface DeepTeacherOptions {
  /** Input dimension D (default 16). */
  inDim?: number;
  /** Width of the tanh layers (default 32). */
  width?: number;
  /** Number of tanh layers (default 4). */
  layers?: number;
  /** Output dimension (default 1). */
  outDim?: number;
  /** Weight gain g of the tanh layers (default 1.5: a nonlinear but not chaotic teacher). */
  gain?: number;
  /** Inputs used to estimate the output mean and standard deviation (default 8192). */
  normSamples?: number;
}

/** A batch of the teacher task: inputs [n, D] and targets [n, out]. */
export interface RegressionBatch {
  /** Inputs [n, D]. */
  x: NDArray;
  /** Targets [n, out]. */
  y: NDArray;
}

/** A fixed teacher: its sizes, its map and a sampler of (x, y) batches. */
export interface DeepTeacher {
  /** Input dimension D. */
  readonly inDim: number;
  /** Output dimension. */
  readonly outDim: number;
  /** Normalised teacher outputs [n·out] for inputs x [n·D] (row-major, f64). */
  apply(x: Float64Array): Float64Array;
  /** n fresh samples drawn from `key` (a pure function of the key), in `dtype` (default f32). */
  sample(key: Key, n: number, dtype?: "f32" | "f64"): RegressionBatch;
}

function posInt(arg: string, v: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    throw new ArgumentError("deepTanhTeacher", arg, "a positive integer", v);
  }
  return v;
}

/** Draw the teacher's weights from `key` (see the module doc). */
export function deepTanhTeacher(key: Key, opts: DeepTeacherOptions = {}): DeepTeacher {
  const D = posInt("inDim", opts.inDim ?? 16), W = posInt("width", opts.width ?? 32);
  const K = posInt("layers", opts.layers ?? 4), O = posInt("outDim", opts.outDim ?? 1);
  const nNorm = posInt("normSamples", opts.normSamples ?? 8192);
  const gain = opts.gain ?? 1.5;
  if (typeof gain !== "number" || !Number.isFinite(gain) || gain <= 0) {
    throw new ArgumentError("deepTanhTeacher", "gain", "a finite number > 0", gain);
  }
  const ks = split(key, K + 2);
  const ws = Array.from({ length: K }, (_, k) => normalF64(ks[k], W * (k === 0 ? D : W)));
  const wOut = normalF64(ks[K], O * W);
  const raw = (x: Float64Array): Float64Array => {
    const n = x.length / D, y = new Float64Array(n * O);
    let h = new Float64Array(W), next = new Float64Array(W);
    for (let s = 0; s < n; s++) {
      let inp = x.subarray(s * D, s * D + D), fanIn = D;
      for (let k = 0; k < K; k++) {
        const wk = ws[k], c = gain / Math.sqrt(fanIn);
        for (let j = 0; j < W; j++) {
          let a = 0;
          for (let i = 0; i < fanIn; i++) a += wk[j * fanIn + i] * inp[i];
          next[j] = Math.tanh(c * a);
        }
        [h, next] = [next, h];
        inp = h;
        fanIn = W;
      }
      for (let o = 0; o < O; o++) {
        let a = 0;
        for (let j = 0; j < W; j++) a += wOut[o * W + j] * h[j];
        y[s * O + o] = a / Math.sqrt(W);
      }
    }
    return y;
  };
  const y0 = raw(normalF64(ks[K + 1], nNorm * D));
  const mu = new Float64Array(O), sd = new Float64Array(O);
  for (let o = 0; o < O; o++) {
    let s = 0, s2 = 0;
    for (let i = 0; i < nNorm; i++) s += y0[i * O + o];
    mu[o] = s / nNorm;
    for (let i = 0; i < nNorm; i++) s2 += (y0[i * O + o] - mu[o]) ** 2;
    sd[o] = Math.sqrt(s2 / (nNorm - 1)) || 1;
  }
  const apply = (x: Float64Array): Float64Array => {
    if (x.length % D !== 0) {
      throw new ArgumentError("deepTanhTeacher.apply", "x", `a multiple of ${D} values`, x.length);
    }
    const y = raw(x);
    for (let i = 0; i < y.length; i++) y[i] = (y[i] - mu[i % O]) / sd[i % O];
    return y;
  };
  return {
    inDim: D,
    outDim: O,
    apply,
    sample(k, n, dtype = "f32") {
      posInt("n", n);
      const x = normalF64(foldIn(k, 0), n * D), y = apply(x);
      const cast = (a: Float64Array) => (dtype === "f64" ? a : Float32Array.from(a));
      return { x: fromTyped(cast(x), [n, D]), y: fromTyped(cast(y), [n, O]) };
    },
  };
}
