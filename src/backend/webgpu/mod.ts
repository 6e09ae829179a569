/**
 * The WebGPU backend (f32): device arrays whose operations run as WGSL compute kernels.
 *
 * ```ts ignore
 * import { requestGpu, toGpu } from "./mod.ts";
 * import { array, matmul } from "../../array/mod.ts";
 * using gpu = await requestGpu();
 * const a = toGpu(array([[1, 2], [3, 4]], { dtype: "f32" }), gpu);
 * console.log(await matmul(a, a).data());
 * ```
 * @module
 */
export {
  type AdapterReport,
  Gpu,
  GpuLostError,
  type GpuOptions,
  GpuUnavailableError,
  requestGpu,
  toGpu,
  toHost,
} from "./gpu.ts";
export { GpuStorage } from "./storage.ts";
export { GpuOps, SOFTWARE_TILE, WGSL_BINARY, WGSL_UNARY } from "./ops.ts";
export { BufferPool, sizeClass } from "./pool.ts";
