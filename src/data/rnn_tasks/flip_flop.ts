/**
 * The K-bit flip-flop task (Sussillo & Barak 2013; the generator of Golub & Sussillo's
 * fixed-point-finder), as used by INSD (Qian & Pehlevan, arXiv:2509.21504, tasks section):
 * each of K input channels carries sparse ±1 pulses; the target of channel k is the sign of its
 * most recent pulse, held until the next. Every channel pulses at t = 0, so the targets are ±1
 * from the first step on. The out-of-distribution knob is the input noise `inputNoise`.
 * @module
 */
import { fromTyped, type NDArray } from "../../array/mod.ts";
import { checkInRange, checkPositiveInt } from "../../errors/mod.ts";
import { type Key, normalF64, split, uniformF64 } from "../../random/mod.ts";
import { alloc, checkTaskCommon, type RnnTaskBatch, type TaskDType } from "./task_batch.ts";

/** Options of {@link flipFlop}. */
export interface FlipFlopOptions {
  /** Trials in the batch. */
  batch: number;
  /** Time steps T per trial. */
  steps: number;
  /** Number of bits K (default 3). */
  bits?: number;
  /** Probability of a pulse per channel per step after t = 0 (default 0.05). */
  pulseProb?: number;
  /** Std of the Gaussian noise added to every input entry (default 0; the OOD knob). */
  inputNoise?: number;
  /** dtype of the arrays (default "f32"). */
  dtype?: TaskDType;
}

/** A flip-flop batch: {@link RnnTaskBatch} plus the clean pulses. */
export interface FlipFlopBatch extends RnnTaskBatch {
  /** Clean pulses [batch, T, K] ∈ {−1, 0, +1} (f64; u without noise). */
  pulses: NDArray;
}

/**
 * Sample a flip-flop batch: pulses ±1 with probability `pulseProb` per channel and step (always
 * at t = 0), inputs u = pulses + `inputNoise`·ξ, targets y*_k(t) = sign of the last pulse on
 * channel k at or before t, mask all ones.
 */
export function flipFlop(k: Key, opts: FlipFlopOptions): FlipFlopBatch {
  const fn = "flipFlop";
  const { batch, inputNoise, dtype } = checkTaskCommon(fn, opts.batch, opts.inputNoise, opts.dtype);
  const T = checkPositiveInt(fn, "steps", opts.steps);
  const K = checkPositiveInt(fn, "bits", opts.bits ?? 3);
  const p = checkInRange(fn, "pulseProb", opts.pulseProb ?? 0.05, 0, 1);
  const n = batch * T * K;
  const [kPulse, kSign, kNoise] = split(k, 3);
  const pulseU = uniformF64(kPulse, n), signU = uniformF64(kSign, n);
  const noise = inputNoise > 0 ? normalF64(kNoise, n) : null;
  const pulses = new Float64Array(n);
  const u = alloc(dtype, n), y = alloc(dtype, n), mask = alloc(dtype, n).fill(1);
  for (let b = 0; b < batch; b++) {
    for (let c = 0; c < K; c++) {
      let state = 0;
      for (let t = 0; t < T; t++) {
        const i = (b * T + t) * K + c;
        if (t === 0 || pulseU[i] < p) {
          pulses[i] = signU[i] < 0.5 ? -1 : 1;
          state = pulses[i];
        }
        u[i] = pulses[i] + (noise ? inputNoise * noise[i] : 0);
        y[i] = state;
      }
    }
  }
  const shape: [number, number, number] = [batch, T, K];
  return {
    u: fromTyped(u, shape),
    y: fromTyped(y, shape),
    mask: fromTyped(mask, shape),
    pulses: fromTyped(pulses, shape),
  };
}
