/**
 * The statistic behind EBD's premise (arXiv:2504.11558 §3.1, Fig. 1c, App. J): the mean absolute
 * Pearson correlation between a layer's units and the components of the output error, which
 * falls over training for an MSE-trained network (and vanishes for the MMSE estimator, whose error
 * is orthogonal to every function of the input). Also the cosine between two updates (App. E).
 * @module
 */
import { matmul } from "../array/matmul.ts";
import type { NDArray } from "../array/ndarray.ts";
import { ArgumentError } from "../errors/mod.ts";
import { dataOf } from "./local_mlp.ts";

/**
 * mean_{i,j} |corr(h_i, ε_j)| over the rows of H [n, N] and E [n, M]: Pearson correlations over
 * the n examples; units (or error components) with zero variance are left out of the mean
 * (a dead ReLU has no correlation).
 *
 * @returns the mean absolute correlation and the number of (i, j) pairs averaged
 */
export function meanAbsCorrelation(h: NDArray, err: NDArray): { value: number; pairs: number } {
  if (h.ndim !== 2 || err.ndim !== 2 || h.shape[0] !== err.shape[0] || h.shape[0] < 2) {
    throw new ArgumentError("meanAbsCorrelation", "h, err", "[n, N] and [n, M] with n ≥ 2", [
      h.shape,
      err.shape,
    ]);
  }
  const n = h.shape[0];
  const cross = dataOf(matmul(h, err, { transA: true })); // [N, M] Σ h_i ε_j
  const stats = (x: NDArray) => {
    const d = dataOf(x), c = x.shape[1];
    const m = new Float64Array(c), s = new Float64Array(c);
    for (let r = 0; r < n; r++) for (let j = 0; j < c; j++) m[j] += d[r * c + j];
    for (let j = 0; j < c; j++) m[j] /= n;
    for (let r = 0; r < n; r++) for (let j = 0; j < c; j++) s[j] += (d[r * c + j] - m[j]) ** 2;
    for (let j = 0; j < c; j++) s[j] = Math.sqrt(s[j] / n);
    return { m, s };
  };
  const a = stats(h), b = stats(err);
  const N = h.shape[1], M = err.shape[1];
  let sum = 0, pairs = 0;
  for (let i = 0; i < N; i++) {
    if (!(a.s[i] > 1e-12)) continue;
    for (let j = 0; j < M; j++) {
      if (!(b.s[j] > 1e-12)) continue;
      const cov = cross[i * M + j] / n - a.m[i] * b.m[j];
      sum += Math.abs(cov / (a.s[i] * b.s[j]));
      pairs++;
    }
  }
  return { value: pairs > 0 ? sum / pairs : 0, pairs };
}

/** Cosine between two updates, each given as a list of arrays flattened and concatenated. */
export function updateCosine(a: NDArray[], b: NDArray[]): number {
  if (a.length !== b.length) {
    throw new ArgumentError("updateCosine", "b", `${a.length} arrays`, b.length);
  }
  let ab = 0, aa = 0, bb = 0;
  a.forEach((x, t) => {
    const p = dataOf(x), q = dataOf(b[t]);
    if (p.length !== q.length) {
      throw new ArgumentError("updateCosine", `b[${t}]`, `${p.length} entries`, q.length);
    }
    for (let i = 0; i < p.length; i++) {
      ab += p[i] * q[i];
      aa += p[i] * p[i];
      bb += q[i] * q[i];
    }
  });
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}
