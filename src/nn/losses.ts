/**
 * Losses (differentiable, mean over examples): mean squared error, cross-entropy with logits and
 * the z-loss of PaLM (Chowdhery et al. 2022, §5) that keeps log Z near 0.
 * @module
 */
import { ArgumentError, describe } from "../array/errors.ts";
import type { NDArray } from "../array/ndarray.ts";
import { add, crossEntropy, logsumexp, mean, mul, square, sub } from "../autodiff/ops.ts";

/** Mean squared error mean((pred − target)²) over all entries (shapes must match). */
export function mse(pred: NDArray, target: NDArray): NDArray {
  if (pred.ndim !== target.ndim || pred.shape.some((d, i) => d !== target.shape[i])) {
    throw new ArgumentError("mse", "target", `shape ${describe([...pred.shape])}`, target);
  }
  return mean(square(sub(pred, target)));
}

/** z-loss mean((log Σ_v e^{z_v})²) over rows of logits [..., V]. */
export function zLoss(logits: NDArray): NDArray {
  return mean(square(logsumexp(logits)));
}

/**
 * Mean cross-entropy of logits [..., V] against integer targets (one per row), plus
 * `zLoss`·{@link zLoss} when `zLoss > 0`.
 */
export function crossEntropyLoss(
  logits: NDArray,
  targets: ArrayLike<number> | NDArray,
  opts: { zLoss?: number } = {},
): NDArray {
  const ce = mean(crossEntropy(logits, targets));
  const z = opts.zLoss ?? 0;
  if (!(z >= 0)) throw new ArgumentError("crossEntropyLoss", "zLoss", "a number ≥ 0", z);
  return z > 0 ? add(ce, mul(zLoss(logits), z)) : ce;
}
