/**
 * The analyses INSD applies to a set of trained networks (Qian & Pehlevan, arXiv:2509.21504):
 * the r² predictivity matrix on full and readout-null activity, CKA / Procrustes / DSA
 * similarity, fixed points with their stability (and where they sit relative to the flip-flop
 * cube corners), and the PCA plane for the fixed-point portraits.
 * @module
 */
import { fromTyped, type NDArray } from "../../array/mod.ts";
import { eighF64 } from "../../linalg/mod.ts";
import {
  classicalMds,
  dsaDistance,
  dsaOperator,
  findFixedPoints,
  type FixedPoint,
  predictivity,
  projectReadoutNull,
  rateRnnMap,
} from "../../metrics/mod.ts";
import { type Key, normalF64, split, uniformF64 } from "../../random/mod.ts";
import { readoutOf } from "./network.ts";
import type { TrainedRnn } from "./train.ts";

/** Rates [trials, T, N] → samples [trials·T, N]. */
export function flattenRates(rates: NDArray): NDArray {
  const [B, T, N] = rates.shape;
  return fromTyped(rates.dataSync(), [B * T, N]);
}

/** Readout-null activity R⊥ = R P_⊥(J_out) of `net` for its rates [trials, T, N] → [trials·T, N]. */
export function nullActivity(net: TrainedRnn, rates: NDArray): NDArray {
  return projectReadoutNull(flattenRates(rates), readoutOf(net.params));
}

/** M[i][j] = r²_ρ(X_i → X_j) for activity matrices xs (same rows), relative ridge c. */
export function predictivityMatrix(xs: readonly NDArray[], relativeRidge: number): number[][] {
  return xs.map((xi, i) =>
    xs.map((xj, j) => (i === j ? 1 : predictivity(xi, xj, { relativeRidge })))
  );
}

/** Options of {@link fixedPointSummary}. */
export interface FixedPointSummaryOptions {
  /** Constant input u* during which fixed points are sought (flip-flop: zeros). */
  input: number[];
  /** Initial states sampled from the trajectories (default 128). */
  inits?: number;
  /** Std of the noise added to the sampled states (default 0.5). */
  initNoise?: number;
  /** Adam iterations of the finder (default 400). */
  iters?: number;
}

/** Fixed points of one network and the counts the acceptance criteria use. */
export interface FixedPointSummary {
  /** Number of distinct fixed points. */
  count: number;
  /** Stable fixed points (all |λ| < 1). */
  stable: number;
  /** Saddles. */
  saddle: number;
  /** Fully unstable points. */
  unstable: number;
  /** Stable points whose readout is near a cube corner: every |y_k| ≥ 0.5, distinct sign patterns. */
  stableCorners: number;
  /** Non-stable points with at least one complex eigenvalue of modulus ≥ 1. */
  complexUnstablePoints: number;
  /** Largest |λ| over all points. */
  maxModulus: number;
  /** Each point in the network's top-2 PCA plane with its stability and readout. */
  points: {
    pc1: number;
    pc2: number;
    stability: FixedPoint["stability"];
    readout: number[];
    maxModulus: number;
  }[];
  /** A few trajectories in the same plane, each a list of [pc1, pc2]. */
  trajectories: number[][][];
}

/**
 * Find and summarise the fixed points of `net` at the constant input `opts.input`, starting from
 * states sampled from `rates` [trials, T, N] (pre-activations x = atanh r) plus Gaussian noise.
 */
export function fixedPointSummary(
  net: TrainedRnn,
  rates: NDArray,
  k: Key,
  opts: FixedPointSummaryOptions,
): FixedPointSummary {
  const [B, T, N] = rates.shape;
  const r = rates.dataSync();
  const P = opts.inits ?? 128;
  const [kPick, kNoise] = split(k, 2);
  const pick = uniformF64(kPick, P),
    noise = normalF64(kNoise, P * N, { std: opts.initNoise ?? 0.5 });
  const init = new Float64Array(P * N);
  for (let p = 0; p < P; p++) {
    const s = Math.min(B * T - 1, Math.floor(pick[p] * B * T));
    for (let i = 0; i < N; i++) {
      const v = Math.max(-0.999999, Math.min(0.999999, r[s * N + i]));
      init[p * N + i] = Math.atanh(v) + noise[p * N + i];
    }
  }
  const map = rateRnnMap(net.params.rnn, { alpha: net.spec.alpha, input: opts.input });
  const fps = findFixedPoints(map, fromTyped(init, [P, N]), { iters: opts.iters ?? 400, lr: 0.05 });
  // PCA of the rates
  const { mean, pcs } = topPcs(r, B * T, N, 2);
  const proj = (v: ArrayLike<number>) =>
    [0, 1].map((c) => {
      let s = 0;
      for (let i = 0; i < N; i++) s += (v[i] - mean[i]) * pcs[c * N + i];
      return s;
    });
  const W = net.params.W.dataSync(), cb = net.params.c.dataSync(), O = net.spec.outDim;
  const points = fps.map((f) => {
    const rate = f.x.map(Math.tanh);
    const readout = Array.from({ length: O }, (_, o) => {
      let s = cb[o];
      for (let i = 0; i < N; i++) s += rate[i] * W[i * O + o];
      return s;
    });
    const [pc1, pc2] = proj(rate);
    return { pc1, pc2, stability: f.stability, readout, maxModulus: f.maxModulus };
  });
  const corners = new Set<string>();
  for (const p of points) {
    if (p.stability === "stable" && p.readout.every((v) => Math.abs(v) >= 0.5)) {
      corners.add(p.readout.map((v) => (v > 0 ? "+" : "-")).join(""));
    }
  }
  const trajectories: number[][][] = [];
  for (let b = 0; b < Math.min(4, B); b++) {
    const tr: number[][] = [];
    for (let t = 0; t < T; t++) tr.push(proj(r.subarray((b * T + t) * N, (b * T + t + 1) * N)));
    trajectories.push(tr);
  }
  return {
    count: fps.length,
    stable: fps.filter((f) => f.stability === "stable").length,
    saddle: fps.filter((f) => f.stability === "saddle").length,
    unstable: fps.filter((f) => f.stability === "unstable").length,
    stableCorners: corners.size,
    complexUnstablePoints:
      fps.filter((f) => f.stability !== "stable" && f.complexUnstableModes > 0).length,
    maxModulus: Math.max(0, ...fps.map((f) => f.maxModulus)),
    points,
    trajectories,
  };
}

/** Column means and the top-k principal directions (rows of `pcs`, k×n) of a samples × n buffer. */
function topPcs(x: ArrayLike<number>, s: number, n: number, k: number) {
  const mean = new Float64Array(n);
  for (let i = 0; i < s; i++) for (let j = 0; j < n; j++) mean[j] += x[i * n + j] / s;
  const G = new Float64Array(n * n);
  const c = new Float64Array(n);
  for (let i = 0; i < s; i++) {
    for (let j = 0; j < n; j++) c[j] = x[i * n + j] - mean[j];
    for (let a = 0; a < n; a++) {
      if (c[a] === 0) continue;
      for (let b = a; b < n; b++) G[a * n + b] += c[a] * c[b];
    }
  }
  for (let a = 0; a < n; a++) for (let b = 0; b < a; b++) G[a * n + b] = G[b * n + a];
  const { vectors } = eighF64(G, { n });
  const pcs = new Float64Array(k * n);
  for (let q = 0; q < k; q++) {
    for (let i = 0; i < n; i++) pcs[q * n + i] = vectors![i * n + (n - 1 - q)];
  }
  return { mean, pcs };
}

/** DSA between networks: pairwise angular distances of their DMD operators, and a 2-D MDS. */
export function dsaAnalysis(
  rates: readonly NDArray[],
  k: Key,
  opts: { pcs: number; delays: number },
): { distances: number[][]; mds: number[][] } {
  const ops = rates.map((r) => dsaOperator(r, { pcs: opts.pcs, delays: opts.delays }));
  const n = ops.length;
  const d = Array.from({ length: n }, () => new Array(n).fill(0));
  const keys = split(k, Math.max(1, (n * (n - 1)) / 2));
  let q = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      d[i][j] = d[j][i] = dsaDistance(ops[i], ops[j], { key: keys[q++] }).angle;
    }
  }
  return { distances: d, mds: classicalMds(d, 2) };
}
