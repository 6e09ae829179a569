/**
 * Special functions in full double precision (no platform `Math.erf` exists in JS). They live
 * with the cpu backend's reference kernels (src/backend/cpu/special.ts); re-exported here.
 * @module
 */
export { erf, erfc } from "../backend/cpu/special.ts";
