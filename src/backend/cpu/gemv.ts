/**
 * Reference GEMV in plain TypeScript (the oracle for fast GEMV kernels).
 *
 * @module
 */
import type { GemvArgs } from "../types.ts";
import { checkGemv } from "../validate.ts";

/**
 * `y = alpha·op(A)·x + beta·y` (BLAS `xGEMV`, row-major; see {@linkcode GemvArgs}).
 *
 * Each `y[i]` is a dot product accumulated in double precision and rounded once. `beta = 0`
 * never reads `y`; `alpha = 0` never reads `A` or `x`.
 */
export function gemvCpu(args: GemvArgs<Float32Array> | GemvArgs<Float64Array>): void {
  checkGemv("gemv", args);
  const { trans, m, n, alpha, a, offA, lda, x, offX, incX, beta, y, offY, incY } = args;
  const rows = trans ? n : m; // length of y
  const cols = trans ? m : n; // length of x
  const sR = trans ? 1 : lda, sC = trans ? lda : 1;
  for (let r = 0; r < rows; r++) {
    let acc = 0;
    if (alpha !== 0) {
      for (let q = 0; q < cols; q++) acc += a[offA + r * sR + q * sC] * x[offX + q * incX];
      acc *= alpha;
    }
    const yi = offY + r * incY;
    y[yi] = beta === 0 ? acc : acc + beta * y[yi];
  }
}
