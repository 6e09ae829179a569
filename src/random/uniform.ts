/**
 * Uniform samplers on [low, high).
 *
 * @module
 */

import { fromTyped } from "../array/creation.ts";
import type { DType } from "../array/dtype.ts";
import type { NDArray } from "../array/ndarray.ts";
import {
  ArgumentError,
  checkCount,
  checkDType,
  checkFinite,
  checkShape,
  shapeSize,
} from "./checks.ts";
import { fillBits } from "./bits.ts";
import { INV_2_24, nextDown32, nextDown64, nextUp32, u53 } from "./float_bits.ts";
import { assertKey, type Key } from "./key.ts";

/** Options of the uniform samplers. */
export interface UniformOptions {
  /** Lower bound, included (default 0). */
  low?: number;
  /** Upper bound, excluded (default 1); must exceed `low`. */
  high?: number;
}

function bounds(fn: string, opts: UniformOptions): [number, number] {
  const low = checkFinite(fn, "low", opts.low ?? 0);
  const high = checkFinite(fn, "high", opts.high ?? 1);
  if (!(low < high)) {
    throw new ArgumentError(fn, "low", `a number less than high=${high}`, low);
  }
  return [low, high];
}

/**
 * Draws `n` independent uniform doubles on [low, high) with 53 random bits each: sample i is
 * low + (high − low)·u_i, u_i = (⌊w_{2i}/2^5⌋·2^26 + ⌊w_{2i+1}/2^6⌋)·2^−53 from words 2i, 2i+1
 * of the key's stream (a result rounded up to `high` is replaced by the double just below it).
 *
 * @param k the key
 * @param n number of samples
 * @param opts `{ low = 0, high = 1 }`
 * @returns a new Float64Array of length n
 */
export function uniformF64(k: Key, n: number, opts: UniformOptions = {}): Float64Array {
  assertKey("uniformF64", k);
  checkCount("uniformF64", "n", n);
  const [low, high] = bounds("uniformF64", opts);
  const w = new Uint32Array(2 * n);
  fillBits(w, 2 * n, k);
  const out = new Float64Array(n);
  const width = high - low;
  if (!Number.isFinite(width)) {
    // high − low overflows: interpolate instead of scaling
    for (let i = 0; i < n; i++) {
      const u = u53(w[2 * i], w[2 * i + 1]);
      let v = low * (1 - u) + high * u;
      if (v >= high) v = nextDown64(high);
      out[i] = v;
    }
    return out;
  }
  const top = nextDown64(high);
  for (let i = 0; i < n; i++) {
    let v = low + width * u53(w[2 * i], w[2 * i + 1]);
    if (v >= high) v = top;
    out[i] = v;
  }
  return out;
}

/**
 * Draws `n` independent uniform float32 values on [low, high) with 24 random bits each:
 * sample i is fround(low + (high − low)·u_i), u_i = ⌊w_i/2^8⌋·2^−24 from word i of the key's
 * stream, clamped into [low, high) in float32.
 *
 * @param k the key
 * @param n number of samples
 * @param opts `{ low = 0, high = 1 }`
 * @returns a new Float32Array of length n
 */
export function uniformF32(k: Key, n: number, opts: UniformOptions = {}): Float32Array {
  assertKey("uniformF32", k);
  checkCount("uniformF32", "n", n);
  const [low, high] = bounds("uniformF32", opts);
  let lo32 = Math.fround(low);
  if (lo32 < low) lo32 = nextUp32(lo32);
  let hi32 = Math.fround(high);
  if (hi32 >= high) hi32 = nextDown32(hi32);
  if (!(lo32 <= hi32)) {
    throw new ArgumentError("uniformF32", "high", `a bound with a float32 in [${low}, high)`, high);
  }
  const w = new Uint32Array(n);
  fillBits(w, n, k);
  const out = new Float32Array(n);
  const width = high - low;
  for (let i = 0; i < n; i++) {
    let v = Math.fround(low + width * ((w[i] >>> 8) * INV_2_24));
    if (v > hi32) v = hi32;
    if (v < lo32) v = lo32;
    out[i] = v;
  }
  return out;
}

/** Options of {@link uniform}. */
export interface UniformArrayOptions extends UniformOptions {
  /** Element type (default "f64"). */
  dtype?: DType;
}

/**
 * An array of `shape` with independent uniform entries on [low, high), in row-major order the
 * samples of {@link uniformF64} (dtype f64) or {@link uniformF32} (dtype f32).
 *
 * @param k the key
 * @param shape the output shape (a number means a vector)
 * @param opts `{ dtype = "f64", low = 0, high = 1 }`
 * @returns a new contiguous NDArray
 */
export function uniform(
  k: Key,
  shape: number | readonly number[],
  opts: UniformArrayOptions = {},
): NDArray {
  assertKey("uniform", k);
  const s = checkShape("uniform", "shape", shape);
  const dtype = checkDType("uniform", opts.dtype);
  const n = shapeSize(s);
  const range = { low: opts.low, high: opts.high };
  return fromTyped(dtype === "f64" ? uniformF64(k, n, range) : uniformF32(k, n, range), s);
}
