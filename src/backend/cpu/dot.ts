/**
 * Reference inner product (BLAS `xDOT`).
 *
 * @module
 */
import type { TypedArray } from "../types.ts";
import { checkVec2 } from "../validate.ts";

/**
 * `Σ_{i<n} x[offX + i·incX] · y[offY + i·incY]`, accumulated in double precision for both
 * dtypes. Returns 0 when `n = 0`.
 */
export function dotCpu(
  n: number,
  x: TypedArray,
  offX: number,
  incX: number,
  y: TypedArray,
  offY: number,
  incY: number,
): number {
  checkVec2("dot", n, x, offX, incX, y, offY, incY, { writeY: false });
  let acc = 0;
  for (let i = 0; i < n; i++) acc += x[offX + i * incX] * y[offY + i * incY];
  return acc;
}
