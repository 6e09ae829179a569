/**
 * One training run of the CompleteP B.5 plan (PAPERS.md; Dey et al. 2025, arXiv:2505.01618,
 * Fig. 1 left at toy scale): the residual MLP learns the deep tanh teacher online (fresh
 * batches keyed by step) with AdamW under the parameterization's groups, a linear warmup over
 * the first `warmupFrac` of the steps and a constant LR after it; the final MSE on a fixed test
 * set is the run's score. A run whose loss becomes non-finite or exceeds `divergeLoss` stops
 * and is marked diverged.
 * @module
 */
import { checkInRange, checkPositive, checkPositiveInt } from "../../errors/mod.ts";
import type { NDArray } from "../../array/ndarray.ts";
import { abs as absArr, mean as meanArr, slice, sub as subArr } from "../../array/mod.ts";
import { mean as meanOf } from "../../stats/mod.ts";
import { mean, square, sub } from "../../autodiff/ops.ts";
import type { RegressionBatch } from "../../data/deep_teacher.ts";
import type { ResidualMlpParams } from "../../models/residual_mlp.ts";
import { NonFiniteGradientError } from "../../optim/optimizer.ts";
import { foldIn, key } from "../../random/key.ts";
import { constantLr, linearWarmup, type TrainingSchedule, wsd } from "../../schedules/mod.ts";
import { fit, type FitOptions } from "../../train/fit.ts";
import type { Tree } from "../../autodiff/tree.ts";
import { trainLmRun } from "./lm_run.ts";
import { residualSetup, type ResidualSetupConfig } from "./setup.ts";

/** Configuration of {@link trainRun}. */
export interface TrainRunConfig extends ResidualSetupConfig {
  /** Optimizer steps. */
  steps: number;
  /** Batch size (default 32). */
  batch?: number;
  /** Fraction of the steps with linear warmup (default 0.05). */
  warmupFrac?: number;
  /** Fraction of the steps with a final linear decay to 0 (default 0: constant after warmup). */
  decayFrac?: number;
  /** Seed of the initialisation and of the batch order. */
  seed: number;
  /** Test-set size (default 2048; the set is fixed by the teacher seed). */
  testSize?: number;
  /** A training loss above this counts as divergence (default 100; the null model has ≈ 1). */
  divergeLoss?: number;
  /**
   * Record mean |h_L| of the final residual stream, and mean |h_L − h_L(init)|, on the first
   * 256 test inputs after every step.
   */
  probeEvery?: boolean;
  /** Record {@link StreamStats} at initialisation and after training (on the probe inputs). */
  streamStats?: boolean;
  /** Return the training loss of every step (`trainLosses`). */
  recordLoss?: boolean;
}

/**
 * Composition of the residual stream on the probe inputs (PAPERS.md, CompleteP, diagnosis):
 * mean |h_0| (the embedding), mean |h_L|, and the last block's share mean |h_L − h_{L−1}| /
 * mean |h_{L−1}|: how much one block moves the (LayerNorm-ed downstream) stream.
 */
export interface StreamStats {
  /** mean |h_0|. */
  meanAbsH0: number;
  /** mean |h_L|. */
  meanAbsHL: number;
  /** mean |h_L − h_{L−1}| / mean |h_{L−1}|. */
  lastBlockShare: number;
}

/** Result of {@link trainRun}. */
export interface TrainRunResult {
  /** Final test MSE (per output; the null predictor has ≈ 1); NaN when diverged. */
  testLoss: number;
  /** True when the loss blew up (non-finite or above `divergeLoss`). */
  diverged: boolean;
  /** Steps completed. */
  steps: number;
  /** Mean training loss over the last 10% of steps (NaN when diverged). */
  trainLoss: number;
  /** With `probeEvery`: mean |h_L| at steps 0, 1, …, steps (probe = the first 256 test inputs). */
  meanAbsHL?: number[];
  /** With `probeEvery`: mean |h_L − h_L(0)| at steps 0, 1, …, steps (the update part). */
  meanAbsDeltaHL?: number[];
  /** With `streamStats`: the stream's composition at initialisation and at the end. */
  stream?: { init: StreamStats; final: StreamStats };
  /** With `recordLoss`: the training (batch) loss of every completed step. */
  trainLosses?: number[];
}

class Diverged extends Error {}

/** MSE of the model on a batch: mean over samples and outputs of (f(x) − y)². */
export function mseLoss(
  apply: (p: ResidualMlpParams, x: NDArray) => NDArray,
  p: ResidualMlpParams,
  b: RegressionBatch,
): NDArray {
  return mean(square(sub(apply(p, b.x), b.y)));
}

/**
 * The LR schedule of one transfer run, as {@link fit}'s schedule over `steps·batch` samples:
 * linear warmup over the first ⌊warmupFrac·steps⌉ steps (default 0.05), then constant at `lr`,
 * or with `decayFrac` > 0 a final linear decay to 0 over ⌊decayFrac·steps⌉ (≥ 1) steps
 * (warmup–stable–decay). Step t uses the schedule at its midpoint (t + ½)·batch, so no step
 * has LR 0. Named errors for fractions outside [0, 1] and warmup + decay > 1.
 *
 * @param fn the caller's name, for the errors
 * @param cfg peak LR, steps, batch size and the two fractions
 * @returns the constant-batch schedule
 */
export function transferSchedule(
  fn: string,
  cfg: { lr: number; steps: number; batch: number; warmupFrac?: number; decayFrac?: number },
): TrainingSchedule {
  const { steps, batch } = cfg;
  const warm = checkInRange(fn, "warmupFrac", cfg.warmupFrac ?? 0.05, 0, 1);
  const warmSteps = Math.round(warm * steps);
  const decay = checkInRange(fn, "decayFrac", cfg.decayFrac ?? 0, 0, 1 - warm);
  const lr = decay > 0
    ? wsd({
      lr: cfg.lr,
      totalSamples: steps * batch,
      warmupSamples: warmSteps * batch,
      decaySamples: Math.max(1, Math.round(decay * steps)) * batch,
    })
    : warmSteps > 0
    ? linearWarmup(constantLr({ lr: cfg.lr }), { warmupSamples: warmSteps * batch })
    : constantLr({ lr: cfg.lr });
  return { lr: (s) => lr(s + batch / 2), batch: () => batch };
}

/** What {@link fitAndScore} returns: a {@link TrainRunResult}'s core fields and the final params. */
export type ScoredRun<P> =
  & Pick<TrainRunResult, "testLoss" | "diverged" | "steps" | "trainLoss" | "trainLosses">
  & { final?: P };

/**
 * Run `fit` under the transfer runs' divergence rule and score the result (shared by the
 * residual-MLP and the LM runs): a training loss that is non-finite or above `divergeLoss`, or a
 * non-finite gradient, stops the run as diverged; otherwise `score(final params)` is `testLoss`,
 * itself diverged when non-finite or above `divergeLoss`. `trainLoss` is the mean training loss
 * of the last 10% of the completed steps (NaN when diverged).
 *
 * @param opts `fit`'s options (`onStep` is taken by the divergence check)
 * @param divergeLoss the loss above which the run counts as diverged
 * @param score the test loss of the final parameters
 * @param recordLoss return every step's training loss as `trainLosses`
 */
export async function fitAndScore<P extends Tree, B>(
  opts: Omit<FitOptions<P, B>, "onStep">,
  divergeLoss: number,
  score: (p: P) => number,
  recordLoss = false,
): Promise<ScoredRun<P>> {
  const losses: number[] = [];
  let final: P | undefined, diverged = false;
  try {
    final = (await fit({
      ...opts,
      onStep: (rec) => {
        if (!Number.isFinite(rec.loss) || rec.loss > divergeLoss) throw new Diverged();
        losses.push(rec.loss);
      },
    })).params;
  } catch (e) {
    if (!(e instanceof Diverged || e instanceof NonFiniteGradientError)) throw e;
    diverged = true;
  }
  let testLoss = NaN;
  if (!diverged) {
    testLoss = score(final!);
    if (!Number.isFinite(testLoss) || testLoss > divergeLoss) diverged = true;
  }
  const tail = losses.slice(Math.floor(0.9 * losses.length));
  return {
    testLoss: diverged ? NaN : testLoss,
    diverged,
    steps: losses.length,
    trainLoss: diverged ? NaN : meanOf(tail),
    trainLosses: recordLoss ? losses : undefined,
    final: diverged ? undefined : final,
  };
}

/**
 * Train once (see the module doc). With `teacher: "brown-lm"` the run is the transformer LM's
 * ({@link trainLmRun}); the residual MLP is not built.
 */
export async function trainRun(cfg: TrainRunConfig): Promise<TrainRunResult> {
  if (cfg.teacher === "brown-lm") return await trainLmRun(cfg);
  const fn = "trainRun";
  const steps = checkPositiveInt(fn, "steps", cfg.steps);
  const batch = checkPositiveInt(fn, "batch", cfg.batch ?? 32);
  const testSize = checkPositiveInt(fn, "testSize", cfg.testSize ?? 2048);
  const divergeLoss = checkPositive(fn, "divergeLoss", cfg.divergeLoss ?? 100);
  const schedule = transferSchedule(fn, { ...cfg, steps, batch });
  const { model, optimizer, teacher } = residualSetup(cfg);
  const test = teacher.sample(foldIn(key(cfg.teacherSeed ?? 0), 1), testSize);
  const probeX = slice(test.x, [0, Math.min(256, testSize)]);
  const [kInit, kData] = [foldIn(key(cfg.seed), 0), foldIn(key(cfg.seed), 1)];
  const params = model.init(kInit);
  const lastH = (p: ResidualMlpParams) => {
    const hs = model.residualStream(p, probeX);
    return hs[hs.length - 1];
  };
  const h0 = cfg.probeEvery ? lastH(params) : undefined;
  const probes: number[] = [], deltas: number[] = [];
  const probe = (p: ResidualMlpParams) => {
    const h = lastH(p);
    probes.push(meanArr(absArr(h)).item());
    deltas.push(meanArr(absArr(subArr(h, h0!))).item());
  };
  if (cfg.probeEvery) probe(params);
  const stats = (p: ResidualMlpParams): StreamStats => {
    const hs = model.residualStream(p, probeX);
    const m = (a: NDArray) => meanArr(absArr(a)).item();
    const L = hs.length - 1;
    return {
      meanAbsH0: m(hs[0]),
      meanAbsHL: m(hs[L]),
      lastBlockShare: m(subArr(hs[L], hs[L - 1])) / m(hs[L - 1]),
    };
  };
  const initStats = cfg.streamStats ? stats(params) : undefined;
  const total = steps * batch;
  const r = await fitAndScore(
    {
      params,
      loss: (p: ResidualMlpParams, b: RegressionBatch) => mseLoss(model.apply, p, b),
      optimizer,
      schedule,
      data: { batch: (step, size) => teacher.sample(foldIn(kData, step), size) },
      totalSamples: total,
      eval: cfg.probeEvery ? { everySamples: batch, fn: (p) => (probe(p), {}) } : undefined,
    },
    divergeLoss,
    (p) => mseLoss(model.apply, p, test).item(),
    cfg.recordLoss,
  );
  const { final, ...core } = r;
  return {
    ...core,
    meanAbsHL: cfg.probeEvery ? probes : undefined,
    meanAbsDeltaHL: cfg.probeEvery ? deltas : undefined,
    stream: initStats && final ? { init: initStats, final: stats(final) } : undefined,
  };
}
