/**
 * The `cpu` backend and its reference kernels.
 *
 * @module
 */
export { cpuBackend } from "./cpu_backend.ts";
export { gemmCpu } from "./gemm.ts";
export { gemvCpu } from "./gemv.ts";
export { dotCpu } from "./dot.ts";
export { axpyCpu } from "./axpy.ts";
export { scalCpu } from "./scal.ts";
export { nrm2Cpu } from "./nrm2.ts";
export type { Backend, DType, GemmArgs, GemvArgs, TypedArray } from "../types.ts";
