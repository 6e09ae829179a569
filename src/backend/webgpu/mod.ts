/**
 * The WebGPU backend (f32): the backend contract (`Kernels<GpuStorage>`) as WGSL compute kernels
 * on one device; arrays moved there with `toGpu` run every array operation on it.
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
export { GpuBackend, SOFTWARE_TILE, WGSL_BINARY, WGSL_UNARY } from "./gpu_backend.ts";
export { BufferPool, sizeClass } from "./pool.ts";
