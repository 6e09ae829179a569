/**
 * Splittable counter-based PRNG keys (the JAX model): a key is an immutable 64-bit Philox
 * key; new independent keys come from {@link split} and {@link foldIn}, which encrypt
 * distinct counters under the parent key. Samplers read the Philox stream of a key at
 * counters (i, 0, 0, 0); split uses counters (i, 0, 0, 1) and foldIn (data, 0, 0, 2), so
 * the three uses never overlap and results never depend on call order.
 *
 * @module
 */

import { ArgumentError } from "./checks.ts";
import { philox4x32 } from "./philox.ts";

/**
 * A PRNG key: a frozen object holding the two uint32 words of a Philox-4x32-10 key.
 * Keys are values: using the same key twice gives the same numbers. Derive fresh keys with
 * {@link split} or {@link foldIn}; never reuse a key for two purposes that must be independent.
 */
export interface Key {
  /** Tag identifying the generator. */
  readonly algorithm: "philox4x32-10";
  /** Key word 0 (uint32). */
  readonly k0: number;
  /** Key word 1 (uint32). */
  readonly k1: number;
}

const TWO32 = 4294967296;
const TAG_SPLIT = 1;
const TAG_FOLD = 2;

function makeKey(k0: number, k1: number): Key {
  return Object.freeze({ algorithm: "philox4x32-10" as const, k0: k0 >>> 0, k1: k1 >>> 0 });
}

/** Splits a safe integer into (low, high) uint32 words of its 64-bit two's complement. */
function words64(x: number): [number, number] {
  const lo = ((x % TWO32) + TWO32) % TWO32;
  const hi = ((Math.floor(x / TWO32) % TWO32) + TWO32) % TWO32;
  return [lo >>> 0, hi >>> 0];
}

/**
 * Makes a key from an integer seed.
 *
 * @param seed any safe integer (|seed| ≤ 2^53 − 1; negative seeds use 64-bit two's
 *   complement), e.g. `key(0)`, `key(2 ** 40 + 3)`
 * @returns the key whose words are the low and high 32 bits of the seed
 */
export function key(seed: number): Key {
  if (typeof seed !== "number" || !Number.isSafeInteger(seed)) {
    throw new ArgumentError("key", "seed", "an integer with |seed| <= 2^53 - 1", seed);
  }
  const [lo, hi] = words64(seed);
  return makeKey(lo, hi);
}

/** Throws a named error unless `k` is a {@link Key}. */
export function assertKey(fn: string, k: unknown, arg = "key"): asserts k is Key {
  const o = k as Key;
  if (
    typeof k !== "object" || k === null || o.algorithm !== "philox4x32-10" ||
    !Number.isInteger(o.k0) || !Number.isInteger(o.k1) || o.k0 < 0 || o.k1 < 0 ||
    o.k0 >= TWO32 || o.k1 >= TWO32
  ) {
    throw new ArgumentError(fn, arg, "a Key made by key(seed)", k);
  }
}

/**
 * Splits a key into `n` new keys, statistically independent of each other and of the
 * parent's own stream. Key i is Philox(counter (i, 0, 0, 1), parent), words 0–1.
 *
 * @param k the parent key
 * @param n number of keys (default 2)
 * @returns `n` keys; `split(k, m)[i]` equals `split(k, n)[i]` for i < min(m, n)
 */
export function split(k: Key, n = 2): Key[] {
  assertKey("split", k);
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0 || n >= TWO32) {
    throw new ArgumentError("split", "n", "an integer in [0, 2^32)", n);
  }
  const out: Key[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const w = philox4x32([i, 0, 0, TAG_SPLIT], [k.k0, k.k1]);
    out[i] = makeKey(w[0], w[1]);
  }
  return out;
}

/**
 * Derives a key from a parent key and an integer (a step, a layer index, a worker id):
 * Philox(counter (lo, hi, 0, 2), parent), words 0–1, where (lo, hi) are the 64-bit two's
 * complement words of `data`. Distinct data give independent keys.
 *
 * @param k the parent key
 * @param data any safe integer
 * @returns the derived key
 */
export function foldIn(k: Key, data: number): Key {
  assertKey("foldIn", k);
  if (typeof data !== "number" || !Number.isSafeInteger(data)) {
    throw new ArgumentError("foldIn", "data", "an integer with |data| <= 2^53 - 1", data);
  }
  const [lo, hi] = words64(data);
  const w = philox4x32([lo, hi, 0, TAG_FOLD], [k.k0, k.k1]);
  return makeKey(w[0], w[1]);
}
