/**
 * saddle: a Deno-native toolkit for the theory of deep learning. Run a paper's models and its
 * theory side by side, see the curves agree, change one thing and run again.
 *
 * The core (arrays, backends, random keys, linear algebra) is exported flat; every other area is
 * a namespace named after its folder, so names never clash (`ad.matmul` is the differentiable
 * twin of `matmul`). Each area is also importable on its own (deno.json `exports`).
 *
 * @example
 * ```ts
 * import { array, eigh, matmul } from "./mod.ts";
 * const a = array([[2, 1], [1, 2]]);
 * const { values } = eigh(matmul(a, a));
 * if (Math.abs(values.get(1) - 9) > 1e-12) throw new Error("wrong eigenvalue");
 * ```
 * @module
 */
export * from "./src/array/mod.ts";
export * from "./src/backend/mod.ts";
export * from "./src/random/mod.ts";
export * from "./src/linalg/mod.ts";
export * as ad from "./src/autodiff/mod.ts";
export * as data from "./src/data/mod.ts";
export * as learningRules from "./src/learning_rules/mod.ts";
export * as metrics from "./src/metrics/mod.ts";
export * as models from "./src/models/mod.ts";
export * as nn from "./src/nn/mod.ts";
export * as optim from "./src/optim/mod.ts";
export * as param from "./src/param/mod.ts";
export * as plot from "./src/plot/mod.ts";
export * as run from "./src/run/mod.ts";
export * as schedules from "./src/schedules/mod.ts";
export * as sim from "./src/sim/mod.ts";
export * as theory from "./src/theory/mod.ts";
export * as train from "./src/train/mod.ts";
export * as webgpu from "./src/backend/webgpu/mod.ts";
