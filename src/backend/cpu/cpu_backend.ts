/**
 * The `cpu` backend: plain TypeScript kernels, slow and obviously correct; the specification and
 * test oracle of every other backend.
 *
 * @module
 */
import type { Backend } from "../types.ts";
import { axpyCpu } from "./axpy.ts";
import { dotCpu } from "./dot.ts";
import { gemmCpu } from "./gemm.ts";
import { gemvCpu } from "./gemv.ts";
import { softmaxRowsBwdCpu, softmaxRowsCpu } from "./softmax.ts";
import { layerNormRowsBwdCpu, layerNormRowsCpu } from "./layer_norm.ts";
import { geluBwdCpu, geluCpu } from "./gelu.ts";
import { nrm2Cpu } from "./nrm2.ts";
import { scalCpu } from "./scal.ts";

/** The plain-TypeScript backend (f32 and f64; every kernel; the oracle). */
export const cpuBackend: Backend = Object.freeze({
  name: "cpu",
  dtypes: Object.freeze(["f32", "f64"] as const),
  gemm: gemmCpu,
  gemv: gemvCpu,
  dot: dotCpu,
  axpy: axpyCpu,
  scal: scalCpu,
  nrm2: nrm2Cpu,
  gelu: geluCpu,
  geluBwd: geluBwdCpu,
  softmaxRows: softmaxRowsCpu,
  softmaxRowsBwd: softmaxRowsBwdCpu,
  layerNormRows: layerNormRowsCpu,
  layerNormRowsBwd: layerNormRowsBwdCpu,
});
