/**
 * Shape manipulation: views that share storage (reshape of contiguous data, transpose, slice,
 * expandDims, squeeze, broadcastTo) and copies (contiguous, astype, concat, stack, take).
 * @module
 */
import { type DType, isDType } from "./dtype.ts";
import { ArgumentError, describe, normAxis, ShapeError } from "./errors.ts";
import {
  backendOf,
  checkNDArray,
  checkShape,
  freshOutput,
  NDArray,
  rowMajorStrides,
  sizeOf,
  storageOf,
  stridedOf,
} from "./ndarray.ts";

/** A contiguous row-major copy of `x` (or `x` itself if it already is contiguous). */
export function contiguous(x: NDArray): NDArray {
  if (x.isContiguous()) return x;
  return copy(x);
}

/** A fresh contiguous copy of `x` that shares nothing with it (the backend's strided copy). */
export function copy(x: NDArray): NDArray {
  return convert("copy", x, x.dtype);
}

function convert(fn: string, x: NDArray, dtype: DType): NDArray {
  checkNDArray(fn, "x", x);
  const be = backendOf(fn, x);
  if (!be.dtypes.includes(dtype)) {
    throw new ArgumentError(fn, "dtype", `one of ${be.dtypes.join(", ")} on ${be.name}`, dtype);
  }
  const { array, out } = freshOutput(be, dtype, x.shape);
  be.copy(x.shape, stridedOf(x), out);
  return array;
}

/**
 * Convert to `dtype` (a copy; returns `x` itself when the dtype already matches). A backend
 * without that dtype (WebGPU: f32 only) throws.
 */
export function astype(x: NDArray, dtype: DType): NDArray {
  if (!isDType(dtype)) throw new ArgumentError("astype", "dtype", `"f32" or "f64"`, dtype);
  if (x.dtype === dtype) return x;
  return convert("astype", x, dtype);
}

/**
 * Give `x` a new shape with the same number of elements; one entry may be -1 (inferred).
 * A view when `x` is contiguous, otherwise a copy.
 */
export function reshape(x: NDArray, shape: readonly number[]): NDArray {
  checkNDArray("reshape", "x", x);
  if (!Array.isArray(shape)) {
    throw new ArgumentError("reshape", "shape", "an array of sizes", shape);
  }
  const s = [...shape];
  const neg = s.filter((d) => d === -1).length;
  if (neg > 1) throw new ArgumentError("reshape", "shape", "at most one -1", shape);
  for (const d of s) {
    if (!Number.isInteger(d) || d < -1) {
      throw new ArgumentError("reshape", "shape", "integers >= 0 (or one -1)", shape);
    }
  }
  if (neg === 1) {
    const known = s.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    if (known === 0 || x.size % known !== 0) {
      throw new ShapeError(
        "reshape",
        `cannot infer -1 in ${describe(s)} for ${x.size} elements`,
      );
    }
    s[s.indexOf(-1)] = x.size / known;
  }
  if (sizeOf(s) !== x.size) {
    throw new ShapeError(
      "reshape",
      `cannot reshape ${describe([...x.shape])} (${x.size} elements) to ${describe(s)}`,
    );
  }
  const c = contiguous(x);
  return new NDArray(storageOf(c), s, rowMajorStrides(s), c.offset);
}

/** Flatten to one axis. */
export function flatten(x: NDArray): NDArray {
  return reshape(x, [x.size]);
}

/** Permute the axes (default: reverse them). A view. */
export function transpose(x: NDArray, perm?: readonly number[]): NDArray {
  checkNDArray("transpose", "x", x);
  if (perm !== undefined && !Array.isArray(perm)) {
    throw new ArgumentError("transpose", "perm", "an array of axes", perm);
  }
  const nd = x.ndim;
  const p = perm ? perm.map((a) => normAxis("transpose", a, nd, "perm")) : [...Array(nd).keys()]
    .reverse();
  if (p.length !== nd || new Set(p).size !== nd) {
    throw new ArgumentError("transpose", "perm", `a permutation of ${nd} axes`, perm);
  }
  return new NDArray(storageOf(x), p.map((a) => x.shape[a]), p.map((a) => x.strides[a]), x.offset);
}

/** Swap two axes. A view. */
export function swapAxes(x: NDArray, a: number, b: number): NDArray {
  const p = [...Array(x.ndim).keys()];
  const i = normAxis("swapAxes", a, x.ndim, "a"), j = normAxis("swapAxes", b, x.ndim, "b");
  [p[i], p[j]] = [p[j], p[i]];
  return transpose(x, p);
}

/** One slice spec per leading axis: an index (drops the axis), `[start, stop, step?]`, or null. */
export type SliceSpec =
  | number
  | readonly [(number | null)?, (number | null)?, (number | null)?]
  | null;

/**
 * Basic slicing (a view): `slice(x, 1, [0, 3], null)` is numpy's `x[1, 0:3, :]`.
 * Negative starts/stops count from the end; steps must be positive.
 */
export function slice(x: NDArray, ...specs: SliceSpec[]): NDArray {
  checkNDArray("slice", "x", x);
  if (specs.length > x.ndim) {
    throw new ArgumentError("slice", "specs", `at most ${x.ndim} specs`, specs.length);
  }
  const shape: number[] = [], strides: number[] = [];
  let offset = x.offset;
  for (let ax = 0; ax < x.ndim; ax++) {
    const spec = ax < specs.length ? specs[ax] : null;
    const n = x.shape[ax], st = x.strides[ax];
    if (typeof spec === "number") {
      const i = spec < 0 ? spec + n : spec;
      if (!Number.isInteger(i) || i < 0 || i >= n) {
        throw new ArgumentError("slice", `specs[${ax}]`, `an index in [${-n}, ${n})`, spec);
      }
      offset += i * st;
      continue;
    }
    if (spec !== null && spec !== undefined && !Array.isArray(spec)) {
      throw new ArgumentError(
        "slice",
        `specs[${ax}]`,
        "an index, null or [start, stop, step]",
        spec,
      );
    }
    const [a0, b0, step0] = spec ?? [];
    const step = step0 ?? 1;
    if (!Number.isInteger(step) || step <= 0) {
      throw new ArgumentError("slice", `specs[${ax}] step`, "a positive integer", step);
    }
    const clampIdx = (v: number | null | undefined, dflt: number) => {
      if (v === undefined || v === null) return dflt;
      if (!Number.isInteger(v)) {
        throw new ArgumentError("slice", `specs[${ax}]`, "integer bounds", spec);
      }
      return Math.min(Math.max(v < 0 ? v + n : v, 0), n);
    };
    const a = clampIdx(a0, 0), b = clampIdx(b0, n);
    const len = Math.max(0, Math.ceil((b - a) / step));
    if (len > 0) offset += a * st;
    shape.push(len);
    strides.push(st * step);
  }
  if (sizeOf(shape) === 0) return new NDArray(storageOf(x), shape, strides, 0);
  return new NDArray(storageOf(x), shape, strides, offset);
}

/** Insert an axis of length 1 at `axis`. A view. */
export function expandDims(x: NDArray, axis: number): NDArray {
  const ax = normAxis("expandDims", axis, x.ndim + 1);
  const shape = [...x.shape], strides = [...x.strides];
  shape.splice(ax, 0, 1);
  strides.splice(ax, 0, 0);
  return new NDArray(storageOf(x), shape, strides, x.offset);
}

/** Remove axes of length 1 (all of them, or the given ones). A view. */
export function squeeze(x: NDArray, axis?: number | number[]): NDArray {
  const axes = axis === undefined
    ? x.shape.map((d, i) => d === 1 ? i : -1).filter((i) => i >= 0)
    : (Array.isArray(axis) ? axis : [axis]).map((a) => normAxis("squeeze", a, x.ndim));
  for (const a of axes) {
    if (x.shape[a] !== 1) {
      throw new ArgumentError(
        "squeeze",
        "axis",
        "axes of length 1",
        `axis ${a} of length ${x.shape[a]}`,
      );
    }
  }
  const keep = [...x.shape.keys()].filter((i) => !axes.includes(i));
  return new NDArray(
    storageOf(x),
    keep.map((i) => x.shape[i]),
    keep.map((i) => x.strides[i]),
    x.offset,
  );
}

/** The broadcast shape of several shapes (numpy rules), or a {@link ShapeError}. */
export function broadcastShapes(fn: string, ...shapes: (readonly number[])[]): number[] {
  const nd = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(nd).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const o = nd - s.length + i;
      const d = s[i];
      if (out[o] === 1) out[o] = d;
      else if (d !== 1 && d !== out[o]) {
        throw new ShapeError(
          fn,
          `shapes ${
            shapes.map((t) => describe([...t])).join(" and ")
          } cannot be broadcast together`,
        );
      }
    }
  }
  return out;
}

/** A zero-stride view of `x` with the given (broadcast-compatible) shape. */
export function broadcastTo(x: NDArray, shape: readonly number[]): NDArray {
  checkShape("broadcastTo", shape);
  const nd = shape.length;
  if (x.ndim > nd) {
    throw new ShapeError(
      "broadcastTo",
      `cannot broadcast ${describe([...x.shape])} to ${describe([...shape])}`,
    );
  }
  const strides = new Array<number>(nd).fill(0);
  for (let i = 0; i < x.ndim; i++) {
    const o = nd - x.ndim + i;
    if (x.shape[i] === shape[o]) strides[o] = x.strides[i];
    else if (x.shape[i] !== 1) {
      throw new ShapeError(
        "broadcastTo",
        `cannot broadcast ${describe([...x.shape])} to ${describe([...shape])}`,
      );
    }
  }
  return new NDArray(storageOf(x), shape, strides, sizeOf(shape) === 0 ? 0 : x.offset);
}

/** Join arrays along an existing axis (all other axes must match; dtypes promote). */
export function concat(xs: readonly NDArray[], opts: { axis?: number } = {}): NDArray {
  if (!Array.isArray(xs as unknown) || xs.length === 0) {
    throw new ArgumentError("concat", "xs", "a non-empty array of NDArrays", xs);
  }
  xs.forEach((x, k) => checkNDArray("concat", `xs[${k}]`, x));
  const nd = xs[0].ndim;
  const ax = normAxis("concat", opts.axis ?? 0, nd);
  for (const [k, x] of xs.entries()) {
    if (x.ndim !== nd || x.shape.some((d, i) => i !== ax && d !== xs[0].shape[i])) {
      throw new ShapeError(
        "concat",
        `xs[${k}] has shape ${describe([...x.shape])}, incompatible with ${
          describe([...xs[0].shape])
        } along axis ${ax}`,
      );
    }
  }
  const dtype: DType = xs.some((x) => x.dtype === "f64") ? "f64" : "f32";
  const shape = [...xs[0].shape];
  shape[ax] = xs.reduce((s, x) => s + x.shape[ax], 0);
  const out = freshOutput(backendOf("concat", ...xs), dtype, shape).array;
  let start = 0;
  for (const x of xs) {
    const len = x.shape[ax];
    const specs = shape.map((_, i) => i === ax ? [start, start + len] as const : null);
    assignInto(slice(out, ...specs), x);
    start += len;
  }
  return out;
}

/** Stack arrays of equal shape along a new axis. */
export function stack(xs: readonly NDArray[], opts: { axis?: number } = {}): NDArray {
  if (xs.length === 0) throw new ArgumentError("stack", "xs", "at least one array", xs);
  const ax = normAxis("stack", opts.axis ?? 0, xs[0].ndim + 1);
  for (const [k, x] of xs.entries()) {
    if (x.ndim !== xs[0].ndim || x.shape.some((d, i) => d !== xs[0].shape[i])) {
      throw new ShapeError(
        "stack",
        `xs[${k}] has shape ${describe([...x.shape])}, expected ${describe([...xs[0].shape])}`,
      );
    }
  }
  return concat(xs.map((x) => expandDims(x, ax)), { axis: ax });
}

/**
 * Copy `src` (broadcast to `dst.shape`) into the view `dst` in place. This is the one in-place
 * write of the array module; it exists for building arrays (concat, scatter) and optimizers.
 */
export function assignInto(dst: NDArray, src: NDArray | number): void {
  checkNDArray("assignInto", "dst", dst);
  const be = backendOf("assignInto", dst, src);
  if (typeof src === "number") {
    be.fill(dst.shape, src, stridedOf(dst));
    return;
  }
  const s = broadcastTo(src.dtype === dst.dtype ? src : astype(src, dst.dtype), dst.shape);
  be.copy(dst.shape, stridedOf(s), stridedOf(dst));
}

/** Select entries along `axis` by integer indices (numpy `take`; negative indices wrap once). */
export function take(
  x: NDArray,
  indices: ArrayLike<number> | NDArray,
  opts: { axis?: number } = {},
): NDArray {
  checkNDArray("take", "x", x);
  if (
    !(indices instanceof NDArray) &&
    (indices === null || typeof indices !== "object" || typeof indices.length !== "number")
  ) {
    throw new ArgumentError("take", "indices", "an array of integers or an NDArray", indices);
  }
  const ax = normAxis("take", opts.axis ?? 0, x.ndim);
  const idx = indices instanceof NDArray ? indices.dataSync() : indices;
  const idxShape = indices instanceof NDArray ? [...indices.shape] : [idx.length];
  const n = x.shape[ax];
  const norm = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) {
    const j = idx[i] < 0 ? idx[i] + n : idx[i];
    if (!Number.isInteger(j) || j < 0 || j >= n) {
      throw new ArgumentError("take", `indices[${i}]`, `an integer in [${-n}, ${n})`, idx[i]);
    }
    norm[i] = j;
  }
  const outer = x.shape.slice(0, ax), inner = x.shape.slice(ax + 1);
  const shape = [...outer, ...idxShape, ...inner];
  const be = backendOf("take", x);
  const xo = contiguous(x); // viewed as [outer, n, inner]
  const { array } = freshOutput(be, x.dtype, shape);
  be.gather(storageOf(xo), xo.offset, norm, sizeOf(outer), n, sizeOf(inner), storageOf(array), 0);
  return array;
}
