/**
 * Rank-B update of an inverse by the Woodbury identity, with the determinant lemma alongside:
 * for S' = λS + c HᵀH (S n×n symmetric positive definite, H [B, n], λ, c > 0) and P = S⁻¹,
 *
 *   S'⁻¹ = λ⁻¹ (P − Vᵀ K⁻¹ V),   V = H P,   K = (λ/c) I_B + V Hᵀ,
 *   log det S' = n log λ + log det S + log det(I_B + (c/λ) H P Hᵀ).
 *
 * O(n²B) instead of the O(n³) of a fresh inverse: the update of a running correlation matrix's
 * inverse (the layer-entropy regulariser of arXiv:2504.11558, App. H, as in CorInfoMax).
 * @module
 */
import { fromTyped } from "../array/creation.ts";
import { matmul } from "../array/matmul.ts";
import { NDArray } from "../array/ndarray.ts";
import { ArgumentError, checkPositive } from "../errors/mod.ts";
import { cholesky, choSolve } from "./cholesky.ts";

/** Result of {@link woodburyUpdate}. */
export interface WoodburyResult {
  /** (λS + c HᵀH)⁻¹, n×n f64, symmetrised. */
  inverse: NDArray;
  /** log det(λS + c HᵀH) − log det S. */
  logdetIncrement: number;
}

/**
 * The inverse of λS + c HᵀH from P = S⁻¹ (see the module doc), in f64.
 *
 * @param p the current inverse P = S⁻¹ [n, n] (symmetric positive definite)
 * @param h the update rows H [B, n]
 * @param opts `{ lambda, c }` both > 0
 */
export function woodburyUpdate(
  p: NDArray,
  h: NDArray,
  opts: { lambda: number; c: number },
): WoodburyResult {
  const fn = "woodburyUpdate";
  const lambda = checkPositive(fn, "lambda", opts.lambda);
  const c = checkPositive(fn, "c", opts.c);
  if (p.ndim !== 2 || p.shape[0] !== p.shape[1]) {
    throw new ArgumentError(fn, "p", "a square 2-D array", p);
  }
  const n = p.shape[0];
  if (h.ndim !== 2 || h.shape[1] !== n) throw new ArgumentError(fn, "h", `a [B, ${n}] array`, h);
  const P = p.dtype === "f64" ? p : new NDArray(Float64Array.from(p.dataSync()), [n, n]);
  const H = h.dtype === "f64" ? h : new NDArray(Float64Array.from(h.dataSync()), h.shape);
  const B = H.shape[0];
  const V = matmul(H, P); // [B, n]
  const K = matmul(V, H, { transB: true }); // [B, B]
  const kd = K.dataSync();
  for (let i = 0; i < B; i++) kd[i * B + i] += lambda / c;
  const Lk = cholesky(K);
  const ld = Lk.dataSync();
  // det((c/λ) K) = det(I + (c/λ) H P Hᵀ)
  let logdet = B * Math.log(c / lambda);
  for (let i = 0; i < B; i++) logdet += 2 * Math.log(ld[i * B + i]);
  const KinvV = choSolve(Lk, V); // [B, n]
  const corr = matmul(V, KinvV, { transA: true }); // [n, n]
  const pd = P.dataSync(), cd = corr.dataSync();
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const a = (pd[i * n + j] - cd[i * n + j] + pd[j * n + i] - cd[j * n + i]) / (2 * lambda);
      out[i * n + j] = a;
      out[j * n + i] = a;
    }
  }
  return { inverse: fromTyped(out, [n, n]), logdetIncrement: n * Math.log(lambda) + logdet };
}
