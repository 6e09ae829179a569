/**
 * Monte-Carlo simulations that serve as oracles for the theory solvers.
 *
 * @module
 */

export * from "./linear_regression_sgd.ts";
