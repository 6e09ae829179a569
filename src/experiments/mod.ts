/**
 * Each paper's experiments as typed functions `(config, ctx) → result`, composed from the layers
 * below and called by the scripts, the tests and the notebooks. One namespace per paper; PAPERS.md
 * says what each reproduces.
 * @module
 */
export * as completep from "./completep/mod.ts";
export * as ebd from "./ebd/mod.ts";
export * as iclDeepScaling from "./icl_deep_scaling/mod.ts";
export * as iclLinearAttention from "./icl_linear_attention/mod.ts";
export * as insd from "./insd/mod.ts";
export * as kineticGlass from "./kinetic_glass/mod.ts";
export * as seesaw from "./seesaw/mod.ts";
export * as sgdRisk from "./sgd_risk/mod.ts";
export * as summaryStatistics from "./summary_statistics/mod.ts";
export * as transfer from "./transfer/mod.ts";
