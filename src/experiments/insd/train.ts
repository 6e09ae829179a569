/**
 * Training of one rate RNN by BPTT with Adam and gradient-norm clipping, on the task loss
 * alone (a standard network) or with the INSD deflation penalty (Qian & Pehlevan,
 * arXiv:2509.21504, the method's loss): L = L_task + λ Σ_{i<k} r²_ρ(R⊥_new → R⊥_i), where R⊥ is
 * each network's activity projected onto the null space of its own readout, the earlier
 * networks are frozen and run on the same inputs, and P_⊥ of the new network is held constant
 * within a step (stop-gradient, so the penalty cannot be avoided by rotating the readout).
 * @module
 */
import { fromTyped, mul as arrayMul, type NDArray } from "../../array/mod.ts";
import {
  customVjp,
  div,
  matmul,
  mul,
  reshape,
  square,
  sub,
  sum,
  take,
  valueAndGrad,
} from "../../autodiff/mod.ts";
import type { RnnTaskBatch } from "../../data/rnn_tasks/mod.ts";
import {
  ArgumentError,
  checkChoice,
  checkInRange,
  checkNonNegative,
  checkPositive,
  checkPositiveInt,
} from "../../errors/mod.ts";
import { nullProjector, predictivityPenalty } from "../../metrics/predictivity.ts";
import { adam } from "../../optim/mod.ts";
import { foldIn, type Key, split } from "../../random/mod.ts";
import {
  checkRateRnnSpec,
  initRateRnn,
  type RateRnnParams,
  type RateRnnSpec,
  readoutOf,
  runRateRnn,
  simulateRateRnn,
} from "./network.ts";

/** A trained network: its architecture and parameters. */
export interface TrainedRnn {
  /** Architecture. */
  spec: RateRnnSpec;
  /** Parameters. */
  params: RateRnnParams;
}

/** Options of {@link trainRateRnn}. */
export interface TrainRateRnnOptions {
  /** Samples a batch of the task: `(key, batch) → RnnTaskBatch`. */
  sample: (k: Key, batch: number) => RnnTaskBatch;
  /** Adam steps. */
  steps: number;
  /** Trials per batch. */
  batch: number;
  /** Adam learning rate. */
  lr: number;
  /** Learning-rate schedule: "constant" or "cosine" (η·(0.05 + 0.95·½(1 + cos πs/S)); default "constant"). */
  schedule?: "constant" | "cosine";
  /** Global gradient-norm clip (default 1). */
  clipNorm?: number;
  /** Earlier (frozen) networks the penalty deflates against (default none: standard training). */
  frozen?: readonly TrainedRnn[];
  /** Penalty weight λ ≥ 0 (default 0). */
  lambda?: number;
  /**
   * Fraction of the steps over which λ ramps linearly from 0 to `lambda` (default 0: constant λ),
   * so the task is found before the penalty pushes away from the earlier solutions.
   */
  lambdaWarmup?: number;
  /**
   * Time stride of the samples the penalty pools (default 1: every trial × time step; k: every
   * k-th step, which cuts the penalty's cost k-fold).
   */
  penaltyStride?: number;
  /** Relative ridge c of the predictivity, ρ = c·tr(XᵀX)/N (default 1e-3). */
  relativeRidge?: number;
  /** Called every `logEvery` steps with the step and the losses. */
  onLog?: (rec: TrainRecord) => void;
  /** Logging period in steps (default 50). */
  logEvery?: number;
}

/** A logged training step. */
export interface TrainRecord {
  /** Step (1-based). */
  step: number;
  /** Masked task MSE on the training batch. */
  task: number;
  /** Σ_i r²(R⊥_new → R⊥_i) on the batch (0 for a standard network). */
  penalty: number;
}

/** Masked MSE Σ mask·(y − y*)² / Σ mask on [B·T, out] arrays (differentiable in `out`). */
function maskedMse(out: NDArray, batch: RnnTaskBatch): NDArray {
  const [bs, T, o] = batch.y.shape;
  const y = reshape(batch.y, [bs * T, o]), m = reshape(batch.mask, [bs * T, o]);
  let msum = 0;
  for (const v of m.dataSync()) msum += v;
  return div(sum(mul(square(sub(out, y)), m)), Math.max(msum, 1));
}

/**
 * Train one rate RNN from the key `k` (init, batches) with Adam + clipping on the task MSE plus
 * λ × the INSD predictivity penalty against `frozen`. Returns the parameters and the log.
 * Throws naming `lambda` or `relativeRidge` when negative or non-finite.
 */
export function trainRateRnn(
  spec: RateRnnSpec,
  k: Key,
  opts: TrainRateRnnOptions,
): { net: TrainedRnn; log: TrainRecord[] } {
  const fn = "trainRateRnn";
  checkRateRnnSpec(fn, spec);
  const steps = checkPositiveInt(fn, "opts.steps", opts.steps);
  const batchSize = checkPositiveInt(fn, "opts.batch", opts.batch);
  const lr = checkPositive(fn, "opts.lr", opts.lr);
  const lambda = checkNonNegative(fn, "opts.lambda", opts.lambda ?? 0);
  const relRidge = checkNonNegative(fn, "opts.relativeRidge", opts.relativeRidge ?? 1e-3);
  const warm = checkInRange(fn, "opts.lambdaWarmup", opts.lambdaWarmup ?? 0, 0, 1);
  const schedule = checkChoice(fn, "opts.schedule", opts.schedule ?? "constant", [
    "constant",
    "cosine",
  ]);
  const stride = checkPositiveInt(fn, "opts.penaltyStride", opts.penaltyStride ?? 1);
  const clipNorm = checkPositive(fn, "opts.clipNorm", opts.clipNorm ?? 1);
  const logEvery = checkPositiveInt(fn, "opts.logEvery", opts.logEvery ?? 50);
  const frozen = opts.frozen ?? [];
  for (const [i, f] of frozen.entries()) {
    if (f.spec.inDim !== spec.inDim) {
      throw new ArgumentError(fn, `opts.frozen[${i}].spec.inDim`, `${spec.inDim}`, f.spec.inDim);
    }
  }
  const [kInit, kData] = split(k, 2);
  let params = initRateRnn(spec, kInit);
  const opt = adam({ clipNorm });
  let state = opt.init(params);
  // the frozen networks' projectors, fixed once
  const frozenP = frozen.map((f) => toF32(nullProjector(readoutOf(f.params))));
  const usePenalty = lambda > 0 && frozen.length > 0;
  const log: TrainRecord[] = [];
  for (let step = 1; step <= steps; step++) {
    const batch = opts.sample(foldIn(kData, step), batchSize);
    const [bs, T] = batch.u.shape;
    let penaltyValue = 0;
    let penaltyOp: ((x: NDArray) => NDArray) | null = null;
    let P: NDArray | null = null;
    let rows: Int32Array | null = null;
    if (usePenalty) {
      rows = Int32Array.from(
        { length: bs * Math.floor(T / stride) },
        (_, j) =>
          Math.floor(j / Math.floor(T / stride)) * T + (j % Math.floor(T / stride)) * stride +
          stride - 1,
      );
      const targets = frozen.map((f, i) =>
        matmul(take(simulateRateRnn(f.spec, f.params, batch.u).rates, rows!), frozenP[i])
      );
      const pen = predictivityPenalty(targets, { relativeRidge: relRidge });
      P = toF32(nullProjector(readoutOf(params)));
      let cached: NDArray | null = null;
      penaltyOp = customVjp(
        "insdPenalty",
        (x: NDArray) => {
          const r = pen.evaluate(x);
          cached = r.grad;
          penaltyValue = r.value;
          return fromTyped(Float32Array.of(r.value), []);
        },
        (g: NDArray) => [arrayMul(cached!, g.dataSync()[0])],
      );
    }
    let taskValue = 0;
    const lossFn = (p: RateRnnParams) => {
      const { rates, outputs } = runRateRnn(spec, p, batch.u);
      const task = maskedMse(outputs, batch);
      taskValue = task.dataSync()[0];
      if (!penaltyOp) return task;
      const lam = warm > 0 ? lambda * Math.min(1, step / (warm * steps)) : lambda;
      return sub(task, mul(penaltyOp(matmul(take(rates, rows!), P!)), -lam));
    };
    const { grad } = valueAndGrad(lossFn)(params);
    const lrNow = schedule === "cosine"
      ? lr * (0.05 + 0.475 * (1 + Math.cos((Math.PI * (step - 1)) / steps)))
      : lr;
    const up = opt.update(params, grad, { state, lr: lrNow });
    params = up.params;
    state = up.state;
    if (step % logEvery === 0 || step === steps) {
      const rec = { step, task: taskValue, penalty: penaltyValue };
      log.push(rec);
      opts.onLog?.(rec);
    }
  }
  return { net: { spec, params }, log };
}

function toF32(x: NDArray): NDArray {
  return fromTyped(Float32Array.from(x.dataSync()), x.shape);
}
