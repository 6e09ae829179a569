/**
 * Layer entropy, EBD's regulariser against collapse onto a low-dimensional subspace
 * (arXiv:2504.11558 §3.3, App. H.1.2; the log-det entropy of CorInfoMax): with the running layer
 * correlation
 *
 *   S[m] = λ_E S[m−1] + ((1−λ_E)/B) Hᵀ H,   S[0] = ε_k I,
 *   J_E = ½ log det S[m],   ∂J_E/∂W_ij = ((1−λ_E)/B) Σ_n v_i[n] f'(u_i[n]) h⁽ᵏ⁻¹⁾_j[n],  v = S⁻¹ h,
 *
 * (S[m−1] held fixed). J_E is maximised. S⁻¹ is carried by the Woodbury rank-B update, so the
 * ridge ε_k enters as the initial value and decays as λ_E^m (the form whose inverse can be
 * tracked; the paper's R_h + ε_k I differs by (1 − λ_E^m) ε_k I, below 1e-3 throughout).
 * @module
 */
import { fromTyped } from "../array/creation.ts";
import { DeviceArrayError } from "../array/device.ts";
import { mul } from "../array/elementwise.ts";
import { matmul } from "../array/matmul.ts";
import type { NDArray } from "../array/ndarray.ts";
import { astype } from "../array/shape_ops.ts";
import { checkInRange, checkPositive, checkPositiveInt } from "../errors/mod.ts";
import { woodburyUpdate } from "../linalg/woodbury.ts";
import {
  activationDerivative,
  type HiddenActivation,
  layerOuterProduct,
  type LocalMlpCache,
} from "./local_mlp.ts";

/** Running state of one layer's entropy term. */
export interface LayerEntropyState {
  /** S⁻¹ [N, N] (f64). */
  inverse: NDArray;
  /** log det S. */
  logdet: number;
}

/** S[0] = εI: inverse I/ε, log det N log ε. */
export function initLayerEntropy(n: number, eps: number): LayerEntropyState {
  checkPositiveInt("initLayerEntropy", "n", n);
  checkPositive("initLayerEntropy", "eps", eps);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1 / eps;
  return { inverse: fromTyped(inv, [n, n]), logdet: n * Math.log(eps) };
}

/**
 * Fold a batch into S and return the entropy gradient with respect to hidden layer k's weights
 * and bias (module doc; the (1−λ_E) factor is kept, so with λ_E → 1 the gradient vanishes:
 * scale it through the learning rate as the paper does).
 *
 * @param state S⁻¹ and log det S before the batch
 * @param cache forward pass of the batch
 * @param k hidden layer index 1..L−1
 * @param opts `{ lambda: λ_E, activation }`
 * @returns the new state and `{ dW, db }` = ∂J_E/∂(W, b) (ascend on it)
 */
export function layerEntropyGradient(
  state: LayerEntropyState,
  cache: LocalMlpCache,
  k: number,
  opts: { lambda: number; activation?: HiddenActivation },
): { state: LayerEntropyState; dW: NDArray; db: NDArray } {
  const lambda = checkInRange("layerEntropyGradient", "lambda", opts.lambda, 0, 1 - 1e-15);
  const h = cache.H[k], B = h.shape[0];
  if (h.device) {
    throw new DeviceArrayError(
      "layerEntropyGradient",
      h.device.backend.name,
      "the entropy term runs on the host (its Woodbury update of S⁻¹ needs f64)",
    );
  }
  const c = (1 - lambda) / B;
  const h64 = astype(h, "f64");
  const up = woodburyUpdate(state.inverse, h64, { lambda, c });
  const v = matmul(h64, up.inverse); // [B, N]: row n is (S⁻¹ h_n)ᵀ
  const fp = activationDerivative(opts.activation ?? "relu", cache.U[k - 1], h);
  const delta = astype(mul(mul(v, fp), c), h.dtype);
  const g = layerOuterProduct(delta, cache.H[k - 1]);
  return {
    state: { inverse: up.inverse, logdet: state.logdet + up.logdetIncrement },
    ...g,
  };
}
