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
import { gemmBatchedCpu } from "./gemm_batched.ts";
import { gemvCpu } from "./gemv.ts";
import { adamwStepCpu } from "./adamw.ts";
import { softmaxRowsBwdCpu, softmaxRowsCpu } from "./softmax.ts";
import { layerNormRowsBwdCpu, layerNormRowsCpu } from "./layer_norm.ts";
import { geluBwdCpu, geluCpu } from "./gelu.ts";
import { nrm2Cpu } from "./nrm2.ts";
import { scalCpu } from "./scal.ts";
import { binaryCpu, copyCpu, fillCpu, unaryCpu, whereCpu } from "./elementwise.ts";
import { reduceRowsCpu } from "./reduce.ts";
import { gatherCpu } from "./gather.ts";
import { allocHost, dtypeOfHost, freeHost, readHost } from "./memory.ts";

/** The plain-TypeScript backend (f32 and f64; every kernel; the oracle). */
export const cpuBackend: Backend = Object.freeze({
  name: "cpu",
  dtypes: Object.freeze(["f32", "f64"] as const),
  alloc: allocHost,
  dtypeOf: dtypeOfHost,
  read: readHost,
  free: freeHost,
  fill: fillCpu,
  copy: copyCpu,
  unary: unaryCpu,
  binary: binaryCpu,
  where: whereCpu,
  reduceRows: reduceRowsCpu,
  gather: gatherCpu,
  gemm: gemmCpu,
  gemmBatched: gemmBatchedCpu,
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
  adamwStep: adamwStepCpu,
});
