/**
 * The network of INSD (Qian & Pehlevan, arXiv:2509.21504): the leaky tanh rate RNN of
 * `src/nn/rnn.ts` (x_{t+1} = (1−α)x_t + α(J r_t + B u_t + b), r_t = tanh x_t) with a linear
 * readout y_t = J_out r_t + b_out. Functions to initialise it, run it without a tape (rates and
 * outputs), and read its readout J_out.
 * @module
 */
import {
  add as arrayAdd,
  fromTyped,
  matmul as arrayMatmul,
  type NDArray,
  reshape as arrayReshape,
  zeros,
} from "../../array/mod.ts";
import { add, matmul, reshape } from "../../autodiff/mod.ts";
import { ArgumentError, checkNonNegative, checkPositiveInt } from "../../errors/mod.ts";
import { ctRnn, type CtRnnParams, type RnnInput } from "../../nn/rnn.ts";
import type { Layer } from "../../nn/layer.ts";
import { type Key, normal, split } from "../../random/mod.ts";

/** Architecture of a rate RNN with readout. */
export interface RateRnnSpec {
  /** Input channels. */
  inDim: number;
  /** Output channels. */
  outDim: number;
  /** Units N. */
  hidden: number;
  /** α = dt/τ ∈ (0, 1]. */
  alpha: number;
  /** Initial gain g: J ~ N(0, g²/N). */
  gain: number;
}

/** Parameters: the RNN's J, B, b; the readout W = J_outᵀ [N, out] and its bias c [out]. */
export type RateRnnParams = {
  /** Recurrent, input weights and bias. */
  rnn: CtRnnParams;
  /** Readout weights transposed, W = J_outᵀ [N, out]. */
  W: NDArray;
  /** Readout bias [out]. */
  c: NDArray;
};

/** Check a {@link RateRnnSpec}; throws naming the bad field. */
export function checkRateRnnSpec(fn: string, s: RateRnnSpec): RateRnnSpec {
  checkPositiveInt(fn, "spec.inDim", s?.inDim);
  checkPositiveInt(fn, "spec.outDim", s.outDim);
  checkPositiveInt(fn, "spec.hidden", s.hidden);
  checkNonNegative(fn, "spec.gain", s.gain);
  if (!(s.alpha > 0 && s.alpha <= 1)) {
    throw new ArgumentError(fn, "spec.alpha", "a number in (0, 1]", s.alpha);
  }
  return s;
}

/** The ctRnn layer of a spec (f32). */
export function rnnLayer(spec: RateRnnSpec): Layer<CtRnnParams, RnnInput> {
  return ctRnn({
    inDim: spec.inDim,
    hidden: spec.hidden,
    alpha: spec.alpha,
    gain: spec.gain,
    dtype: "f32",
  });
}

/** Initialise (J ~ N(0, g²/N), B ~ N(0, 1/N_in), b = 0, W ~ N(0, 1/N), c = 0), f32. */
export function initRateRnn(spec: RateRnnSpec, k: Key): RateRnnParams {
  checkRateRnnSpec("initRateRnn", spec);
  const [k1, k2] = split(k, 2);
  return {
    rnn: rnnLayer(spec).init(k1),
    W: normal(k2, [spec.hidden, spec.outDim], { dtype: "f32", std: 1 / Math.sqrt(spec.hidden) }),
    c: zeros([spec.outDim], { dtype: "f32" }),
  };
}

/**
 * Rates and outputs of the network on inputs `u` [batch, T, in] (differentiable when called
 * under a tape): rates [batch·T, N] (rows ordered trial-major) and outputs [batch·T, out].
 */
export function runRateRnn(
  spec: RateRnnSpec,
  p: RateRnnParams,
  u: NDArray,
): { rates: NDArray; outputs: NDArray } {
  const [bs, T] = u.shape;
  const r = reshape(rnnLayer(spec).apply(p.rnn, { u }), [bs * T, spec.hidden]);
  return { rates: r, outputs: add(matmul(r, p.W), p.c) };
}

/**
 * Tape-free forward pass for frozen networks and evaluation: the same recursion as
 * {@link runRateRnn} (x₀ = 0, no recurrent noise), computed with one GEMM for the input drive
 * of all steps and one per step for the recurrence. Returns rates [batch·T, N] and outputs
 * [batch·T, out] (f32).
 */
export function simulateRateRnn(
  spec: RateRnnSpec,
  p: RateRnnParams,
  u: NDArray,
): { rates: NDArray; outputs: NDArray } {
  const [bs, T, inDim] = u.shape;
  const n = spec.hidden, a = spec.alpha;
  // drive[b, t, :] = u[b, t, :] B + b
  const drive = arrayMatmul(arrayReshape(u, [bs * T, inDim]), p.rnn.B).dataSync();
  const bias = p.rnn.b.dataSync();
  const rates = new Float32Array(bs * T * n);
  const x = new Float32Array(bs * n), r = new Float32Array(bs * n);
  for (let t = 0; t < T; t++) {
    const rec = arrayMatmul(fromTyped(r, [bs, n]), p.rnn.J, { transB: true }).dataSync();
    for (let b = 0; b < bs; b++) {
      const d = (b * T + t) * n;
      for (let i = 0; i < n; i++) {
        const k = b * n + i;
        x[k] = (1 - a) * x[k] + a * (rec[k] + drive[d + i] + bias[i]);
        r[k] = Math.tanh(x[k]);
        rates[d + i] = r[k];
      }
    }
  }
  const R = fromTyped(rates, [bs * T, n]);
  return { rates: R, outputs: arrayAdd(arrayMatmul(R, p.W), p.c) };
}

/** The readout J_out = Wᵀ [out, N] (f64). */
export function readoutOf(p: RateRnnParams): NDArray {
  const [n, o] = p.W.shape;
  const w = p.W.dataSync(), out = new Float64Array(o * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < o; j++) out[j * n + i] = w[i * o + j];
  return fromTyped(out, [o, n]);
}
