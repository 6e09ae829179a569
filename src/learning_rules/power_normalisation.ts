/**
 * Power normalisation, the regulariser that keeps EBD's decorrelation from being satisfied by
 * silencing a layer (arXiv:2504.11558 §3.3, App. H.1.1):
 *
 *   J_P⁽ᵏ⁾ = Σ_l ( (1/B) Σ_n h_l[n]² − P⁽ᵏ⁾ )²,
 *   ∂J_P/∂W_lj = (4/B) Σ_n d_l h_l[n] f'(u_l[n]) h⁽ᵏ⁻¹⁾_j[n],   d_l = (1/B) Σ_n h_l[n]² − P⁽ᵏ⁾.
 *
 * Descend on it. Batch-major arrays ([B, N]); array operations only (host or WebGPU device).
 * @module
 */
import { div, mul, square, sub } from "../array/elementwise.ts";
import type { NDArray } from "../array/ndarray.ts";
import { sum } from "../array/reduce.ts";
import { ArgumentError, checkNonNegative } from "../errors/mod.ts";
import {
  activationDerivative,
  columnSums,
  type HiddenActivation,
  layerOuterProduct,
  type LocalMlpCache,
  repeatRows,
} from "./local_mlp.ts";

/** The power loss J_P of a layer's activity H [B, N] with target power P (a 0-d array). */
export function powerLoss(h: NDArray, target: number): NDArray {
  return sum(square(powerDeviation(h, target)));
}

/** d_l = (1/B) Σ_n h_l[n]² − P for each unit l of H [B, N] (an [N] array where H lives). */
export function powerDeviation(h: NDArray, target: number): NDArray {
  checkNonNegative("powerDeviation", "target", target);
  if (h.ndim !== 2) throw new ArgumentError("powerDeviation", "h", "a [B, N] array", h);
  return sub(div(columnSums(square(h)), h.shape[0]), target);
}

/**
 * Gradient of J_P⁽ᵏ⁾ with respect to hidden layer k's weights and bias (module doc), from the
 * forward pass of the batch.
 *
 * @param cache forward pass
 * @param k hidden layer index 1..L−1 (weights W[k−1])
 * @param target the target power P⁽ᵏ⁾ (paper: 0.25 for hidden layers)
 * @param activation hidden activation of the forward pass (default "relu")
 * @param scale a factor s (number or 0-d array) of the returned dW, db: s·∇J_P, applied to the
 *   [B, N] delta before the outer product (cheaper than scaling the [N_k, N_{k−1}] result)
 * @returns `{ dW, db, loss }` (loss a 0-d array, unscaled)
 */
export function powerGradient(
  cache: LocalMlpCache,
  k: number,
  target: number,
  activation: HiddenActivation = "relu",
  scale: number | NDArray = 1,
): { dW: NDArray; db: NDArray; loss: NDArray } {
  const L = cache.U.length;
  if (!Number.isInteger(k) || k < 1 || k > L - 1) {
    throw new ArgumentError("powerGradient", "k", `a hidden layer index in 1..${L - 1}`, k);
  }
  const h = cache.H[k], B = h.shape[0];
  const d = powerDeviation(h, target);
  const coef = mul(d, 4 / B);
  // δ[n, l] = (4/B) d_l h_l[n] f'(u_l[n]); for ReLU f'(u)·h = h
  const fh = activation === "relu"
    ? h
    : mul(activationDerivative(activation, cache.U[k - 1], h), h);
  const delta = mul(fh, repeatRows(scale === 1 ? coef : mul(coef, scale), B));
  return { ...layerOuterProduct(delta, cache.H[k - 1]), loss: sum(square(d)) };
}
