import assert from "node:assert/strict";
import {
  bonferroniZ,
  compareTheorySim,
  fitLogLogSlope,
  linspace,
  logspace,
  mean,
  normalCdf,
  normalQuantile,
  pearson,
  ranks,
  spearman,
  standardError,
  variance,
} from "./mod.ts";

Deno.test("stats: mean, unbiased variance and SE against hand values", () => {
  assert.equal(mean([1, 2, 3, 4]), 2.5);
  // Σ(x − 2.5)² = 5, n − 1 = 3
  assert.ok(Math.abs(variance([1, 2, 3, 4]) - 5 / 3) < 1e-15);
  assert.ok(Math.abs(standardError([1, 2, 3, 4]) - Math.sqrt(5 / 3 / 4)) < 1e-15);
  // two-pass variance survives a large offset (naive Σx² − n x̄² loses every digit here)
  assert.ok(Math.abs(variance([1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4]) - 5 / 3) < 1e-6);
  assert.throws(() => mean([]), /mean: argument "xs" must be an array of at least 1/);
  assert.throws(() => variance([1]), /at least 2/);
  assert.throws(() => mean([1, NaN]), /xs\[1\]/);
});

Deno.test("stats: ranks with ties, Spearman and Pearson", () => {
  assert.deepEqual(ranks([10, 20, 20, 5]), [2, 3.5, 3.5, 1]);
  assert.equal(spearman([1, 2, 3, 4], [1, 4, 9, 16]), 1);
  assert.ok(Math.abs(spearman([1, 2, 3, 4], [4, 3, 2, 1]) + 1) < 1e-15);
  // a monotone but non-linear map: Spearman 1, Pearson < 1
  const x = [1, 2, 3, 4, 5];
  const y = x.map((v) => Math.exp(v));
  assert.ok(Math.abs(spearman(x, y) - 1) < 1e-15);
  assert.ok(pearson(x, y) < 0.95);
  assert.throws(() => spearman([1, 2], [1]), /spearman: argument "y"/);
  assert.throws(() => pearson([1, 1, 1], [1, 2, 3]), /non-constant/);
});

Deno.test("stats: linspace and logspace hit their endpoints exactly", () => {
  assert.deepEqual(linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(linspace(3, 7, 1), [3]);
  const g = logspace(1e-3, 1, 4);
  assert.equal(g[0], 1e-3);
  assert.equal(g[3], 1);
  for (let i = 1; i < 4; i++) assert.ok(Math.abs(g[i] / g[i - 1] - 10) < 1e-12);
  assert.throws(() => linspace(0, 1, 0), /linspace: argument "n" must be a positive integer/);
  assert.throws(() => logspace(0, 1, 3), /logspace: argument "start"/);
});

Deno.test("stats: log-log fit recovers an exact power law; noisy slope SE is honest", () => {
  const x = [1, 2, 4, 8, 16];
  const f = fitLogLogSlope(x, x.map((v) => 3 * v ** -0.75));
  assert.ok(Math.abs(f.slope + 0.75) < 1e-12);
  assert.ok(Math.abs(f.intercept - Math.log(3)) < 1e-12);
  assert.ok(f.slopeSe < 1e-12);
  // alternating ±ε residuals in ln y: closed-form slope SE is √(Σr²/(n−2)/Sxx)
  const eps = 0.01;
  const y = x.map((v, i) => v ** 2 * Math.exp(i % 2 === 0 ? eps : -eps));
  const g = fitLogLogSlope(x, y);
  assert.ok(Math.abs(g.slope - 2) < 0.01);
  assert.ok(g.slopeSe > 0 && g.slopeSe < 0.02);
  assert.throws(() => fitLogLogSlope([1, 2], [1, -1]), /y\[1\]/);
});

Deno.test("stats: theory vs simulation errors and z-scores", () => {
  const c = compareTheorySim({ theory: [1, 2, 4], sim: [1.1, 2, 3.6], se: [0.05, 0, 0.2] });
  assert.deepEqual(c.errors.map((e) => Math.round(e * 1e12) / 1e12), [0.1, 0, -0.4]);
  assert.equal(c.argMaxAbsError, 2);
  assert.ok(Math.abs(c.maxAbsError - 0.4) < 1e-12);
  assert.ok(Math.abs(c.maxRelError - 0.1) < 1e-12);
  assert.ok(Math.abs(c.maxAbsZ - 2) < 1e-12);
  assert.ok(Number.isNaN(c.z[1]));
  assert.ok(Math.abs(c.rmsZ - Math.sqrt((4 + 4) / 2)) < 1e-12);
  assert.throws(() => compareTheorySim({ theory: [1], sim: [1, 2] }), /argument "sim"/);
});

Deno.test("stats: normal CDF and quantile against tabulated values", () => {
  // Φ(1.959963984540054) = 0.975; Φ(−3) = 0.0013498980316300946 (scipy.stats.norm)
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959963984540054) < 1e-12);
  assert.ok(Math.abs(normalCdf(-3) - 0.0013498980316300946) < 1e-16);
  assert.ok(Math.abs(normalQuantile(normalCdf(-6.5)) + 6.5) < 1e-9);
  // Bonferroni over 64 comparisons at 5%: Φ⁻¹(1 − 0.05/128) = 3.35935...
  assert.ok(Math.abs(bonferroniZ(64) - normalQuantile(1 - 0.05 / 128)) < 1e-15);
  assert.ok(bonferroniZ(64) > 3.35 && bonferroniZ(64) < 3.37);
  assert.throws(() => normalQuantile(1), /argument "p" must be a number in \(0, 1\)/);
});
