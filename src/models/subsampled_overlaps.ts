/**
 * Estimating summary statistics from a random subset of recorded "neurons" (coordinates)
 * (example E5 of the summary-statistics perspective, arXiv:2504.16920; PAPERS.md "Summary
 * statistics"):
 * R̂ = (1/n) Σ_{i∈S} w_i w⋆_i and likewise Q̂, T̂, plugged into ε_g.
 *
 * @module
 */

import { type Key, permutation } from "../random/mod.ts";
import type { CommitteeOverlaps } from "../theory/committee_machine_odes.ts";

/**
 * Overlaps of student (K×N) and teacher (M×N) weights estimated from the coordinates in
 * `subset` (indices into [0, N)): Q̂ = W_S W_Sᵀ/n, R̂ = W_S W⋆_Sᵀ/n, T̂ = W⋆_S W⋆_Sᵀ/n.
 */
export function subsampledOverlaps(
  weights: { student: Float64Array; teacher: Float64Array },
  options: { students: number; teachers: number; size: number; subset: ArrayLike<number> },
): CommitteeOverlaps {
  const { students: K, teachers: M, size: N, subset } = options;
  const { student, teacher } = weights;
  if (student.length !== K * N || teacher.length !== M * N) {
    throw new Error(
      `subsampledOverlaps: weights must have lengths K·N=${K * N} and M·N=${
        M * N
      }, got ${student.length} and ${teacher.length}`,
    );
  }
  const n = subset.length;
  if (n < 1) throw new Error(`subsampledOverlaps: option "subset" must be non-empty`);
  for (let j = 0; j < n; j++) {
    if (!(subset[j] >= 0 && subset[j] < N && Number.isInteger(subset[j]))) {
      throw new Error(
        `subsampledOverlaps: subset[${j}] must be an index in [0, ${N}), got ${subset[j]}`,
      );
    }
  }
  const dot = (a: Float64Array, i: number, b: Float64Array, k: number): number => {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[i * N + subset[j]] * b[k * N + subset[j]];
    return s / n;
  };
  const Q = new Float64Array(K * K), R = new Float64Array(K * M), T = new Float64Array(M * M);
  for (let i = 0; i < K; i++) {
    for (let k = 0; k < K; k++) Q[i * K + k] = dot(student, i, student, k);
    for (let m = 0; m < M; m++) R[i * M + m] = dot(student, i, teacher, m);
  }
  for (let a = 0; a < M; a++) {
    for (let b = 0; b < M; b++) T[a * M + b] = dot(teacher, a, teacher, b);
  }
  return { students: K, teachers: M, Q, R, T };
}

/** A uniformly random subset of n distinct coordinates of [0, N) (first n of a permutation). */
export function randomSubset(k: Key, options: { size: number; count: number }): Int32Array {
  const { size: N, count: n } = options;
  if (!Number.isInteger(n) || n < 1 || n > N) {
    throw new Error(`randomSubset: option "count" must be an integer in [1, ${N}], got ${n}`);
  }
  return permutation(k, N).slice(0, n);
}

/**
 * Reference standard error of a subsampled overlap from n roughly Gaussian coordinates
 * (arXiv:2504.16920;
 * PAPERS.md "Summary statistics"): SE(R̂) ≈ √((Q T + R²)/n) for a cross overlap R between vectors
 * of norms Q, T; the
 * self overlap is the case R = Q = T, SE(Q̂) ≈ √(2Q²/n). With `size` = N, sampling without
 * replacement from the N coordinates adds the finite-population factor √((N − n)/(N − 1)).
 */
export function subsampledOverlapStandardError(
  overlaps: { Q: number; T: number; R: number },
  options: { count: number; size?: number },
): number {
  const n = options.count, N = options.size;
  const fpc = N === undefined ? 1 : Math.sqrt(Math.max(0, N - n) / Math.max(1, N - 1));
  return fpc * Math.sqrt((overlaps.Q * overlaps.T + overlaps.R ** 2) / n);
}
