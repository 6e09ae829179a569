/**
 * The statistic behind EBD's premise (arXiv:2504.11558 §3.1, Fig. 1c, App. J): the mean absolute
 * Pearson correlation between a layer's units and the components of the output error, which
 * falls over training for an MSE-trained network (and vanishes for the MMSE estimator, whose error
 * is orthogonal to every function of the input). Also the cosine between two updates (App. E).
 * @module
 */
import { abs, add, div, gt, mul, sqrt, square, sub, where } from "../array/elementwise.ts";
import { matmul } from "../array/matmul.ts";
import type { NDArray } from "../array/ndarray.ts";
import { sum } from "../array/reduce.ts";
import { reshape } from "../array/shape_ops.ts";
import { ArgumentError } from "../errors/mod.ts";
import { columnSums, repeatRows } from "./local_mlp.ts";

/**
 * mean_{i,j} |corr(h_i, ε_j)| over the rows of H [n, N] and E [n, M]: Pearson correlations over
 * the n examples; units (or error components) with zero variance (σ ≤ 1e-12) are left
 * out of the mean (a dead ReLU has no correlation). Array operations, host or device; the value
 * and the pair count are 0-d arrays (read them with `readNumbers`).
 *
 * @returns the mean absolute correlation and the number of (i, j) pairs averaged
 */
export function meanAbsCorrelation(h: NDArray, err: NDArray): { value: NDArray; pairs: NDArray } {
  if (h.ndim !== 2 || err.ndim !== 2 || h.shape[0] !== err.shape[0] || h.shape[0] < 2) {
    throw new ArgumentError("meanAbsCorrelation", "h, err", "[n, N] and [n, M] with n ≥ 2", [
      h.shape,
      err.shape,
    ]);
  }
  const n = h.shape[0], N = h.shape[1], M = err.shape[1];
  // column statistics and outer products on the GEMM (columnSums, repeatRows, k = 1 products)
  const stats = (x: NDArray) => {
    const m = div(columnSums(x), n);
    const s = sqrt(div(columnSums(square(sub(x, repeatRows(m, n)))), n));
    return { m, s, ok: gt(s, 1e-12) };
  };
  const a = stats(h), b = stats(err);
  const outer = (p: NDArray, q: NDArray) => matmul(reshape(p, [N, 1]), reshape(q, [1, M]));
  const cov = sub(div(matmul(h, err, { transA: true }), n), outer(a.m, b.m)); // [N, M]
  const mask = outer(a.ok, b.ok);
  const den = where(mask, outer(a.s, b.s), 1);
  const pairs = sum(mask);
  const total = sum(mul(abs(div(cov, den)), mask));
  return { value: div(total, where(gt(pairs, 0), pairs, 1)), pairs };
}

/**
 * Cosine between two updates, each given as a list of arrays flattened and concatenated (a 0-d
 * array; 0 when either is zero).
 */
export function updateCosine(a: NDArray[], b: NDArray[]): NDArray {
  if (a.length !== b.length) {
    throw new ArgumentError("updateCosine", "b", `${a.length} arrays`, b.length);
  }
  let ab: NDArray | null = null, aa: NDArray | null = null, bb: NDArray | null = null;
  const acc = (s: NDArray | null, t: NDArray) => s === null ? t : add(s, t);
  a.forEach((x, t) => {
    const y = b[t];
    if (x.size !== y.size) {
      throw new ArgumentError("updateCosine", `b[${t}]`, `${x.size} entries`, y.size);
    }
    const xf = reshape(x, [x.size]), yf = reshape(y, [y.size]);
    ab = acc(ab, sum(mul(xf, yf)));
    aa = acc(aa, sum(square(xf)));
    bb = acc(bb, sum(square(yf)));
  });
  if (ab === null) throw new ArgumentError("updateCosine", "a", "at least one array", a);
  const den = mul(aa!, bb!);
  const ok = gt(den, 0);
  return where(ok, div(ab, sqrt(where(ok, den, 1))), 0);
}
