/**
 * The cpu reference of `Kernels.gather` (src/backend/types.ts): a gather along the middle axis
 * of a contiguous `[outer, n, inner]` block.
 *
 * @module
 */
import type { TypedArray } from "../types.ts";
import { checkSize, checkSpan } from "../validate.ts";
import { ArgumentError } from "../../errors/mod.ts";

/** `out[offOut + (o*k + i)*inner + j] = x[offX + (o*n + indices[i])*inner + j]`. */
export function gatherCpu(
  x: TypedArray,
  offX: number,
  indices: Int32Array,
  outer: number,
  n: number,
  inner: number,
  out: TypedArray,
  offOut: number,
): void {
  checkSize("gather", "outer", outer);
  checkSize("gather", "n", n);
  checkSize("gather", "inner", inner);
  if (!(indices instanceof Int32Array)) {
    throw new ArgumentError("gather", "indices", "an Int32Array", indices);
  }
  const k = indices.length;
  for (let i = 0; i < k; i++) {
    if (!(indices[i] >= 0 && indices[i] < n)) {
      throw new ArgumentError("gather", `indices[${i}]`, `an index in [0, ${n})`, indices[i]);
    }
  }
  checkSpan("gather", "x", x, offX, outer * n * inner);
  checkSpan("gather", "out", out, offOut, outer * k * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < k; i++) {
      const src = offX + (o * n + indices[i]) * inner, dst = offOut + (o * k + i) * inner;
      if (inner === 1) out[dst] = x[src];
      else out.set(x.subarray(src, src + inner), dst);
    }
  }
}
