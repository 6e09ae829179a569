/**
 * Summary statistics of plain number samples: mean, unbiased variance, standard deviation and
 * standard error of the mean. One implementation each, used by experiments, scripts and tests.
 * @module
 */
import { ArgumentError } from "../errors/mod.ts";

function needAtLeast(fn: string, xs: ArrayLike<number>, n: number): void {
  if (xs === null || typeof xs !== "object" || typeof xs.length !== "number") {
    throw new ArgumentError(fn, "xs", "an array of numbers", xs);
  }
  if (xs.length < n) {
    throw new ArgumentError(fn, "xs", `an array of at least ${n} numbers`, `length ${xs.length}`);
  }
  for (let i = 0; i < xs.length; i++) {
    if (typeof xs[i] !== "number" || Number.isNaN(xs[i])) {
      throw new ArgumentError(fn, `xs[${i}]`, "a number (not NaN)", xs[i]);
    }
  }
}

/** Arithmetic mean `Σ xᵢ / n` of a non-empty sample. */
export function mean(xs: ArrayLike<number>): number {
  needAtLeast("mean", xs, 1);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

/** Unbiased sample variance `Σ (xᵢ − x̄)² / (n − 1)` (n ≥ 2; two-pass for accuracy). */
export function variance(xs: ArrayLike<number>): number {
  needAtLeast("variance", xs, 2);
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i] - m) ** 2;
  return s / (xs.length - 1);
}

/** Sample standard deviation `√variance` (n ≥ 2). */
export function standardDeviation(xs: ArrayLike<number>): number {
  return Math.sqrt(variance(xs));
}

/** Standard error of the mean `sd / √n` (n ≥ 2). */
export function standardError(xs: ArrayLike<number>): number {
  needAtLeast("standardError", xs, 2);
  return Math.sqrt(variance(xs) / xs.length);
}

/** Mean and standard error of a sample, `{ mean, se, n }` (n ≥ 2). */
export function meanAndSe(xs: ArrayLike<number>): { mean: number; se: number; n: number } {
  return { mean: mean(xs), se: standardError(xs), n: xs.length };
}
