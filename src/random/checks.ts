/**
 * Argument checks shared by the samplers of src/random (internal; not re-exported). All throw
 * the array module's {@link ArgumentError}: `fn: argument "arg" must be <expected>, got <value>`.
 *
 * @module
 */

import { ArgumentError, checkFinite } from "../errors/mod.ts";

export { ArgumentError };

/** Throws unless `n` is a non-negative safe integer (a count or length). */
export function checkCount(fn: string, arg: string, n: unknown): number {
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) {
    throw new ArgumentError(fn, arg, "a non-negative integer", n);
  }
  return n;
}

/** Throws unless `x` is a finite number (the one check of src/errors). */
export { checkFinite };

/** Throws unless `shape` is a size or an array of sizes; returns it as number[]. */
export function checkShape(fn: string, arg: string, shape: unknown): number[] {
  if (typeof shape === "number") return [checkCount(fn, arg, shape)];
  const ok = Array.isArray(shape) &&
    shape.every((d) => typeof d === "number" && Number.isSafeInteger(d) && d >= 0);
  if (!ok) throw new ArgumentError(fn, arg, "an array of non-negative integers", shape);
  return [...shape];
}

/** Throws unless `dtype` is "f32" or "f64" (undefined gives "f64"). */
export function checkDType(fn: string, dtype: unknown): "f32" | "f64" {
  if (dtype === undefined) return "f64";
  if (dtype !== "f32" && dtype !== "f64") {
    throw new ArgumentError(fn, "dtype", `"f32" or "f64"`, dtype);
  }
  return dtype;
}

/** Product of a shape's dimensions. */
export function shapeSize(shape: readonly number[]): number {
  let s = 1;
  for (const d of shape) s *= d;
  return s;
}
