/**
 * Reduced linear-attention predictor for in-context regression and its closed-form ridge fit
 * (Lu et al. arXiv:2405.11751; Letey et al. arXiv:2509.26551).
 *
 * `ŷ = ⟨Γ, H_Z⟩ = x_qᵀ Γ h`, `H_Z = x_q hᵀ ∈ R^{d×(d+1)}`,
 * `h = [(d/ℓ) Σ_i y_i x_i ; (1/ℓ) Σ_i y_i²]`, Γ = [Γ1 | γ2] row-major d×(d+1).
 *
 * The ridge fit `Γ* = argmin Σ_μ (y_q^μ − ⟨Γ, H^μ⟩)² + (n/d)λ‖Γ‖²_F` is an ordinary ridge
 * regression with p = d(d+1) features `vec(H) = x_q ⊗ h`. It accumulates the Gram matrix
 * `Σ_μ vec(H^μ)vec(H^μ)ᵀ` chunk by chunk through the backend GEMM (lower triangle only; the
 * n×p design matrix is never formed) and solves with Cholesky.
 *
 * @module
 */

import { type Backend, defaultBackend } from "../backend/mod.ts";
import { choleskyF64 } from "../linalg/core/cholesky.ts";
import { trsmF64 } from "../linalg/core/triangular.ts";
import type { IclPromptBatch } from "../data/icl_tasks.ts";

/**
 * The statistic h of every context: `h = [(d/ℓ) Σ y_i x_i ; (1/ℓ) Σ y_i²]` (arXiv:2405.11751, the
 * reduction to Γ).
 *
 * @param batch prompts (Parts A/B convention)
 * @returns row-major `count × (d+1)`
 */
export function reducedGammaStatistics(batch: IclPromptBatch): Float64Array {
  const { count, dim: d, contextLength: ell, x, y } = batch;
  if (ell < 1) {
    throw new Error(
      `reducedGammaStatistics: argument "batch" must have contextLength ≥ 1, got ${ell}`,
    );
  }
  const d1 = d + 1;
  const h = new Float64Array(count * d1);
  for (let c = 0; c < count; c++) {
    let e = 0;
    for (let i = 0; i < ell; i++) {
      const yi = y[c * ell + i];
      e += yi * yi;
      const off = (c * ell + i) * d;
      for (let a = 0; a < d; a++) h[c * d1 + a] += yi * x[off + a];
    }
    for (let a = 0; a < d; a++) h[c * d1 + a] *= d / ell;
    h[c * d1 + d] = e / ell;
  }
  return h;
}

/**
 * Predictions `ŷ = x_qᵀ Γ h` of the reduced model on the first query of every context.
 *
 * @param gamma row-major d×(d+1)
 * @param batch prompts
 * @returns predictions, length `count`
 */
export function reducedGammaPredict(gamma: Float64Array, batch: IclPromptBatch): Float64Array {
  const d = batch.dim;
  const d1 = d + 1;
  if (gamma.length !== d * d1) {
    throw new Error(
      `reducedGammaPredict: argument "gamma" must have length d(d+1) = ${
        d * d1
      }, got ${gamma.length}`,
    );
  }
  if (batch.queries < 1) {
    throw new Error(`reducedGammaPredict: argument "batch" must have ≥ 1 query`);
  }
  const h = reducedGammaStatistics(batch);
  const out = new Float64Array(batch.count);
  for (let c = 0; c < batch.count; c++) {
    const q = c * batch.queries * d;
    let s = 0;
    for (let a = 0; a < d; a++) {
      let t = 0;
      for (let b = 0; b < d1; b++) t += gamma[a * d1 + b] * h[c * d1 + b];
      s += batch.xq[q + a] * t;
    }
    out[c] = s;
  }
  return out;
}

/** Options of {@linkcode fitReducedGammaRidge}. */
export interface ReducedGammaRidgeOptions {
  /** dimension d. */
  dim: number;
  /** number of pretraining contexts n (= τd²). */
  contexts: number;
  /** ridge λ of `(n/d)λ‖Γ‖²` (the papers' "ridgeless" runs use 1e-5 or 1e-6). */
  lambda: number;
  /** contexts per GEMM chunk (default 512). */
  chunkSize?: number;
  /** backend for the GEMMs (default `defaultBackend()`). */
  backend?: Backend;
}

/** Result of the ridge fit. */
export interface ReducedGammaFit {
  /** Γ*, row-major d×(d+1). */
  gamma: Float64Array;
  /** dimension d. */
  dim: number;
  /** contexts used. */
  contexts: number;
  /** ridge λ. */
  lambda: number;
}

/**
 * Closed-form ridge fit of the reduced parameter Γ (arXiv:2405.11751, the pretraining
 * objective):
 * `vec(Γ*) = (Σ_μ vec(H^μ)vec(H^μ)ᵀ + (n/d)λ I_p)^{-1} Σ_μ vec(H^μ) y_q^μ`, p = d(d+1).
 * Contexts come from `sampleChunk(chunkIndex, count)`, called with consecutive indices and
 * counts summing to `contexts`. Cost ≈ n·p² flops in GEMM (lower triangle) + p³/3 (Cholesky).
 *
 * @param sampleChunk chunk sampler (e.g. `(i, c) => sampleIclPrompts(foldIn(k, i), c, opts)`)
 * @param options d, n, λ, chunk size, backend
 * @returns Γ*
 */
export function fitReducedGammaRidge(
  sampleChunk: (chunkIndex: number, count: number) => IclPromptBatch,
  options: ReducedGammaRidgeOptions,
): ReducedGammaFit {
  const fn = "fitReducedGammaRidge";
  const d = options.dim;
  const n = options.contexts;
  if (!Number.isInteger(d) || d < 1) {
    throw new Error(`${fn}: argument "dim" must be a positive integer, got ${d}`);
  }
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`${fn}: argument "contexts" must be a positive integer, got ${n}`);
  }
  if (!(options.lambda > 0)) {
    throw new Error(
      `${fn}: argument "lambda" must be positive (use a small value for ridgeless), got ${options.lambda}`,
    );
  }
  const chunk = options.chunkSize ?? 512;
  const be = options.backend ?? defaultBackend();
  const d1 = d + 1;
  const p = d * d1;
  const G = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  const phiT = new Float64Array(p * chunk); // p × B
  const phi = new Float64Array(chunk * p); // B × p
  const block = 128;
  let done = 0;
  for (let ci = 0; done < n; ci++) {
    const B = Math.min(chunk, n - done);
    const batch = sampleChunk(ci, B);
    if (batch.count !== B || batch.dim !== d) {
      throw new Error(
        `${fn}: sampleChunk returned ${batch.count} contexts of dim ${batch.dim}, expected ${B} of dim ${d}`,
      );
    }
    const h = reducedGammaStatistics(batch);
    for (let c = 0; c < B; c++) {
      const q = c * batch.queries * d;
      const yq = batch.yq[c * batch.queries];
      for (let a = 0; a < d; a++) {
        const xa = batch.xq[q + a];
        for (let b = 0; b < d1; b++) {
          const v = xa * h[c * d1 + b];
          const f = a * d1 + b;
          phiT[f * B + c] = v;
          phi[c * p + f] = v;
          rhs[f] += v * yq;
        }
      }
    }
    // Lower triangle, block row by block row: G[r0:r1, 0:r1] += Φᵀ[r0:r1, :] · Φ[:, 0:r1].
    for (let r0 = 0; r0 < p; r0 += block) {
      const r1 = Math.min(p, r0 + block);
      be.gemm({
        transA: false,
        transB: false,
        m: r1 - r0,
        n: r1,
        k: B,
        alpha: 1,
        a: phiT,
        offA: r0 * B,
        lda: B,
        b: phi,
        offB: 0,
        ldb: p,
        beta: 1,
        c: G,
        offC: r0 * p,
        ldc: p,
      });
    }
    done += B;
  }
  const ridge = (n / d) * options.lambda;
  for (let i = 0; i < p; i++) G[i * p + i] += ridge;
  choleskyF64(G, { n: p, fn, backend: be });
  trsmF64(G, rhs, { n: p, lower: true });
  trsmF64(G, rhs, { n: p, lower: true, trans: true });
  return { gamma: rhs, dim: d, contexts: n, lambda: options.lambda };
}
