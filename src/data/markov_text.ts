/**
 * Synthetic order-2 Markov character text with Zipfian transition rows and a known entropy
 * rate: the offline default corpus of the Seesaw language-model experiment
 * (PAPERS.md, "Seesaw": the offline stand-in for C4 in the scaled-down LM run; its entropy rate H∞ is the
 * irreducible loss, in nats per character, of any model that sees two characters of context or
 * more).
 *
 * Construction (all from one key): for each context (a, b) of two symbols, the next-symbol
 * distribution is a Zipf law over a random ranking of the V symbols,
 *   P(c | a, b) = (r_ab(c) + 1)^(−s_ab) / Σ_{r=1..V} r^(−s_ab),
 * where r_ab is a uniformly random permutation of 0..V−1 (rank 0 is the most likely symbol)
 * from {@link permutation}(foldIn(kRows, a·V + b), V), and the exponent
 * s_ab = exponentMin + (exponentMax − exponentMin)·u_ab, u_ab uniform on [0, 1) from
 * {@link uniformF64}(kExponents, V²), with (kRows, kExponents) = split(key). Every row has
 * full support, so the pair chain (a, b) → (b, c) is irreducible and aperiodic with a unique
 * stationary law π, and the entropy rate is
 *   H∞ = −Σ_{a,b} π(a, b) Σ_c P(c | a, b) ln P(c | a, b)   (nats per character).
 *
 * @module
 */

import { ArgumentError } from "../array/errors.ts";
import { assertKey, foldIn, type Key, split } from "../random/key.ts";
import { permutation } from "../random/permutation.ts";
import { uniformF64 } from "../random/uniform.ts";

/** Options of {@link markovChain}. */
export interface MarkovChainOptions {
  /** Number of symbols V (2 ≤ V ≤ 256; default 32). */
  vocabSize?: number;
  /** Smallest Zipf exponent of a row (default 0.8). */
  exponentMin?: number;
  /** Largest Zipf exponent of a row (default 1.6); equal to exponentMin for identical laws. */
  exponentMax?: number;
}

/** An order-2 Markov chain on V symbols with its stationary law and entropy rate. */
export interface MarkovChain {
  /** Number of symbols V. */
  readonly vocabSize: number;
  /** P(c | a, b) at index (a·V + b)·V + c (length V³). */
  readonly probs: Float64Array;
  /** Stationary law π(a, b) of the pair chain at index a·V + b (length V²). */
  readonly stationary: Float64Array;
  /** Entropy of each row, −Σ_c P(c|a,b) ln P(c|a,b), at index a·V + b (length V², nats). */
  readonly rowEntropyNats: Float64Array;
  /** Entropy rate H∞ = Σ π(a,b)·rowEntropy(a,b), nats per character. */
  readonly entropyRateNats: number;
}

/**
 * The stationary law of the pair chain (a, b) → (b, c) with kernel P(c | a, b), by power
 * iteration from the uniform law until the L1 change is below 1e-15 (the chain is primitive
 * when every row has full support, so the iteration converges geometrically).
 *
 * @param probs P(c | a, b) at (a·V + b)·V + c, rows summing to 1
 * @param vocabSize V
 * @returns π at a·V + b, summing to 1
 */
export function pairStationary(probs: Float64Array, vocabSize: number): Float64Array {
  const V = vocabSize, V2 = V * V;
  let pi = new Float64Array(V2).fill(1 / V2);
  let next = new Float64Array(V2);
  for (let it = 0; it < 100000; it++) {
    next.fill(0);
    for (let a = 0; a < V; a++) {
      for (let b = 0; b < V; b++) {
        const w = pi[a * V + b];
        if (w === 0) continue;
        const row = (a * V + b) * V;
        for (let c = 0; c < V; c++) next[b * V + c] += w * probs[row + c];
      }
    }
    let s = 0;
    for (let i = 0; i < V2; i++) s += next[i];
    let diff = 0;
    for (let i = 0; i < V2; i++) {
      next[i] /= s;
      diff += Math.abs(next[i] - pi[i]);
    }
    [pi, next] = [next, pi];
    if (diff < 1e-15) break;
  }
  return pi;
}

/**
 * Builds the order-2 Zipfian Markov chain of the Seesaw LM corpus (PAPERS.md) from a key (construction in the
 * module doc) and computes its stationary law and exact entropy rate.
 *
 * @param k the key (the chain is a deterministic function of it)
 * @param opts `{ vocabSize = 32, exponentMin = 0.8, exponentMax = 1.6 }`
 * @returns the chain with `entropyRateNats`, the irreducible loss in nats per character
 */
export function markovChain(k: Key, opts: MarkovChainOptions = {}): MarkovChain {
  assertKey("markovChain", k);
  const V = opts.vocabSize ?? 32;
  if (!Number.isInteger(V) || V < 2 || V > 256) {
    throw new ArgumentError("markovChain", "vocabSize", "an integer in [2, 256]", V);
  }
  const sMin = opts.exponentMin ?? 0.8, sMax = opts.exponentMax ?? 1.6;
  if (!(Number.isFinite(sMin) && sMin >= 0)) {
    throw new ArgumentError("markovChain", "exponentMin", "a finite number >= 0", sMin);
  }
  if (!(Number.isFinite(sMax) && sMax >= sMin)) {
    throw new ArgumentError("markovChain", "exponentMax", `a finite number >= ${sMin}`, sMax);
  }
  const [kRows, kExp] = split(k);
  const u = uniformF64(kExp, V * V);
  const probs = new Float64Array(V * V * V);
  const rowH = new Float64Array(V * V);
  const zipf = new Float64Array(V);
  for (let ctx = 0; ctx < V * V; ctx++) {
    const s = sMin + (sMax - sMin) * u[ctx];
    let z = 0;
    for (let r = 0; r < V; r++) z += zipf[r] = Math.pow(r + 1, -s);
    let h = 0;
    for (let r = 0; r < V; r++) {
      zipf[r] /= z;
      h -= zipf[r] * Math.log(zipf[r]);
    }
    rowH[ctx] = h;
    const rank = permutation(foldIn(kRows, ctx), V); // rank[c] = Zipf rank of symbol c
    for (let c = 0; c < V; c++) probs[ctx * V + c] = zipf[rank[c]];
  }
  const stationary = pairStationary(probs, V);
  let H = 0;
  for (let i = 0; i < V * V; i++) H += stationary[i] * rowH[i];
  return { vocabSize: V, probs, stationary, rowEntropyNats: rowH, entropyRateNats: H };
}

/**
 * Samples `n` symbols of the chain's stationary process: the first two symbols from π, then
 * x_t ~ P(· | x_{t−2}, x_{t−1}) by inverse CDF on {@link uniformF64}(k, n) (the first
 * uniform picks the initial pair).
 *
 * @param k the key
 * @param chain a chain from {@link markovChain}
 * @param n number of symbols
 * @returns a new Int32Array of symbols in [0, V)
 */
export function sampleMarkovText(k: Key, chain: MarkovChain, n: number): Int32Array {
  assertKey("sampleMarkovText", k);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new ArgumentError("sampleMarkovText", "n", "a non-negative integer", n);
  }
  const V = chain.vocabSize;
  const out = new Int32Array(n);
  if (n === 0) return out;
  const u = uniformF64(k, n);
  // initial pair from π by inverse CDF
  let x = u[0], ab = 0;
  for (; ab < V * V - 1; ab++) {
    x -= chain.stationary[ab];
    if (x < 0) break;
  }
  out[0] = Math.floor(ab / V);
  if (n > 1) out[1] = ab % V;
  const cdf = new Float64Array(V * V * V);
  for (let ctx = 0; ctx < V * V; ctx++) {
    let acc = 0;
    for (let c = 0; c < V; c++) cdf[ctx * V + c] = acc += chain.probs[ctx * V + c];
    cdf[ctx * V + V - 1] = Infinity; // guards the search against round-off in the row sum
  }
  for (let t = 2; t < n; t++) {
    const base = (out[t - 2] * V + out[t - 1]) * V;
    const v = u[t];
    let lo = 0, hi = V - 1; // first c with cdf > v
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[base + mid] > v) hi = mid;
      else lo = mid + 1;
    }
    out[t] = lo;
  }
  return out;
}

/** A synthetic corpus from {@link markovText}. */
export interface MarkovText {
  /** The symbols, in [0, V). */
  readonly tokens: Int32Array;
  /** The generating chain (its `entropyRateNats` is the irreducible loss). */
  readonly chain: MarkovChain;
  /** Same as `chain.entropyRateNats`: H∞ in nats per character. */
  readonly entropyRateNats: number;
}

/**
 * The synthetic order-2 Markov text of the Seesaw LM run (PAPERS.md): a chain from {@link markovChain} with
 * key split(k)[0] and `n` symbols sampled from it with key split(k)[1].
 *
 * @param k the key
 * @param n number of characters
 * @param opts chain options (`vocabSize`, `exponentMin`, `exponentMax`)
 * @returns tokens, chain and the entropy rate (nats per character)
 */
export function markovText(k: Key, n: number, opts: MarkovChainOptions = {}): MarkovText {
  assertKey("markovText", k);
  const [kChain, kSample] = split(k);
  const chain = markovChain(kChain, opts);
  const tokens = sampleMarkovText(kSample, chain, n);
  return { tokens, chain, entropyRateNats: chain.entropyRateNats };
}
