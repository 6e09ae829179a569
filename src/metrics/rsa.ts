/**
 * Representational similarity analysis (Kriegeskorte et al. 2008), one of the metrics INSD
 * reports (Qian & Pehlevan, arXiv:2509.21504, appendix on metrics): each network's
 * representational dissimilarity matrix over conditions (1 − Pearson correlation between the
 * condition-averaged states), then the correlation of the two upper triangles.
 * @module
 */
import type { NDArray } from "../array/mod.ts";
import { ArgumentError, checkChoice } from "../errors/mod.ts";
import { pearson, spearman } from "../stats/mod.ts";
import { readPair, readSamples, type Samples } from "./_samples.ts";

function rdmOf(a: Samples): Float64Array {
  const { s, n, data } = a;
  const z = new Float64Array(s * n);
  for (let i = 0; i < s; i++) {
    let mu = 0;
    for (let j = 0; j < n; j++) mu += data[i * n + j];
    mu /= n;
    let ss = 0;
    for (let j = 0; j < n; j++) ss += (data[i * n + j] - mu) ** 2;
    const sd = Math.sqrt(ss) || 1;
    for (let j = 0; j < n; j++) z[i * n + j] = (data[i * n + j] - mu) / sd;
  }
  const out = new Float64Array((s * (s - 1)) / 2);
  let k = 0;
  for (let i = 0; i < s; i++) {
    for (let l = i + 1; l < s; l++) {
      let c = 0;
      for (let j = 0; j < n; j++) c += z[i * n + j] * z[l * n + j];
      out[k++] = 1 - c;
    }
  }
  return out;
}

/**
 * Upper triangle (row-major, i < j) of the RDM of `x` [conditions, units]: 1 − Pearson
 * correlation between the rows (condition-averaged states).
 */
export function rdm(x: NDArray): Float64Array {
  return rdmOf(readSamples("rdm", "x", x));
}

/**
 * RSA score: correlation ("spearman", default, or "pearson") between the RDM upper triangles
 * of x [conditions, n_x] and y [conditions, n_y] (same conditions, ≥ 3 of them).
 */
export function rsa(
  x: NDArray,
  y: NDArray,
  opts: { method?: "spearman" | "pearson" } = {},
): number {
  const method = checkChoice("rsa", "opts.method", opts.method ?? "spearman", [
    "spearman",
    "pearson",
  ]);
  const [a, b] = readPair("rsa", x, y);
  if (a.s < 3) throw new ArgumentError("rsa", "x", "at least 3 conditions (rows)", a.s);
  const da = rdmOf(a), db = rdmOf(b);
  return method === "spearman" ? spearman(da, db) : pearson(da, db);
}
