/**
 * Normalisation layers over the last axis: LayerNorm (gain and optional bias) and RMSNorm
 * (gain), both on the fused autodiff primitives.
 * @module
 */
import { ones, zeros } from "../array/creation.ts";
import type { NDArray } from "../array/ndarray.ts";
import { layerNorm as lnOp, rmsNorm as rmsOp } from "../autodiff/ops.ts";
import { checkDim, type DTypeOpt, type Layer } from "./layer.ts";

/** Parameters of {@link layerNorm}: gain γ (init 1) and optional bias β (init 0). */
export type LayerNormParams = { gamma: NDArray; beta?: NDArray };

/** Configuration of {@link layerNorm}. */
export interface LayerNormConfig extends DTypeOpt {
  /** Size of the normalised (last) axis. */
  dim: number;
  /** With a bias β (default true). */
  bias?: boolean;
  /** Variance floor (default 1e-5, as PyTorch). */
  eps?: number;
}

/** LayerNorm (Ba, Kiros & Hinton 2016) over the last axis. */
export function layerNorm(cfg: LayerNormConfig): Layer<LayerNormParams> {
  const dim = checkDim("layerNorm", "dim", cfg.dim);
  const dtype = cfg.dtype ?? "f32", eps = cfg.eps ?? 1e-5;
  const bias = cfg.bias ?? true;
  return {
    init: () =>
      bias
        ? { gamma: ones([dim], { dtype }), beta: zeros([dim], { dtype }) }
        : { gamma: ones([dim], { dtype }) },
    apply: (p, x) => lnOp(x, { gamma: p.gamma, beta: p.beta, eps }),
  };
}

/** Parameters of {@link rmsNorm}: gain γ (init 1). */
export type RmsNormParams = { gamma: NDArray };

/** RMSNorm (Zhang & Sennrich 2019) over the last axis. */
export function rmsNorm(
  cfg: { dim: number; eps?: number } & DTypeOpt,
): Layer<RmsNormParams> {
  const dim = checkDim("rmsNorm", "dim", cfg.dim);
  const dtype = cfg.dtype ?? "f32", eps = cfg.eps ?? 1e-6;
  return {
    init: () => ({ gamma: ones([dim], { dtype }) }),
    apply: (p, x) => rmsOp(x, { gamma: p.gamma, eps }),
  };
}
