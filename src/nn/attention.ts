/**
 * Multi-head causal softmax self-attention (Vaswani et al. 2017) for inputs [batch, seq, dim]:
 * four projections, per-head scores Q Kᵀ on strided views (no materialised transposes: the GEMM
 * reads them in place), and the fused causal softmax primitive.
 * @module
 */
import { ArgumentError } from "../array/errors.ts";
import type { NDArray } from "../array/ndarray.ts";
import { matmul, reshape, softmax, transpose } from "../autodiff/ops.ts";
import { split } from "../random/key.ts";
import { checkDim, type DTypeOpt, type Layer } from "./layer.ts";
import { linear, linearApply, type LinearParams } from "./linear.ts";

/** Parameters of {@link causalSelfAttention}: query, key, value and output projections. */
export type AttentionParams = {
  q: LinearParams;
  k: LinearParams;
  v: LinearParams;
  o: LinearParams;
};

/** Configuration of {@link causalSelfAttention}. */
export interface AttentionConfig extends DTypeOpt {
  /** Model width (a multiple of `heads`). */
  dim: number;
  /** Number of heads. */
  heads: number;
  /** Biases on the projections (default false). */
  bias?: boolean;
  /** Init std of the q, k, v weights (default 1/√dim). */
  std?: number;
  /** Init std of the output weight (default `std`). */
  outStd?: number;
  /** Score scale (default 1/√d_head; μP uses 1/d_head). */
  scale?: number;
  /** Causal mask (default true). */
  causal?: boolean;
}

/** Split [B, T, H·dh] into heads [B, H, T, dh] (a strided view). */
function heads(x: NDArray, b: number, t: number, h: number): NDArray {
  return transpose(reshape(x, [b, t, h, -1]), [0, 2, 1, 3]);
}

/** Multi-head (causal) softmax self-attention: [B, T, dim] → [B, T, dim]. */
export function causalSelfAttention(cfg: AttentionConfig): Layer<AttentionParams> {
  const dim = checkDim("causalSelfAttention", "dim", cfg.dim);
  const h = checkDim("causalSelfAttention", "heads", cfg.heads);
  if (dim % h !== 0) {
    throw new ArgumentError("causalSelfAttention", "heads", `a divisor of dim = ${dim}`, h);
  }
  const dh = dim / h;
  const scale = cfg.scale ?? 1 / Math.sqrt(dh);
  const causal = cfg.causal ?? true;
  const mk = (std: number | undefined) =>
    linear({ inDim: dim, outDim: dim, bias: cfg.bias ?? false, std, dtype: cfg.dtype });
  const proj = mk(cfg.std), out = mk(cfg.outStd ?? cfg.std);
  return {
    init(key) {
      const [a, b, c, d] = split(key, 4);
      return { q: proj.init(a), k: proj.init(b), v: proj.init(c), o: out.init(d) };
    },
    apply(p, x) {
      if (x.ndim !== 3 || x.shape[2] !== dim) {
        throw new ArgumentError("causalSelfAttention.apply", "x", `shape [B, T, ${dim}]`, x);
      }
      const [bs, t] = x.shape;
      const x2 = reshape(x, [bs * t, dim]);
      const q = heads(linearApply(p.q, x2), bs, t, h);
      const k = heads(linearApply(p.k, x2), bs, t, h);
      const v = heads(linearApply(p.v, x2), bs, t, h);
      const att = softmax(matmul(q, k, { transB: true }), { scale, causal });
      const o = reshape(transpose(matmul(att, v), [0, 2, 1, 3]), [bs * t, dim]);
      return reshape(linearApply(p.o, o), [bs, t, dim]);
    },
  };
}
