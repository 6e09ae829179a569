/**
 * The `wasm` backend, its kernel loader and its thread controls.
 *
 * @module
 */
export { WASM_DELEGATED, wasmBackend } from "./wasm_backend.ts";
export { type GemmBlocking, gemmBlocking, gemmTile, gemmWasm } from "./gemm.ts";
export { gemvWasm } from "./gemv.ts";
export { axpyWasm, dotWasm, nrm2Wasm, scalWasm } from "./level1.ts";
export {
  type BlasExports,
  type KernelVariant,
  kernelVariant,
  type LoadedKernels,
  loadKernels,
} from "./kernels.ts";
export {
  configureWasmThreads,
  MAX_THREADS,
  shutdownWorkers,
  startWorkers,
  useKernelVariant,
  wasmThreads,
} from "./threads.ts";
export type { Backend, DType, GemmArgs, GemvArgs, TypedArray } from "../types.ts";
export { type ResidentF64, WasmArena } from "./arena.ts";
