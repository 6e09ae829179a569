/**
 * Reference Euclidean norm (BLAS `xNRM2`), scaled against overflow and underflow.
 *
 * @module
 */
import type { TypedArray } from "../types.ts";
import { checkVec1 } from "../validate.ts";

/**
 * `sqrt(Σ_{i<n} x[offX + i·incX]²)`, computed in two passes as `s·sqrt(Σ (xᵢ/s)²)` with
 * `s = maxᵢ |xᵢ|`, so it neither overflows (e.g. `[1e200, 1e200]` → `√2·1e200`) nor underflows
 * (`[1e-200, 1e-200]`). Any NaN gives NaN; otherwise any ±Inf gives Inf.
 */
export function nrm2Cpu(n: number, x: TypedArray, offX: number, incX: number): number {
  checkVec1("nrm2", n, x, offX, incX, { write: false });
  let scale = 0;
  let sawNaN = false;
  for (let i = 0; i < n; i++) {
    const v = Math.abs(x[offX + i * incX]);
    if (v > scale) scale = v;
    else if (v !== v) sawNaN = true;
  }
  if (sawNaN) return NaN;
  if (scale === 0) return 0;
  if (scale === Infinity) return Infinity;
  let ssq = 0;
  for (let i = 0; i < n; i++) {
    const v = x[offX + i * incX] / scale;
    ssq += v * v;
  }
  return scale * Math.sqrt(ssq);
}
