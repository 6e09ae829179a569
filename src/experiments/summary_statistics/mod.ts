/**
 * The experiments of the summary-statistics study (Zavatone-Veth, Bordelon & Pehlevan,
 * arXiv:2504.16920; PAPERS.md "Summary statistics"): order-parameter theories of learning
 * (perceptron, soft committee machine, deep linear network) against simulation, drift invariance
 * and neuron subsampling, composed from src/theory and src/models.
 * @module
 */
export * from "./perceptron.ts";
export * from "./committee.ts";
export * from "./deep_linear.ts";
export * from "./drift.ts";
export * from "./subsampling.ts";
export * from "./figures.ts";
export * from "./preflight.ts";
