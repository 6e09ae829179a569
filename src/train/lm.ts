/**
 * Glue between the language-model pieces and {@link fit}: a data source of random next-token
 * windows keyed by step (so resumed runs see the same batches), and the LM loss.
 * @module
 */
import type { NDArray } from "../array/ndarray.ts";
import { sampleBatch, type SequenceBatch } from "../data/batches.ts";
import type { Layer } from "../nn/layer.ts";
import { crossEntropyLoss } from "../nn/losses.ts";
import type { LMParams, TokenBatch } from "../nn/transformer.ts";
import { foldIn, type Key } from "../random/key.ts";
import type { DataSource } from "./fit.ts";

/**
 * Random windows of `contextLength + 1` tokens from `tokens`; the batch of step s is drawn with
 * `foldIn(key, s)` (src/data `sampleBatch`), so it does not depend on earlier steps.
 */
export function lmBatches(
  key: Key,
  tokens: Int32Array,
  opts: { contextLength: number },
): DataSource<SequenceBatch> {
  return {
    batch: (step, size) =>
      sampleBatch(foldIn(key, step), tokens, {
        batchSize: size,
        contextLength: opts.contextLength,
      }),
    slice: (b, s, e) => {
      const t = b.contextLength;
      return {
        inputs: b.inputs.subarray(s * t, e * t),
        targets: b.targets.subarray(s * t, e * t),
        starts: b.starts.subarray(s, e),
        batchSize: e - s,
        contextLength: t,
      };
    },
  };
}

/** The model input of a batch. */
export function tokenBatch(b: SequenceBatch): TokenBatch {
  return { tokens: b.inputs, batch: b.batchSize, seq: b.contextLength };
}

/** Mean next-token cross-entropy (+ z-loss) of `model` on a batch: the `loss` of {@link fit}. */
export function lmLoss(
  model: Layer<LMParams, TokenBatch>,
  opts: { zLoss?: number } = {},
): (params: LMParams, batch: SequenceBatch) => NDArray {
  return (params, b) => crossEntropyLoss(model.apply(params, tokenBatch(b)), b.targets, opts);
}
