/**
 * CompleteP (Dey et al. 2025, "Don't be lazy: CompleteP enables compute-efficient deep
 * transformers", arXiv:2505.01618) at toy scale: depth-wise LR transfer of the pre-LN residual
 * MLP on a teacher task (and of a transformer LM on the Brown corpus), the depth coordinate check, the per-block update after one Adam
 * step and the linearization distance of the Fig. 6 toy (PAPERS.md, CompleteP section).
 * @module
 */
export * from "./setup.ts";
export * from "./index_teacher.ts";
export * from "./train_run.ts";
export * from "./lm_run.ts";
export * from "./lr_transfer.ts";
export * from "./depth_coord_check.ts";
export * from "./block_update.ts";
export * from "./linearization.ts";
export * from "./criteria.ts";
export * from "./plots.ts";
