/**
 * Representational drift by random rotations of neuron space (example E4 of the
 * summary-statistics perspective, arXiv:2504.16920; PAPERS.md "Summary statistics"): summary
 * statistics such as the
 * overlaps Q, R, T or a representational kernel ΦΦᵀ/N are invariant under a joint orthogonal
 * map of all vectors, so single-neuron tuning can decorrelate while behaviour is unchanged.
 *
 * @module
 */

import { type Key, split, uniformF64 } from "../random/mod.ts";

/**
 * Applies the same product of `rotations` random Givens rotations (random coordinate pair
 * p ≠ q, angle uniform in [0, 2π)) to every row of every matrix in `mats` (each rows×N,
 * row-major), in place: x ← O x for each row vector x ∈ ℝ^N. Cost O(rotations·rows).
 */
export function applyGivensRotations(
  mats: readonly Float64Array[],
  k: Key,
  options: { size: number; rotations: number },
): void {
  const fn = "applyGivensRotations";
  const N = options.size, G = options.rotations;
  if (!Number.isInteger(N) || N < 2) {
    throw new Error(`${fn}: option "size" must be an integer >= 2, got ${N}`);
  }
  if (!Number.isInteger(G) || G < 0) {
    throw new Error(`${fn}: option "rotations" must be a non-negative integer, got ${G}`);
  }
  for (const [i, m] of mats.entries()) {
    if (m.length % N !== 0) {
      throw new Error(`${fn}: matrix ${i} length ${m.length} is not a multiple of size N=${N}`);
    }
  }
  if (G === 0) return;
  const [ku] = split(k, 1);
  const u = uniformF64(ku, 3 * G);
  for (let g = 0; g < G; g++) {
    const p = Math.min(N - 1, Math.floor(u[3 * g] * N));
    let q = Math.min(N - 2, Math.floor(u[3 * g + 1] * (N - 1)));
    if (q >= p) q++;
    const th = 2 * Math.PI * u[3 * g + 2];
    const c = Math.cos(th), s = Math.sin(th);
    for (const m of mats) {
      for (let r = 0; r < m.length; r += N) {
        const a = m[r + p], b = m[r + q];
        m[r + p] = c * a - s * b;
        m[r + q] = s * a + c * b;
      }
    }
  }
}

/**
 * Pearson correlation across coordinates of two vectors of equal length: the "tuning"
 * similarity corr_i(w(α)_i, w(α₀)_i) that decays under drift (arXiv:2504.16920; PAPERS.md "Summary
 * statistics").
 */
export function coordinateCorrelation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length < 2) {
    throw new Error(
      `coordinateCorrelation: arguments must have equal lengths >= 2, got ${a.length} and ${b.length}`,
    );
  }
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i] - ma, y = b[i] - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return sab / Math.sqrt(saa * sbb);
}

/**
 * Representational kernel K = ΦΦᵀ/N (P×P) of a representation Φ (P stimuli × N neurons,
 * row-major) and the readout f = Φv/N; both are invariant under Φ ← ΦOᵀ… applied as joint
 * rotations of Φ's rows and v (arXiv:2504.16920; PAPERS.md "Summary statistics"; neural-data
 * version).
 */
export function kernelAndReadout(
  phi: Float64Array,
  readout: Float64Array,
  options: { size: number },
): { kernel: Float64Array; output: Float64Array } {
  const N = options.size;
  const P = phi.length / N;
  if (!Number.isInteger(P) || readout.length !== N) {
    throw new Error(
      `kernelAndReadout: need phi of P×N=${N} and readout of length N, got ${phi.length} and ${readout.length}`,
    );
  }
  const kernel = new Float64Array(P * P), output = new Float64Array(P);
  for (let a = 0; a < P; a++) {
    let f = 0;
    for (let i = 0; i < N; i++) f += phi[a * N + i] * readout[i];
    output[a] = f / N;
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let i = 0; i < N; i++) s += phi[a * N + i] * phi[b * N + i];
      kernel[a * P + b] = kernel[b * P + a] = s / N;
    }
  }
  return { kernel, output };
}
