/**
 * Token embedding: a lookup table [vocab, dim] gathered at integer ids.
 * @module
 */
import type { NDArray } from "../array/ndarray.ts";
import { ArgumentError } from "../array/errors.ts";
import { reshape, take } from "../autodiff/ops.ts";
import { normal } from "../random/normal.ts";
import { checkDim, checkNonNeg, type DTypeOpt, type Layer } from "./layer.ts";

/** Parameters of {@link embedding}. */
export type EmbeddingParams = { table: NDArray };

/** Configuration of {@link embedding}. */
export interface EmbeddingConfig extends DTypeOpt {
  /** Number of distinct ids. */
  vocab: number;
  /** Embedding width. */
  dim: number;
  /** Init std (default 1). */
  std?: number;
}

/** Integer ids and the shape they form (e.g. [batch, seq]). */
export interface Ids {
  /** The ids, row-major. */
  ids: Int32Array;
  /** Their shape (product = ids.length). */
  shape: number[];
}

/** A lookup table: ids of shape S → vectors of shape [...S, dim]. */
export function embedding(cfg: EmbeddingConfig): Layer<EmbeddingParams, Ids> {
  const vocab = checkDim("embedding", "vocab", cfg.vocab);
  const dim = checkDim("embedding", "dim", cfg.dim);
  const std = checkNonNeg("embedding", "std", cfg.std ?? 1);
  const dtype = cfg.dtype ?? "f32";
  return {
    init: (key) => ({ table: normal(key, [vocab, dim], { dtype, std }) }),
    apply: (p, x) => {
      const n = x.shape.reduce((a, b) => a * b, 1);
      if (n !== x.ids.length) {
        throw new ArgumentError("embedding.apply", "x.shape", `product ${x.ids.length}`, x.shape);
      }
      const e = take(p.table, x.ids);
      return x.shape.length === 1 ? e : reshape(e, [...x.shape, dim]);
    },
  };
}
