/**
 * Contiguous copy of a strided view (the head split/merge transposes of attention): the backend's
 * strided copy (`Kernels.copy`, which merges axes and copies row by row), on every backend.
 * @module
 */
import type { NDArray } from "../array/ndarray.ts";
import { contiguous } from "../array/shape_ops.ts";

/** `x` itself if contiguous, else a fresh row-major copy. */
export function contiguousK(x: NDArray): NDArray {
  return contiguous(x);
}
