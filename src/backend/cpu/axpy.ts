/**
 * Reference `y ← alpha·x + y` (BLAS `xAXPY`).
 *
 * @module
 */
import type { TypedArray } from "../types.ts";
import { checkVec2 } from "../validate.ts";

/** `y[offY + i·incY] += alpha · x[offX + i·incX]` for `i < n` (`incY` must be nonzero). */
export function axpyCpu(
  n: number,
  alpha: number,
  x: TypedArray,
  offX: number,
  incX: number,
  y: TypedArray,
  offY: number,
  incY: number,
): void {
  checkVec2("axpy", n, x, offX, incX, y, offY, incY, { writeY: true });
  if (typeof alpha !== "number") {
    throw new Error(`axpy: argument "alpha" must be a number, got ${typeof alpha}`);
  }
  for (let i = 0; i < n; i++) y[offY + i * incY] += alpha * x[offX + i * incX];
}
