/**
 * Experiments of "Transfer learning in infinite width feature learning networks" (Lauditi,
 * Bordelon, Pehlevan, arXiv:2507.04448), composed from `src/theory` and `src/models`; called by
 * `scripts/transfer.ts` and `tests/papers/transfer_test.ts`. See PAPERS.md "Transfer learning".
 * @module
 */
export * from "./delta_sweep.ts";
export * from "./closed_form_check.ts";
export * from "./gf_transfer.ts";
export * from "./langevin_check.ts";
export { type TransferFigureConfig, transferFigures, type TransferResults } from "./figures.ts";
