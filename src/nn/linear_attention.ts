/**
 * Linear (softmax-free) self-attention, the layer of the in-context-learning models
 * (arXiv:2510.01098, the deep linear attention model): h_μ ← h_μ + scale·Σ_ν M_{μν} ⟨k_ν, q_μ⟩ v_ν with q = h W_q,
 * k = h W_k, v = h W_v and an optional fixed mask M (e.g. the ±1 train/query block mask).
 * The layer returns the attention update (without the residual), shape [B, T, dim].
 * @module
 */
import { ArgumentError, describe } from "../array/errors.ts";
import type { NDArray } from "../array/ndarray.ts";
import { matmul, mul } from "../autodiff/ops.ts";
import { split } from "../random/key.ts";
import { normal } from "../random/normal.ts";
import { checkDim, type DTypeOpt, type Layer } from "./layer.ts";

/** Parameters of {@link linearSelfAttention}: W_q, W_k, W_v, each [dim, dim]. */
export type LinearAttentionParams = { wq: NDArray; wk: NDArray; wv: NDArray };

/** Configuration of {@link linearSelfAttention}. */
export interface LinearAttentionConfig extends DTypeOpt {
  /** Residual-stream width. */
  dim: number;
  /** Multiplier of the update (e.g. 1/(L·P)); default 1. */
  scale?: number;
  /** Fixed mask M [T, T] multiplying the scores (default none). */
  mask?: NDArray;
  /** Init std of the weights (default 1/√dim). */
  std?: number;
}

/** Linear self-attention update scale·(M ⊙ Q Kᵀ) V on [B, T, dim]. */
export function linearSelfAttention(
  cfg: LinearAttentionConfig,
): Layer<LinearAttentionParams> {
  const dim = checkDim("linearSelfAttention", "dim", cfg.dim);
  const scale = cfg.scale ?? 1, std = cfg.std ?? 1 / Math.sqrt(dim);
  const dtype = cfg.dtype ?? "f32";
  return {
    init(key) {
      const [a, b, c] = split(key, 3);
      return {
        wq: normal(a, [dim, dim], { dtype, std }),
        wk: normal(b, [dim, dim], { dtype, std }),
        wv: normal(c, [dim, dim], { dtype, std }),
      };
    },
    apply(p, x) {
      if (x.ndim !== 3 || x.shape[2] !== dim) {
        throw new ArgumentError("linearSelfAttention.apply", "x", `shape [B, T, ${dim}]`, x);
      }
      const t = x.shape[1];
      if (cfg.mask && (cfg.mask.ndim !== 2 || cfg.mask.shape[0] !== t || cfg.mask.shape[1] !== t)) {
        throw new ArgumentError(
          "linearSelfAttention.apply",
          "mask",
          `shape [${t},${t}] for T = ${t}`,
          describe(cfg.mask),
        );
      }
      const q = matmul(x, p.wq), k = matmul(x, p.wk), v = matmul(x, p.wv);
      let s = matmul(q, k, { transB: true });
      if (cfg.mask) s = mul(s, cfg.mask);
      const u = matmul(s, v);
      return scale === 1 ? u : mul(u, scale);
    },
  };
}
