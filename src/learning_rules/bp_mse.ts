/**
 * Backpropagation of the mean squared error, written out by hand for the {@link LocalMlpParams}
 * network: the BP-MSE baseline of "Error Broadcast and Decorrelation" (arXiv:2504.11558, §4,
 * Table 1 "BP (MSE)"). Loss ℒ = (1/2B) Σ_n ‖ε_n‖², ε = h⁽ᴸ⁾ − y, so
 *
 *   Δ⁽ᴸ⁾ = ε / B,   Δ⁽ᵏ⁾ = (Δ⁽ᵏ⁺¹⁾ W⁽ᵏ⁺¹⁾) ⊙ f'(u⁽ᵏ⁾),   ∂ℒ/∂W⁽ᵏ⁾ = Δ⁽ᵏ⁾ᵀ H⁽ᵏ⁻¹⁾,   ∂ℒ/∂b⁽ᵏ⁾ = Σ_n Δ⁽ᵏ⁾_n.
 *
 * Array operations only: runs on host arrays and on WebGPU device arrays alike.
 * @module
 */
import { div, mul } from "../array/elementwise.ts";
import { matmul } from "../array/matmul.ts";
import type { NDArray } from "../array/ndarray.ts";
import {
  activationDerivative,
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
  return div(err, err.shape[0]);
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
      // [B, N_k]
      delta = mul(
        matmul(delta, params.W[k]),
        activationDerivative(act, cache.U[k - 1], cache.H[k]),
      );
    }
  }
  return { W, b };
}
