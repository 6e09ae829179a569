/**
 * Reference `x ← alpha·x` (BLAS `xSCAL`).
 *
 * @module
 */
import type { TypedArray } from "../types.ts";
import { checkVec1 } from "../validate.ts";

/** `x[offX + i·incX] *= alpha` for `i < n` (`incX` must be nonzero; IEEE: `0·NaN = NaN`). */
export function scalCpu(n: number, alpha: number, x: TypedArray, offX: number, incX: number): void {
  checkVec1("scal", n, x, offX, incX, { write: true });
  if (typeof alpha !== "number") {
    throw new Error(`scal: argument "alpha" must be a number, got ${typeof alpha}`);
  }
  for (let i = 0; i < n; i++) x[offX + i * incX] *= alpha;
}
