/**
 * Argument checks shared by the samplers of src/random (internal; not re-exported).
 *
 * @module
 */

/** Describes a received value for an error message. */
export function describe(v: unknown): string {
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (v === null) return "null";
  if (Array.isArray(v)) return `array of length ${v.length}`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name} of length ${(v as Uint8Array).length}`;
  if (typeof v === "object") return `object ${JSON.stringify(v)?.slice(0, 60)}`;
  return typeof v;
}

/** Throws unless `n` is a non-negative safe integer (a count or length). */
export function checkCount(fn: string, arg: string, n: unknown): number {
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) {
    throw new Error(`${fn}: argument "${arg}" must be a non-negative integer, got ${describe(n)}`);
  }
  return n;
}

/** Throws unless `n` is a positive safe integer. */
export function checkPositive(fn: string, arg: string, n: unknown): number {
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 1) {
    throw new Error(`${fn}: argument "${arg}" must be a positive integer, got ${describe(n)}`);
  }
  return n;
}

/** Throws unless `x` is a finite number. */
export function checkFinite(fn: string, arg: string, x: unknown): number {
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new Error(`${fn}: argument "${arg}" must be a finite number, got ${describe(x)}`);
  }
  return x;
}

/** Throws unless `shape` is an array of non-negative integers; returns it as number[]. */
export function checkShape(fn: string, arg: string, shape: unknown): number[] {
  if (typeof shape === "number") return [checkCount(fn, arg, shape)];
  if (!Array.isArray(shape)) {
    throw new Error(
      `${fn}: argument "${arg}" must be an array of non-negative integers, got ${describe(shape)}`,
    );
  }
  for (const d of shape) {
    if (typeof d !== "number" || !Number.isSafeInteger(d) || d < 0) {
      throw new Error(
        `${fn}: argument "${arg}" must be an array of non-negative integers, got [${
          shape.join(",")
        }]`,
      );
    }
  }
  return [...shape];
}

/** Product of a shape's dimensions. */
export function shapeSize(shape: readonly number[]): number {
  let s = 1;
  for (const d of shape) s *= d;
  return s;
}
