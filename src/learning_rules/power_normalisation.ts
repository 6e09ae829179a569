/**
 * Power normalisation, the regulariser that keeps EBD's decorrelation from being satisfied by
 * silencing a layer (arXiv:2504.11558 §3.3, App. H.1.1):
 *
 *   J_P⁽ᵏ⁾ = Σ_l ( (1/B) Σ_n h_l[n]² − P⁽ᵏ⁾ )²,
 *   ∂J_P/∂W_lj = (4/B) Σ_n d_l h_l[n] f'(u_l[n]) h⁽ᵏ⁻¹⁾_j[n],   d_l = (1/B) Σ_n h_l[n]² − P⁽ᵏ⁾.
 *
 * Descend on it. Batch-major arrays ([B, N]).
 * @module
 */
import { allocTyped } from "../array/dtype.ts";
import { fromTyped } from "../array/creation.ts";
import type { NDArray } from "../array/ndarray.ts";
import { ArgumentError, checkNonNegative } from "../errors/mod.ts";
import {
  activationDerivative,
  dataOf,
  type HiddenActivation,
  layerOuterProduct,
  type LocalMlpCache,
} from "./local_mlp.ts";

/** The power loss J_P of a layer's activity H [B, N] with target power P. */
export function powerLoss(h: NDArray, target: number): number {
  const d = powerDeviation(h, target);
  let s = 0;
  for (const v of d) s += v * v;
  return s;
}

/** d_l = (1/B) Σ_n h_l[n]² − P for each unit l of H [B, N]. */
export function powerDeviation(h: NDArray, target: number): Float64Array {
  checkNonNegative("powerDeviation", "target", target);
  if (h.ndim !== 2) throw new ArgumentError("powerDeviation", "h", "a [B, N] array", h);
  const [B, N] = h.shape, hd = dataOf(h);
  const d = new Float64Array(N);
  for (let r = 0; r < B; r++) for (let l = 0; l < N; l++) d[l] += hd[r * N + l] ** 2;
  for (let l = 0; l < N; l++) d[l] = d[l] / B - target;
  return d;
}

/**
 * Gradient of J_P⁽ᵏ⁾ with respect to hidden layer k's weights and bias (module doc), from the
 * forward pass of the batch.
 *
 * @param cache forward pass
 * @param k hidden layer index 1..L−1 (weights W[k−1])
 * @param target the target power P⁽ᵏ⁾ (paper: 0.25 for hidden layers)
 * @param activation hidden activation of the forward pass (default "relu")
 * @returns `{ dW, db, loss }`
 */
export function powerGradient(
  cache: LocalMlpCache,
  k: number,
  target: number,
  activation: HiddenActivation = "relu",
): { dW: NDArray; db: NDArray; loss: number } {
  const L = cache.U.length;
  if (!Number.isInteger(k) || k < 1 || k > L - 1) {
    throw new ArgumentError("powerGradient", "k", `a hidden layer index in 1..${L - 1}`, k);
  }
  const h = cache.H[k], [B, N] = h.shape;
  const d = powerDeviation(h, target);
  const hd = dataOf(h);
  const delta = allocTyped(h.dtype, hd.length);
  activationDerivative(activation, dataOf(cache.U[k - 1]), hd, delta);
  for (let r = 0; r < B; r++) {
    for (let l = 0; l < N; l++) delta[r * N + l] *= (4 / B) * d[l] * hd[r * N + l];
  }
  let loss = 0;
  for (const v of d) loss += v * v;
  return { ...layerOuterProduct(fromTyped(delta, h.shape), cache.H[k - 1]), loss };
}
