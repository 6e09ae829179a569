/**
 * Pre-LN transformer block and decoder-only language model (GPT-2 style, learned absolute
 * positions, untied embedding and unembedding), with the multipliers a parameterization sets
 * (src/param): embedding multiplier α_in, residual-branch multiplier m_L^{−α}, output
 * multiplier α_out/m_N and per-group init stds — the forward pass of CompleteP (Dey et al.
 * 2025, arXiv:2505.01618, §2):
 * X^{l+½} = X^l + m_L^{−α}·MHA(LN(X^l)),  X^{l+1} = X^{l+½} + m_L^{−α}·MLP(LN(X^{l+½})),
 * logits = α_out·LN_f(X^L) W_unemb / m_N.
 * @module
 */
import { ArgumentError } from "../array/errors.ts";
import type { NDArray } from "../array/ndarray.ts";
import { add, gelu, mul, reshape, slice, take } from "../autodiff/ops.ts";
import { split } from "../random/key.ts";
import { normal } from "../random/normal.ts";
import { type AttentionParams, causalSelfAttention } from "./attention.ts";
import { checkDim, type DTypeOpt, type Layer } from "./layer.ts";
import { linear, linearApply, type LinearParams } from "./linear.ts";
import { layerNorm, type LayerNormParams } from "./norms.ts";

/** Parameters of one {@link transformerBlock}. */
export type BlockParams = {
  ln1: LayerNormParams;
  attn: AttentionParams;
  ln2: LayerNormParams;
  mlp: { up: LinearParams; down: LinearParams };
};

/** Configuration of {@link transformerBlock}. */
export interface BlockConfig extends DTypeOpt {
  /** Model width. */
  dim: number;
  /** Attention heads. */
  heads: number;
  /** MLP hidden width as a multiple of dim (default 4). */
  mlpRatio?: number;
  /** Biases in the linear layers and LayerNorms (default false). */
  bias?: boolean;
  /** Init std of hidden weights (default 0.02). */
  hiddenStd?: number;
  /** Init std of the two output projections (attention out, MLP down; default hiddenStd). */
  outProjStd?: number;
  /** Residual-branch multiplier (m_L^{−α}; default 1). */
  residualScale?: number;
  /** Attention score scale (default 1/√d_head). */
  attnScale?: number;
}

/** A pre-LN block x + s·MHA(LN x), then + s·MLP(LN ·), on [B, T, dim]. */
export function transformerBlock(cfg: BlockConfig): Layer<BlockParams> {
  const dim = checkDim("transformerBlock", "dim", cfg.dim);
  const hid = Math.round(dim * (cfg.mlpRatio ?? 4));
  const std = cfg.hiddenStd ?? 0.02, outStd = cfg.outProjStd ?? std;
  const bias = cfg.bias ?? false, dtype = cfg.dtype;
  const rs = cfg.residualScale ?? 1;
  const ln = layerNorm({ dim, bias, dtype });
  const attn = causalSelfAttention({
    dim,
    heads: cfg.heads,
    bias,
    std,
    outStd,
    scale: cfg.attnScale,
    dtype,
  });
  const up = linear({ inDim: dim, outDim: hid, bias, std, dtype });
  const down = linear({ inDim: hid, outDim: dim, bias, std: outStd, dtype });
  const branch = (x: NDArray, y: NDArray) => add(x, rs === 1 ? y : mul(y, rs));
  return {
    init(key) {
      const [a, b, c, d] = split(key, 4);
      return {
        ln1: ln.init(a),
        attn: attn.init(b),
        ln2: ln.init(a),
        mlp: { up: up.init(c), down: down.init(d) },
      };
    },
    apply(p, x) {
      const h = branch(x, attn.apply(p.attn, ln.apply(p.ln1, x)));
      const m = linearApply(p.mlp.down, gelu(linearApply(p.mlp.up, ln.apply(p.ln2, h))));
      return branch(h, m);
    },
  };
}

/** Parameters of {@link transformerLM}. */
export type LMParams = {
  tokEmb: NDArray;
  posEmb: NDArray;
  blocks: BlockParams[];
  lnF: LayerNormParams;
  unemb: NDArray;
};

/** A batch of token ids [batch, seq], row-major. */
export interface TokenBatch {
  /** Token ids, length batch·seq. */
  tokens: Int32Array;
  /** Number of sequences. */
  batch: number;
  /** Sequence length (≤ the model's context). */
  seq: number;
}

/** Configuration of {@link transformerLM}. */
export interface LMConfig extends BlockConfig {
  /** Vocabulary size. */
  vocab: number;
  /** Maximum sequence length (positions). */
  context: number;
  /** Number of blocks L. */
  layers: number;
  /** Init std of token and position embeddings (default 0.02). */
  embStd?: number;
  /** Init std of the unembedding (default 0.02). */
  unembStd?: number;
  /** Embedding forward multiplier α_in (default 1). */
  embScale?: number;
  /** Output forward multiplier α_out/m_N (default 1). */
  outputScale?: number;
}

/** The LM layer, which can also return its residual stream (for coordinate checks). */
export interface LMLayer extends Layer<LMParams, TokenBatch> {
  /** The residual stream h_0 (scaled embeddings), h_1, …, h_L, each [B, T, dim]. */
  residualStream(params: LMParams, x: TokenBatch): NDArray[];
}

/**
 * A decoder-only transformer LM: tokens [B, T] → logits [B, T, vocab]. Untied embeddings,
 * learned positions, pre-LN blocks, final LayerNorm (arXiv:2505.01618, §2; the scaled-down
 * Seesaw LM of PAPERS.md, "Seesaw").
 */
export function transformerLM(cfg: LMConfig): LMLayer {
  const vocab = checkDim("transformerLM", "vocab", cfg.vocab);
  const ctx = checkDim("transformerLM", "context", cfg.context);
  const nl = checkDim("transformerLM", "layers", cfg.layers);
  const dim = checkDim("transformerLM", "dim", cfg.dim);
  const dtype = cfg.dtype ?? "f32";
  const block = transformerBlock(cfg);
  const lnF = layerNorm({ dim, bias: cfg.bias ?? false, dtype });
  const embStd = cfg.embStd ?? 0.02, unembStd = cfg.unembStd ?? 0.02;
  const embScale = cfg.embScale ?? 1, outScale = cfg.outputScale ?? 1;
  const stream = (p: LMParams, x: TokenBatch, all: boolean): NDArray[] => {
    const { batch: b, seq: t } = x;
    if (!(x.tokens instanceof Int32Array) || x.tokens.length !== b * t) {
      throw new ArgumentError("transformerLM.apply", "x.tokens", `${b * t} Int32 ids`, x.tokens);
    }
    if (t > ctx || t < 1) {
      throw new ArgumentError("transformerLM.apply", "x.seq", `in [1, ${ctx}]`, t);
    }
    const tok = reshape(take(p.tokEmb, x.tokens), [b, t, dim]);
    let h = add(tok, t === ctx ? p.posEmb : slice(p.posEmb, [0, t]));
    if (embScale !== 1) h = mul(h, embScale);
    const out = [h];
    for (const bp of p.blocks) {
      h = block.apply(bp, h);
      if (all) out.push(h);
    }
    if (!all) out.push(h);
    return out;
  };
  return {
    init(key) {
      const ks = split(key, nl + 3);
      return {
        tokEmb: normal(ks[0], [vocab, dim], { dtype, std: embStd }),
        posEmb: normal(ks[1], [ctx, dim], { dtype, std: embStd }),
        blocks: Array.from({ length: nl }, (_, i) => block.init(ks[3 + i])),
        lnF: lnF.init(ks[2]),
        unemb: normal(ks[2], [dim, vocab], { dtype, std: unembStd }),
      };
    },
    apply(p, x) {
      const hs = stream(p, x, false);
      const h = hs[hs.length - 1];
      const [b, t] = [x.batch, x.seq];
      let f = lnF.apply(p.lnF, reshape(h, [b * t, dim]));
      if (outScale !== 1) f = mul(f, outScale);
      return reshape(linearApply({ w: p.unemb }, f), [b, t, vocab]);
    },
    residualStream: (p, x) => stream(p, x, true),
  };
}
