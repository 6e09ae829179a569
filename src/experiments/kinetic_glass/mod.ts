/**
 * The experiments of the kinetic glass study (Zavatone-Veth & Pehlevan, arXiv:2507.18461;
 * PAPERS.md "Kinetic glass"): DMFT vs simulation of extended-context disordered kinetic spin
 * models, composed from src/theory (DMFT solvers) and src/models (samplers).
 * @module
 */
export * from "./compare.ts";
export * from "./settings.ts";
export * from "./cross_lag.ts";
export * from "./context_three.ts";
export * from "./gaussian_variant.ts";
export * from "./spherical_variant.ts";
export * from "./transient.ts";
export * from "./reverse_engineering.ts";
export * from "./finite_size.ts";
export * from "./potts_variant.ts";
export * from "./partially_symmetric.ts";
export * from "./tail_bias.ts";
export * from "./figures.ts";
export * from "./summary.ts";
export * from "./preflight.ts";
