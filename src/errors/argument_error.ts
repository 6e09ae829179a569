/**
 * Named errors for bad input, shared by every layer (arrays, linear algebra, theory, models,
 * runs). Every message says which function and argument were wrong, what
 * was expected and what was received, so a user can fix the call without reading the source.
 * @module
 */

/** Format a received value for an error message (shapes as `[2,3]`, strings quoted). */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(describe).join(",")}]`;
  if (typeof value === "string") return JSON.stringify(value);
  if (ArrayBuffer.isView(value)) {
    return `${value.constructor.name}(${(value as Float64Array).length})`;
  }
  if (value !== null && typeof value === "object" && "shape" in value && "dtype" in value) {
    const v = value as { shape: number[]; dtype: string };
    return `${v.dtype} array of shape ${describe([...v.shape])}`;
  }
  return String(value);
}

/** An invalid argument: wrong shape, dtype, size, axis or value. */
export class ArgumentError extends Error {
  /** Build `fn: argument "arg" must be <expected>, got <received>`. */
  constructor(fn: string, arg: string, expected: string, received: unknown) {
    super(`${fn}: argument "${arg}" must be ${expected}, got ${describe(received)}`);
    this.name = "ArgumentError";
  }
}

/** Shapes that cannot be combined (broadcasting, matmul inner dimensions, concat). */
export class ShapeError extends Error {
  /** Build `fn: <message>`. */
  constructor(fn: string, message: string) {
    super(`${fn}: ${message}`);
    this.name = "ShapeError";
  }
}

/** Throw an {@link ArgumentError} unless `n` is a non-negative integer (a size or a count). */
export function checkSize(fn: string, arg: string, n: unknown): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
    throw new ArgumentError(fn, arg, "a non-negative integer", n);
  }
  return n;
}

/** Throw an {@link ArgumentError} unless `x` is a finite number. */
export function checkFinite(fn: string, arg: string, x: unknown): number {
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new ArgumentError(fn, arg, "a finite number", x);
  }
  return x;
}

/** Normalise an axis (negative counts from the end) or throw naming the function. */
export function normAxis(fn: string, axis: number, ndim: number, arg = "axis"): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new ArgumentError(fn, arg, `an integer in [${-ndim}, ${ndim - 1}]`, axis);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** Throw an {@link ArgumentError} unless `n` is a positive integer (a size, a depth, a count). */
export function checkPositiveInt(fn: string, arg: string, n: unknown): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
    throw new ArgumentError(fn, arg, "a positive integer", n);
  }
  return n;
}

/** Throw an {@link ArgumentError} unless `x` is a finite number ≥ 0. */
export function checkNonNegative(fn: string, arg: string, x: unknown): number {
  if (typeof x !== "number" || !Number.isFinite(x) || x < 0) {
    throw new ArgumentError(fn, arg, "a finite number ≥ 0", x);
  }
  return x;
}

/** Throw an {@link ArgumentError} unless `x` is a finite number > 0. */
export function checkPositive(fn: string, arg: string, x: unknown): number {
  if (typeof x !== "number" || !Number.isFinite(x) || x <= 0) {
    throw new ArgumentError(fn, arg, "a finite number > 0", x);
  }
  return x;
}

/**
 * Throw an {@link ArgumentError} unless `x` is a finite number in the closed interval
 * `[lo, hi]` (use ±Infinity for a one-sided bound).
 */
export function checkInRange(fn: string, arg: string, x: unknown, lo: number, hi: number): number {
  if (typeof x !== "number" || Number.isNaN(x) || !Number.isFinite(x) || x < lo || x > hi) {
    throw new ArgumentError(fn, arg, `a finite number in [${lo}, ${hi}]`, x);
  }
  return x;
}

/** Throw an {@link ArgumentError} unless `x` is one of `choices`. */
export function checkChoice<T extends string>(
  fn: string,
  arg: string,
  x: unknown,
  choices: readonly T[],
): T {
  if (typeof x !== "string" || !(choices as readonly string[]).includes(x)) {
    throw new ArgumentError(fn, arg, `one of ${choices.map((c) => `"${c}"`).join(", ")}`, x);
  }
  return x as T;
}

/** Throw an {@link ArgumentError} unless every entry of `xs` is finite (names the first bad index). */
export function checkAllFinite(fn: string, arg: string, xs: ArrayLike<number>): void {
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i])) {
      throw new ArgumentError(fn, `${arg}[${i}]`, "a finite number", xs[i]);
    }
  }
}
