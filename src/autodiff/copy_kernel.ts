/**
 * Contiguous copy of a strided view with a nested loop (no per-element offset table), for the
 * head split/merge transposes of attention. Up to 4 axes; more fall back to `contiguous`.
 * @module
 */
import { allocTyped } from "../array/dtype.ts";
import { NDArray } from "../array/ndarray.ts";
import { contiguous } from "../array/shape_ops.ts";

/** `x` itself if contiguous, else a fresh row-major copy. */
export function contiguousK(x: NDArray): NDArray {
  if (x.isContiguous()) return x;
  if (x.device) return contiguous(x);
  if (x.ndim > 4) return contiguous(x);
  const pad = 4 - x.ndim;
  const sh = [...Array(pad).fill(1), ...x.shape];
  const st = [...Array(pad).fill(0), ...x.strides];
  const [n0, n1, n2, n3] = sh, [s0, s1, s2, s3] = st;
  const src = x.buffer, out = allocTyped(x.dtype, x.size);
  let o = 0;
  for (let a = 0; a < n0; a++) {
    for (let b = 0; b < n1; b++) {
      for (let c = 0; c < n2; c++) {
        let p = x.offset + a * s0 + b * s1 + c * s2;
        if (s3 === 1) {
          for (let d = 0; d < n3; d++) out[o++] = src[p++];
        } else {
          for (let d = 0; d < n3; d++, p += s3) out[o++] = src[p];
        }
      }
    }
  }
  return new NDArray(out, x.shape);
}
