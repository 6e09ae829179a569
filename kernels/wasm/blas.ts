// Entry point of the saddle BLAS kernel module: every exported kernel, f32 ("s") and f64 ("d").
// Built by kernels/build.ts into kernels/wasm/build/blas_{relaxed,simd}.wasm.
export { sgemm, sgemmPackB, sgemmTile, sgemmWorkBytes } from "./gemm_f32";
export { dgemm, dgemmPackB, dgemmTile, dgemmWorkBytes } from "./gemm_f64";
export { sgemv, dgemv } from "./gemv";
export { sdot, ddot, saxpy, daxpy, sscal, dscal, snrm2, dnrm2 } from "./level1";
export { peakF32, peakF64 } from "./peak";

/** First byte of linear memory that the kernels never touch (JS manages everything above it). */
export function heapBase(): usize {
  return __heap_base;
}
export { rotChainUp } from "./rot";
export { sgelu, sgeluBwd, slayerNorm, slayerNormBwd, ssoftmaxRows, ssoftmaxRowsBwd } from "./act";
