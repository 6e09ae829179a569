/**
 * saddle: a Deno-native toolkit for the theory of deep learning. Run a paper's models and its
 * theory side by side, see the curves agree, change one thing and run again.
 *
 * Areas (each also importable on its own, see deno.json `exports`):
 * arrays (`./array`), backends (`./backend`), random keys (`./random`).
 * @module
 */
export * from "./src/array/mod.ts";
export * from "./src/backend/mod.ts";
export * from "./src/random/mod.ts";
