/**
 * DMFT of the Potts/softmax extended-context kinetic model (arXiv:2507.18461; PAPERS.md "Kinetic
 * glass", an
 * optional extension): tokens with q states per site, p(s_{i,t} = a) = softmax_a(β h_{i,t,a}),
 * h_{i,t,a} = Σ_k Σ_{j,b} (J_k)^{ab}_{ij} ẽ_b(s_{j,t−k}) with ẽ = e − 1/q and couplings i.i.d. over
 * (a, b) with covariance Γ_kl/N across lags. The q field components are i.i.d. Gaussian processes
 * with covariance Q_{t,t'} = Σ_{kl} Γ_kl C_{t−k,t'−l}, and C_{t,t} = 1 − 1/q,
 * C_{t,t'} = E[p(h_t)·p(h_{t'})] − 1/q, evaluated by Monte Carlo with common random numbers.
 *
 * @module
 */

import { type Key, normalF64, split } from "../random/mod.ts";
import {
  bandAverages,
  laggedQuadraticForm,
  stepTwoTime,
  type TwoTimeGrid,
} from "./dmft_two_time.ts";
import { checkCouplingCovariance } from "./kinetic_glass_dmft.ts";

/** Softmax of β·h (length q) written into `out`. */
function softmax(h: Float64Array, off: number, q: number, beta: number, out: Float64Array): void {
  let m = -Infinity;
  for (let a = 0; a < q; a++) m = Math.max(m, beta * h[off + a]);
  let s = 0;
  for (let a = 0; a < q; a++) {
    out[a] = Math.exp(beta * h[off + a] - m);
    s += out[a];
  }
  for (let a = 0; a < q; a++) out[a] /= s;
}

/**
 * Monte Carlo estimate of E[p(x)·p(y)] − 1/q for q-vectors x, y with i.i.d. components,
 * Var x_a = qa, Var y_a = qb, Cov(x_a, y_a) = qab, p = softmax(β·), from standard-normal draws
 * z1, z2 (each samples×q) shared across calls (common random numbers). The estimate at the same
 * draws with qab = 0 (exact value 0) is subtracted as a control variate, which removes the
 * shared Monte Carlo offset at weak correlation. Returns {mean, se} (se of the raw estimate).
 */
export function pottsOverlapExpectation(
  z: { z1: Float64Array; z2: Float64Array },
  options: { states: number; beta: number; qa: number; qb: number; qab: number },
): { mean: number; se: number } {
  const { states: q, beta, qa, qb, qab } = options;
  const n = z.z1.length / q;
  if (!Number.isInteger(n) || z.z2.length !== z.z1.length || n < 2) {
    throw new Error(
      `pottsOverlapExpectation: z1, z2 must both hold samples×q values (q=${q}), got ${z.z1.length} and ${z.z2.length}`,
    );
  }
  const d = Math.sqrt(qa * qb);
  const r = d > 0 ? Math.max(-1, Math.min(1, qab / d)) : 0;
  const s = Math.sqrt(1 - r * r), sa = Math.sqrt(qa), sb = Math.sqrt(qb);
  const x = new Float64Array(q),
    y = new Float64Array(q),
    px = new Float64Array(q),
    py = new Float64Array(q);
  const y0 = new Float64Array(q), p0 = new Float64Array(q);
  let m = 0, m2 = 0, m0 = 0;
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < q; a++) {
      const u = z.z1[i * q + a], v = z.z2[i * q + a];
      x[a] = sa * u;
      y[a] = sb * (r * u + s * v);
      y0[a] = sb * v;
    }
    softmax(x, 0, q, beta, px);
    softmax(y, 0, q, beta, py);
    softmax(y0, 0, q, beta, p0);
    let dot = 0, dot0 = 0;
    for (let a = 0; a < q; a++) {
      dot += px[a] * py[a];
      dot0 += px[a] * p0[a];
    }
    m += dot;
    m2 += dot * dot;
    m0 += dot0;
  }
  m /= n;
  m0 /= n;
  return { mean: m - m0, se: Math.sqrt(Math.max(0, m2 / n - m * m) / n) };
}

/** Options of {@link kineticPottsDmft}. */
export interface KineticPottsDmftOptions {
  /** States per site q ≥ 2. */
  states: number;
  /** Inverse temperature β of the softmax. */
  beta: number;
  /** Generated steps T. */
  steps: number;
  /** Monte Carlo samples per closure evaluation (default 20000; error ≈ 0.2/√samples). */
  samples?: number;
}

/**
 * Transient DMFT of the Potts/softmax kinetic model (PAPERS.md "Kinetic glass") on the generic
 * two-time grid,
 * from an i.i.d. uniform prompt (C = (1 − 1/q) I on the prompt). The closure is a Monte Carlo
 * average with common random numbers drawn from `k`. Returns the grid (index a = t + K − 1) and
 * lagged averages.
 */
export function kineticPottsDmft(
  gamma: readonly (readonly number[])[],
  k: Key,
  options: KineticPottsDmftOptions,
): {
  grid: TwoTimeGrid;
  laggedCorrelation(o: { fromStep: number; toStep?: number; maxLag: number }): Float64Array;
} {
  const fn = "kineticPottsDmft";
  const g = checkCouplingCovariance(fn, gamma);
  const { states: q, beta, steps: T } = options;
  if (!Number.isInteger(q) || q < 2) {
    throw new Error(`${fn}: option "states" must be an integer >= 2, got ${q}`);
  }
  if (!Number.isInteger(T) || T < 1) {
    throw new Error(`${fn}: option "steps" must be a positive integer, got ${T}`);
  }
  if (!Number.isFinite(beta)) throw new Error(`${fn}: option "beta" must be finite, got ${beta}`);
  const K = gamma.length;
  const n = options.samples ?? 20000;
  const [k1, k2] = split(k, 2);
  const z = { z1: normalF64(k1, n * q), z2: normalF64(k2, n * q) };
  const fieldVar = new Float64Array(T + K);
  const diag = 1 - 1 / q;
  const grid = stepTwoTime({
    size: T + K,
    prefix: K,
    initialize(grid) {
      for (let a = 0; a < K; a++) grid.set(a, a, diag);
    },
    fillRow(a, grid) {
      fieldVar[a] = laggedQuadraticForm(grid, g, K, { a, b: a });
      grid.set(a, a, diag);
      for (let b = K; b < a; b++) {
        const qab = laggedQuadraticForm(grid, g, K, { a, b });
        const v = qab === 0 ? 0 : pottsOverlapExpectation(z, {
          states: q,
          beta,
          qa: fieldVar[a],
          qb: fieldVar[b],
          qab,
        }).mean;
        grid.setSymmetric(a, b, v);
      }
    },
  });
  return {
    grid,
    laggedCorrelation(o): Float64Array {
      return bandAverages(grid, {
        from: o.fromStep + K - 1,
        to: (o.toStep ?? T + 1) + K - 1,
        maxLag: o.maxLag,
      });
    },
  };
}
