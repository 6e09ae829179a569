/**
 * Numeric assertions for tests (JSR's @std/assert is unreachable, so saddle carries its own).
 * @module
 */
import { NDArray } from "./ndarray.ts";

/** Anything {@link assertClose} can compare. */
export type Numeric = number | readonly number[] | ArrayLike<number> | NDArray;

function flat(x: Numeric): { values: ArrayLike<number>; shape: readonly number[] } {
  if (typeof x === "number") return { values: [x], shape: [] };
  if (x instanceof NDArray) return { values: x.dataSync(), shape: x.shape };
  return { values: x, shape: [x.length] };
}

/** Largest |a − b| over corresponding elements (Infinity if lengths differ or a NaN mismatches). */
export function maxAbsDiff(a: Numeric, b: Numeric): number {
  const x = flat(a).values, y = flat(b).values;
  if (x.length !== y.length) return Infinity;
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]) !== Number.isNaN(y[i])) return Infinity;
    if (Number.isNaN(x[i])) continue;
    if (x[i] === y[i]) continue;
    m = Math.max(m, Math.abs(x[i] - y[i]));
  }
  return m;
}

/**
 * Assert `|actual − expected| ≤ atol + rtol·|expected|` elementwise (numpy `allclose`), with NaN
 * matching NaN. Shapes must agree when both are arrays. Throws an `Error` naming the first
 * offending index and the values.
 */
export function assertClose(
  actual: Numeric,
  expected: Numeric,
  opts: { rtol?: number; atol?: number; msg?: string } = {},
): void {
  const rtol = opts.rtol ?? 1e-7, atol = opts.atol ?? 0;
  const A = flat(actual), E = flat(expected);
  const pre = opts.msg ? `${opts.msg}: ` : "";
  if (actual instanceof NDArray && expected instanceof NDArray) {
    if (A.shape.length !== E.shape.length || A.shape.some((d, i) => d !== E.shape[i])) {
      throw new Error(`${pre}shape [${A.shape}] differs from expected [${E.shape}]`);
    }
  }
  if (A.values.length !== E.values.length) {
    throw new Error(`${pre}length ${A.values.length} differs from expected ${E.values.length}`);
  }
  for (let i = 0; i < A.values.length; i++) {
    const a = A.values[i], e = E.values[i];
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (a === e) continue;
    const tol = atol + rtol * Math.abs(e);
    if (!(Math.abs(a - e) <= tol)) {
      throw new Error(
        `${pre}element ${i}: got ${a}, expected ${e} (|diff| ${Math.abs(a - e)} > tol ${tol})`,
      );
    }
  }
}
