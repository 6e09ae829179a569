/**
 * The `wasm` backend: SIMD WebAssembly kernels (relaxed-SIMD FMA where the engine has it),
 * f32 and f64, with large GEMMs split across worker threads on a shared memory.
 *
 * @module
 */
import type { Backend } from "../types.ts";
import { gemmBatchedWasm, gemmWasm } from "./gemm.ts";
import { gemvWasm } from "./gemv.ts";
import { adamwStepWasm } from "./adamw.ts";
import { binaryWasm, unaryWasm, whereWasm } from "./elementwise.ts";
import { reduceRowsWasm } from "./reduce.ts";
import {
  geluBwdWasm,
  geluWasm,
  layerNormRowsBwdWasm,
  layerNormRowsWasm,
  softmaxRowsBwdWasm,
  softmaxRowsWasm,
} from "./act.ts";
import { axpyWasm, dotWasm, nrm2Wasm, scalWasm } from "./level1.ts";
import { cpuBackend } from "../cpu/cpu_backend.ts";

/**
 * Entries of the contract that the wasm backend still delegates to the cpu reference (plain TS),
 * in place of SIMD kernels. Each entry moves off this list when its SIMD kernel lands; the
 * conformance suite runs them on `wasm` all the same. `unary`, `binary`, `where` and
 * `reduceRows` run SIMD kernels for most ops and layouts and the cpu loop for the rest (listed in
 * elementwise.ts and reduce.ts).
 */
export const WASM_DELEGATED: readonly string[] = Object.freeze([
  "fill",
  "copy",
  "gather",
]);

/** The WebAssembly SIMD backend (f32 and f64; every kernel; the default backend). */
export const wasmBackend: Backend = Object.freeze({
  name: "wasm",
  dtypes: Object.freeze(["f32", "f64"] as const),
  // host buffers: typed arrays, as on cpu
  alloc: cpuBackend.alloc,
  dtypeOf: cpuBackend.dtypeOf,
  read: cpuBackend.read,
  free: cpuBackend.free,
  // delegated to the cpu reference (see WASM_DELEGATED)
  fill: cpuBackend.fill,
  copy: cpuBackend.copy,
  gather: cpuBackend.gather,
  // SIMD (kernels/wasm/elementwise.ts, reduce.ts) with the cpu loop for the other ops/layouts
  unary: unaryWasm,
  binary: binaryWasm,
  where: whereWasm,
  reduceRows: reduceRowsWasm,
  gemm: gemmWasm,
  gemmBatched: gemmBatchedWasm,
  gemv: gemvWasm,
  dot: dotWasm,
  axpy: axpyWasm,
  scal: scalWasm,
  nrm2: nrm2Wasm,
  gelu: geluWasm,
  geluBwd: geluBwdWasm,
  softmaxRows: softmaxRowsWasm,
  softmaxRowsBwd: softmaxRowsBwdWasm,
  layerNormRows: layerNormRowsWasm,
  layerNormRowsBwd: layerNormRowsBwdWasm,
  adamwStep: adamwStepWasm,
});
