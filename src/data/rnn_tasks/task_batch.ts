/**
 * The batch type shared by the neuroscience RNN tasks (flip-flop, MemoryPro, context-dependent
 * integration): inputs, targets and a loss mask, all time-major per trial.
 * @module
 */
import type { NDArray } from "../../array/mod.ts";
import { ArgumentError, checkNonNegative, checkPositiveInt } from "../../errors/mod.ts";

/** A batch of trials of an RNN task. Shapes: `u [batch, T, in]`, `y` and `mask [batch, T, out]`. */
export interface RnnTaskBatch {
  /** Inputs u [batch, T, in] (noise included). */
  u: NDArray;
  /** Targets y* [batch, T, out]. */
  y: NDArray;
  /** Loss mask [batch, T, out]: 1 where the output is scored, 0 elsewhere. */
  mask: NDArray;
}

/** dtype option of the task generators. */
export type TaskDType = "f32" | "f64";

/** @internal validate the common options of a task generator. */
export function checkTaskCommon(
  fn: string,
  batch: unknown,
  inputNoise: unknown,
  dtype: unknown,
): { batch: number; inputNoise: number; dtype: TaskDType } {
  const b = checkPositiveInt(fn, "batch", batch);
  const s = checkNonNegative(fn, "inputNoise", inputNoise ?? 0);
  if (!Number.isFinite(s)) throw new ArgumentError(fn, "inputNoise", "a finite number ≥ 0", s);
  const d = dtype ?? "f32";
  if (d !== "f32" && d !== "f64") throw new ArgumentError(fn, "dtype", '"f32" or "f64"', d);
  return { batch: b, inputNoise: s, dtype: d };
}

/** @internal allocate a typed buffer of `n` zeros of `dtype`. */
export function alloc(dtype: TaskDType, n: number): Float32Array | Float64Array {
  return dtype === "f32" ? new Float32Array(n) : new Float64Array(n);
}
