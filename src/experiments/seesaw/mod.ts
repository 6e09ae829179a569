/**
 * The Seesaw reproduction (arXiv:2510.14717; PAPERS.md, Seesaw) as typed experiments: the
 * linear-regression theory (phase families, the B₀ sweep at equal samples, the Monte-Carlo
 * check), the character-level language-model comparison and the figures.
 * @module
 */
export * from "./curves.ts";
export * from "./phase_families.ts";
export * from "./batch_sweep.ts";
export * from "./mc_check.ts";
export * from "./theory.ts";
export * from "./interior_search.ts";
export * from "./lm_text.ts";
export * from "./lm_train.ts";
export * from "./lm_experiment.ts";
export * from "./figures.ts";
