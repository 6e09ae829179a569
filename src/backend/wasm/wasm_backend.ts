/**
 * The `wasm` backend: SIMD WebAssembly kernels (relaxed-SIMD FMA where the engine has it),
 * f32 and f64, with large GEMMs split across worker threads on a shared memory.
 *
 * @module
 */
import type { Backend } from "../types.ts";
import { gemmWasm } from "./gemm.ts";
import { gemvWasm } from "./gemv.ts";
import {
  geluBwdWasm,
  geluWasm,
  layerNormRowsBwdWasm,
  layerNormRowsWasm,
  softmaxRowsBwdWasm,
  softmaxRowsWasm,
} from "./act.ts";
import { axpyWasm, dotWasm, nrm2Wasm, scalWasm } from "./level1.ts";

/** The WebAssembly SIMD backend (f32 and f64; every kernel; the default backend). */
export const wasmBackend: Backend = Object.freeze({
  name: "wasm",
  dtypes: Object.freeze(["f32", "f64"] as const),
  gemm: gemmWasm,
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
});
