/**
 * `Kernels.reduceRows` on the wasm backend: every op through the SIMD kernels of
 * kernels/wasm/reduce.ts (blocks of whole rows copied into wasm memory, one f64 result per row
 * rounded once into `out`); rows shorter than {@linkcode MIN_SIMD_REDUCE_ROW} and operands of
 * mixed dtype run the cpu reference.
 *
 * Accuracy: f32 sums run in f64 lanes; f64 sums are compensated (Neumaier, per lane), like the
 * cpu reference's Kahan–Babuška sum; max/min are exact (NaN propagates); logsumexp uses the
 * vector exp/log of kernels/wasm/vmath.ts (≤ 3 ulp each); prod multiplies in f64 lanes (f32) or
 * two lanes (f64); argmax/argmin are exact (first extremum, NaN never selected).
 *
 * @module
 */
import { REDUCE_OPS, type ReduceOp, type TypedArray } from "../types.ts";
import { checkOp, checkSize, checkSpan } from "../validate.ts";
import { reduceRowsCpu } from "../cpu/reduce.ts";
import { opsKernels } from "./ops_kernels.ts";
import { align64, reserve, view } from "./scratch.ts";

/** Op codes of the SIMD row reductions (every {@linkcode ReduceOp}). */
export const REDUCE_CODES: { readonly [K in ReduceOp]: number } = Object.freeze({
  sum: 0,
  max: 1,
  min: 2,
  logsumexp: 3,
  prod: 4,
  argmax: 5,
  argmin: 6,
});

/** Rows shorter than this run the cpu reference. */
export const MIN_SIMD_REDUCE_ROW = 8;

/** Elements copied into wasm memory per block (whole rows; one row when it is longer). */
const BLOCK = 16384;

/** `out[offOut + r] = op(row r)` (see `Kernels.reduceRows`). */
export function reduceRowsWasm(
  op: ReduceOp,
  rows: number,
  len: number,
  x: TypedArray,
  offX: number,
  out: TypedArray,
  offOut: number,
): void {
  checkOp("reduceRows", "op", op, REDUCE_OPS);
  checkSize("reduceRows", "rows", rows);
  checkSize("reduceRows", "len", len);
  checkSpan("reduceRows", "x", x, offX, rows * len);
  checkSpan("reduceRows", "out", out, offOut, rows);
  const code = REDUCE_CODES[op];
  if (
    len < MIN_SIMD_REDUCE_ROW || x.constructor !== out.constructor ||
    rows === 0
  ) {
    return reduceRowsCpu(op, rows, len, x, offX, out, offOut);
  }
  const es = x instanceof Float32Array ? 4 : 8;
  const per = Math.max(1, Math.floor(BLOCK / len));
  const xb = align64(per * len * es);
  const { k, base } = reserve("reduceRows", xb + align64(per * 8));
  const ops = opsKernels(k);
  const kern = x instanceof Float32Array ? ops.sreduce : ops.dreduce;
  const xv = view(k, x, base, per * len);
  const res = new Float64Array(k.memory.buffer, base + xb, per);
  for (let r = 0; r < rows; r += per) {
    const nr = Math.min(per, rows - r), s = offX + r * len;
    xv.set(x.subarray(s, s + nr * len));
    kern(code, nr, len, base, base + xb);
    for (let i = 0; i < nr; i++) out[offOut + r + i] = res[i];
  }
}
