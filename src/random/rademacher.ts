/**
 * Rademacher (random sign) samplers.
 *
 * @module
 */

import { checkCount } from "./checks.ts";
import { fillBits } from "./bits.ts";
import { assertKey, type Key } from "./key.ts";

/**
 * Draws `n` independent Rademacher signs ±1 (probability ½ each): sample i is +1 when bit
 * (i mod 32) of word ⌊i/32⌋ of the key's stream is set, −1 otherwise.
 *
 * @param k the key
 * @param n number of samples
 * @returns a new Float64Array of length n with entries in {−1, +1}
 */
export function rademacherF64(k: Key, n: number): Float64Array {
  assertKey("rademacherF64", k);
  checkCount("rademacherF64", "n", n);
  const nw = Math.ceil(n / 32);
  const w = new Uint32Array(nw);
  fillBits(w, nw, k);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (w[i >>> 5] >>> (i & 31)) & 1 ? 1 : -1;
  return out;
}
