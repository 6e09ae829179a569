/**
 * One training run of the Seesaw language-model experiment (arXiv:2510.14717 §4 at character
 * level; PAPERS.md, Seesaw): a pre-LN decoder-only transformer trained with AdamW
 * (β = (0.9, 0.95), ε = 1e-8, no weight decay, clip 1.0, z-loss) under a joint LR/batch schedule
 * through src/train's `fit`, progress counted in tokens, ending exactly at the token budget;
 * validation loss on fixed consecutive windows (src/data `evalBatches`). On a WebGPU device the
 * whole step runs there; validation losses are enqueued as device scalars and read after the
 * run, so training never waits for a readback.
 *
 * Stopping and resuming: an abort signal is handed to `fit`, which checks it before every step
 * and lets the event loop run every few tens of milliseconds, so a SIGTERM/SIGINT listener or an
 * abort from a timer stops the run at the next step. With a checkpoint directory the host run
 * writes a checkpoint every ≈ `checkpointTokens` tokens (4096 by default; src/train's bit-exact
 * format) and one at the stopping point; rerun with the same directory, a stopped run continues
 * from there and ends bit-identical to an uninterrupted one.
 * @module
 */
import { add, mul } from "../../array/mod.ts";
import type { NDArray } from "../../array/ndarray.ts";
import { evalBatches, type SequenceBatch } from "../../data/batches.ts";
import { crossEntropyLoss, type LMLayer, type LMParams, transformerLM } from "../../nn/mod.ts";
import { adamw } from "../../optim/mod.ts";
import { foldIn, key, split } from "../../random/mod.ts";
import { endAtBudget, type TrainingSchedule } from "../../schedules/mod.ts";
import {
  CheckpointMismatchError,
  type EvalRecord,
  fit,
  lmBatches,
  lmLoss,
  tokenBatch,
} from "../../train/mod.ts";
import { join } from "node:path";
import type { Gpu } from "../../backend/webgpu/mod.ts";
import type { Progress } from "../../run/mod.ts";
import { checkPositiveInt } from "../../errors/mod.ts";
import type { LmText } from "./lm_text.ts";

/** The model and evaluation settings of a run. */
export interface LmModelConfig {
  /** Transformer blocks. */
  lmLayers: number;
  /** Model width. */
  lmDim: number;
  /** Attention heads. */
  lmHeads: number;
  /** Context length in characters (tokens per sequence). */
  lmContext: number;
  /** z-loss coefficient. */
  lmZLoss: number;
  /** Validation evaluations per run (besides the one at 0 tokens). */
  lmEvals: number;
  /** Validation windows (sequences of lmContext characters) per evaluation. */
  lmValWindows: number;
  /** Root seed. */
  seed: number;
}

/** What varies between runs. */
export interface LmRunSpec {
  /** Schedule name ("cosine", "seesaw", "fixedLr"). */
  schedule: string;
  /** Initial batch in sequences. */
  B0: number;
  /** Peak LR. */
  lr: number;
  /** Run seed (initialisation and data order; shared by the schedules compared). */
  seed: number;
  /** Token budget (a multiple of lmContext). */
  tokens: number;
}

/** One run's outcome. */
export interface LmRun extends LmRunSpec {
  /** Serial optimizer steps. */
  steps: number;
  /** Validation loss at the end (nats/char). */
  finalValLoss: number;
  /** Validation loss against tokens and steps (first point at 0 tokens). */
  curve: { tokens: number[]; steps: number[]; loss: number[] };
}

/** The decoder-only LM of the experiment for a vocabulary. */
export function lmModel(c: LmModelConfig, vocab: number): LMLayer {
  return transformerLM({
    vocab,
    context: c.lmContext,
    layers: c.lmLayers,
    dim: c.lmDim,
    heads: c.lmHeads,
    dtype: "f32",
  });
}

/** What {@link trainLm} trains on and how. */
export interface TrainLmOptions {
  /** The tokenized text. */
  text: LmText;
  /** The joint LR/batch schedule (batch in sequences, progress in tokens). */
  schedule: TrainingSchedule;
  /** Schedule name, B₀, LR, seed and budget. */
  run: LmRunSpec;
  /** Train on this WebGPU device (optional). */
  gpu?: Gpu;
  /** Progress counter ticked in tokens (optional). */
  progress?: Progress;
  /** Stop (reject with its reason) once aborted; checked before every step (src/train `fit`). */
  signal?: AbortSignal;
  /**
   * Checkpoint directory of this run (host only): written every ≈ checkpointTokens tokens and
   * at a stopping point, and resumed from when it holds a checkpoint of the same run; the caller
   * removes it once the run's result is stored.
   */
  checkpointDir?: string;
  /** Tokens between checkpoints (default 4096: ≈ 0.3 s of the default model on one core). */
  checkpointTokens?: number;
}

/**
 * Train one LM under `o.schedule` until exactly `o.run.tokens` tokens, evaluating the
 * validation loss `lmEvals` times.
 *
 * @param c model and evaluation settings
 * @param o text, schedule, run, optional device and progress counter
 * @returns the run's steps, tokens, final validation loss and curve
 */
export async function trainLm(c: LmModelConfig, o: TrainLmOptions): Promise<LmRun> {
  const { text, schedule, run, gpu } = o;
  const T = checkPositiveInt("trainLm", "lmContext", c.lmContext);
  checkPositiveInt("trainLm", "lmEvals", c.lmEvals);
  checkPositiveInt("trainLm", "lmValWindows", c.lmValWindows);
  checkPositiveInt("trainLm", "tokens", run.tokens);
  if (run.tokens % T !== 0) {
    throw new Error(`trainLm: tokens (${run.tokens}) must be a multiple of lmContext (${T})`);
  }
  const model = lmModel(c, text.vocab);
  const [kInit, kData] = split(foldIn(key(c.seed), 2000 + run.seed), 2);
  const val = evalBatches(text.val, {
    batchSize: 16,
    contextLength: T,
    maxBatches: Math.ceil(c.lmValWindows / 16),
  });
  const windows = val.reduce((a, b) => a + b.batchSize, 0);
  // Σ_b n_b·loss_b over the validation batches, as a scalar array (host or device)
  const valSum = (p: LMParams): NDArray =>
    val.map((b: SequenceBatch) =>
      mul(crossEntropyLoss(model.apply(p, tokenBatch(b)), b.targets), b.batchSize)
    ).reduce((a, b) => add(a, b));
  const params = model.init(kInit);
  const curve = { tokens: [0], steps: [0], loss: [valSum(params).item() / windows] };
  const pending: { seen: number; step: number; sum: NDArray }[] = [];
  const ckDir = gpu ? undefined : o.checkpointDir;
  const ckTokens = checkPositiveInt("trainLm", "checkpointTokens", o.checkpointTokens ?? 4096);
  const checkpoint = ckDir === undefined ? undefined : {
    dir: ckDir,
    everySteps: Math.max(1, Math.round(ckTokens / (run.B0 * T))),
    config: {
      text: text.source,
      run,
      model: [c.lmLayers, c.lmDim, c.lmHeads, T, c.lmZLoss, c.lmEvals, c.lmValWindows, c.seed],
    },
  };
  const curvePath = ckDir && join(ckDir, "curve.jsonl");
  const train = async () => {
    if (ckDir) await Deno.mkdir(ckDir, { recursive: true });
    return await fit({
      params,
      loss: lmLoss(model, { zLoss: c.lmZLoss }),
      optimizer: adamw({ beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0, clipNorm: 1 }),
      schedule: endAtBudget(schedule, { totalSamples: run.tokens, samplesPerItem: T }),
      data: lmBatches(kData, text.train, { contextLength: T }),
      totalSamples: run.tokens,
      unitsPerItem: T,
      device: gpu,
      readEverySteps: gpu ? 16 : undefined,
      progress: o.progress,
      checkpoint,
      curvePath,
      signal: o.signal,
      eval: {
        everySamples: run.tokens / c.lmEvals,
        fn: (p, info): Record<string, number> => {
          if (gpu) {
            pending.push({ ...info, sum: gpu.scope(() => valSum(p)) });
            return {};
          }
          return { valLoss: valSum(p).item() / windows };
        },
      },
    });
  };
  let res: Awaited<ReturnType<typeof train>>;
  try {
    res = await train();
  } catch (e) {
    // a checkpoint of another run (e.g. left by an older version): start this one afresh
    if (!(e instanceof CheckpointMismatchError) || !ckDir) throw e;
    await Deno.remove(ckDir, { recursive: true });
    res = await train();
  }
  // after a resume fit returns only the new evaluations; the curve file has them all
  const evalRecs: EvalRecord[] = res.resumed && curvePath
    ? (await Deno.readTextFile(curvePath)).split("\n").filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l)).filter((r) => r.kind === "eval")
    : res.evals;
  const evals = evalRecs.map((e) => ({ ...e, valLoss: e.metrics.valLoss }));
  if (gpu) {
    for (const [i, p] of pending.entries()) {
      evals[i].valLoss = (await p.sum.data())[0] / windows;
      p.sum.device?.release();
    }
  }
  for (const e of evals) {
    if (e.seen === curve.tokens[curve.tokens.length - 1]) continue;
    curve.tokens.push(e.seen);
    curve.steps.push(e.step);
    curve.loss.push(e.valLoss);
  }
  return {
    ...run,
    steps: res.step,
    tokens: res.seen,
    finalValLoss: curve.loss[curve.loss.length - 1],
    curve,
  };
}
