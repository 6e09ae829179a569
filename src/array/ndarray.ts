/**
 * The one array type of saddle: a dtype, a shape, strides and an offset into a flat host buffer.
 * CPU arrays are garbage collected like any JS object; users never call `dispose()` for CPU work.
 * Views (reshape of contiguous data, transpose, slice, broadcast) share the buffer.
 * @module
 */
import { allocTyped, type DType, dtypeOf, type TypedArray } from "./dtype.ts";
import { ArgumentError, checkSize, describe } from "./errors.ts";
import { DeviceArrayError, type DeviceStorage } from "./device.ts";
import { defaultBackend } from "../backend/registry.ts";
import type { Kernels, Strided } from "../backend/types.ts";

/** A nested JS array of numbers (what {@link NDArray.toArray} returns). */
export type Nested = number | Nested[];

/** Row-major (C order) strides of a shape, in elements. */
export function rowMajorStrides(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i] = s;
    s *= shape[i];
  }
  return st;
}

/** Number of elements of a shape (1 for the scalar shape `[]`). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Largest number of elements of one array (2^32 − 1: beyond what a host buffer can hold). */
export const MAX_ELEMENTS = 2 ** 32 - 1;

/**
 * Validate a shape argument: an array of non-negative integers whose product is at most
 * {@link MAX_ELEMENTS} (a larger shape is a named error, not an allocation failure).
 */
export function checkShape(fn: string, shape: unknown, arg = "shape"): number[] {
  if (!Array.isArray(shape)) throw new ArgumentError(fn, arg, "an array of sizes", shape);
  let n = 1;
  for (const d of shape) {
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new ArgumentError(fn, arg, "an array of non-negative integers", shape);
    }
    n *= d;
  }
  if (n > MAX_ELEMENTS) {
    throw new ArgumentError(fn, arg, `a shape of at most ${MAX_ELEMENTS} elements`, shape);
  }
  return shape as number[];
}

/**
 * An n-dimensional strided array over a host `Float32Array` / `Float64Array`.
 *
 * Element `[i0, i1, ...]` lives at `buffer[offset + Σ ik·strides[k]]`. Strides may be zero
 * (broadcast views) but never negative.
 *
 * Storage is either a host typed array (`buffer`, garbage collected) or a
 * {@link DeviceStorage} (`device`, e.g. a WebGPU buffer; freed deterministically with
 * `release()`, a `using` declaration, or a scope of its device). Views of a device array share its
 * device storage; reads of device arrays are async (`await x.data()`).
 */
export class NDArray {
  /** Element type. */
  readonly dtype: DType;
  /** Extent of each axis. */
  readonly shape: readonly number[];
  /** Step in elements along each axis. */
  readonly strides: readonly number[];
  /** Index of element `[0, ..., 0]` in `buffer`. */
  readonly offset: number;
  /** Device storage, or null for host arrays. */
  readonly device: DeviceStorage | null;
  readonly #host: TypedArray | null;
  /** Number of elements. */
  readonly size: number;

  /**
   * Wrap a buffer. Without `strides` the layout is row-major contiguous from `offset`.
   * Throws if the view would read outside the buffer.
   */
  constructor(
    buffer: TypedArray | DeviceStorage,
    shape: readonly number[],
    strides?: readonly number[],
    offset = 0,
  ) {
    checkShape("NDArray", shape);
    const host = buffer instanceof Float32Array || buffer instanceof Float64Array;
    if (
      !host && (buffer === null || typeof buffer !== "object" || ArrayBuffer.isView(buffer) ||
        typeof (buffer as DeviceStorage).length !== "number")
    ) {
      throw new ArgumentError(
        "NDArray",
        "buffer",
        "a Float32Array, a Float64Array or device storage",
        buffer,
      );
    }
    this.#host = host ? buffer as TypedArray : null;
    this.device = host ? null : buffer as DeviceStorage;
    this.dtype = host ? dtypeOf(buffer as TypedArray) : (buffer as DeviceStorage).dtype;
    this.shape = Object.freeze([...shape]);
    if (strides !== undefined) {
      if (!Array.isArray(strides) || strides.length !== shape.length) {
        throw new ArgumentError(
          "NDArray",
          "strides",
          `an array of ${shape.length} non-negative integers (one per axis)`,
          strides,
        );
      }
      for (let i = 0; i < strides.length; i++) {
        const st = strides[i];
        if (typeof st !== "number" || !Number.isInteger(st) || st < 0) {
          throw new ArgumentError(
            "NDArray",
            `strides[${i}]`,
            "a non-negative integer (negative and fractional strides are not supported)",
            st,
          );
        }
      }
    }
    this.strides = Object.freeze(strides ? [...strides] : rowMajorStrides(shape));
    this.offset = checkSize("NDArray", "offset", offset);
    this.size = sizeOf(shape);
    if (this.size > 0) {
      let last = offset;
      for (let i = 0; i < shape.length; i++) last += (shape[i] - 1) * this.strides[i];
      if (last >= buffer.length) {
        throw new ArgumentError(
          "NDArray",
          "buffer",
          `at least ${last + 1} elements for shape ${describe([...shape])}`,
          buffer,
        );
      }
    }
  }

  /**
   * Host storage (possibly shared with other views). Throws {@link DeviceArrayError} for arrays
   * that live on a device: read those with `await x.data()`.
   */
  get buffer(): TypedArray {
    if (this.#host === null) {
      throw new DeviceArrayError(
        "buffer",
        this.device!.backend.name,
        "read it with `await x.data()`",
      );
    }
    return this.#host;
  }

  /** True if the array lives on a device (WebGPU) rather than in host memory. */
  get onDevice(): boolean {
    return this.device !== null;
  }

  /** Free device storage now (no-op for host arrays, which are garbage collected). */
  [Symbol.dispose](): void {
    this.device?.release();
  }

  /** Number of axes. */
  get ndim(): number {
    return this.shape.length;
  }

  /** True if the elements are laid out row-major without gaps (any offset). */
  isContiguous(): boolean {
    let s = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      if (this.shape[i] !== 1 && this.strides[i] !== s) return false;
      s *= this.shape[i];
    }
    return true;
  }

  /**
   * The elements in row-major order as a typed array. When the array is contiguous this is a
   * subarray view of the storage (do not mutate it); otherwise a fresh copy.
   * CPU arrays only; device arrays use {@link NDArray.data}.
   */
  dataSync(): TypedArray {
    if (this.device !== null) {
      throw new DeviceArrayError("dataSync", this.device.backend.name, "use `await x.data()`");
    }
    if (this.isContiguous()) return this.buffer.subarray(this.offset, this.offset + this.size);
    const out = allocTyped(this.dtype, this.size);
    const offs = stridedOffsets(this.shape, this.strides, this.offset);
    const b = this.buffer;
    for (let i = 0; i < offs.length; i++) out[i] = b[offs[i]];
    return out;
  }

  /** Asynchronous read of the elements in row-major order (works for every backend). */
  async data(): Promise<TypedArray> {
    if (this.device === null) return this.dataSync();
    const be = this.device.backend as ArrayBackend;
    if (this.isContiguous()) {
      const all = await be.read(this.device);
      return all.slice(this.offset, this.offset + this.size);
    }
    const c = be.alloc(this.dtype, this.size);
    be.copy(this.shape, stridedOf(this), {
      buf: c,
      offset: 0,
      strides: rowMajorStrides(this.shape),
    });
    const all = await be.read(c);
    be.free(c);
    return all.slice(0, this.size);
  }

  /** The elements as nested JS arrays (a number for a 0-d array). */
  toArray(): Nested {
    const flat = this.dataSync();
    if (this.ndim === 0) return flat[0];
    const build = (axis: number, start: number): Nested[] => {
      const n = this.shape[axis];
      const inner = sizeOf(this.shape.slice(axis + 1));
      const out: Nested[] = [];
      for (let i = 0; i < n; i++) {
        out.push(axis === this.ndim - 1 ? flat[start + i] : build(axis + 1, start + i * inner));
      }
      return out;
    };
    return build(0, 0);
  }

  /** The single element of a size-1 array. */
  item(): number {
    if (this.size !== 1) throw new ArgumentError("item", "this", "an array of size 1", this);
    return this.buffer[this.offset];
  }

  /** Element at a full index (negative indices count from the end). */
  get(...idx: number[]): number {
    if (idx.length !== this.ndim) {
      throw new ArgumentError("get", "idx", `${this.ndim} indices`, idx);
    }
    let o = this.offset;
    for (let i = 0; i < idx.length; i++) {
      let j = idx[i];
      if (j < 0) j += this.shape[i];
      if (!Number.isInteger(j) || j < 0 || j >= this.shape[i]) {
        throw new ArgumentError("get", `idx[${i}]`, `an integer in [0, ${this.shape[i]})`, idx[i]);
      }
      o += j * this.strides[i];
    }
    return this.buffer[o];
  }

  /** A short description: dtype, shape and (for small arrays) the values. */
  toString(): string {
    const head = `NDArray<${this.dtype}>${describe([...this.shape])}`;
    return this.size <= 64 ? `${head} ${JSON.stringify(this.toArray())}` : head;
  }
}

/**
 * Buffer offsets of every element of a strided view, in row-major order of `shape`.
 * The kernels' shape logic lives here once.
 */
export function stridedOffsets(
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
): Int32Array {
  const n = sizeOf(shape);
  const out = new Int32Array(n);
  if (n === 0) return out;
  const nd = shape.length;
  if (nd === 0) {
    out[0] = offset;
    return out;
  }
  const last = nd - 1;
  const inner = shape[last];
  const innerStride = strides[last];
  const idx = new Array<number>(nd).fill(0);
  let base = offset;
  for (let i = 0; i < n; i += inner) {
    for (let j = 0; j < inner; j++) out[i + j] = base + j * innerStride;
    // advance the outer index (odometer over axes 0..last-1)
    for (let ax = last - 1; ax >= 0; ax--) {
      idx[ax]++;
      base += strides[ax];
      if (idx[ax] < shape[ax]) break;
      base -= idx[ax] * strides[ax];
      idx[ax] = 0;
    }
  }
  return out;
}

/** What an array's elements live in: a host typed array or a device buffer. */
export type Storage = TypedArray | DeviceStorage;

/**
 * The backend contract as src/array sees it: kernels over {@link Storage}. Host arrays run on the
 * process default host backend (src/backend/registry.ts), device arrays on their storage's
 * backend.
 */
export type ArrayBackend = Kernels<Storage>;

/** The storage of `x` (host buffer or device storage), for building views that share it. */
export function storageOf(x: NDArray): Storage {
  return x.device ?? x.buffer;
}

/** `x` as a strided kernel operand (its storage, offset and strides). */
export function stridedOf(x: NDArray): Strided<Storage> {
  return { buf: storageOf(x), offset: x.offset, strides: x.strides };
}

/**
 * The one dispatch point of src/array: the backend that runs an operation on these operands —
 * the storage backend of the device arrays among them, else the default host backend. Numbers
 * and 0-d host arrays go with any backend (they are scalars); mixing other host arrays with
 * device arrays, or arrays of two devices, is an error (no implicit transfers).
 */
export function backendOf(fn: string, ...xs: unknown[]): ArrayBackend {
  let dev: ArrayBackend | null = null, host = false;
  for (const x of xs) {
    if (!(x instanceof NDArray)) continue;
    if (x.device) {
      const be = x.device.backend as ArrayBackend;
      if (dev && dev !== be) {
        throw new ArgumentError(fn, "operands", "arrays on one device", "arrays on two devices");
      }
      dev = be;
    } else if (x.ndim > 0) host = true;
  }
  if (dev && host) {
    throw new ArgumentError(
      fn,
      "operands",
      `all arrays on ${dev.name} (move host arrays there first)`,
      "a mix of host and device arrays",
    );
  }
  return dev ?? (defaultBackend() as unknown as ArrayBackend);
}

/** Throw an {@link ArgumentError} unless `x` is an {@link NDArray}; returns it. */
export function checkNDArray(fn: string, arg: string, x: unknown): NDArray {
  if (!(x instanceof NDArray)) throw new ArgumentError(fn, arg, "an NDArray", x);
  return x;
}

/** True if `x` is an {@link NDArray}. */
export function isNDArray(x: unknown): x is NDArray {
  return x instanceof NDArray;
}

/** A fresh contiguous output of `shape` on `be`, as an array and as a kernel operand. */
export function freshOutput(
  be: ArrayBackend,
  dtype: DType,
  shape: readonly number[],
): { array: NDArray; out: Strided<Storage> } {
  const buf = be.alloc(dtype, shape.reduce((s, d) => s * d, 1));
  return {
    array: new NDArray(buf, shape),
    out: { buf, offset: 0, strides: rowMajorStrides(shape) },
  };
}

/**
 * Throws {@link DeviceArrayError} naming `fn` if `x` lives on a device: for the host-only
 * operations that run a JS closure over the elements (`map`, `zip`, `reduceWith`).
 */
export function hostOnly(fn: string, x: NDArray, hint: string): void {
  if (x.device) throw new DeviceArrayError(fn, x.device.backend.name, hint);
}
