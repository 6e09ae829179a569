/**
 * Uniformly random permutations.
 *
 * @module
 */

import { ArgumentError, checkCount } from "./checks.ts";
import { assertKey, type Key } from "./key.ts";
import { uniformF64 } from "./uniform.ts";

/**
 * Fisher–Yates shuffle of `out[0..n)` in place using the uniforms u (length ≥ n): for
 * i = n−1 … 1 swap out[i] with out[⌊u_i·(i+1)⌋]. With 53-bit uniforms the bias of each index
 * is below n·2^−53. Internal.
 */
export function shuffleInPlace(out: Int32Array, u: Float64Array, stop = 0): void {
  for (let i = out.length - 1; i >= Math.max(1, stop); i--) {
    const j = Math.floor(u[i] * (i + 1));
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
}

/**
 * A uniformly random permutation of 0, …, n−1 (Fisher–Yates driven by
 * {@link uniformF64}(k, n)).
 *
 * @param k the key
 * @param n the number of elements (< 2^31)
 * @returns a new Int32Array holding each of 0..n−1 once
 */
export function permutation(k: Key, n: number): Int32Array {
  assertKey("permutation", k);
  checkCount("permutation", "n", n);
  if (n >= 2 ** 31) throw new ArgumentError("permutation", "n", "an integer < 2^31", n);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  shuffleInPlace(out, uniformF64(k, n));
  return out;
}
