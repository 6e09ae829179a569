/**
 * Cross-temporal decoding (King & Dehaene 2014), the decodability analysis recommended for INSD
 * (Qian & Pehlevan, arXiv:2509.21504: task information stays decodable when its representation
 * changes): a ridge decoder of a task variable trained on the states at time t of the training
 * trials is tested at every time t′ on held-out trials. A stable code gives a square block, a
 * rotating (dynamic) code a narrow diagonal.
 * @module
 */
import { fromTyped, type NDArray } from "../array/mod.ts";
import { ArgumentError, checkInRange, checkNonNegative } from "../errors/mod.ts";
import { eighF64 } from "../linalg/mod.ts";

/** Options of {@link crossTemporalDecoding}. */
export interface CrossTemporalOptions {
  /** Fraction of trials used for training (the first ones; default 0.5). */
  trainFraction?: number;
  /** Relative ridge c: ρ = c·tr(XᵀX)/N (default 1e-3). */
  relativeRidge?: number;
}

/**
 * Cross-temporal decoding matrix D [T, T]: D[t, t′] is the R² = 1 − SSE/SST (pooled over the
 * target's columns) on the test trials at time t′ of the affine ridge decoder trained at time
 * t. `activity` [trials, T, N]; `target` [trials, k], a per-trial variable (e.g. cos θ, sin θ).
 * Throws naming `target` when its trial count differs from `activity`'s.
 */
export function crossTemporalDecoding(
  activity: NDArray,
  target: NDArray,
  opts: CrossTemporalOptions = {},
): NDArray {
  const fn = "crossTemporalDecoding";
  if (activity?.ndim !== 3) {
    throw new ArgumentError(fn, "activity", "a 3-D array [trials, T, N]", activity);
  }
  const [B, T, N] = activity.shape;
  if (target?.ndim !== 2 || target.shape[0] !== B) {
    throw new ArgumentError(fn, "target", `a 2-D array [${B}, k] (one row per trial)`, target);
  }
  const K = target.shape[1];
  const frac = checkInRange(fn, "opts.trainFraction", opts.trainFraction ?? 0.5, 0, 1);
  const rel = checkNonNegative(fn, "opts.relativeRidge", opts.relativeRidge ?? 1e-3);
  const nTr = Math.floor(B * frac), nTe = B - nTr;
  if (nTr < 2 || nTe < 2) {
    throw new ArgumentError(
      fn,
      "opts.trainFraction",
      "a split leaving ≥ 2 trials on each side",
      frac,
    );
  }
  const a = activity.dataSync(), y = target.dataSync();
  const state = (b: number, t: number, i: number) => a[(b * T + t) * N + i];
  // test-target statistics
  const yMu = new Float64Array(K);
  for (let b = 0; b < nTr; b++) for (let k = 0; k < K; k++) yMu[k] += y[b * K + k] / nTr;
  let sst = 0;
  const teMu = new Float64Array(K);
  for (let b = nTr; b < B; b++) for (let k = 0; k < K; k++) teMu[k] += y[b * K + k] / nTe;
  for (let b = nTr; b < B; b++) for (let k = 0; k < K; k++) sst += (y[b * K + k] - teMu[k]) ** 2;
  const out = new Float64Array(T * T);
  for (let t = 0; t < T; t++) {
    const mu = new Float64Array(N);
    for (let b = 0; b < nTr; b++) for (let i = 0; i < N; i++) mu[i] += state(b, t, i) / nTr;
    const G = new Float64Array(N * N), C = new Float64Array(N * K);
    const xc = new Float64Array(N);
    for (let b = 0; b < nTr; b++) {
      for (let i = 0; i < N; i++) xc[i] = state(b, t, i) - mu[i];
      for (let i = 0; i < N; i++) {
        if (xc[i] === 0) continue;
        for (let j = 0; j < N; j++) G[i * N + j] += xc[i] * xc[j];
        for (let k = 0; k < K; k++) C[i * K + k] += xc[i] * (y[b * K + k] - yMu[k]);
      }
    }
    let tr = 0;
    for (let i = 0; i < N; i++) tr += G[i * N + i];
    const rho = Math.max(rel * tr / N, 1e-12);
    const { values, vectors } = eighF64(G, { n: N, fn });
    const V = vectors!;
    const W = new Float64Array(N * K), tmp = new Float64Array(N * K);
    for (let q = 0; q < N; q++) {
      for (let i = 0; i < N; i++) {
        for (let k = 0; k < K; k++) tmp[q * K + k] += V[i * N + q] * C[i * K + k];
      }
      for (let k = 0; k < K; k++) tmp[q * K + k] /= values[q] + rho;
    }
    for (let i = 0; i < N; i++) {
      for (let q = 0; q < N; q++) {
        for (let k = 0; k < K; k++) W[i * K + k] += V[i * N + q] * tmp[q * K + k];
      }
    }
    for (let t2 = 0; t2 < T; t2++) {
      let sse = 0;
      for (let b = nTr; b < B; b++) {
        for (let k = 0; k < K; k++) {
          let pred = yMu[k];
          for (let i = 0; i < N; i++) pred += (state(b, t2, i) - mu[i]) * W[i * K + k];
          sse += (pred - y[b * K + k]) ** 2;
        }
      }
      out[t * T + t2] = sst > 0 ? 1 - sse / sst : 0;
    }
  }
  return fromTyped(out, [T, T]);
}
