/**
 * Raw random 32-bit words from a key.
 *
 * @module
 */

import { checkCount } from "./checks.ts";
import { assertKey, type Key } from "./key.ts";
import { philoxBlocks } from "./philox.ts";

/**
 * Fills `out[0..n)` with words 0..n-1 of the key's stream: word i is output word i mod 4 of
 * Philox-4x32-10 at counter (⌊i/4⌋ mod 2^32, ⌊i/2^34⌋, 0, 0). Internal (no argument checks).
 */
export function fillBits(out: Uint32Array, n: number, k: Key): void {
  const full = Math.floor(n / 4);
  if (full > 0) philoxBlocks(out.subarray(0, 4 * full), full, k.k0, k.k1, 0, 0, 0, 0);
  const rest = n - 4 * full;
  if (rest > 0) {
    const tmp = new Uint32Array(4);
    philoxBlocks(tmp, 1, k.k0, k.k1, full % 4294967296, Math.floor(full / 4294967296), 0, 0);
    for (let j = 0; j < rest; j++) out[4 * full + j] = tmp[j];
  }
}

/**
 * Draws `n` uniformly random uint32 words. Counter-based: the result is a prefix of the
 * key's stream, so `randomBits(k, m)` is a prefix of `randomBits(k, n)` for m ≤ n.
 *
 * @param k the key
 * @param n number of words
 * @returns a new Uint32Array of length n
 */
export function randomBits(k: Key, n: number): Uint32Array {
  assertKey("randomBits", k);
  checkCount("randomBits", "n", n);
  const out = new Uint32Array(n);
  fillBits(out, n, k);
  return out;
}
