/**
 * Batches of contiguous token sequences for next-token language modelling.
 *
 * @module
 */

import { ArgumentError } from "../array/errors.ts";
import { assertKey, type Key } from "../random/key.ts";
import { uniformF64 } from "../random/uniform.ts";

/** A batch of B sequences of T tokens with their next-token targets. */
export interface SequenceBatch {
  /** Tokens, row-major [batchSize, contextLength]. */
  readonly inputs: Int32Array;
  /** The next tokens: targets[b·T + t] = corpus[start_b + t + 1], shape [batchSize, contextLength]. */
  readonly targets: Int32Array;
  /** Start position of each sequence in the corpus (length batchSize). */
  readonly starts: Int32Array;
  /** B. */
  readonly batchSize: number;
  /** T. */
  readonly contextLength: number;
}

/** Options of {@link sampleBatch} and {@link evalBatches}. */
export interface BatchOptions {
  /** Sequences per batch B (≥ 1). */
  batchSize: number;
  /** Tokens per sequence T (≥ 1); the corpus needs at least T + 1 tokens. */
  contextLength: number;
}

function check(fn: string, tokens: Int32Array, opts: BatchOptions): [number, number] {
  if (!(tokens instanceof Int32Array)) {
    throw new ArgumentError(fn, "tokens", "an Int32Array", tokens);
  }
  const B = opts?.batchSize, T = opts?.contextLength;
  if (!Number.isSafeInteger(B) || B < 1) {
    throw new ArgumentError(fn, "batchSize", "a positive integer", B);
  }
  if (!Number.isSafeInteger(T) || T < 1) {
    throw new ArgumentError(fn, "contextLength", "a positive integer", T);
  }
  if (tokens.length < T + 1) {
    throw new ArgumentError(
      fn,
      "tokens",
      `at least contextLength + 1 = ${T + 1} tokens`,
      `${tokens.length} tokens`,
    );
  }
  return [B, T];
}

function gather(tokens: Int32Array, starts: Int32Array, B: number, T: number): SequenceBatch {
  const inputs = new Int32Array(B * T), targets = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    const s = starts[b];
    inputs.set(tokens.subarray(s, s + T), b * T);
    targets.set(tokens.subarray(s + 1, s + T + 1), b * T);
  }
  return { inputs, targets, starts, batchSize: B, contextLength: T };
}

/**
 * Samples B windows of T + 1 consecutive tokens uniformly (with replacement) from the corpus:
 * start_b = ⌊u_b·(N − T)⌋ ∈ {0, …, N − T − 1}, u = {@link uniformF64}(k, B), N = tokens.length.
 * For a training loop, use `foldIn(key, step)` as the key of step `step`, so the batches do not
 * depend on how the loop is resumed or sharded.
 *
 * @param k the key
 * @param tokens the encoded corpus (N ≥ T + 1)
 * @param opts `{ batchSize, contextLength }`
 * @returns inputs and next-token targets, each [B, T] row-major
 */
export function sampleBatch(k: Key, tokens: Int32Array, opts: BatchOptions): SequenceBatch {
  assertKey("sampleBatch", k);
  const [B, T] = check("sampleBatch", tokens, opts);
  const u = uniformF64(k, B);
  const span = tokens.length - T;
  const starts = new Int32Array(B);
  for (let b = 0; b < B; b++) starts[b] = Math.floor(u[b] * span);
  return gather(tokens, starts, B, T);
}

/**
 * Deterministic evaluation batches: the corpus cut into consecutive non-overlapping windows
 * (starts 0, T, 2T, …, each with its T next-token targets), grouped B at a time; the last batch
 * may be smaller. Every token after the first is predicted exactly once, up to the final
 * partial window, which is dropped.
 *
 * @param tokens the encoded corpus (N ≥ T + 1)
 * @param opts `{ batchSize, contextLength, maxBatches }` (`maxBatches` caps the count)
 * @returns the batches, in corpus order
 */
export function evalBatches(
  tokens: Int32Array,
  opts: BatchOptions & { maxBatches?: number },
): SequenceBatch[] {
  const [B, T] = check("evalBatches", tokens, opts);
  const maxBatches = opts.maxBatches ?? Infinity;
  if (!(maxBatches >= 1)) {
    throw new ArgumentError("evalBatches", "maxBatches", "a number >= 1", maxBatches);
  }
  const windows = Math.floor((tokens.length - 1) / T);
  const out: SequenceBatch[] = [];
  for (let w0 = 0; w0 < windows && out.length < maxBatches; w0 += B) {
    const nb = Math.min(B, windows - w0);
    const starts = new Int32Array(nb);
    for (let b = 0; b < nb; b++) starts[b] = (w0 + b) * T;
    out.push(gather(tokens, starts, nb, T));
  }
  return out;
}
