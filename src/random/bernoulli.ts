/**
 * Bernoulli (coin-flip) arrays.
 *
 * @module
 */

import { fromTyped } from "../array/creation.ts";
import { allocTyped, type DType } from "../array/dtype.ts";
import { isNDArray, type NDArray } from "../array/ndarray.ts";
import { broadcastTo } from "../array/shape_ops.ts";
import { ArgumentError, checkDType, checkShape, shapeSize } from "./checks.ts";
import { assertKey, type Key } from "./key.ts";
import { uniformF64 } from "./uniform.ts";

/**
 * An array of `shape` with independent Bernoulli(p) entries in {0, 1}: entry i is 1 exactly
 * when u_i < p_i, u = {@link uniformF64}(k, size).
 *
 * @param k the key
 * @param p success probability in [0, 1]: a number, or an NDArray broadcastable to `shape`
 * @param shape the output shape (a number means a vector)
 * @param opts `{ dtype = "f64" }`
 * @returns a new NDArray of 0s and 1s
 */
export function bernoulli(
  k: Key,
  p: number | NDArray,
  shape: number | readonly number[],
  opts: { dtype?: DType } = {},
): NDArray {
  assertKey("bernoulli", k);
  const s = checkShape("bernoulli", "shape", shape);
  const dtype = checkDType("bernoulli", opts.dtype);
  const n = shapeSize(s);
  const u = uniformF64(k, n);
  const out = allocTyped(dtype, n);
  if (typeof p === "number") {
    if (!(p >= 0 && p <= 1)) throw new ArgumentError("bernoulli", "p", "a number in [0, 1]", p);
    for (let i = 0; i < n; i++) out[i] = u[i] < p ? 1 : 0;
  } else if (isNDArray(p)) {
    const pb = broadcastTo(p, s).dataSync();
    for (let i = 0; i < n; i++) {
      if (!(pb[i] >= 0 && pb[i] <= 1)) {
        throw new ArgumentError("bernoulli", "p", "probabilities in [0, 1]", pb[i]);
      }
      out[i] = u[i] < pb[i] ? 1 : 0;
    }
  } else {
    throw new ArgumentError("bernoulli", "p", "a number or an NDArray", p);
  }
  return fromTyped(out, s);
}
