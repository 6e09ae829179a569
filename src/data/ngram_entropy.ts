/**
 * Plug-in n-gram entropies of a token stream: the reference levels a character language model
 * must beat (a model that learns only symbol frequencies reaches the unigram entropy, one that
 * learns only the previous symbol the bigram conditional entropy).
 *
 * @module
 */

import { ArgumentError, checkPositiveInt } from "../errors/mod.ts";

/** Unigram and bigram entropies of a stream, in nats per token. */
export interface NgramEntropies {
  /** H(X) = −Σ p(a) ln p(a) over the empirical symbol frequencies. */
  unigram: number;
  /** H(X_t | X_{t−1}) = −Σ p(a, b) ln p(b | a) over the empirical pair frequencies. */
  bigram: number;
}

/**
 * Empirical (plug-in) unigram entropy and bigram conditional entropy of `tokens`, in nats per
 * token. They are the cross-entropies of the best unigram and bigram models fitted to the
 * stream itself, so they slightly underestimate what a model fitted elsewhere achieves on it.
 *
 * @param tokens ids in [0, vocabSize), length ≥ 2
 * @param vocabSize the number of symbols
 * @returns `{ unigram, bigram }` in nats per token
 */
export function ngramEntropies(tokens: Int32Array, vocabSize: number): NgramEntropies {
  const fn = "ngramEntropies";
  checkPositiveInt(fn, "vocabSize", vocabSize);
  if (!(tokens instanceof Int32Array) || tokens.length < 2) {
    throw new ArgumentError(fn, "tokens", "an Int32Array of length >= 2", tokens?.length);
  }
  const V = vocabSize, n = tokens.length;
  const uni = new Float64Array(V), pair = new Float64Array(V * V), prev = new Float64Array(V);
  for (let i = 0; i < n; i++) {
    const t = tokens[i];
    if (!(t >= 0 && t < V)) throw new ArgumentError(fn, "tokens", `ids in [0, ${V})`, t);
    uni[t]++;
    if (i > 0) {
      pair[tokens[i - 1] * V + t]++;
      prev[tokens[i - 1]]++;
    }
  }
  let hu = 0;
  for (let a = 0; a < V; a++) if (uni[a] > 0) hu -= (uni[a] / n) * Math.log(uni[a] / n);
  let hb = 0;
  for (let a = 0; a < V; a++) {
    for (let b = 0; b < V; b++) {
      const c = pair[a * V + b];
      if (c > 0) hb -= (c / (n - 1)) * Math.log(c / prev[a]);
    }
  }
  return { unigram: hu, bigram: hb };
}
