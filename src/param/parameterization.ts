/**
 * A concrete parameterization of a pre-LN transformer: the Table 1 multipliers
 * (table.ts; arXiv:2505.01618 Table 1) evaluated at a width and depth, turned into the values that are
 * actually used — init stds, forward multipliers and per-group learning rate, weight decay and
 * AdamW ε — for {@link transformerLM} and the optimizers' `groups`. Invalid combinations are
 * rejected with the reason.
 * @module
 */
import { ArgumentError } from "../array/errors.ts";
import type { LMConfig } from "../nn/transformer.ts";
import type { GroupScale } from "../optim/optimizer.ts";
import { evalLaw, PARAM_ALPHA, PARAM_TABLE, type ParamName, type Quantity } from "./table.ts";

/** Parameter groups of a transformer (arXiv:2505.01618 Table 1 and its reference code; PAPERS.md). */
export type ParamGroup =
  | "emb"
  | "hidden_ln"
  | "hidden_weight"
  | "hidden_bias"
  | "final_ln"
  | "unemb";

/** Base hyperparameters and sizes. */
export interface ParameterizeOptions {
  /** Width N (model dim). */
  width: number;
  /** Base width N_base (default width). */
  baseWidth?: number;
  /** Depth L in blocks. */
  depth: number;
  /** Base depth L_base (default depth). */
  baseDepth?: number;
  /** σ_base, init std (default 0.02). */
  sigma?: number;
  /** η_base, AdamW learning rate (default 1e-3). */
  lr?: number;
  /** λ_base, decoupled weight decay (default 0). */
  weightDecay?: number;
  /** ε_base (default 1e-8). */
  eps?: number;
  /** α_in, embedding forward multiplier (default 1; SP ignores it). */
  alphaIn?: number;
  /** α_out, unembedding forward multiplier (default 1; SP ignores it). */
  alphaOut?: number;
  /** The optimizer family the table is used with (default "adam"). */
  optimizer?: "adam" | "sgd";
  /** SP only: GPT-2's output-projection init σ/√(2L) (arXiv:2505.01618 reference code; PAPERS.md). */
  gpt2ProjInit?: boolean;
  /** dtype whose range ε must stay in (default "f32"). */
  dtype?: "f32" | "f64";
  /**
   * The group of a parameter path, for `groups` (default {@link classifyLMParam}; e.g.
   * `classifyResidualMlpParam` of src/models for the residual MLP).
   */
  classify?: (path: string) => ParamGroup;
  /**
   * Depth exponent α of Table 1's general-α column, in [0, 1] (depth-mup and completep only;
   * default ½ and 1). Values outside [0, 1] are named errors: Dey et al. 2025
   * (arXiv:2505.01618, §3) need α ≤ 1 for Θ(1) residual updates, and α < 0 amplifies branches.
   */
  alpha?: number;
}

/** Values achieved by a parameterization at one size. */
export interface Parameterization {
  /** Which parameterization. */
  name: ParamName;
  /** Width multiplier m_N = N/N_base. */
  mN: number;
  /** Depth multiplier m_L = L/L_base. */
  mL: number;
  /** Depth exponent α. */
  alpha: number;
  /** Every Table 1 multiplier at (m_N, m_L, α). */
  multipliers: { [Q in Quantity]: number };
  /** The absolute values used. */
  achieved: {
    embStd: number;
    hiddenStd: number;
    outProjStd: number;
    unembStd: number;
    residualScale: number;
    embScale: number;
    outputScale: number;
    lr: { [G in ParamGroup]: number };
    weightDecay: { [G in ParamGroup]: number };
    eps: { [G in ParamGroup]: number };
  };
  /** Remarks on what this parameterization does not control at this size. */
  notes: string[];
  /** Options for {@link transformerLM} (init stds and forward multipliers). */
  lmOptions: Pick<
    LMConfig,
    | "embStd"
    | "hiddenStd"
    | "outProjStd"
    | "unembStd"
    | "residualScale"
    | "embScale"
    | "outputScale"
  >;
  /** Per-parameter multipliers of (η_base, λ_base, ε_base) for the optimizer's `groups`. */
  groups: (path: string) => GroupScale;
}

/**
 * The group of a {@link transformerLM} parameter path: embeddings, in-block LayerNorms,
 * in-block weights and biases, the final LayerNorm and the unembedding.
 */
export function classifyLMParam(path: string): ParamGroup {
  if (path === "tokEmb" || path === "posEmb") return "emb";
  if (path === "unemb") return "unemb";
  if (path.startsWith("lnF.")) return "final_ln";
  if (/^blocks\.\d+\.ln[12]\./.test(path)) return "hidden_ln";
  if (/^blocks\.\d+\..*\.w$/.test(path)) return "hidden_weight";
  if (/^blocks\.\d+\..*\.b$/.test(path)) return "hidden_bias";
  throw new ArgumentError("classifyLMParam", "path", "a transformerLM parameter path", path);
}

function posInt(fn: string, k: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    throw new ArgumentError(fn, k, "a positive integer", v);
  }
  return v;
}

function posNum(fn: string, k: string, v: unknown, allowZero = false): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new ArgumentError(fn, k, allowZero ? "a finite number ≥ 0" : "a finite number > 0", v);
  }
  return v;
}

/**
 * Evaluate parameterization `name` at the given width and depth. Rejects, with the reason:
 * Table 1's μP/depth-μP/CompleteP rules used with SGD (they are AdamW rules), NTK used with Adam
 * (its LR scaling is the SGD one), the GPT-2 projection init outside SP, and an ε that
 * underflows in the working dtype at this size.
 */
export function parameterize(name: ParamName, opts: ParameterizeOptions): Parameterization {
  const fn = "parameterize";
  if (!(name in PARAM_TABLE)) {
    throw new ArgumentError(fn, "name", `one of ${Object.keys(PARAM_TABLE).join(", ")}`, name);
  }
  const N = posInt(fn, "width", opts.width), L = posInt(fn, "depth", opts.depth);
  const Nb = posInt(fn, "baseWidth", opts.baseWidth ?? N);
  const Lb = posInt(fn, "baseDepth", opts.baseDepth ?? L);
  const sigma = posNum(fn, "sigma", opts.sigma ?? 0.02);
  const lr = posNum(fn, "lr", opts.lr ?? 1e-3);
  const wd = posNum(fn, "weightDecay", opts.weightDecay ?? 0, true);
  const eps = posNum(fn, "eps", opts.eps ?? 1e-8, true);
  const alphaIn = posNum(fn, "alphaIn", opts.alphaIn ?? 1);
  const alphaOut = posNum(fn, "alphaOut", opts.alphaOut ?? 1);
  const optim = opts.optimizer ?? "adam";
  const classify = opts.classify ?? classifyLMParam;
  if (optim === "sgd" && name !== "sp" && name !== "ntk") {
    throw new ArgumentError(
      fn,
      "optimizer",
      `"adam" for ${name}: Table 1 of CompleteP gives AdamW rules (hidden LR ∝ 1/m_N); SGD-μP scales learning rates differently`,
      optim,
    );
  }
  if (optim === "adam" && name === "ntk") {
    throw new ArgumentError(
      fn,
      "optimizer",
      `"sgd" for ntk: its LR ∝ 1/m_N is the SGD translation of the NTK parameterization; with Adam use μP`,
      optim,
    );
  }
  if (opts.gpt2ProjInit && name !== "sp") {
    throw new ArgumentError(
      fn,
      "gpt2ProjInit",
      `false for ${name}: the GPT-2 c_proj init σ/√(2L) is SP's depth-dependent init only (arXiv:2505.01618 reference code)`,
      true,
    );
  }
  let alpha = PARAM_ALPHA[name];
  if (opts.alpha !== undefined) {
    if (name !== "depth-mup" && name !== "completep") {
      throw new ArgumentError(
        fn,
        "alpha",
        `unset for ${name}: only the general-α column (depth-mup, completep) takes a depth exponent`,
        opts.alpha,
      );
    }
    if (typeof opts.alpha !== "number" || !(opts.alpha >= 0 && opts.alpha <= 1)) {
      throw new ArgumentError(fn, "alpha", "a number in [0, 1]", opts.alpha);
    }
    alpha = opts.alpha;
  }
  const mN = N / Nb, mL = L / Lb;
  const at = { mN, mL, alpha, alphaIn, alphaOut };
  const t = PARAM_TABLE[name];
  const mult = Object.fromEntries(
    (Object.keys(t) as Quantity[]).map((q) => [q, evalLaw(t[q], at)]),
  ) as { [Q in Quantity]: number };
  const epsHidden = eps * mult.eps;
  const tiny = (opts.dtype ?? "f32") === "f32" ? 1.4e-45 : 5e-324;
  if (eps > 0 && epsHidden < tiny) {
    throw new ArgumentError(
      fn,
      "eps",
      `large enough that ε·(ε multiplier ${mult.eps}) does not underflow in ${opts.dtype ?? "f32"}`,
      eps,
    );
  }
  const hiddenStd = sigma * Math.sqrt(mult.hiddenInitVar);
  const lrs = {
    emb: lr * mult.embLr,
    hidden_ln: lr * mult.lnLr,
    hidden_weight: lr * mult.hiddenLr,
    hidden_bias: lr * mult.hiddenBiasLr,
    final_ln: lr * mult.finalLnLr,
    unemb: lr * mult.unembLr,
  };
  const wds = {
    emb: wd,
    hidden_ln: 0,
    hidden_weight: wd * mult.hiddenWd,
    hidden_bias: 0,
    final_ln: 0,
    unemb: wd,
  };
  const epss = {
    emb: eps,
    hidden_ln: epsHidden,
    hidden_weight: epsHidden,
    hidden_bias: epsHidden,
    final_ln: eps,
    unemb: eps,
  };
  const notes: string[] = [];
  if (alpha === 0 && mL !== 1) {
    notes.push(
      `${name} has no depth control: residual multiplier 1 and depth-independent LRs at m_L = ${mL}`,
    );
  }
  if (name === "sp" && mN !== 1) {
    notes.push(
      `sp does not scale with width: hidden init and LR are those of the base at m_N = ${mN}`,
    );
  }
  const achieved = {
    embStd: sigma * Math.sqrt(mult.embInitVar),
    hiddenStd,
    outProjStd: opts.gpt2ProjInit ? sigma / Math.sqrt(2 * L) : hiddenStd,
    unembStd: sigma * Math.sqrt(mult.unembInitVar),
    residualScale: mult.residual,
    embScale: mult.embFwd,
    outputScale: mult.unembFwd,
    lr: lrs,
    weightDecay: wds,
    eps: epss,
  };
  return {
    name,
    mN,
    mL,
    alpha,
    multipliers: mult,
    achieved,
    notes,
    lmOptions: {
      embStd: achieved.embStd,
      hiddenStd: achieved.hiddenStd,
      outProjStd: achieved.outProjStd,
      unembStd: achieved.unembStd,
      residualScale: achieved.residualScale,
      embScale: achieved.embScale,
      outputScale: achieved.outputScale,
    },
    groups: (path: string): GroupScale => {
      const g = classify(path);
      return {
        lr: lrs[g] / lr,
        wd: wd > 0 ? wds[g] / wd : 0,
        eps: eps > 0 ? epss[g] / eps : 1,
      };
    },
  };
}
