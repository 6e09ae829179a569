/**
 * A multi-index teacher for the CompleteP LR-transfer task (Dey et al. 2025, arXiv:2505.01618;
 * PAPERS.md, CompleteP section: depth-wise LR transfer is only visible on a task whose loss
 * rewards feature learning inside the blocks): inputs x ~ N(0, I_D), k orthonormal directions
 * u_1…u_k (Gram–Schmidt of Gaussian vectors drawn from the key) and
 * y = Σ_j He₂(u_j·x)/√(2k), He₂(z) = z² − 1, which has mean 0 and variance 1 exactly, so
 * predicting 0 has MSE 1. Random features of a width-N network need ≈ D²/2 of them to fit a
 * quadratic in D dimensions; a network that learns the k directions needs O(k).
 * @module
 */
import { ArgumentError } from "../../errors/mod.ts";
import { fromTyped } from "../../array/creation.ts";
import type { DeepTeacher } from "../../data/deep_teacher.ts";
import { foldIn, type Key } from "../../random/key.ts";
import { normalF64 } from "../../random/normal.ts";

/** Options of {@link hermiteIndexTeacher}. */
export interface IndexTeacherOptions {
  /** Input dimension D (default 64). */
  inDim?: number;
  /** Number of directions k, 1 ≤ k ≤ D (default 4). */
  directions?: number;
}

/**
 * Draw the k orthonormal directions from `key` (Gram–Schmidt of Gaussian vectors) and return
 * the teacher y = Σ_j He₂(u_j·x)/√(2k) with its sampler (same interface as the deep tanh
 * teacher: `apply` on row-major f64 inputs [n·D], `sample(key, n)` a pure function of the key).
 */
export function hermiteIndexTeacher(key: Key, opts: IndexTeacherOptions = {}): DeepTeacher {
  const fn = "hermiteIndexTeacher";
  const D = opts.inDim ?? 64, K = opts.directions ?? 4;
  if (!Number.isInteger(D) || D < 1) throw new ArgumentError(fn, "inDim", "a positive integer", D);
  if (!Number.isInteger(K) || K < 1 || K > D) {
    throw new ArgumentError(fn, "directions", `an integer in [1, ${D}]`, K);
  }
  const u = normalF64(key, K * D);
  for (let j = 0; j < K; j++) {
    const uj = u.subarray(j * D, j * D + D);
    for (let i = 0; i < j; i++) {
      const ui = u.subarray(i * D, i * D + D);
      let d = 0;
      for (let c = 0; c < D; c++) d += ui[c] * uj[c];
      for (let c = 0; c < D; c++) uj[c] -= d * ui[c];
    }
    let n2 = 0;
    for (let c = 0; c < D; c++) n2 += uj[c] * uj[c];
    const inv = 1 / Math.sqrt(n2);
    for (let c = 0; c < D; c++) uj[c] *= inv;
  }
  const norm = 1 / Math.sqrt(2 * K);
  const apply = (x: Float64Array): Float64Array => {
    if (x.length % D !== 0) {
      throw new ArgumentError(`${fn}.apply`, "x", `a multiple of ${D} values`, x.length);
    }
    const n = x.length / D, y = new Float64Array(n);
    for (let s = 0; s < n; s++) {
      let acc = 0;
      for (let j = 0; j < K; j++) {
        let z = 0;
        for (let c = 0; c < D; c++) z += u[j * D + c] * x[s * D + c];
        acc += z * z - 1;
      }
      y[s] = acc * norm;
    }
    return y;
  };
  return {
    inDim: D,
    outDim: 1,
    apply,
    sample(k, n, dtype = "f32") {
      if (!Number.isInteger(n) || n < 1) throw new ArgumentError(fn, "n", "a positive integer", n);
      const x = normalF64(foldIn(k, 0), n * D), y = apply(x);
      const cast = (a: Float64Array) => (dtype === "f64" ? a : Float32Array.from(a));
      return { x: fromTyped(cast(x), [n, D]), y: fromTyped(cast(y), [n, 1]) };
    },
  };
}
