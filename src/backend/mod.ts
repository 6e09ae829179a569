/**
 * Compute backends: the one kernel contract (`Backend<B>`, see types.ts) — buffers, strided
 * elementwise maps, row reductions, gathers, GEMM, the fused training row kernels (gelu,
 * softmaxRows, layerNormRows and their VJPs) and the host BLAS (gemv, dot, axpy, scal, nrm2) —
 * chosen by name (`cpu`, `wasm`; `webgpu` per device, see src/backend/webgpu).
 *
 * @example
 * ```ts
 * import { getBackend } from "./mod.ts";
 * const c = new Float64Array(1);
 * getBackend("cpu").gemm({
 *   transA: false, transB: false, m: 1, n: 1, k: 2, alpha: 1,
 *   a: new Float64Array([1, 2]), offA: 0, lda: 2,
 *   b: new Float64Array([3, 4]), offB: 0, ldb: 1,
 *   beta: 0, c, offC: 0, ldc: 1,
 * });
 * // c[0] === 11
 * ```
 *
 * @module
 */
export type {
  AdamwStepArgs,
  Backend,
  BackendName,
  BinaryOp,
  DType,
  GemmArgs,
  GemmBatchedArgs,
  GemvArgs,
  HostBlas,
  Kernels,
  ReduceOp,
  Strided,
  TypedArray,
  UnaryOp,
} from "./types.ts";
export { BINARY_OPS, REDUCE_OPS, UNARY_OPS } from "./types.ts";
export {
  backendNames,
  defaultBackend,
  defaultBackendName,
  getBackend,
  setDefaultBackend,
  UnknownBackendError,
} from "./registry.ts";
export { cpuBackend } from "./cpu/mod.ts";
export {
  configureWasmThreads,
  type KernelVariant,
  kernelVariant,
  type ResidentF64,
  shutdownWorkers,
  startWorkers,
  useKernelVariant,
  WASM_DELEGATED,
  WasmArena,
  wasmBackend,
  wasmThreads,
} from "./wasm/mod.ts";
