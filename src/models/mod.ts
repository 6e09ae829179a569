/**
 * Simulated models: samplers and learners whose summary statistics the theories predict.
 *
 * @module
 */

export * from "./kinetic_spin.ts";
export * from "./committee_machine.ts";
export * from "./online_perceptron.ts";
export * from "./representational_drift.ts";
export * from "./subsampled_overlaps.ts";
export * from "./deep_linear_network.ts";
export * from "./kinetic_potts.ts";
export * from "./linear_attention_icl.ts";
export * from "./icl_linear_self_attention.ts";
export * from "./icl_dmmse.ts";
export * from "./deep_linear_attention_icl.ts";
export * from "./two_layer_mup.ts";
export * from "./residual_mlp.ts";
export * from "./two_layer_langevin.ts";
