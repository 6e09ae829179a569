/**
 * Spearman rank correlation: the Pearson correlation of average ranks (ties share the mean of
 * their ranks), in [−1, 1].
 * @module
 */
import { ArgumentError } from "../errors/mod.ts";

/** Average ranks (1-based) of `xs`; tied values share the mean of the ranks they span. */
export function ranks(xs: ArrayLike<number>): number[] {
  const idx = Array.from({ length: xs.length }, (_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const r = new Array<number>(xs.length);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && xs[idx[j + 1]] === xs[idx[i]]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[idx[k]] = avg;
    i = j + 1;
  }
  return r;
}

/** Pearson correlation of two equal-length samples (n ≥ 2, neither constant). */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) {
    throw new ArgumentError("pearson", "y", `an array of length ${x.length} (as x)`, y.length);
  }
  if (x.length < 2) throw new ArgumentError("pearson", "x", "at least 2 points", x.length);
  let mx = 0, my = 0;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new ArgumentError("pearson", `x[${i}]`, "finite", x[i]);
    if (!Number.isFinite(y[i])) throw new ArgumentError("pearson", `y[${i}]`, "finite", y[i]);
    mx += x[i];
    my += y[i];
  }
  mx /= x.length;
  my /= y.length;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  if (sxx === 0 || syy === 0) {
    throw new ArgumentError("pearson", sxx === 0 ? "x" : "y", "a non-constant sample", "constant");
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Spearman rank correlation ρ of two equal-length samples (n ≥ 2, neither constant). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) {
    throw new ArgumentError("spearman", "y", `an array of length ${x.length} (as x)`, y.length);
  }
  return pearson(ranks(x), ranks(y));
}
