/**
 * Error Broadcast and Decorrelation (Erdogan, Pehlevan & Erdogan, arXiv:2504.11558): each hidden
 * layer keeps an exponentially forgetting estimate of the cross-correlation between its activity
 * and the output error (Eq. 5),
 *
 *   R̂⁽ᵏ⁾[m] = λ_d R̂⁽ᵏ⁾[m−1] + ((1−λ_d)/B) G⁽ᵏ⁾[m] E[m]ᵀ,    J⁽ᵏ⁾ = ½ ‖R̂⁽ᵏ⁾‖_F²,
 *
 * and descends J with the output error held fixed (the dropped ∂E/∂W term is "ΔW₂", App. C.2):
 *
 *   q_n = R̂ ε_n,  ϑ_n = g'(h_n) ⊙ f'(u_n) ⊙ q_n,  ΔW₁ = ζ Σ_n ϑ_n h⁽ᵏ⁻¹⁾_nᵀ,  Δb₁ = ζ Σ_n ϑ_n
 *
 * (Eqs. 8–10, ζ = (1−λ_d)/B). R̂ is both the decorrelation statistic and the broadcast matrix; a
 * frozen R̂ = B⁽ᵏ⁾ with g = identity is DFA (App. I.6) — {@link broadcastUpdate} is that one closed
 * form, used by `dfa.ts` too. Arrays are batch-major: G, H, E are [B, N]. Array operations only:
 * the same code runs on host arrays and on WebGPU device arrays.
 * @module
 */
import { add, mul, square, sub, tanh } from "../array/elementwise.ts";
import { allocTyped } from "../array/dtype.ts";
import { fromTyped } from "../array/creation.ts";
import { matmul } from "../array/matmul.ts";
import type { NDArray } from "../array/ndarray.ts";
import { ArgumentError, checkChoice, checkInRange, checkNonNegative } from "../errors/mod.ts";
import { type Key, split } from "../random/key.ts";
import { uniform } from "../random/uniform.ts";
import {
  activationDerivative,
  type HiddenActivation,
  layerOuterProduct,
  type LocalMlpCache,
} from "./local_mlp.ts";

/** The nonlinearity g applied to a layer's activity before it is decorrelated from the error. */
export type DecorrelationG = "identity" | "tanh";

/** The choices of {@link DecorrelationG}. */
export const DECORRELATION_GS: readonly DecorrelationG[] = ["identity", "tanh"];

/** g(h) of a layer's activity [B, N] (paper §3.1: g = identity is the typical choice). */
export function applyG(g: DecorrelationG, h: NDArray): NDArray {
  return g === "identity" ? h : tanh(h);
}

/** g'(h) elementwise (null for the identity, whose derivative is 1). */
function gPrime(g: DecorrelationG, h: NDArray): NDArray | null {
  switch (g) {
    case "identity":
      return null;
    case "tanh":
      return sub(1, square(tanh(h)));
    default:
      throw new Error(`gPrime: unknown g ${g satisfies never}`);
  }
}

/**
 * Initial cross-correlation estimates R̂⁽ᵏ⁾[0] for the hidden layers, [N_k, N_L] each:
 * Xavier-uniform with a gain (the paper's MLPs use gain 1e-2: App. I, Table 13), i.e.
 * U(−a, a) with a = gain·√(6/(N_k + N_L)); gain 0 gives zeros.
 *
 * @param k key (hidden layer k draws from `split(k, L−1)[k]`)
 * @param sizes network widths [N_0, …, N_L]
 * @param opts `{ gain = 1e-2, dtype = "f32" }`
 */
export function initCrossCorrelation(
  k: Key,
  sizes: number[],
  opts: { gain?: number; dtype?: "f32" | "f64" } = {},
): NDArray[] {
  const fn = "initCrossCorrelation";
  const gain = checkNonNegative(fn, "gain", opts.gain ?? 1e-2);
  const dtype = checkChoice(fn, "dtype", opts.dtype ?? "f32", ["f32", "f64"] as const);
  const L = sizes.length - 1, nOut = sizes[L];
  if (L < 2) throw new ArgumentError(fn, "sizes", "at least one hidden layer", sizes);
  const keys = split(k, L - 1);
  return keys.map((kk, i) => {
    const n = sizes[i + 1];
    if (gain === 0) return fromTyped(allocTyped(dtype, n * nOut), [n, nOut]);
    const a = gain * Math.sqrt(6 / (n + nOut));
    return uniform(kk, [n, nOut], { low: -a, high: a, dtype });
  });
}

/**
 * One step of the running average R̂[m] = λ_d R̂[m−1] + ((1−λ_d)/B) Gᵀ E (arXiv:2504.11558 Eq. 5;
 * G = g(H) [B, N_k] and E [B, N_L] batch-major). Returns a new array.
 *
 * @param prev R̂[m−1] [N_k, N_L]
 * @param g g(h⁽ᵏ⁾) of the batch [B, N_k]
 * @param err output error of the batch [B, N_L]
 * @param lambda forgetting factor λ_d ∈ [0, 1]
 */
export function updateCrossCorrelation(
  prev: NDArray,
  g: NDArray,
  err: NDArray,
  lambda: number,
): NDArray {
  checkInRange("updateCrossCorrelation", "lambda", lambda, 0, 1);
  if (prev.ndim !== 2 || prev.shape[0] !== g.shape[1] || prev.shape[1] !== err.shape[1]) {
    throw new ArgumentError(
      "updateCrossCorrelation",
      "prev",
      `an array of shape [${g.shape[1]},${err.shape[1]}]`,
      prev,
    );
  }
  const c = matmul(g, err, { transA: true }); // [N_k, N_L]
  return add(mul(prev, lambda), mul(c, (1 - lambda) / g.shape[0]));
}

/** Options of {@link broadcastUpdate}. */
export interface BroadcastUpdateOptions {
  /** Hidden activation f of the forward pass (default "relu"). */
  activation?: HiddenActivation;
  /** g of the decorrelated activity (default "identity"; DFA is identity). */
  g?: DecorrelationG;
  /** ζ multiplying the sum over the batch (default 1/B: the (1−λ_d) factor absorbed, §4). */
  zeta?: number;
}

/**
 * The broadcast-error update of hidden layer k (1-based, 1 ≤ k ≤ L−1) with broadcast matrix M
 * [N_k, N_L] (arXiv:2504.11558 Eqs. 8–10): Q = E Mᵀ, Θ = g'(H) ⊙ f'(U) ⊙ Q, ΔW = ζ Θᵀ H⁽ᵏ⁻¹⁾,
 * Δb = ζ Σ_n Θ_n. With M = R̂⁽ᵏ⁾[m] it is EBD's ΔW₁ (the gradient of ½‖R̂‖² with the error
 * stopped); with M = a fixed random B⁽ᵏ⁾ and g = identity it is DFA (App. I.6). Descend on it:
 * W ← W − μ ΔW.
 *
 * @param cache forward pass of the batch
 * @param err output error [B, N_L]
 * @param m broadcast matrix [N_k, N_L]
 * @param k hidden layer index (H[k] is its activity; W[k−1] its weights)
 * @param opts `{ activation, g, zeta }`
 * @returns `{ dW: [N_k, N_{k−1}], db: [N_k] }`
 */
export function broadcastUpdate(
  cache: LocalMlpCache,
  err: NDArray,
  m: NDArray,
  k: number,
  opts: BroadcastUpdateOptions = {},
): { dW: NDArray; db: NDArray } {
  const fn = "broadcastUpdate";
  const L = cache.U.length;
  if (!Number.isInteger(k) || k < 1 || k > L - 1) {
    throw new ArgumentError(fn, "k", `a hidden layer index in 1..${L - 1}`, k);
  }
  const h = cache.H[k], u = cache.U[k - 1];
  if (m.ndim !== 2 || m.shape[0] !== h.shape[1] || m.shape[1] !== err.shape[1]) {
    throw new ArgumentError(fn, "m", `a [${h.shape[1]}, ${err.shape[1]}] array`, m);
  }
  const B = h.shape[0];
  const zeta = opts.zeta ?? 1 / B;
  // ζ is applied to the [B, N_L] error before the product (the smallest operand)
  const q = matmul(zeta === 1 ? err : mul(err, zeta), m, { transB: true }); // row n: (ζ M ε_n)ᵀ
  let fp = activationDerivative(opts.activation ?? "relu", u, h);
  const gp = gPrime(opts.g ?? "identity", h);
  if (gp) fp = mul(fp, gp);
  return layerOuterProduct(mul(q, fp), cache.H[k - 1]);
}
