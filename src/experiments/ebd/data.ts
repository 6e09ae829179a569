/**
 * Fashion-MNIST prepared for the EBD reproduction (PAPERS.md, EBD section): pixels in [0, 1]
 * standardised per pixel with the training split's mean and standard deviation, one-hot targets in
 * {0, 1} (the MSE targets of arXiv:2504.11558 §4), first `nTrain` / `nTest` examples of each split.
 * @module
 */
import { fromTyped } from "../../array/creation.ts";
import type { NDArray } from "../../array/ndarray.ts";
import { loadFashionMnist } from "../../data/idx.ts";
import { checkPositiveInt } from "../../errors/mod.ts";

/** A classification split: inputs, one-hot targets and labels. */
export interface ClassificationSplit {
  /** Inputs [n, d]. */
  x: NDArray;
  /** One-hot targets [n, classes]. */
  y: NDArray;
  /** Labels 0..classes−1. */
  labels: Int32Array;
}

/** Training and test splits. */
export interface ClassificationData {
  /** Training split. */
  train: ClassificationSplit;
  /** Test split. */
  test: ClassificationSplit;
}

/** One-hot rows [n, classes] (f32 or f64) of integer labels. */
export function oneHot(labels: Int32Array, classes: number, dtype: "f32" | "f64" = "f32"): NDArray {
  checkPositiveInt("oneHot", "classes", classes);
  const y = dtype === "f32"
    ? new Float32Array(labels.length * classes)
    : new Float64Array(labels.length * classes);
  labels.forEach((l, i) => y[i * classes + l] = 1);
  return fromTyped(y, [labels.length, classes]);
}

/**
 * Standardise the columns of `train` in place by their mean and standard deviation, and `others`
 * with the same statistics (a constant column is only centred).
 */
export function standardizeColumns(train: NDArray, ...others: NDArray[]): void {
  const [n, d] = train.shape, t = train.dataSync();
  const m = new Float64Array(d), s = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) m[j] += t[r * d + j];
  for (let j = 0; j < d; j++) m[j] /= n;
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) s[j] += (t[r * d + j] - m[j]) ** 2;
  for (let j = 0; j < d; j++) s[j] = s[j] > 0 ? Math.sqrt(s[j] / n) : 1;
  for (const x of [train, ...others]) {
    const v = x.dataSync(), rows = x.shape[0];
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < d; j++) {
        v[r * d + j] = (v[r * d + j] - m[j]) / s[j];
      }
    }
  }
}

/**
 * Fashion-MNIST for the EBD runs: the first `nTrain` training and `nTest` test images, standardised
 * per pixel with the statistics of the training subset, one-hot targets. Needs Debian's
 * `dataset-fashion-mnist` (a missing package is a one-line error naming it).
 *
 * @param opts `{ nTrain ≤ 60000, nTest ≤ 10000, dir? }`
 */
export async function loadFashionMnistForEbd(
  opts: { nTrain: number; nTest: number; dir?: string },
): Promise<ClassificationData> {
  checkPositiveInt("loadFashionMnistForEbd", "nTrain", opts.nTrain);
  checkPositiveInt("loadFashionMnistForEbd", "nTest", opts.nTest);
  const tr = await loadFashionMnist({ split: "train", limit: opts.nTrain, dir: opts.dir });
  const te = await loadFashionMnist({ split: "test", limit: opts.nTest, dir: opts.dir });
  standardizeColumns(tr.x, te.x);
  return {
    train: { x: tr.x, y: oneHot(tr.y, 10), labels: tr.y },
    test: { x: te.x, y: oneHot(te.y, 10), labels: te.y },
  };
}
