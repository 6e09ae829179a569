/**
 * Activation functions by name (differentiable): relu, gelu (tanh approximation), tanh, erf,
 * softplus, sigmoid and identity.
 * @module
 */
import { ArgumentError } from "../array/errors.ts";
import type { NDArray } from "../array/ndarray.ts";
import { erf, gelu, relu, sigmoid, softplus, tanh } from "../autodiff/ops.ts";

/** Names of the activations. */
export type Activation = "relu" | "gelu" | "tanh" | "erf" | "softplus" | "sigmoid" | "identity";

/** Every activation as a differentiable function. */
export const ACTIVATIONS: { readonly [A in Activation]: (x: NDArray) => NDArray } = {
  relu,
  gelu,
  tanh,
  erf,
  softplus,
  sigmoid,
  identity: (x) => x,
};

/** The activation called `name`, or a named error listing the valid names. */
export function activation(name: Activation): (x: NDArray) => NDArray {
  const f = ACTIVATIONS[name];
  if (!f) {
    throw new ArgumentError("activation", "name", `one of ${Object.keys(ACTIVATIONS)}`, name);
  }
  return f;
}
