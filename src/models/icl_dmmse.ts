/**
 * dMMSE baseline for in-context regression with a finite task pool (Lu et al. arXiv:2405.11751;
 * Raventós et al.): the Bayes-optimal (posterior-mean) predictor when tasks are uniform on
 * the pretraining pool, i.e. the memorising solution,
 * `ŵ = Σ_j t_j exp(−‖y − X t_j‖²/2ρ) / Σ_j exp(…)`, `ŷ = x_qᵀ ŵ` (log-sum-exp stabilised).
 *
 * @module
 */

import type { IclPromptBatch } from "../data/icl_tasks.ts";

/**
 * dMMSE predictions on every query of every context.
 * Uses `‖y − Xt‖² = ‖y‖² − 2tᵀXᵀy + tᵀXᵀXt` so the cost per context is O(ℓd² + kd²).
 *
 * @param pool row-major k×d task pool
 * @param batch prompts (labels `y = labelScale·⟨x, w⟩ + ε`)
 * @param options `noiseVariance` ρ > 0, `labelScale` (default 1)
 * @returns predictions, `count × queries`
 */
export function dmmsePredict(
  pool: Float64Array,
  batch: IclPromptBatch,
  options: { noiseVariance: number; labelScale?: number },
): Float64Array {
  const fn = "dmmsePredict";
  const { count, dim: d, contextLength: ell, queries: kq } = batch;
  if (pool.length === 0 || pool.length % d !== 0) {
    throw new Error(`${fn}: argument "pool" must have length k·d (d = ${d}), got ${pool.length}`);
  }
  const rho = options.noiseVariance;
  if (!(rho > 0)) throw new Error(`${fn}: argument "noiseVariance" must be positive, got ${rho}`);
  const s = options.labelScale ?? 1;
  const k = pool.length / d;
  const out = new Float64Array(count * kq);
  const xtx = new Float64Array(d * d);
  const xty = new Float64Array(d);
  const logw = new Float64Array(k);
  const what = new Float64Array(d);
  for (let c = 0; c < count; c++) {
    xtx.fill(0);
    xty.fill(0);
    let yy = 0;
    for (let i = 0; i < ell; i++) {
      const off = (c * ell + i) * d;
      const yi = batch.y[c * ell + i];
      yy += yi * yi;
      for (let a = 0; a < d; a++) {
        const xa = batch.x[off + a];
        xty[a] += xa * yi;
        for (let b = 0; b <= a; b++) xtx[a * d + b] += xa * batch.x[off + b];
      }
    }
    let mx = -Infinity;
    for (let j = 0; j < k; j++) {
      const t = j * d;
      let lin = 0;
      let quad = 0;
      for (let a = 0; a < d; a++) {
        lin += pool[t + a] * xty[a];
        let r = 0;
        for (let b = 0; b < a; b++) r += xtx[a * d + b] * pool[t + b];
        quad += pool[t + a] * (2 * r + xtx[a * d + a] * pool[t + a]);
      }
      logw[j] = -(yy - 2 * s * lin + s * s * quad) / (2 * rho);
      if (logw[j] > mx) mx = logw[j];
    }
    what.fill(0);
    let z = 0;
    for (let j = 0; j < k; j++) {
      const w = Math.exp(logw[j] - mx);
      z += w;
      for (let a = 0; a < d; a++) what[a] += w * pool[j * d + a];
    }
    for (let q = 0; q < kq; q++) {
      let p = 0;
      for (let a = 0; a < d; a++) p += batch.xq[(c * kq + q) * d + a] * what[a];
      out[c * kq + q] = (s * p) / z;
    }
  }
  return out;
}
