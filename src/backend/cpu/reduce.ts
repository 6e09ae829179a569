/**
 * The cpu reference of `Kernels.reduceRows` (src/backend/types.ts): each contiguous row reduced in double
 * precision (sums with Kahan–Babuška compensation) and rounded once into the output.
 *
 * @module
 */
import { REDUCE_OPS, type ReduceOp, type TypedArray } from "../types.ts";
import { checkOp, checkSize, checkSpan } from "../validate.ts";

/** Compensated (Kahan–Babuška) sum of `b[s..s+n)`. */
export function kahanSum(b: TypedArray, s: number, n: number): number {
  let sum = 0, comp = 0;
  for (let i = s; i < s + n; i++) {
    const v = b[i];
    const t = sum + v;
    comp += Math.abs(sum) >= Math.abs(v) ? (sum - t) + v : (v - t) + sum;
    sum = t;
  }
  // an infinite partial sum makes the compensation NaN: the plain sum is the answer then
  return Number.isFinite(sum) ? sum + comp : sum;
}

/** The reduction of one row `b[s..s+n)` by `op` (see {@linkcode ReduceOp}). */
export const REDUCE: { readonly [K in ReduceOp]: (b: TypedArray, s: number, n: number) => number } =
  {
    sum: kahanSum,
    prod: (b, s, n) => {
      let p = 1;
      for (let i = s; i < s + n; i++) p *= b[i];
      return p;
    },
    max: (b, s, n) => {
      let m = -Infinity;
      for (let i = s; i < s + n; i++) {
        if (b[i] > m || Number.isNaN(b[i])) m = b[i];
        if (Number.isNaN(m)) break;
      }
      return m;
    },
    min: (b, s, n) => {
      let m = Infinity;
      for (let i = s; i < s + n; i++) {
        if (b[i] < m || Number.isNaN(b[i])) m = b[i];
        if (Number.isNaN(m)) break;
      }
      return m;
    },
    argmax: (b, s, n) => {
      let m = -Infinity, k = 0;
      for (let i = 0; i < n; i++) if (b[s + i] > m) [m, k] = [b[s + i], i];
      return k;
    },
    argmin: (b, s, n) => {
      let m = Infinity, k = 0;
      for (let i = 0; i < n; i++) if (b[s + i] < m) [m, k] = [b[s + i], i];
      return k;
    },
    logsumexp: (b, s, n) => {
      let m = -Infinity;
      for (let i = s; i < s + n; i++) if (b[i] > m) m = b[i];
      if (m === -Infinity || !Number.isFinite(m)) return m;
      let acc = 0;
      for (let i = s; i < s + n; i++) acc += Math.exp(b[i] - m);
      return m + Math.log(acc);
    },
  };

/** `out[offOut + r] = op(x[offX + r*len .. offX + (r+1)*len))` for `r < rows`. */
export function reduceRowsCpu(
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
  const f = REDUCE[op];
  for (let r = 0; r < rows; r++) out[offOut + r] = f(x, offX + r * len, len);
}
