/**
 * The CompleteP B.5 setup shared by every measurement (PAPERS.md, CompleteP section; Dey et
 * al. 2025, arXiv:2505.01618, Table 1): a parameterization evaluated at (width, depth), the
 * pre-LN residual MLP with its init stds and multipliers, AdamW with the per-group learning
 * rate, weight decay and ε multipliers and global-norm clipping, and the deep tanh teacher.
 * @module
 */
import { checkChoice, checkInRange, checkPositive, checkPositiveInt } from "../../errors/mod.ts";
import { ArgumentError, checkNonNegative } from "../../errors/mod.ts";
import { deepTanhTeacher, type DeepTeacher } from "../../data/deep_teacher.ts";
import { hermiteIndexTeacher } from "./index_teacher.ts";
import type { ParamGroup } from "../../param/parameterization.ts";
import {
  classifyResidualMlpParam,
  type ResidualMlp,
  residualMlp,
} from "../../models/residual_mlp.ts";
import { adamw } from "../../optim/adam.ts";
import type { Optimizer } from "../../optim/optimizer.ts";
import { type Parameterization, parameterize } from "../../param/parameterization.ts";
import type { ParamName } from "../../param/table.ts";
import { key } from "../../random/key.ts";

/** The parameterizations the CompleteP experiments compare (SP = μP at m_N = 1, B.5). */
export const COMPLETEP_PARAMS = ["sp", "mup", "depth-mup", "completep"] as const;

/** One of {@link COMPLETEP_PARAMS}. */
export type CompletePParam = typeof COMPLETEP_PARAMS[number];

/** Model, optimizer and task hyperparameters of one residual-MLP run (B.5 defaults). */
export interface ResidualSetupConfig {
  /** Parameterization: sp | mup | depth-mup (α = ½) | completep (α = 1). */
  param: CompletePParam;
  /** Override of α for the general column (depth-mup/completep only), in [0, 1]. */
  alpha?: number;
  /** Depth L (blocks). */
  depth: number;
  /** Width N (default 64). */
  width?: number;
  /** Base width N_base (default 64). */
  baseWidth?: number;
  /** Base depth L_base (default 2). */
  baseDepth?: number;
  /** Branch expansion (default 2). */
  expansion?: number;
  /** Base learning rate η_base. */
  lr: number;
  /** σ_base (default 0.02). */
  sigma?: number;
  /** ε_base (default 1e-8). */
  eps?: number;
  /** λ_base (default 0). */
  weightDecay?: number;
  /** AdamW β₁ (default 0.9). */
  beta1?: number;
  /** AdamW β₂ (default 0.95). */
  beta2?: number;
  /** Global gradient-norm clip (default 1). */
  clip?: number;
  /** α_in, the embedding's forward multiplier (default 1). */
  alphaIn?: number;
  /**
   * Teacher: deep-tanh (default; B.5's deep tanh teacher) or hermite-index
   * (y = Σ_j He₂(u_j·x)/√(2k), {@link hermiteIndexTeacher}); brown-lm replaces the residual
   * MLP by a character-level transformer LM on the Brown corpus (`trainLmRun`, LR-transfer
   * runs only).
   */
  teacher?: CompletePTeacher;
  /** brown-lm only: context length in characters (default 32). */
  lmContext?: number;
  /** brown-lm only: attention heads (default 2; must divide the width). */
  lmHeads?: number;
  /** Directions k of the hermite-index teacher (default 4). */
  teacherDirections?: number;
  /** Teacher input dimension (default 16). */
  inDim?: number;
  /** Seed of the teacher and its test set (default 0: fixed across runs). */
  teacherSeed?: number;
  /** Width of the teacher's tanh layers (default 32). */
  teacherWidth?: number;
  /** Number of tanh layers of the teacher (default 4). */
  teacherLayers?: number;
  /** Weight gain g of the teacher's tanh layers (default 1.5). */
  teacherGain?: number;
  /**
   * Diagnostic only: extra learning-rate multipliers per Table 1 group on top of the
   * parameterization's (default none), e.g. `{ unemb: 0 }` freezes the readout's LR.
   */
  groupLr?: Partial<Record<ParamGroup, number>>;
}

/**
 * The tasks: the spec's deep tanh teacher, the He₂ multi-index teacher, or next-character
 * prediction on the Brown corpus by a pre-LN transformer LM (the paper's own setting, a GPT,
 * at toy scale; `trainLmRun`).
 */
export const COMPLETEP_TEACHERS = ["deep-tanh", "hermite-index", "brown-lm"] as const;

/** One of {@link COMPLETEP_TEACHERS}. */
export type CompletePTeacher = typeof COMPLETEP_TEACHERS[number];

/** Everything a run needs. */
export interface ResidualSetup {
  /** The parameterization at this size (achieved values). */
  param: Parameterization;
  /** The model. */
  model: ResidualMlp;
  /** AdamW with the parameterization's groups and clipping. */
  optimizer: Optimizer;
  /** The fixed teacher. */
  teacher: DeepTeacher;
}

/**
 * The run's parameterization (Table 1 of arXiv:2505.01618 at these sizes) from its base
 * hyperparameters (σ_base 0.02, ε_base 1e-8, λ_base 0, α_in 1 by default), after named errors for
 * a non-positive η_base or clip and a negative λ_base or group-LR factor; `classify` maps the
 * model's parameter paths to the Table 1 groups.
 */
export function runParameterization(
  fn: string,
  cfg: ResidualSetupConfig,
  sizes: { width: number; baseWidth: number; depth: number; baseDepth: number },
  classify: (path: string) => ParamGroup,
): Parameterization {
  checkPositive(fn, "lr", cfg.lr);
  checkPositive(fn, "clip", cfg.clip ?? 1);
  checkNonNegative(fn, "weightDecay", cfg.weightDecay ?? 0);
  for (const [g, v] of Object.entries(cfg.groupLr ?? {})) checkNonNegative(fn, `groupLr.${g}`, v);
  return parameterize(cfg.param as ParamName, {
    ...sizes,
    sigma: cfg.sigma ?? 0.02,
    lr: cfg.lr,
    eps: cfg.eps ?? 1e-8,
    weightDecay: cfg.weightDecay ?? 0,
    alpha: cfg.alpha,
    alphaIn: cfg.alphaIn ?? 1,
    classify,
  });
}

/**
 * AdamW with the parameterization's per-group LR, weight decay and ε multipliers (Table 1 of
 * arXiv:2505.01618) and global-norm clipping, from the run's β₁, β₂, ε_base, λ_base and clip
 * (defaults 0.9, 0.95, 1e-8, 0, 1); `cfg.groupLr` multiplies the LR of the groups it names
 * (`classify` maps a parameter path to its group).
 */
export function groupAdamw(
  cfg: ResidualSetupConfig,
  param: Parameterization,
  classify: (path: string) => ParamGroup,
): Optimizer {
  return adamw({
    beta1: cfg.beta1 ?? 0.9,
    beta2: cfg.beta2 ?? 0.95,
    eps: cfg.eps ?? 1e-8,
    weightDecay: cfg.weightDecay ?? 0,
    clipNorm: cfg.clip ?? 1,
    groups: cfg.groupLr === undefined ? param.groups : (path: string) => {
      const g = param.groups(path);
      return { ...g, lr: (g.lr ?? 1) * (cfg.groupLr?.[classify(path)] ?? 1) };
    },
  });
}

/**
 * Validate `cfg` (named errors for an unknown parameterization, α outside [0, 1], non-positive
 * rates or multipliers, sizes that are not positive integers) and build the run's pieces.
 */
export function residualSetup(cfg: ResidualSetupConfig): ResidualSetup {
  const fn = "residualSetup";
  checkChoice(fn, "param", cfg.param, COMPLETEP_PARAMS);
  checkChoice(fn, "teacher", cfg.teacher ?? "deep-tanh", COMPLETEP_TEACHERS);
  if (cfg.teacher === "brown-lm") {
    throw new ArgumentError(
      fn,
      "teacher",
      "a residual-MLP teacher: brown-lm trains a transformer LM, in LR-transfer runs only (trainRun)",
      cfg.teacher,
    );
  }
  if (cfg.alpha !== undefined) checkInRange(fn, "alpha", cfg.alpha, 0, 1);
  const depth = checkPositiveInt(fn, "depth", cfg.depth);
  const width = checkPositiveInt(fn, "width", cfg.width ?? 64);
  const baseWidth = checkPositiveInt(fn, "baseWidth", cfg.baseWidth ?? 64);
  const baseDepth = checkPositiveInt(fn, "baseDepth", cfg.baseDepth ?? 2);
  const inDim = checkPositiveInt(fn, "inDim", cfg.inDim ?? 16);
  checkPositive(fn, "expansion", cfg.expansion ?? 2);
  const param = runParameterization(
    fn,
    cfg,
    { width, baseWidth, depth, baseDepth },
    classifyResidualMlpParam,
  );
  const a = param.achieved;
  const model = residualMlp({
    inDim,
    width,
    depth,
    expansion: cfg.expansion ?? 2,
    embStd: a.embStd,
    hiddenStd: a.hiddenStd,
    unembStd: a.unembStd,
    residualScale: a.residualScale,
    embScale: a.embScale,
    outputScale: a.outputScale,
  });
  const optimizer = groupAdamw(cfg, param, classifyResidualMlpParam);
  const teacher = cfg.teacher === "hermite-index"
    ? hermiteIndexTeacher(key(cfg.teacherSeed ?? 0), {
      inDim,
      directions: checkPositiveInt(fn, "teacherDirections", cfg.teacherDirections ?? 4),
    })
    : deepTanhTeacher(key(cfg.teacherSeed ?? 0), {
      inDim,
      width: checkPositiveInt(fn, "teacherWidth", cfg.teacherWidth ?? 32),
      layers: checkPositiveInt(fn, "teacherLayers", cfg.teacherLayers ?? 4),
      gain: checkPositive(fn, "teacherGain", cfg.teacherGain ?? 1.5),
    });
  return { param, model, optimizer, teacher };
}
