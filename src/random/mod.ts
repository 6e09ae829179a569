/**
 * Splittable counter-based random numbers (Philox-4x32-10 keys, the JAX model): `key(seed)`,
 * `split(key, n)`, `foldIn(key, data)`; raw typed-array samplers (`randomBits`, `uniformF64`,
 * `normalF64`, `rademacherF64`, `uniformF32`, `normalF32`) and NDArray / index samplers
 * (`uniform`, `normal`, `bernoulli`, `categorical`, `permutation`, `choice`, `orthogonal`).
 *
 * @example
 * ```ts
 * import { key, normalF64, split } from "./mod.ts";
 * const [kData, kInit] = split(key(0));
 * const x = normalF64(kData, 4);
 * if (x.length !== 4 || normalF64(kData, 4)[3] !== x[3]) throw new Error("not reproducible");
 * ```
 *
 * @module
 */

export { foldIn, type Key, key, split } from "./key.ts";
export { philox4x32 } from "./philox.ts";
export { randomBits } from "./bits.ts";
export {
  uniform,
  type UniformArrayOptions,
  uniformF32,
  uniformF64,
  type UniformOptions,
} from "./uniform.ts";
export {
  normal,
  type NormalArrayOptions,
  normalF32,
  normalF64,
  type NormalOptions,
} from "./normal.ts";
export { rademacherF64 } from "./rademacher.ts";
export { bernoulli } from "./bernoulli.ts";
export { categorical } from "./categorical.ts";
export { permutation } from "./permutation.ts";
export { choice, type ChoiceOptions } from "./choice.ts";
export { orthogonal } from "./orthogonal.ts";
