/**
 * One full linear self-attention layer on the in-context regression embedding and its reduction
 * to the reduced parameter Γ (Lu et al. arXiv:2405.11751, following Zhang–Frei–Bartlett).
 *
 * Embedding `Z = [[x_1 … x_ℓ x_q], [y_1 … y_ℓ 0]] ∈ R^{(d+1)×(ℓ+1)}`. Layer
 * `A = Z + (1/ℓ) V Z M (KZ)ᵀ (QZ)` with the mask `M = diag(1, …, 1, 0)` (the query token is not a
 * key). The prediction is `A[d, ℓ]` (0-based: last row, last column).
 *
 * @module
 */

import type { IclPromptBatch } from "../data/icl_tasks.ts";

/** Value, key and query matrices, each row-major (d+1)×(d+1). */
export interface IclLinearSelfAttentionParams {
  /** V. */
  value: Float64Array;
  /** K. */
  key: Float64Array;
  /** Q. */
  query: Float64Array;
}

/**
 * The embedding Z of context `index` of a batch (first query only), row-major (d+1)×(ℓ+1).
 *
 * @param batch prompts
 * @param index context index
 * @returns Z
 */
export function iclPromptEmbedding(batch: IclPromptBatch, index: number): Float64Array {
  const { dim: d, contextLength: ell } = batch;
  if (!Number.isInteger(index) || index < 0 || index >= batch.count) {
    throw new Error(
      `iclPromptEmbedding: argument "index" must be an integer in [0, ${batch.count}), got ${index}`,
    );
  }
  const n = ell + 1;
  const z = new Float64Array((d + 1) * n);
  for (let i = 0; i < ell; i++) {
    for (let a = 0; a < d; a++) z[a * n + i] = batch.x[(index * ell + i) * d + a];
    z[d * n + i] = batch.y[index * ell + i];
  }
  for (let a = 0; a < d; a++) z[a * n + ell] = batch.xq[index * batch.queries * d + a];
  return z;
}

function mm(
  a: Float64Array,
  b: Float64Array,
  m: number,
  k: number,
  n: number,
  transA = false,
): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const av = transA ? a[p * m + i] : a[i * k + p];
      if (av === 0) continue;
      for (let j = 0; j < n; j++) c[i * n + j] += av * b[p * n + j];
    }
  }
  return c;
}

/**
 * Full linear self-attention layer `A = Z + (1/ℓ) V Z M (KZ)ᵀ (QZ)` (masked query key).
 *
 * @param z embedding, row-major (d+1)×(ℓ+1)
 * @param params V, K, Q
 * @param options `dim` d
 * @returns A, row-major (d+1)×(ℓ+1); the prediction is `A[d·(ℓ+1) + ℓ]`
 */
export function iclLinearSelfAttention(
  z: Float64Array,
  params: IclLinearSelfAttentionParams,
  options: { dim: number },
): Float64Array {
  const e = options.dim + 1;
  const n = z.length / e;
  if (!Number.isInteger(n) || n < 2) {
    throw new Error(
      `iclLinearSelfAttention: argument "z" must have length (d+1)(ℓ+1) with ℓ ≥ 1, got ${z.length}`,
    );
  }
  for (const name of ["value", "key", "query"] as const) {
    if (params[name].length !== e * e) {
      throw new Error(
        `iclLinearSelfAttention: argument "${name}" must have length (d+1)² = ${e * e}, got ${
          params[name].length
        }`,
      );
    }
  }
  const ell = n - 1;
  const vz = mm(params.value, z, e, e, n);
  const kz = mm(params.key, z, e, e, n);
  const qz = mm(params.query, z, e, e, n);
  for (let a = 0; a < e; a++) vz[a * n + ell] = 0; // mask: the query token is not a key/value
  // (KZ)ᵀ(QZ): n×n
  const att = mm(kz, qz, n, e, n, true);
  const upd = mm(vz, att, e, n, n);
  const out = new Float64Array(e * n);
  for (let i = 0; i < e * n; i++) out[i] = z[i] + upd[i] / ell;
  return out;
}

/**
 * Reduced parameter Γ of a linear self-attention layer whose value matrix has `v21 = 0` (the
 * last row of V is `[0…0, v22]`; arXiv:2405.11751, the reduction to Γ): with `W = KᵀQ`,
 * `Γ1 = (v22/d) W[0:d, 0:d]ᵀ` and `γ2 = v22 W[d, 0:d]`, so that
 * `A[d, ℓ] = x_qᵀ(Γ1 h1 + γ2 h2)` exactly.
 *
 * @param params V, K, Q
 * @param options `dim` d
 * @returns Γ, row-major d×(d+1)
 */
export function iclLinearSelfAttentionToGamma(
  params: IclLinearSelfAttentionParams,
  options: { dim: number },
): Float64Array {
  const d = options.dim;
  const e = d + 1;
  for (let a = 0; a < d; a++) {
    if (params.value[d * e + a] !== 0) {
      throw new Error(
        `iclLinearSelfAttentionToGamma: argument "value" must have v21 = 0 (last row zero except the corner), got V[${d},${a}] = ${
          params.value[d * e + a]
        }`,
      );
    }
  }
  const v22 = params.value[d * e + d];
  const w = mm(params.key, params.query, e, e, e, true); // KᵀQ
  const g = new Float64Array(d * e);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) g[a * e + b] = (v22 / d) * w[b * e + a];
    g[a * e + d] = v22 * w[d * e + a];
  }
  return g;
}
