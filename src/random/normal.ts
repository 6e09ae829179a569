/**
 * Gaussian samplers (Box–Muller on 53-bit uniforms).
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
import { u53 } from "./float_bits.ts";
import { assertKey, type Key } from "./key.ts";

/** Options of the Gaussian samplers. */
export interface NormalOptions {
  /** Mean (default 0). */
  mean?: number;
  /** Standard deviation, ≥ 0 (default 1). */
  std?: number;
}

function params(fn: string, opts: NormalOptions): [number, number] {
  const mean = checkFinite(fn, "mean", opts.mean ?? 0);
  const std = checkFinite(fn, "std", opts.std ?? 1);
  if (std < 0) throw new ArgumentError(fn, "std", "a number >= 0", std);
  return [mean, std];
}

/** Fills out[0..n) with standard normals: Box–Muller on Philox block j → samples 2j, 2j+1. */
function fillStandardNormal(out: Float64Array, n: number, k: Key): void {
  const pairs = Math.ceil(n / 2);
  const w = new Uint32Array(4 * pairs);
  fillBits(w, 4 * pairs, k);
  const twoPi = 2 * Math.PI;
  for (let j = 0; j < pairs; j++) {
    // 1 − u ∈ (0, 1], so the log is finite; |z| ≤ sqrt(2·53·ln 2) ≈ 8.57
    const u1 = 1 - u53(w[4 * j], w[4 * j + 1]);
    const u2 = u53(w[4 * j + 2], w[4 * j + 3]);
    const r = Math.sqrt(-2 * Math.log(u1));
    const t = twoPi * u2;
    out[2 * j] = r * Math.cos(t);
    if (2 * j + 1 < n) out[2 * j + 1] = r * Math.sin(t);
  }
}

/**
 * Draws `n` independent N(mean, std²) doubles by the Box–Muller transform: Philox block j of
 * the key's stream (4 words) gives u₁, u₂ with 53 bits each and samples 2j, 2j+1 are
 * mean + std·√(−2 ln(1−u₁))·(cos 2πu₂, sin 2πu₂), computed in float64.
 *
 * @param k the key
 * @param n number of samples
 * @param opts `{ mean = 0, std = 1 }`
 * @returns a new Float64Array of length n
 */
export function normalF64(k: Key, n: number, opts: NormalOptions = {}): Float64Array {
  assertKey("normalF64", k);
  checkCount("normalF64", "n", n);
  const [mean, std] = params("normalF64", opts);
  const out = new Float64Array(n);
  fillStandardNormal(out, n, k);
  if (mean !== 0 || std !== 1) { for (let i = 0; i < n; i++) out[i] = mean + std * out[i]; }
  return out;
}

/**
 * Draws `n` independent N(mean, std²) float32 values: the float32 rounding of
 * {@link normalF64} with the same key and options (so the two agree to float32 precision).
 *
 * @param k the key
 * @param n number of samples
 * @param opts `{ mean = 0, std = 1 }`
 * @returns a new Float32Array of length n
 */
export function normalF32(k: Key, n: number, opts: NormalOptions = {}): Float32Array {
  assertKey("normalF32", k);
  checkCount("normalF32", "n", n);
  const [mean, std] = params("normalF32", opts);
  const z = new Float64Array(n);
  fillStandardNormal(z, n, k);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = mean + std * z[i];
  return out;
}

/** Options of {@link normal}. */
export interface NormalArrayOptions extends NormalOptions {
  /** Element type (default "f64"). */
  dtype?: DType;
}

/**
 * An array of `shape` with independent N(mean, std²) entries, in row-major order the samples
 * of {@link normalF64} (dtype f64) or {@link normalF32} (dtype f32).
 *
 * @param k the key
 * @param shape the output shape (a number means a vector)
 * @param opts `{ dtype = "f64", mean = 0, std = 1 }`
 * @returns a new contiguous NDArray
 */
export function normal(
  k: Key,
  shape: number | readonly number[],
  opts: NormalArrayOptions = {},
): NDArray {
  assertKey("normal", k);
  const s = checkShape("normal", "shape", shape);
  const dtype = checkDType("normal", opts.dtype);
  const n = shapeSize(s);
  const p = { mean: opts.mean, std: opts.std };
  return fromTyped(dtype === "f64" ? normalF64(k, n, p) : normalF32(k, n, p), s);
}
