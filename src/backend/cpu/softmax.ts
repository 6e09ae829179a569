/**
 * Row softmax of `scale·x` and its VJP on contiguous rows (attention scores), optionally causal:
 * the cpu reference of `Backend.softmaxRows` / `Backend.softmaxRowsBwd`. f32 data uses the
 * f32-accurate `expF32` (fast_math.ts), f64 data `Math.exp`; sums run in f64.
 *
 * @module
 */
import type { TypedArray } from "../types.ts";
import { checkElementwise } from "../validate.ts";
import { checkInt, checkScalar, checkSize } from "../validate.ts";
import { expF32 } from "./fast_math.ts";

/** Number of allowed keys of row `r`: all `n`, or with `tq > 0` the causal `r % tq + n − tq + 1`. */
export function causalLimit(r: number, n: number, tq: number): number {
  return tq > 0 ? Math.max(0, Math.min(n, (r % tq) + (n - tq) + 1)) : n;
}

/** Validates the shared arguments of the softmax kernels; returns nothing, throws named errors. */
export function checkSoftmax(
  fn: string,
  rows: number,
  n: number,
  tq: number,
  scale: number,
  ops: readonly (readonly [string, unknown, unknown])[],
): void {
  checkSize(fn, "rows", rows);
  checkSize(fn, "n", n);
  checkInt(fn, "tq", tq);
  checkScalar(fn, "scale", scale);
  checkElementwise(fn, rows * n, ops);
}

/**
 * `y = softmax(scale·x)` over each of `rows` contiguous rows of length `n` starting at `offX`
 * (written from `offY`). With `tq > 0` the rows form `[.., tq, n]` score matrices and query row
 * `r` sees keys `j ≤ r % tq + n − tq`; the other entries are set to 0.
 */
export function softmaxRowsCpu(
  rows: number,
  n: number,
  tq: number,
  scale: number,
  x: TypedArray,
  offX: number,
  y: TypedArray,
  offY: number,
): void {
  checkSoftmax("softmaxRows", rows, n, tq, scale, [["x", x, offX], ["y", y, offY]]);
  const fast = x instanceof Float32Array;
  for (let i = 0; i < rows; i++) {
    const o = offX + i * n, p = offY + i * n, lim = causalLimit(i, n, tq);
    let m = -Infinity;
    for (let j = 0; j < lim; j++) if (x[o + j] * scale > m) m = x[o + j] * scale;
    let s = 0;
    for (let j = 0; j < lim; j++) {
      const e = fast ? expF32(x[o + j] * scale - m) : Math.exp(x[o + j] * scale - m);
      y[p + j] = e;
      s += e;
    }
    const inv = 1 / s;
    for (let j = 0; j < lim; j++) y[p + j] *= inv;
    for (let j = lim; j < n; j++) y[p + j] = 0;
  }
}

/** VJP of {@linkcode softmaxRowsCpu}: `dx = scale·y ⊙ (g − ⟨g, y⟩_row)` (0 outside the mask). */
export function softmaxRowsBwdCpu(
  rows: number,
  n: number,
  tq: number,
  scale: number,
  y: TypedArray,
  offY: number,
  g: TypedArray,
  offG: number,
  dx: TypedArray,
  offDx: number,
): void {
  checkSoftmax("softmaxRowsBwd", rows, n, tq, scale, [["y", y, offY], ["g", g, offG], [
    "dx",
    dx,
    offDx,
  ]]);
  for (let i = 0; i < rows; i++) {
    const a = offY + i * n, b = offG + i * n, c = offDx + i * n, lim = causalLimit(i, n, tq);
    let s = 0;
    for (let j = 0; j < lim; j++) s += g[b + j] * y[a + j];
    for (let j = 0; j < lim; j++) dx[c + j] = scale * y[a + j] * (g[b + j] - s);
    for (let j = lim; j < n; j++) dx[c + j] = 0;
  }
}
