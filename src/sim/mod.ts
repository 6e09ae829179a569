/**
 * Monte-Carlo simulations that serve as oracles for the theory solvers.
 *
 * @module
 */

export * from "./linear_regression_sgd.ts";
export type { Key } from "../random/mod.ts";
export type { FeatureDistribution, StepPlan, TailWindow } from "../theory/mod.ts";
