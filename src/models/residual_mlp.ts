/**
 * Pre-LN residual MLP, the scaled-down model of CompleteP (Dey et al. 2025, arXiv:2505.01618,
 * §2 and the B.5 plan in PAPERS.md): the transformer of Eq. (1) with attention removed,
 *
 *   h_0 = α_in · x W_emb,
 *   h_{l+1} = h_l + m_L^{−α} · (gelu(LN_l(h_l) W_up + b_up) W_down + b_down),   l = 0 … L−1,
 *   y = (α_out/m_N) · LN_f(h_L) W_unemb,
 *
 * with the five parameter groups of Table 1 (embedding, hidden weights, in-block LayerNorms,
 * hidden biases, unembedding; plus the final LayerNorm) named by {@link classifyResidualMlpParam}
 * so that `parameterize(..., { classify })` (src/param) gives every group its learning rate,
 * weight decay and AdamW ε.
 * @module
 */
import { ArgumentError } from "../array/errors.ts";
import type { NDArray } from "../array/ndarray.ts";
import { add, mul } from "../autodiff/ops.ts";
import { split } from "../random/key.ts";
import { normal } from "../random/normal.ts";
import { type Activation, activation } from "../nn/activations.ts";
import { checkDim, checkNonNeg, type DTypeOpt, type Layer } from "../nn/layer.ts";
import { linear, linearApply, type LinearParams } from "../nn/linear.ts";
import { layerNorm, type LayerNormParams } from "../nn/norms.ts";
import type { ParamGroup } from "../param/parameterization.ts";

/** Parameters of one residual block: its pre-LN and the two linear layers of its branch. */
export type ResidualMlpBlock = { ln: LayerNormParams; up: LinearParams; down: LinearParams };

/** Parameters of {@link residualMlp}: embedding [in, N], L blocks, final LN, unembedding [N, out]. */
export type ResidualMlpParams = {
  emb: NDArray;
  blocks: ResidualMlpBlock[];
  lnF: LayerNormParams;
  unemb: NDArray;
};

/** Configuration of {@link residualMlp}; init stds and multipliers come from a parameterization. */
export interface ResidualMlpConfig extends DTypeOpt {
  /** Input features D. */
  inDim: number;
  /** Residual-stream width N. */
  width: number;
  /** Number of residual blocks L. */
  depth: number;
  /** Output features (default 1). */
  outDim?: number;
  /** Branch hidden width as a multiple of N (default 2). */
  expansion?: number;
  /** Branch nonlinearity (default "gelu"). */
  activation?: Activation;
  /** Biases in the branch layers and LayerNorms (default true). */
  bias?: boolean;
  /** Init std of W_emb (default 0.02). */
  embStd?: number;
  /** Init std of W_up and W_down (default 0.02). */
  hiddenStd?: number;
  /** Init std of W_unemb (default 0.02). */
  unembStd?: number;
  /** Residual-branch multiplier m_L^{−α} (default 1). */
  residualScale?: number;
  /** Embedding forward multiplier α_in (default 1). */
  embScale?: number;
  /** Output forward multiplier α_out/m_N (default 1). */
  outputScale?: number;
}

/** The residual MLP layer, which can also return its residual stream h_0 … h_L. */
export interface ResidualMlp extends Layer<ResidualMlpParams> {
  /** The configuration actually used (defaults filled in). */
  readonly config: Required<Omit<ResidualMlpConfig, "dtype">> & DTypeOpt;
  /** h_0, h_1, …, h_L, each [B, N], for input x [B, D]. */
  residualStream(params: ResidualMlpParams, x: NDArray): NDArray[];
  /** The unscaled branch F_l(h) = gelu(LN(h) W_up + b_up) W_down + b_down of one block. */
  branch(block: ResidualMlpBlock, h: NDArray): NDArray;
}

/**
 * A pre-LN residual MLP x [B, D] → y [B, out] (see the module doc). Sizes must be positive
 * integers and stds/multipliers finite and ≥ 0 (named errors otherwise).
 */
export function residualMlp(cfg: ResidualMlpConfig): ResidualMlp {
  const fn = "residualMlp";
  const inDim = checkDim(fn, "inDim", cfg.inDim);
  const width = checkDim(fn, "width", cfg.width);
  const depth = checkDim(fn, "depth", cfg.depth);
  const outDim = checkDim(fn, "outDim", cfg.outDim ?? 1);
  const expansion = cfg.expansion ?? 2;
  const hid = checkDim(fn, "expansion·width", Math.round(width * expansion));
  const config = {
    inDim,
    width,
    depth,
    outDim,
    expansion,
    activation: cfg.activation ?? "gelu",
    bias: cfg.bias ?? true,
    embStd: checkNonNeg(fn, "embStd", cfg.embStd ?? 0.02),
    hiddenStd: checkNonNeg(fn, "hiddenStd", cfg.hiddenStd ?? 0.02),
    unembStd: checkNonNeg(fn, "unembStd", cfg.unembStd ?? 0.02),
    residualScale: checkNonNeg(fn, "residualScale", cfg.residualScale ?? 1),
    embScale: checkNonNeg(fn, "embScale", cfg.embScale ?? 1),
    outputScale: checkNonNeg(fn, "outputScale", cfg.outputScale ?? 1),
    dtype: cfg.dtype ?? "f32",
  };
  const { dtype, bias } = config;
  const act = activation(config.activation);
  const ln = layerNorm({ dim: width, bias, dtype });
  const up = linear({ inDim: width, outDim: hid, bias, std: config.hiddenStd, dtype });
  const down = linear({ inDim: hid, outDim: width, bias, std: config.hiddenStd, dtype });
  const branch = (p: ResidualMlpBlock, h: NDArray) =>
    linearApply(p.down, act(linearApply(p.up, ln.apply(p.ln, h))));
  const rs = config.residualScale;
  const stream = (p: ResidualMlpParams, x: NDArray, all: boolean): NDArray[] => {
    if (x.ndim !== 2 || x.shape[1] !== inDim) {
      throw new ArgumentError(`${fn}.apply`, "x", `an array [batch, ${inDim}]`, x.shape);
    }
    let h = matmulScaled(x, p.emb, config.embScale);
    const out = [h];
    for (const bp of p.blocks) {
      const f = branch(bp, h);
      h = add(h, rs === 1 ? f : mul(f, rs));
      if (all) out.push(h);
    }
    if (!all) out.push(h);
    return out;
  };
  return {
    config,
    init(key) {
      const ks = split(key, depth + 3);
      return {
        emb: normal(ks[0], [inDim, width], { dtype, std: config.embStd }),
        blocks: Array.from({ length: depth }, (_, i) => {
          const [kl, ku, kd] = split(ks[3 + i], 3);
          return { ln: ln.init(kl), up: up.init(ku), down: down.init(kd) };
        }),
        lnF: ln.init(ks[2]),
        unemb: normal(ks[1], [width, outDim], { dtype, std: config.unembStd }),
      };
    },
    apply(p, x) {
      const hs = stream(p, x, false);
      const f = ln.apply(p.lnF, hs[hs.length - 1]);
      return matmulScaled(f, p.unemb, config.outputScale);
    },
    residualStream: (p, x) => stream(p, x, true),
    branch,
  };
}

function matmulScaled(x: NDArray, w: NDArray, s: number): NDArray {
  const y = linearApply({ w }, x);
  return s === 1 ? y : mul(y, s);
}

/**
 * The Table 1 group of a {@link residualMlp} parameter path (arXiv:2505.01618 Table 1 groups):
 * `emb` → embedding, `blocks.l.ln.*` → in-block LayerNorm, `blocks.l.{up,down}.w` → hidden
 * weight, `blocks.l.{up,down}.b` → hidden bias, `lnF.*` → final LayerNorm, `unemb` →
 * unembedding. Any other path is a named error.
 */
export function classifyResidualMlpParam(path: string): ParamGroup {
  if (path === "emb") return "emb";
  if (path === "unemb") return "unemb";
  if (/^lnF\.(gamma|beta)$/.test(path)) return "final_ln";
  if (/^blocks\.\d+\.ln\.(gamma|beta)$/.test(path)) return "hidden_ln";
  if (/^blocks\.\d+\.(up|down)\.w$/.test(path)) return "hidden_weight";
  if (/^blocks\.\d+\.(up|down)\.b$/.test(path)) return "hidden_bias";
  throw new ArgumentError("classifyResidualMlpParam", "path", "a residualMlp parameter path", path);
}
