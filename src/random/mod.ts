/**
 * Splittable counter-based random numbers (Philox-4x32-10 keys, the JAX model): `key(seed)`,
 * `split(key, n)`, `foldIn(key, data)`, raw typed-array samplers and NDArray samplers.
 *
 * @module
 */

export { foldIn, type Key, key, split } from "./key.ts";
export { philox4x32 } from "./philox.ts";
export { randomBits } from "./bits.ts";
export { uniformF32, uniformF64, type UniformOptions } from "./uniform.ts";
export { normalF32, normalF64, type NormalOptions } from "./normal.ts";
export { rademacherF64 } from "./rademacher.ts";
