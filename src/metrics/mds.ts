/**
 * Classical (Torgerson) multidimensional scaling, used to embed networks by their pairwise DSA
 * distances (INSD, arXiv:2509.21504, the DSA figure): double-centre −½D², take the top
 * eigenvectors scaled by √λ.
 * @module
 */
import { ArgumentError, checkPositiveInt } from "../errors/mod.ts";
import { eighF64 } from "../linalg/mod.ts";

/**
 * Coordinates [n][dims] whose Euclidean distances best match the symmetric distance matrix
 * `d` (n×n, given as rows) in the classical-MDS sense; negative eigenvalues are clipped to 0.
 */
export function classicalMds(d: readonly (readonly number[])[], dims = 2): number[][] {
  const fn = "classicalMds";
  const n = d?.length ?? 0;
  if (n < 1 || d.some((r) => r?.length !== n || r.some((v) => !Number.isFinite(v)))) {
    throw new ArgumentError(fn, "d", "a square matrix of finite numbers", d);
  }
  const k = Math.min(checkPositiveInt(fn, "dims", dims), n);
  const D2 = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) D2[i * n + j] = d[i][j] ** 2;
  const row = new Float64Array(n);
  let all = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) row[i] += D2[i * n + j] / n;
    all += row[i] / n;
  }
  const Bm = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) Bm[i * n + j] = -0.5 * (D2[i * n + j] - row[i] - row[j] + all);
  }
  const { values, vectors } = eighF64(Bm, { n, fn });
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    const c: number[] = [];
    for (let q = 0; q < k; q++) {
      const idx = n - 1 - q;
      c.push(vectors![i * n + idx] * Math.sqrt(Math.max(0, values[idx])));
    }
    out.push(c);
  }
  return out;
}
