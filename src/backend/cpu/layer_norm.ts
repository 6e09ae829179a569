/**
 * LayerNorm over contiguous rows (Ba, Kiros & Hinton 2016, arXiv:1607.06450 eq. 4) and its VJP:
 * the cpu reference of `Backend.layerNormRows` / `Backend.layerNormRowsBwd`. All sums and
 * products run in f64; outputs are rounded to the operands' dtype once.
 *
 * @module
 */
import type { TypedArray } from "../types.ts";
import { checkElementwise, checkScalar, checkSize } from "../validate.ts";

/** Validates the shared arguments of the LayerNorm kernels (named errors). */
export function checkLayerNorm(
  fn: string,
  rows: number,
  n: number,
  eps: number,
  rowOps: readonly (readonly [string, unknown, unknown])[],
  vecOps: readonly (readonly [string, unknown, unknown])[],
): void {
  checkSize(fn, "rows", rows);
  checkSize(fn, "n", n);
  checkScalar(fn, "eps", eps);
  checkElementwise(fn, rows * n, rowOps);
  checkElementwise(fn, n, vecOps);
  checkElementwise(fn, 0, [rowOps[0], vecOps[0]]); // one dtype for rows and vectors
}

/**
 * `y = (x − μ)/√(σ² + eps)·γ + β` per row of length `n` (`rows` rows from `offX`, written from
 * `offY`); μ, σ² the row mean and (biased) variance; `beta = null`: no shift.
 */
export function layerNormRowsCpu(
  rows: number,
  n: number,
  eps: number,
  x: TypedArray,
  offX: number,
  gamma: TypedArray,
  offGamma: number,
  beta: TypedArray | null,
  offBeta: number,
  y: TypedArray,
  offY: number,
): void {
  checkLayerNorm("layerNormRows", rows, n, eps, [["x", x, offX], ["y", y, offY]], [
    ["gamma", gamma, offGamma],
    ...(beta ? [["beta", beta, offBeta] as const] : []),
  ]);
  for (let i = 0; i < rows; i++) {
    const o = offX + i * n, p = offY + i * n;
    let mu = 0;
    for (let j = 0; j < n; j++) mu += x[o + j];
    mu /= n;
    let v = 0;
    for (let j = 0; j < n; j++) v += (x[o + j] - mu) * (x[o + j] - mu);
    const rs = 1 / Math.sqrt(v / n + eps);
    if (beta) {
      for (let j = 0; j < n; j++) {
        y[p + j] = (x[o + j] - mu) * rs * gamma[offGamma + j] + beta[offBeta + j];
      }
    } else for (let j = 0; j < n; j++) y[p + j] = (x[o + j] - mu) * rs * gamma[offGamma + j];
  }
}

/**
 * VJP of {@linkcode layerNormRowsCpu} for cotangent `g`: `dx` per row, and over all rows
 * `dgamma = Σ g·x̂`, `dbeta = Σ g` (length `n`, overwritten), x̂ = (x − μ)/√(σ² + eps).
 */
export function layerNormRowsBwdCpu(
  rows: number,
  n: number,
  eps: number,
  x: TypedArray,
  offX: number,
  gamma: TypedArray,
  offGamma: number,
  g: TypedArray,
  offG: number,
  dx: TypedArray,
  offDx: number,
  dgamma: TypedArray,
  dbeta: TypedArray,
): void {
  checkLayerNorm("layerNormRowsBwd", rows, n, eps, [["x", x, offX], ["g", g, offG], [
    "dx",
    dx,
    offDx,
  ]], [["gamma", gamma, offGamma], ["dgamma", dgamma, 0], ["dbeta", dbeta, 0]]);
  const dg = new Float64Array(n), db = new Float64Array(n), xh = new Float64Array(n);
  for (let i = 0; i < rows; i++) {
    const o = offX + i * n, og = offG + i * n, od = offDx + i * n;
    let mu = 0;
    for (let j = 0; j < n; j++) mu += x[o + j];
    mu /= n;
    let v = 0;
    for (let j = 0; j < n; j++) v += (x[o + j] - mu) * (x[o + j] - mu);
    const rs = 1 / Math.sqrt(v / n + eps);
    let m1 = 0, m2 = 0;
    for (let j = 0; j < n; j++) {
      const h = (x[o + j] - mu) * rs, gj = g[og + j];
      xh[j] = h;
      dg[j] += gj * h;
      db[j] += gj;
      const dh = gj * gamma[offGamma + j];
      m1 += dh;
      m2 += dh * h;
    }
    m1 /= n;
    m2 /= n;
    for (let j = 0; j < n; j++) {
      dx[od + j] = rs * (g[og + j] * gamma[offGamma + j] - m1 - xh[j] * m2);
    }
  }
  dgamma.set(dg);
  dbeta.set(db);
}
