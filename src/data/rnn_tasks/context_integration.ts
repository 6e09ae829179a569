/**
 * Context-dependent integration (Mante et al. 2013), one of the three tasks of INSD (Qian &
 * Pehlevan, arXiv:2509.21504): two noisy sensory streams s_i(t) = d_i + σ ξ_i(t) with
 * coherences d_i, and two one-hot context inputs constant over the trial; the target is
 * sign(d_ctx) of the context-relevant stream, scored in a response window at the end of the
 * trial. The out-of-distribution knobs are the input noise σ and the trial length.
 * @module
 */
import { fromTyped, type NDArray } from "../../array/mod.ts";
import { ArgumentError, checkPositiveInt } from "../../errors/mod.ts";
import { type Key, normalF64, split, uniformF64 } from "../../random/mod.ts";
import { alloc, checkTaskCommon, type RnnTaskBatch, type TaskDType } from "./task_batch.ts";

/** Options of {@link contextIntegration}. */
export interface ContextIntegrationOptions {
  /** Trials in the batch. */
  batch: number;
  /** Time steps T per trial (default 60; an OOD knob: longer trials). */
  steps?: number;
  /** Steps at the end of the trial where the output is scored (default 10). */
  responseSteps?: number;
  /** Positive coherence magnitudes; each d_i is ± one of them (default 0.01 … 0.16 doubling). */
  coherences?: number[];
  /** Std σ of the sensory noise (default 0.1; an OOD knob). */
  inputNoise?: number;
  /** dtype of the arrays (default "f32"). */
  dtype?: TaskDType;
}

/** A context-dependent integration batch with the trial variables. */
export interface ContextIntegrationBatch extends RnnTaskBatch {
  /** Coherences [batch, 2] (f64). */
  coherence: NDArray;
  /** Context of each trial [batch] ∈ {0, 1} (f64). */
  context: NDArray;
}

/**
 * Sample a batch: inputs [s₁, s₂, ctx₁, ctx₂] (4 channels), one output, target sign(d_ctx) on
 * the last `responseSteps` steps (mask 1 there, 0 before).
 */
export function contextIntegration(
  k: Key,
  opts: ContextIntegrationOptions,
): ContextIntegrationBatch {
  const fn = "contextIntegration";
  const { batch, inputNoise, dtype } = checkTaskCommon(
    fn,
    opts.batch,
    opts.inputNoise ?? 0.1,
    opts.dtype,
  );
  const T = checkPositiveInt(fn, "steps", opts.steps ?? 60);
  const R = checkPositiveInt(fn, "responseSteps", opts.responseSteps ?? 10);
  if (R > T) throw new ArgumentError(fn, "responseSteps", `an integer ≤ steps = ${T}`, R);
  const cohs = opts.coherences ?? [0.01, 0.02, 0.04, 0.08, 0.16];
  if (!Array.isArray(cohs) || cohs.length === 0 || cohs.some((c) => !(c > 0 && isFinite(c)))) {
    throw new ArgumentError(fn, "coherences", "a non-empty list of finite numbers > 0", cohs);
  }
  const [kCoh, kCtx, kNoise] = split(k, 3);
  const cu = uniformF64(kCoh, batch * 4), ctxU = uniformF64(kCtx, batch);
  const noise = normalF64(kNoise, batch * T * 2);
  const coherence = new Float64Array(batch * 2), context = new Float64Array(batch);
  const u = alloc(dtype, batch * T * 4),
    y = alloc(dtype, batch * T),
    mask = alloc(dtype, batch * T);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < 2; i++) {
      const mag = cohs[Math.min(cohs.length - 1, Math.floor(cu[b * 4 + 2 * i] * cohs.length))];
      coherence[b * 2 + i] = cu[b * 4 + 2 * i + 1] < 0.5 ? -mag : mag;
    }
    const ctx = ctxU[b] < 0.5 ? 0 : 1;
    context[b] = ctx;
    const target = Math.sign(coherence[b * 2 + ctx]);
    for (let t = 0; t < T; t++) {
      const i = (b * T + t) * 4;
      for (let j = 0; j < 2; j++) {
        u[i + j] = coherence[b * 2 + j] + inputNoise * noise[(b * T + t) * 2 + j];
      }
      u[i + 2 + ctx] = 1;
      if (t >= T - R) {
        y[b * T + t] = target;
        mask[b * T + t] = 1;
      }
    }
  }
  return {
    u: fromTyped(u, [batch, T, 4]),
    y: fromTyped(y, [batch, T, 1]),
    mask: fromTyped(mask, [batch, T, 1]),
    coherence: fromTyped(coherence, [batch, 2]),
    context: fromTyped(context, [batch]),
  };
}
