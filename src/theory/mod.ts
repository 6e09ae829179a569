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
export * from "./bracketed_root.ts";
export * from "./wishart_resolvent.ts";
export * from "./icl_linear_attention.ts";
export * from "./icl_task_alignment.ts";
export * from "./marchenko_pastur.ts";
export * from "./icl_deep_scaling.ts";
export * from "./icl_gamma_error.ts";
export * from "./gaussian_expectations.ts";
export * from "./dmft_two_time.ts";
export * from "./ode_integrators.ts";
export * from "./kinetic_glass_dmft.ts";
export * from "./kinetic_glass_stationary.ts";
export * from "./kinetic_glass_design.ts";
export * from "./committee_machine_odes.ts";
export * from "./perceptron_learning.ts";
export * from "./deep_linear_modes.ts";
export * from "./kinetic_potts_dmft.ts";
export * from "./sgd_step_kernels.ts";
export * from "./kinetic_glass_reaction_dmft.ts";
export * from "./adaptive_kernel_bayes.ts";
export * from "./transfer_closed_forms.ts";
export * from "./two_layer_dmft.ts";
export * from "./adaptive_kernel_mc.ts";
