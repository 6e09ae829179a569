/**
 * Small matrix utilities: trace and Kronecker product (the outer product is the array
 * module's `outer`, re-exported by this module's `mod.ts`).
 * @module
 */
import type { NDArray } from "../array/mod.ts";
import { ArgumentError } from "../array/mod.ts";
import { checkArray, joinDtype, wrap } from "./_matrix.ts";

/** Sum of the main diagonal of the 2-D array `a` (any `m×n`; 0 for an empty one). */
export function trace(a: NDArray): number {
  const x = checkArray("trace", "a", a);
  if (x.shape.length !== 2) throw new ArgumentError("trace", "a", "a 2-D array", x.shape);
  const [m, n] = x.shape;
  const d = x.dataSync();
  let s = 0;
  for (let i = 0; i < Math.min(m, n); i++) s += d[i * n + i];
  return s;
}

/**
 * Kronecker product. For 2-D `a` (`p×q`) and `b` (`r×s`): the `pr×qs` block matrix with
 * blocks `a[i,j]·b`; for 1-D `a` (`p`) and `b` (`r`): the vector of length `pr` with
 * `out[i·r + k] = a[i]·b[k]` (numpy's `kron`).
 */
export function kron(a: NDArray, b: NDArray): NDArray {
  const fn = "kron";
  const x = checkArray(fn, "a", a);
  const y = checkArray(fn, "b", b);
  if (x.shape.length !== y.shape.length || (x.shape.length !== 1 && x.shape.length !== 2)) {
    throw new ArgumentError(
      fn,
      "b",
      `an array of the same rank (1 or 2) as "a" (shape [${x.shape}])`,
      y.shape,
    );
  }
  const two = x.shape.length === 2;
  const [p, q] = two ? x.shape : [1, x.shape[0]];
  const [r, s] = two ? y.shape : [1, y.shape[0]];
  const ad = x.dataSync();
  const bd = y.dataSync();
  const cols = q * s;
  const out = new Float64Array(p * r * cols);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < q; j++) {
      const aij = ad[i * q + j];
      for (let k = 0; k < r; k++) {
        const ro = (i * r + k) * cols + j * s;
        const rb = k * s;
        for (let l = 0; l < s; l++) out[ro + l] = aij * bd[rb + l];
      }
    }
  }
  return wrap(out, two ? [p * r, cols] : [cols], joinDtype(x.dtype, y.dtype));
}
