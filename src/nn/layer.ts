/**
 * The layer contract: a layer is a plain object `{ init(key), apply(params, x) }` built by a
 * factory from its configuration. `init` draws a parameter tree from an explicit key; `apply` is
 * a pure function of the parameters and the input, built from differentiable ops (src/autodiff),
 * so `grad` differentiates it.
 * @module
 */
import type { DType } from "../array/dtype.ts";
import { ArgumentError } from "../array/errors.ts";
import type { NDArray } from "../array/ndarray.ts";
import type { Tree } from "../autodiff/tree.ts";
import type { Key } from "../random/key.ts";

/** A layer with parameters `P`, input `I` and output `O`. */
export interface Layer<P extends Tree, I = NDArray, O = NDArray> {
  /** Draw fresh parameters from `key`. */
  init(key: Key): P;
  /** The layer's output for input `x`. */
  apply(params: P, x: I): O;
}

/** Parameter dtype option shared by all layer factories (default "f32"). */
export interface DTypeOpt {
  /** Element type of the parameters (default "f32"). */
  dtype?: DType;
}

/** Throw unless `n` is a positive integer (a layer size). */
export function checkDim(fn: string, arg: string, n: unknown): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n <= 0) {
    throw new ArgumentError(fn, arg, "a positive integer", n);
  }
  return n;
}

/** Throw unless `x` is a finite number ≥ 0 (a standard deviation or a multiplier). */
export function checkNonNeg(fn: string, arg: string, x: unknown): number {
  if (typeof x !== "number" || !Number.isFinite(x) || x < 0) {
    throw new ArgumentError(fn, arg, "a finite number ≥ 0", x);
  }
  return x;
}
