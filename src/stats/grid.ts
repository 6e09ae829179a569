/**
 * Plain number grids for sweeps and theory curves: evenly spaced and geometrically spaced.
 * (For NDArray grids see `linspace` in src/array.)
 * @module
 */
import { ArgumentError, checkFinite, checkPositiveInt } from "../errors/mod.ts";

/** `n` evenly spaced numbers from `start` to `stop` inclusive (n = 1 gives `[start]`). */
export function linspace(start: number, stop: number, n: number): number[] {
  checkFinite("linspace", "start", start);
  checkFinite("linspace", "stop", stop);
  checkPositiveInt("linspace", "n", n);
  if (n === 1) return [start];
  const h = (stop - start) / (n - 1);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? stop : start + i * h));
}

/**
 * `n` geometrically spaced numbers from `start` to `stop` inclusive (both > 0): the values, not
 * exponents, e.g. `logspace(1e-3, 1, 4)` = `[0.001, 0.01, 0.1, 1]`.
 */
export function logspace(start: number, stop: number, n: number): number[] {
  if (!(start > 0) || !Number.isFinite(start)) {
    throw new ArgumentError("logspace", "start", "a finite number > 0", start);
  }
  if (!(stop > 0) || !Number.isFinite(stop)) {
    throw new ArgumentError("logspace", "stop", "a finite number > 0", stop);
  }
  const e = linspace(Math.log(start), Math.log(stop), n);
  return e.map((v, i) => (i === 0 ? start : i === n - 1 ? stop : Math.exp(v)));
}
