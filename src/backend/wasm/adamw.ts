/**
 * `Backend.adamwStep` on the wasm backend: the operands are copied into wasm memory in chunks of
 * {@linkcode ADAMW_CHUNK} elements (four spans that stay in cache), updated by the SIMD kernel of
 * kernels/wasm/optim.ts (f64 lanes, no FMA: bitwise equal to the cpu reference
 * src/backend/cpu/adamw.ts) and copied back.
 *
 * @module
 */
import type { AdamwStepArgs, TypedArray } from "../types.ts";
import { checkAdamwStep } from "../cpu/adamw.ts";
import { opsKernels } from "./ops_kernels.ts";
import { align64, reserve, view } from "./scratch.ts";

/** Elements per chunk (4 operands × 8192 × 8 bytes = 256 KiB of f64 scratch). */
export const ADAMW_CHUNK = 8192;

/** One Adam/AdamW update in place (see {@linkcode AdamwStepArgs}) with the SIMD kernel. */
export function adamwStepWasm(args: AdamwStepArgs<TypedArray>): void {
  const { dtype, k: c } = checkAdamwStep("adamwStep", args);
  const { n, params, grads, m, v } = args;
  if (n === 0) return;
  const es = dtype === "f32" ? 4 : 8, chunk = Math.min(n, ADAMW_CHUNK);
  const span = align64(chunk * es);
  const { k, base } = reserve("adamwStep", 4 * span);
  const ops = opsKernels(k);
  const kern = dtype === "f32" ? ops.sadamw : ops.dadamw;
  const pp = base, pg = base + span, pm = base + 2 * span, pv = base + 3 * span;
  const vp = view(k, params, pp, chunk), vg = view(k, params, pg, chunk);
  const vm = view(k, params, pm, chunk), vv = view(k, params, pv, chunk);
  for (let s = 0; s < n; s += chunk) {
    const len = Math.min(chunk, n - s);
    const oP = args.offParams + s, oG = args.offGrads + s, oM = args.offM + s, oV = args.offV + s;
    vp.set(params.subarray(oP, oP + len));
    vg.set(grads.subarray(oG, oG + len));
    vm.set(m.subarray(oM, oM + len));
    vv.set(v.subarray(oV, oV + len));
    kern(
      len,
      pp,
      pg,
      pm,
      pv,
      args.gradScale,
      args.l2,
      args.beta1,
      c.c1,
      args.beta2,
      c.c2,
      c.decay,
      c.stepSize,
      c.sq2,
      args.eps,
    );
    params.set(len === chunk ? vp : vp.subarray(0, len), oP);
    m.set(len === chunk ? vm : vm.subarray(0, len), oM);
    v.set(len === chunk ? vv : vv.subarray(0, len), oV);
  }
}
