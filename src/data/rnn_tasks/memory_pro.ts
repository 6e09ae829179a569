/**
 * MemoryPro (Yang et al. 2019; Driscoll et al. 2024), one of the three tasks of INSD (Qian &
 * Pehlevan, arXiv:2509.21504): inputs [fixation, cos θ, sin θ]; fixation is 1 during the
 * stimulus and memory periods and 0 in the response period; cos θ, sin θ are shown only during
 * the stimulus. Targets [fixation, cos θ, sin θ]: the fixation output copies the fixation input
 * and (cos θ, sin θ) must be produced in the response period only (0 before). θ ~ U[0, 2π).
 * The out-of-distribution knobs are the input noise and the memory delay ("load").
 * @module
 */
import { fromTyped, type NDArray } from "../../array/mod.ts";
import { checkPositiveInt } from "../../errors/mod.ts";
import { type Key, normalF64, split, uniformF64 } from "../../random/mod.ts";
import { alloc, checkTaskCommon, type RnnTaskBatch, type TaskDType } from "./task_batch.ts";

/** Options of {@link memoryPro}. */
export interface MemoryProOptions {
  /** Trials in the batch. */
  batch: number;
  /** Steps of the stimulus period (default 20). */
  stimulusSteps?: number;
  /** Steps of the memory (delay) period (default 20; the "load" OOD knob). */
  memorySteps?: number;
  /** Steps of the response period (default 20). */
  responseSteps?: number;
  /** Std of the Gaussian noise added to every input entry (default 0; an OOD knob). */
  inputNoise?: number;
  /** dtype of the arrays (default "f32"). */
  dtype?: TaskDType;
}

/** A MemoryPro batch: {@link RnnTaskBatch} plus the angles and the period boundaries. */
export interface MemoryProBatch extends RnnTaskBatch {
  /** θ of each trial [batch] (f64, radians). */
  theta: NDArray;
  /** First step of the memory period. */
  memoryStart: number;
  /** First step of the response period. */
  responseStart: number;
}

/** Sample a MemoryPro batch (mask all ones: every output is scored at every step). */
export function memoryPro(k: Key, opts: MemoryProOptions): MemoryProBatch {
  const fn = "memoryPro";
  const { batch, inputNoise, dtype } = checkTaskCommon(fn, opts.batch, opts.inputNoise, opts.dtype);
  const s = checkPositiveInt(fn, "stimulusSteps", opts.stimulusSteps ?? 20);
  const m = checkPositiveInt(fn, "memorySteps", opts.memorySteps ?? 20);
  const r = checkPositiveInt(fn, "responseSteps", opts.responseSteps ?? 20);
  const T = s + m + r;
  const [kTheta, kNoise] = split(k, 2);
  const theta = uniformF64(kTheta, batch, { low: 0, high: 2 * Math.PI });
  const noise = inputNoise > 0 ? normalF64(kNoise, batch * T * 3) : null;
  const u = alloc(dtype, batch * T * 3), y = alloc(dtype, batch * T * 3);
  for (let b = 0; b < batch; b++) {
    const c = Math.cos(theta[b]), sn = Math.sin(theta[b]);
    for (let t = 0; t < T; t++) {
      const i = (b * T + t) * 3;
      const fix = t < s + m ? 1 : 0;
      u[i] = fix;
      u[i + 1] = t < s ? c : 0;
      u[i + 2] = t < s ? sn : 0;
      y[i] = fix;
      y[i + 1] = t >= s + m ? c : 0;
      y[i + 2] = t >= s + m ? sn : 0;
      if (noise) { for (let j = 0; j < 3; j++) u[i + j] += inputNoise * noise[i + j]; }
    }
  }
  const shape = [batch, T, 3];
  return {
    u: fromTyped(u, shape),
    y: fromTyped(y, shape),
    mask: fromTyped(alloc(dtype, batch * T * 3).fill(1), shape),
    theta: fromTyped(theta, [batch]),
    memoryStart: s,
    responseStart: s + m,
  };
}
