/**
 * Fast single-precision transcendental functions (expF32, tanhF32, 1 ± tanh): re-exported from
 * the cpu backend (src/backend/cpu/fast_math.ts), where the cpu GELU kernel uses them too.
 * @module
 */
export { expF32, oneMinusTanhF32, onePlusTanhF32, tanhF32 } from "../backend/cpu/fast_math.ts";
