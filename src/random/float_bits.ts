/**
 * Conversions from random words to floats (internal; not re-exported).
 *
 * @module
 */

/** 2^-53 */
export const INV_2_53 = 1 / 9007199254740992;
/** 2^-24 */
export const INV_2_24 = 1 / 16777216;

/** A uniform double in [0, 1) with 53 random bits, from two uint32 words. */
export function u53(a: number, b: number): number {
  return ((a >>> 5) * 67108864 + (b >>> 6)) * INV_2_53;
}

const f64buf = new Float64Array(1);
const u64view = new BigInt64Array(f64buf.buffer);
const f32buf = new Float32Array(1);
const u32view = new Int32Array(f32buf.buffer);

/** The largest double strictly below the finite double x. */
export function nextDown64(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  f64buf[0] = x;
  u64view[0] += x > 0 ? -1n : 1n;
  return f64buf[0];
}

/** The largest float32 strictly below the finite float32 x. */
export function nextDown32(x: number): number {
  x = Math.fround(x);
  if (x === 0) return -1.401298464324817e-45;
  f32buf[0] = x;
  u32view[0] += x > 0 ? -1 : 1;
  return f32buf[0];
}

/** The smallest float32 strictly above the finite float32 x. */
export function nextUp32(x: number): number {
  return -nextDown32(-x);
}
