/**
 * Theory solvers: generic tools and concept-named theories.
 *
 * @module
 */

export * from "./power_law.ts";
export * from "./nsgd.ts";
export * from "./sgd_recursion.ts";
export * from "./sgd_stability.ts";
export * from "./sgd_bounds.ts";
export * from "./serial_step_fraction.ts";
