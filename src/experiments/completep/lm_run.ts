/**
 * One LR-transfer run of CompleteP on a language model (Dey et al. 2025, arXiv:2505.01618,
 * Fig. 1 left and Figs. 2–3 — the paper's own setting, a pre-LN GPT — at toy scale; PAPERS.md,
 * CompleteP): a character-level pre-LN transformer LM (src/nn `transformerLM`, dim = width,
 * untied embeddings, MLP ratio 4, no biases) with the Table 1 init stds, multipliers and
 * per-group AdamW learning rates, weight decay and ε of the parameterization, trained on random
 * windows of the Brown corpus's training split (the text of the Seesaw LM experiment), with the
 * same LR schedule, divergence rule and result shape as the residual-MLP runs of
 * {@link trainRun}. The score is the final validation loss in nats per character on a fixed set
 * of {@link LM_VAL_WINDOWS} windows of the validation split (the same for every run).
 * @module
 */
import type { NDArray } from "../../array/ndarray.ts";
import { sampleBatch, type SequenceBatch } from "../../data/batches.ts";
import {
  ArgumentError,
  checkChoice,
  checkInRange,
  checkPositive,
  checkPositiveInt,
} from "../../errors/mod.ts";
import { crossEntropyLoss, type LMLayer, type LMParams, transformerLM } from "../../nn/mod.ts";
import type { Optimizer } from "../../optim/optimizer.ts";
import { classifyLMParam, type Parameterization } from "../../param/parameterization.ts";
import { foldIn, key } from "../../random/key.ts";
import { lmBatches, lmLoss, tokenBatch } from "../../train/mod.ts";
import { type LmText, lmText, type LmTextOptions } from "../seesaw/lm_text.ts";
import {
  COMPLETEP_PARAMS,
  groupAdamw,
  type ResidualSetupConfig,
  runParameterization,
} from "./setup.ts";
import {
  fitAndScore,
  type TrainRunConfig,
  type TrainRunResult,
  transferSchedule,
} from "./train_run.ts";

/** Validation windows of every LM run (fixed: drawn with one key from the validation split). */
export const LM_VAL_WINDOWS = 128;

/** The Brown-corpus text options of the LM runs (the Seesaw LM experiment's text). */
const BROWN: LmTextOptions = { text: "brown", vocab: 32, markovChars: 1, seed: 0 };

const texts = new Map<string, Promise<LmText>>();

/**
 * The tokenized text of the LM runs, loaded once per process (a module-level promise keyed by
 * the text options), so a grid of runs does not re-read and re-tokenize the corpus per run.
 *
 * @param opts text options of the Seesaw experiment's `lmText` (default: the Brown corpus)
 * @returns the character-level train/validation split (≈ 5.4 M / 0.6 M characters, V = 85)
 */
export function lmRunText(opts: LmTextOptions = BROWN): Promise<LmText> {
  const k = JSON.stringify(opts);
  let t = texts.get(k);
  if (t === undefined) {
    t = lmText(opts);
    texts.set(k, t);
    t.catch(() => texts.delete(k));
  }
  return t;
}

/** Everything an LM run needs. */
export interface LmRunSetup {
  /** The parameterization at this size (achieved values). */
  param: Parameterization;
  /** The transformer LM. */
  model: LMLayer;
  /** AdamW with the parameterization's groups and clipping. */
  optimizer: Optimizer;
  /** The text (train/validation split and vocabulary). */
  text: LmText;
  /** Context length T in characters. */
  context: number;
  /** Mean next-character cross-entropy (nats/char) on the fixed validation windows. */
  valLoss(params: LMParams): number;
}

/**
 * Validate `cfg` and build the LM run's pieces: `parameterize(param, { width, baseWidth
 * (default width: m_N = 1), depth, baseDepth (default 2), σ_base (0.02), η_base, ε_base (1e-8),
 * λ_base (0), α, α_in (default 1: a one-hot token, as in nanoGPT) })`, the transformer LM with
 * its `lmOptions`, and AdamW (β = (0.9, 0.95) and clip 1 by default) with its groups (times
 * `groupLr`, if given). Named errors for an unknown parameterization, α outside [0, 1],
 * non-positive rates, sizes that are not positive integers (depth, width, lmHeads, lmContext),
 * and a width not divisible by the heads. The MLP-only knobs (expansion, inDim, teacher*) are
 * not used.
 *
 * @param cfg the shared run configuration (teacher "brown-lm")
 * @returns parameterization, model, optimizer, text, context and the validation loss
 */
export async function lmRunSetup(cfg: ResidualSetupConfig): Promise<LmRunSetup> {
  const fn = "trainLmRun";
  checkChoice(fn, "param", cfg.param, COMPLETEP_PARAMS);
  if (cfg.alpha !== undefined) checkInRange(fn, "alpha", cfg.alpha, 0, 1);
  const depth = checkPositiveInt(fn, "depth", cfg.depth);
  const width = checkPositiveInt(fn, "width", cfg.width ?? 64);
  const heads = checkPositiveInt(fn, "lmHeads", cfg.lmHeads ?? 2);
  const context = checkPositiveInt(fn, "lmContext", cfg.lmContext ?? 32);
  if (width % heads !== 0) {
    throw new ArgumentError(fn, "width", `a multiple of lmHeads = ${heads}`, width);
  }
  const param = runParameterization(fn, cfg, {
    width,
    baseWidth: checkPositiveInt(fn, "baseWidth", cfg.baseWidth ?? width),
    depth,
    baseDepth: checkPositiveInt(fn, "baseDepth", cfg.baseDepth ?? 2),
  }, classifyLMParam);
  const text = await lmRunText();
  const model = transformerLM({
    vocab: text.vocab,
    context,
    layers: depth,
    dim: width,
    heads,
    dtype: "f32",
    ...param.lmOptions,
  });
  const optimizer = groupAdamw(cfg, param, classifyLMParam);
  // the same windows for every run: one fixed key, spread over the whole validation split
  const val = sampleBatch(foldIn(key(0), 3), text.val, {
    batchSize: LM_VAL_WINDOWS,
    contextLength: context,
  });
  const valLoss = (p: LMParams): number =>
    crossEntropyLoss(model.apply(p, tokenBatch(val)), val.targets).item();
  return { param, model, optimizer, text, context, valLoss };
}

/**
 * One LR-transfer run of the LM (see the module doc): `steps` AdamW steps of `batch` (default
 * 32) random training windows (the batch of step s keyed by `foldIn(foldIn(key(seed), 1), s)`,
 * the init by `foldIn(key(seed), 0)`), under {@link transferSchedule}. A training loss that is
 * non-finite or above `divergeLoss` (default 2·ln V ≈ 8.9 nats, twice the uniform predictor's)
 * stops the run and marks it diverged (`testLoss` NaN). `probeEvery` and `streamStats` are
 * residual-MLP diagnostics and a named error here.
 *
 * @param cfg the run (teacher "brown-lm"; lmContext, lmHeads)
 * @returns final validation loss (nats/char) as `testLoss`, divergence, steps and train loss
 */
export async function trainLmRun(cfg: TrainRunConfig): Promise<TrainRunResult> {
  const fn = "trainLmRun";
  const steps = checkPositiveInt(fn, "steps", cfg.steps);
  const batch = checkPositiveInt(fn, "batch", cfg.batch ?? 32);
  for (const k of ["probeEvery", "streamStats"] as const) {
    if (cfg[k]) {
      throw new ArgumentError(
        fn,
        k,
        "unset: a residual-MLP diagnostic, not measured on the LM",
        true,
      );
    }
  }
  const schedule = transferSchedule(fn, { ...cfg, steps, batch });
  const { model, optimizer, text, context, valLoss } = await lmRunSetup(cfg);
  const divergeLoss = checkPositive(fn, "divergeLoss", cfg.divergeLoss ?? 2 * Math.log(text.vocab));
  const [kInit, kData] = [foldIn(key(cfg.seed), 0), foldIn(key(cfg.seed), 1)];
  const loss = lmLoss(model);
  const { final: _, ...run } = await fitAndScore(
    {
      params: model.init(kInit),
      loss: (p: LMParams, b: SequenceBatch): NDArray => loss(p, b),
      optimizer,
      schedule,
      data: lmBatches(kData, text.train, { contextLength: context }),
      totalSamples: steps * batch,
    },
    divergeLoss,
    valLoss,
    cfg.recordLoss,
  );
  return run;
}
