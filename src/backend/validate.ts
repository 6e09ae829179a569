/**
 * Argument checks shared by every backend, so that all backends reject bad input with the same
 * message: `fn: argument "name" must be ..., got ...`.
 *
 * @module
 */
import type { DType, GemmArgs, GemvArgs, Strided, TypedArray } from "./types.ts";
import { ArgumentError } from "../errors/mod.ts";

/**
 * An {@link ArgumentError} (src/errors) carrying this module's exact message, so backend argument
 * errors are caught like every other layer's while keeping their compact value display.
 */
function argumentError(message: string): ArgumentError {
  const e = new ArgumentError("", "", "", "");
  e.message = message;
  return e;
}

function show(v: unknown): string {
  if (typeof v === "number") return String(v);
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (v instanceof Float32Array) return `Float32Array(${v.length})`;
  if (v instanceof Float64Array) return `Float64Array(${v.length})`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}`;
  if (Array.isArray(v)) return `Array(${v.length})`;
  return typeof v === "string" ? JSON.stringify(v) : typeof v;
}

/** Throws unless `v` is a non-negative safe integer (a size). */
export function checkSize(fn: string, name: string, v: unknown): asserts v is number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
    throw argumentError(`${fn}: argument "${name}" must be a non-negative integer, got ${show(v)}`);
  }
}

/** Throws unless `v` is a safe integer (an increment, possibly negative or zero). */
export function checkInt(fn: string, name: string, v: unknown): asserts v is number {
  if (typeof v !== "number" || !Number.isSafeInteger(v)) {
    throw argumentError(`${fn}: argument "${name}" must be an integer, got ${show(v)}`);
  }
}

/** Throws unless `v` is a nonzero safe integer. */
export function checkNonzeroInt(fn: string, name: string, v: unknown): asserts v is number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v === 0) {
    throw argumentError(`${fn}: argument "${name}" must be a nonzero integer, got ${show(v)}`);
  }
}

/** Throws unless `v` is a number (NaN and ±Inf are allowed as scalars; they propagate). */
export function checkScalar(fn: string, name: string, v: unknown): asserts v is number {
  if (typeof v !== "number") {
    throw argumentError(`${fn}: argument "${name}" must be a number, got ${show(v)}`);
  }
}

/** Throws unless `v` is a boolean. */
export function checkBool(fn: string, name: string, v: unknown): asserts v is boolean {
  if (typeof v !== "boolean") {
    throw argumentError(`${fn}: argument "${name}" must be a boolean, got ${show(v)}`);
  }
}

/** The dtype of a typed array, or an error naming the argument. */
export function dtypeOf(fn: string, name: string, v: unknown): DType {
  if (v instanceof Float64Array) return "f64";
  if (v instanceof Float32Array) return "f32";
  throw argumentError(
    `${fn}: argument "${name}" must be a Float32Array or Float64Array, got ${show(v)}`,
  );
}

/** Checks that all named arrays share one dtype and returns it. */
export function commonDType(fn: string, arrays: Record<string, unknown>): DType {
  let first: DType | undefined;
  let firstName = "";
  for (const [name, arr] of Object.entries(arrays)) {
    const dt = dtypeOf(fn, name, arr);
    if (first === undefined) {
      first = dt;
      firstName = name;
    } else if (dt !== first) {
      throw argumentError(
        `${fn}: argument "${name}" must have the dtype of "${firstName}" (${first}), got ${dt}`,
      );
    }
  }
  if (first === undefined) throw argumentError(`${fn}: no array arguments`);
  return first;
}

/**
 * Checks a strided vector `x[off + i*inc]`, `i < n`: `off` and `inc` integers and every index
 * inside the array. Nothing is required of `off`/`inc` when `n = 0`.
 */
export function checkVector(
  fn: string,
  names: { x: string; off: string; inc: string },
  x: TypedArray,
  n: number,
  off: unknown,
  inc: unknown,
): void {
  checkInt(fn, names.off, off);
  checkInt(fn, names.inc, inc);
  if (n === 0) return;
  const last = off + (n - 1) * inc;
  const lo = Math.min(off, last);
  const hi = Math.max(off, last);
  if (lo < 0 || hi >= x.length) {
    throw argumentError(
      `${fn}: argument "${names.x}" must hold indices ${names.off} + i*${names.inc} for i < ${n} ` +
        `(${lo}..${hi}), got length ${x.length}`,
    );
  }
}

/**
 * Checks a stored row-major `rows×cols` matrix at `a[off + r*ld + c]`: `off ≥ 0`, `ld ≥ 0` and
 * the last element inside the array. Nothing is required when the matrix is empty.
 */
export function checkMatrix(
  fn: string,
  names: { a: string; off: string; ld: string },
  a: TypedArray,
  rows: number,
  cols: number,
  off: unknown,
  ld: unknown,
): void {
  checkSize(fn, names.off, off);
  checkSize(fn, names.ld, ld);
  if (rows === 0 || cols === 0) return;
  const last = off + (rows - 1) * ld + cols - 1;
  if (last >= a.length) {
    throw argumentError(
      `${fn}: argument "${names.a}" must hold a ${rows}x${cols} matrix at offset ${off} with ` +
        `${names.ld} ${ld} (last index ${last}), got length ${a.length}`,
    );
  }
}

/** Validates GEMM arguments (see {@linkcode GemmArgs}) and returns the common dtype. */
export function checkGemm(
  fn: string,
  args: GemmArgs<Float32Array> | GemmArgs<Float64Array>,
): DType {
  if (typeof args !== "object" || args === null) {
    throw argumentError(`${fn}: argument "args" must be an object, got ${show(args)}`);
  }
  const { transA, transB, m, n, k, alpha, beta, lda, ldb, ldc, offA, offB, offC } = args;
  checkBool(fn, "transA", transA);
  checkBool(fn, "transB", transB);
  checkSize(fn, "m", m);
  checkSize(fn, "n", n);
  checkSize(fn, "k", k);
  checkScalar(fn, "alpha", alpha);
  checkScalar(fn, "beta", beta);
  const dt = commonDType(fn, { a: args.a, b: args.b, c: args.c });
  checkMatrix(
    fn,
    { a: "a", off: "offA", ld: "lda" },
    args.a,
    transA ? k : m,
    transA ? m : k,
    offA,
    lda,
  );
  checkMatrix(
    fn,
    { a: "b", off: "offB", ld: "ldb" },
    args.b,
    transB ? n : k,
    transB ? k : n,
    offB,
    ldb,
  );
  checkMatrix(fn, { a: "c", off: "offC", ld: "ldc" }, args.c, m, n, offC, ldc);
  if (m > 1 && n > 0 && ldc < n) {
    throw argumentError(
      `${fn}: argument "ldc" must be >= n = ${n} so rows of C do not overlap, got ${ldc}`,
    );
  }
  return dt;
}

/** Validates GEMV arguments (see {@linkcode GemvArgs}) and returns the common dtype. */
export function checkGemv(
  fn: string,
  args: GemvArgs<Float32Array> | GemvArgs<Float64Array>,
): DType {
  if (typeof args !== "object" || args === null) {
    throw argumentError(`${fn}: argument "args" must be an object, got ${show(args)}`);
  }
  const { trans, m, n, alpha, beta } = args;
  checkBool(fn, "trans", trans);
  checkSize(fn, "m", m);
  checkSize(fn, "n", n);
  checkScalar(fn, "alpha", alpha);
  checkScalar(fn, "beta", beta);
  const dt = commonDType(fn, { a: args.a, x: args.x, y: args.y });
  checkMatrix(fn, { a: "a", off: "offA", ld: "lda" }, args.a, m, n, args.offA, args.lda);
  checkVector(
    fn,
    { x: "x", off: "offX", inc: "incX" },
    args.x,
    trans ? m : n,
    args.offX,
    args.incX,
  );
  checkNonzeroInt(fn, "incY", args.incY);
  checkVector(
    fn,
    { x: "y", off: "offY", inc: "incY" },
    args.y,
    trans ? n : m,
    args.offY,
    args.incY,
  );
  return dt;
}

/** Validates `n` and one strided vector (`x`, `offX`, `incX`) and returns its dtype. */
export function checkVec1(
  fn: string,
  n: unknown,
  x: unknown,
  offX: unknown,
  incX: unknown,
  opts: { write: boolean },
): DType {
  checkSize(fn, "n", n);
  const dt = dtypeOf(fn, "x", x);
  if (opts.write) checkNonzeroInt(fn, "incX", incX);
  checkVector(fn, { x: "x", off: "offX", inc: "incX" }, x as TypedArray, n, offX, incX);
  return dt;
}

/** Validates `n` and two strided vectors `x`, `y` of one dtype; `y` is written when `writeY`. */
export function checkVec2(
  fn: string,
  n: unknown,
  x: unknown,
  offX: unknown,
  incX: unknown,
  y: unknown,
  offY: unknown,
  incY: unknown,
  opts: { writeY: boolean },
): DType {
  checkSize(fn, "n", n);
  const dt = commonDType(fn, { x, y });
  checkVector(fn, { x: "x", off: "offX", inc: "incX" }, x as TypedArray, n, offX, incX);
  if (opts.writeY) checkNonzeroInt(fn, "incY", incY);
  checkVector(fn, { x: "y", off: "offY", inc: "incY" }, y as TypedArray, n, offY, incY);
  return dt;
}

/**
 * Validates an elementwise kernel call on `n` contiguous elements of one dtype: each operand
 * `[name, array, offset]` must hold `array[offset .. offset+n-1]`.
 */
export function checkElementwise(
  fn: string,
  n: unknown,
  ops: readonly (readonly [string, unknown, unknown])[],
): DType {
  checkSize(fn, "n", n);
  const arrays: Record<string, unknown> = {};
  for (const [name, a] of ops) arrays[name] = a;
  const dt = commonDType(fn, arrays);
  for (const [name, a, off] of ops) {
    checkVector(
      fn,
      { x: name, off: `off${name[0].toUpperCase()}${name.slice(1)}`, inc: "inc" },
      a as TypedArray,
      n,
      off,
      1,
    );
  }
  return dt;
}

/** Throws unless `v` is one of `choices` (a kernel's op name). */
export function checkOp<T extends string>(
  fn: string,
  name: string,
  v: unknown,
  choices: readonly T[],
): asserts v is T {
  if (typeof v !== "string" || !(choices as readonly string[]).includes(v)) {
    throw argumentError(
      `${fn}: argument "${name}" must be one of ${choices.join(", ")}, got ${show(v)}`,
    );
  }
}

/** Throws unless `shape` is an array of non-negative integers; returns its element count. */
export function checkShapeArg(fn: string, shape: unknown): number {
  if (!Array.isArray(shape)) {
    throw argumentError(`${fn}: argument "shape" must be an array of sizes, got ${show(shape)}`);
  }
  let n = 1;
  for (const d of shape) {
    if (typeof d !== "number" || !Number.isSafeInteger(d) || d < 0) {
      throw argumentError(
        `${fn}: argument "shape" must be an array of non-negative integers, got [${shape}]`,
      );
    }
    n *= d;
  }
  return n;
}

/**
 * Checks a strided operand over `shape` (see `Strided` in types.ts): one non-negative integer
 * stride per axis, an integer offset ≥ 0, and every element inside the buffer (whose `length`
 * counts elements). Nothing is required of the layout when `shape` is empty of elements.
 */
export function checkStrided(
  fn: string,
  name: string,
  shape: readonly number[],
  v: Strided<{ readonly length: number }>,
): void {
  if (v === null || typeof v !== "object" || v.buf === null || typeof v.buf !== "object") {
    throw argumentError(`${fn}: argument "${name}" must be a strided operand, got ${show(v)}`);
  }
  const st = v.strides;
  if (!Array.isArray(st) || st.length !== shape.length) {
    throw argumentError(
      `${fn}: argument "${name}.strides" must have ${shape.length} entries, got ${show(st)}`,
    );
  }
  checkSize(fn, `${name}.offset`, v.offset);
  let last = v.offset, empty = false;
  for (let i = 0; i < shape.length; i++) {
    checkSize(fn, `${name}.strides[${i}]`, st[i]);
    if (shape[i] === 0) empty = true;
    else last += (shape[i] - 1) * st[i];
  }
  if (!empty && last >= v.buf.length) {
    throw argumentError(
      `${fn}: argument "${name}" must hold index ${last} (offset ${v.offset}, strides [${st}] ` +
        `over shape [${shape}]), got length ${v.buf.length}`,
    );
  }
}

/** Checks `len` contiguous elements from `off` lie inside `x` (whose `length` counts elements). */
export function checkSpan(
  fn: string,
  name: string,
  x: { readonly length: number },
  off: unknown,
  len: number,
): void {
  checkSize(fn, `off${name[0].toUpperCase()}${name.slice(1)}`, off);
  if (len > 0 && off + len > x.length) {
    throw argumentError(
      `${fn}: argument "${name}" must hold ${len} elements from index ${off}, got length ${x.length}`,
    );
  }
}
