/**
 * Backpropagation of the mean squared error, written out by hand for the {@link LocalMlpParams}
 * network: the BP-MSE baseline of "Error Broadcast and Decorrelation" (arXiv:2504.11558, §4,
 * Table 1 "BP (MSE)"). Loss ℒ = (1/2B) Σ_n ‖ε_n‖², ε = h⁽ᴸ⁾ − y, so
 *
 *   Δ⁽ᴸ⁾ = ε / B,   Δ⁽ᵏ⁾ = (Δ⁽ᵏ⁺¹⁾ W⁽ᵏ⁺¹⁾) ⊙ f'(u⁽ᵏ⁾),   ∂ℒ/∂W⁽ᵏ⁾ = Δ⁽ᵏ⁾ᵀ H⁽ᵏ⁻¹⁾,   ∂ℒ/∂b⁽ᵏ⁾ = Σ_n Δ⁽ᵏ⁾_n.
 * @module
 */
import { allocTyped } from "../array/dtype.ts";
import { fromTyped } from "../array/creation.ts";
import { matmul } from "../array/matmul.ts";
import type { NDArray } from "../array/ndarray.ts";
import {
  activationDerivative,
  dataOf,
  type HiddenActivation,
  layerOuterProduct,
  type LocalMlpCache,
  type LocalMlpParams,
} from "./local_mlp.ts";

/**
 * The output layer's MSE delta Δ⁽ᴸ⁾ = ε/B [B, N_L] (f' = 1: linear output). Every rule in this
 * folder trains the output layer with it (arXiv:2504.11558 §3.2: "the last layer uses the MSE
 * gradient").
 */
export function outputDelta(err: NDArray): NDArray {
  const e = dataOf(err), rows = err.shape[0];
  const d = allocTyped(err.dtype, e.length);
  for (let i = 0; i < e.length; i++) d[i] = e[i] / rows;
  return fromTyped(d, err.shape);
}

/**
 * Exact gradients of ℒ = (1/2B) Σ_n ‖h⁽ᴸ⁾_n − y_n‖² with respect to every weight and bias.
 *
 * @param params the network
 * @param cache its forward pass on the batch
 * @param err the output error ε [B, N_L] (see `outputError`)
 * @param act hidden activation used in the forward pass
 * @returns gradients shaped like `params`
 */
export function bpMseGradients(
  params: LocalMlpParams,
  cache: LocalMlpCache,
  err: NDArray,
  act: HiddenActivation = "relu",
): LocalMlpParams {
  const L = params.W.length;
  const W: NDArray[] = new Array(L), b: NDArray[] = new Array(L);
  let delta = outputDelta(err);
  for (let k = L - 1; k >= 0; k--) {
    const g = layerOuterProduct(delta, cache.H[k]);
    W[k] = g.dW;
    b[k] = g.db;
    if (k > 0) {
      const back = matmul(delta, params.W[k]); // [B, N_k]
      const bd = dataOf(back);
      const fp = allocTyped(back.dtype, bd.length);
      activationDerivative(act, dataOf(cache.U[k - 1]), dataOf(cache.H[k]), fp);
      for (let i = 0; i < bd.length; i++) bd[i] *= fp[i];
      delta = back;
    }
  }
  return { W, b };
}
