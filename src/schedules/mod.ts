/**
 * Learning-rate and batch-size schedules as functions of samples (or tokens) seen.
 *
 * @module
 */

export * from "./schedule.ts";
export * from "./constant.ts";
export * from "./linear_warmup.ts";
export * from "./cosine.ts";
export * from "./step_decay.ts";
export * from "./wsd.ts";
export * from "./batch_rounding.ts";
export * from "./seesaw.ts";
export * from "./phase_schedule.ts";
export * from "./plan.ts";
export * from "./budget.ts";
