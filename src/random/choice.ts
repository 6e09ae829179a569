/**
 * Random choice of indices, with or without replacement, uniform or weighted.
 *
 * @module
 */

import { isNDArray, type NDArray } from "../array/ndarray.ts";
import { ArgumentError, checkCount } from "./checks.ts";
import { assertKey, type Key } from "./key.ts";
import { shuffleInPlace } from "./permutation.ts";
import { uniformF64 } from "./uniform.ts";

/** Options of {@link choice}. */
export interface ChoiceOptions {
  /** Number of draws (default 1). */
  size?: number;
  /** Draw with replacement (default true). */
  replace?: boolean;
  /**
   * Weights of the n indices (non-negative, finite, positive sum; normalised internally).
   * Default: uniform.
   */
  p?: readonly number[] | Float64Array | Float32Array | NDArray;
}

function weights(n: number, p: ChoiceOptions["p"]): Float64Array {
  const w = isNDArray(p) ? Float64Array.from(p.dataSync()) : Float64Array.from(p as number[]);
  if (w.length !== n) {
    throw new ArgumentError("choice", "p", `${n} weights (one per index)`, p);
  }
  let total = 0;
  for (const v of w) {
    if (!(v >= 0 && v < Infinity)) {
      throw new ArgumentError("choice", "p", "non-negative finite weights", v);
    }
    total += v;
  }
  if (!(total > 0)) throw new ArgumentError("choice", "p", "weights with a positive sum", total);
  return w;
}

/**
 * Draws `size` indices from {0, …, n−1}.
 * - with replacement, uniform: ⌊u_i·n⌋;
 * - with replacement, weights p: inverse CDF, the first i with P_i > u·P_n (P = cumulative sums);
 * - without replacement, uniform: the first `size` entries of a partial Fisher–Yates shuffle;
 * - without replacement, weights p: the Gumbel-top-k trick (Vieira 2014; Kool, van Hoof and
 *   Welling 2019): the `size` largest of log p_i + G_i, G_i iid Gumbel — the same law as drawing
 *   one at a time proportionally to p among the indices not yet drawn.
 *
 * @param k the key
 * @param n the number of indices (< 2^31)
 * @param opts `{ size = 1, replace = true, p }`
 * @returns a new Int32Array of length `size`
 */
export function choice(k: Key, n: number, opts: ChoiceOptions = {}): Int32Array {
  assertKey("choice", k);
  checkCount("choice", "n", n);
  if (n >= 2 ** 31) throw new ArgumentError("choice", "n", "an integer < 2^31", n);
  const size = checkCount("choice", "size", opts.size ?? 1);
  const replace = opts.replace ?? true;
  if (typeof replace !== "boolean") {
    throw new ArgumentError("choice", "replace", "a boolean", replace);
  }
  const out = new Int32Array(size);
  if (size === 0) return out;
  if (n === 0) throw new ArgumentError("choice", "n", "a positive integer when size > 0", n);
  const w = opts.p === undefined ? null : weights(n, opts.p);
  if (replace) {
    const u = uniformF64(k, size);
    if (w === null) {
      for (let i = 0; i < size; i++) out[i] = Math.floor(u[i] * n);
      return out;
    }
    const cdf = new Float64Array(n);
    let acc = 0;
    for (let i = 0; i < n; i++) cdf[i] = acc += w[i];
    const total = cdf[n - 1];
    for (let i = 0; i < size; i++) {
      const x = u[i] * total;
      let lo = 0, hi = n - 1; // first index with cdf > x; cdf[n-1] = total > x
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cdf[mid] > x) hi = mid;
        else lo = mid + 1;
      }
      out[i] = lo;
    }
    return out;
  }
  if (w === null) {
    if (size > n) {
      throw new ArgumentError("choice", "size", `at most n=${n} without replacement`, size);
    }
    // partial Fisher–Yates from the top: positions n−1 … n−size are the draws
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    shuffleInPlace(idx, uniformF64(k, n), n - size);
    for (let i = 0; i < size; i++) out[i] = idx[n - 1 - i];
    return out;
  }
  let support = 0;
  for (const v of w) if (v > 0) support++;
  if (size > support) {
    throw new ArgumentError(
      "choice",
      "size",
      `at most ${support} (the number of positive weights) without replacement`,
      size,
    );
  }
  const u = uniformF64(k, n);
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // u = 0 gives −∞ (never drawn) with probability 2^−53
    score[i] = w[i] > 0 ? Math.log(w[i]) - Math.log(-Math.log(u[i])) : -Infinity;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[b] - score[a]);
  for (let i = 0; i < size; i++) out[i] = order[i];
  return out;
}
