/**
 * Categorical sampling from logits by the Gumbel-max trick.
 *
 * @module
 */

import { normAxis } from "../array/errors.ts";
import { isNDArray, type NDArray } from "../array/ndarray.ts";
import { transpose } from "../array/shape_ops.ts";
import { ArgumentError } from "./checks.ts";
import { assertKey, type Key } from "./key.ts";
import { uniformF64 } from "./uniform.ts";

/**
 * Draws one category per slice of `logits` along `axis`, with probabilities softmax(logits)
 * along that axis, by the Gumbel-max trick: argmax_j (logits_j + G_j), G_j = −log(−log u_j)
 * iid standard Gumbel from {@link uniformF64}(k, logits.size) (in the row-major order of
 * logits with `axis` moved last). Logits of −∞ are categories of probability 0.
 *
 * @param k the key
 * @param logits an NDArray of unnormalised log-probabilities (no NaN or +∞; each slice needs
 *   a finite entry)
 * @param opts `{ axis = -1 }`
 * @returns a new Int32Array of category indices, in row-major order over the remaining axes
 *   (its shape is `logits.shape` without `axis`)
 */
export function categorical(k: Key, logits: NDArray, opts: { axis?: number } = {}): Int32Array {
  assertKey("categorical", k);
  if (!isNDArray(logits)) throw new ArgumentError("categorical", "logits", "an NDArray", logits);
  if (logits.ndim === 0) {
    throw new ArgumentError("categorical", "logits", "an array with at least 1 axis", logits);
  }
  const axis = normAxis("categorical", opts.axis ?? -1, logits.ndim);
  const perm = [...Array(logits.ndim).keys()].filter((a) => a !== axis).concat([axis]);
  const x = transpose(logits, perm).dataSync();
  const m = logits.shape[axis];
  if (m === 0) throw new ArgumentError("categorical", "logits", "a non-empty axis", logits);
  const rows = x.length / m;
  const u = uniformF64(k, x.length);
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = -Infinity, arg = -1;
    for (let j = 0; j < m; j++) {
      const l = x[r * m + j];
      if (Number.isNaN(l) || l === Infinity) {
        throw new ArgumentError("categorical", "logits", "values that are finite or -Infinity", l);
      }
      if (l === -Infinity) continue;
      const s = l - Math.log(-Math.log(u[r * m + j]));
      if (arg < 0 || s > best) {
        best = s;
        arg = j;
      }
    }
    if (arg < 0) {
      throw new ArgumentError(
        "categorical",
        "logits",
        `a finite logit in every slice (slice ${r} is all -Infinity)`,
        logits,
      );
    }
    out[r] = arg;
  }
  return out;
}
