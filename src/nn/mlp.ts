/**
 * Multi-layer perceptron: linear layers with an activation between them (none after the last).
 * @module
 */
import { ArgumentError } from "../array/errors.ts";
import type { NDArray } from "../array/ndarray.ts";
import { split } from "../random/key.ts";
import { type Activation, activation } from "./activations.ts";
import { type DTypeOpt, type Layer } from "./layer.ts";
import { linear, linearApply, type LinearParams } from "./linear.ts";

/** Parameters of {@link mlp}: one {@link LinearParams} per layer. */
export type MlpParams = { layers: LinearParams[] };

/** Configuration of {@link mlp}. */
export interface MlpConfig extends DTypeOpt {
  /** Layer widths [in, hidden..., out] (at least 2 entries). */
  sizes: number[];
  /** Activation between layers (default "relu"). */
  activation?: Activation;
  /** Biases (default true). */
  bias?: boolean;
  /** Init std of layer i's weight as a function of its fan-in (default 1/√fanIn). */
  std?: (fanIn: number, layer: number) => number;
}

/** An MLP x → W_L φ(… φ(W_1 x + b_1) …) + b_L. */
export function mlp(cfg: MlpConfig): Layer<MlpParams> {
  if (!Array.isArray(cfg.sizes) || cfg.sizes.length < 2) {
    throw new ArgumentError("mlp", "sizes", "at least two layer widths", cfg.sizes);
  }
  const act = activation(cfg.activation ?? "relu");
  const layers = cfg.sizes.slice(1).map((out, i) =>
    linear({
      inDim: cfg.sizes[i],
      outDim: out,
      bias: cfg.bias,
      dtype: cfg.dtype,
      std: cfg.std ? cfg.std(cfg.sizes[i], i) : undefined,
    })
  );
  return {
    init: (key) => {
      const ks = split(key, layers.length);
      return { layers: layers.map((l, i) => l.init(ks[i])) };
    },
    apply: (p, x) => {
      let h: NDArray = x;
      p.layers.forEach((lp, i) => {
        h = linearApply(lp, h);
        if (i < p.layers.length - 1) h = act(h);
      });
      return h;
    },
  };
}
