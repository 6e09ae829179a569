/**
 * The IDX file format (LeCun's MNIST format, also used by Fashion-MNIST): reader, writer and
 * a loader for the Fashion-MNIST files that Debian's `dataset-fashion-mnist` package installs,
 * located at run time and never committed.
 *
 * Format: bytes 0–1 are zero, byte 2 the element type (0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32,
 * 0x0D f32, 0x0E f64), byte 3 the number of dimensions; then each dimension as a big-endian
 * int32; then the elements, row-major, big-endian.
 *
 * @module
 */

import { fromTyped } from "../array/creation.ts";
import type { DType } from "../array/dtype.ts";
import { ArgumentError } from "../array/errors.ts";
import type { NDArray } from "../array/ndarray.ts";

/** Element types of IDX files. */
export type IdxDType = "u8" | "i8" | "i16" | "i32" | "f32" | "f64";

/** Typed arrays holding IDX elements. */
export type IdxData =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Float32Array
  | Float64Array;

/** The contents of an IDX file. */
export interface IdxArray {
  /** Element type. */
  readonly dtype: IdxDType;
  /** Dimensions. */
  readonly shape: readonly number[];
  /** Elements in row-major order (host byte order). */
  readonly data: IdxData;
}

/** An ArgumentError whose "got" part is the given text (not a quoted value). */
function argError(fn: string, arg: string, expected: string, got: string): ArgumentError {
  const e = new ArgumentError(fn, arg, expected, null);
  e.message = `${fn}: argument "${arg}" must be ${expected}, got ${got}`;
  return e;
}

const CODES: Record<number, IdxDType> = {
  0x08: "u8",
  0x09: "i8",
  0x0b: "i16",
  0x0c: "i32",
  0x0d: "f32",
  0x0e: "f64",
};
const CODE_OF: Record<IdxDType, number> = { u8: 8, i8: 9, i16: 11, i32: 12, f32: 13, f64: 14 };
const BYTES: Record<IdxDType, number> = { u8: 1, i8: 1, i16: 2, i32: 4, f32: 4, f64: 8 };

/**
 * Parses the bytes of an (uncompressed) IDX file.
 *
 * @param bytes the file contents
 * @returns dtype, shape and elements
 */
export function parseIdx(bytes: Uint8Array): IdxArray {
  if (!(bytes instanceof Uint8Array)) {
    throw new ArgumentError("parseIdx", "bytes", "a Uint8Array", bytes);
  }
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0 || !(bytes[2] in CODES)) {
    const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0"));
    throw argError(
      "parseIdx",
      "bytes",
      "an IDX file starting 00 00 <type 08|09|0b|0c|0d|0e> <ndim>",
      `bytes ${head.join(" ")}`,
    );
  }
  const dtype = CODES[bytes[2]];
  const ndim = bytes[3];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = 4 + 4 * ndim;
  if (bytes.length < header) {
    throw new ArgumentError("parseIdx", "bytes", `at least ${header} header bytes`, bytes);
  }
  const shape: number[] = [];
  let n = 1;
  for (let d = 0; d < ndim; d++) {
    const s = view.getInt32(4 + 4 * d, false);
    if (s < 0) throw new ArgumentError("parseIdx", "bytes", "non-negative dimensions", s);
    shape.push(s);
    n *= s;
  }
  const need = header + n * BYTES[dtype];
  if (bytes.length !== need) {
    throw argError(
      "parseIdx",
      "bytes",
      `${need} bytes for ${dtype} data of shape [${shape.join(",")}]`,
      `${bytes.length} bytes`,
    );
  }
  let data: IdxData;
  switch (dtype) {
    case "u8":
      data = bytes.slice(header);
      break;
    case "i8":
      data = new Int8Array(bytes.slice(header).buffer);
      break;
    case "i16":
      data = new Int16Array(n);
      for (let i = 0; i < n; i++) data[i] = view.getInt16(header + 2 * i, false);
      break;
    case "i32":
      data = new Int32Array(n);
      for (let i = 0; i < n; i++) data[i] = view.getInt32(header + 4 * i, false);
      break;
    case "f32":
      data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = view.getFloat32(header + 4 * i, false);
      break;
    case "f64":
      data = new Float64Array(n);
      for (let i = 0; i < n; i++) data[i] = view.getFloat64(header + 8 * i, false);
      break;
    default:
      throw new Error(`parseIdx: unknown dtype ${dtype satisfies never}`);
  }
  return { dtype, shape, data };
}

/**
 * Encodes an array as IDX bytes (the inverse of {@link parseIdx}).
 *
 * @param arr dtype, shape (at most 255 dimensions) and data (length = product of shape)
 * @returns the file contents
 */
export function encodeIdx(arr: IdxArray): Uint8Array {
  const { dtype, shape, data } = arr;
  if (!(dtype in CODE_OF)) {
    throw new ArgumentError("encodeIdx", "dtype", "one of u8, i8, i16, i32, f32, f64", dtype);
  }
  const n = shape.reduce((a, b) => a * b, 1);
  if (data.length !== n || shape.length > 255) {
    throw new ArgumentError(
      "encodeIdx",
      "data",
      `${n} elements for shape [${shape.join(",")}] (at most 255 dimensions)`,
      data,
    );
  }
  const header = 4 + 4 * shape.length;
  const out = new Uint8Array(header + n * BYTES[dtype]);
  const view = new DataView(out.buffer);
  out[2] = CODE_OF[dtype];
  out[3] = shape.length;
  shape.forEach((s, d) => view.setInt32(4 + 4 * d, s, false));
  for (let i = 0; i < n; i++) {
    const v = data[i];
    switch (dtype) {
      case "u8":
        view.setUint8(header + i, v);
        break;
      case "i8":
        view.setInt8(header + i, v);
        break;
      case "i16":
        view.setInt16(header + 2 * i, v, false);
        break;
      case "i32":
        view.setInt32(header + 4 * i, v, false);
        break;
      case "f32":
        view.setFloat32(header + 4 * i, v, false);
        break;
      case "f64":
        view.setFloat64(header + 8 * i, v, false);
        break;
      default:
        throw new Error(`encodeIdx: unknown dtype ${dtype satisfies never}`);
    }
  }
  return out;
}

/**
 * Decompresses gzip bytes with the web-standard DecompressionStream.
 *
 * @param bytes gzip data
 * @returns the decompressed bytes
 */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
    new DecompressionStream("gzip"),
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Reads an IDX file, gzip-compressed or not (detected by the gzip magic bytes 1f 8b).
 *
 * @param path the file path
 * @returns dtype, shape and elements
 */
export async function readIdx(path: string): Promise<IdxArray> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    throw new ArgumentError(
      "readIdx",
      "path",
      "a readable IDX file",
      `${path} (${(e as Error).message})`,
    );
  }
  const gz = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (!gz) return parseIdx(bytes);
  let raw: Uint8Array;
  try {
    raw = await gunzip(bytes);
  } catch (e) {
    throw new ArgumentError(
      "readIdx",
      "path",
      "a valid gzip file",
      `${path} (${(e as Error).message})`,
    );
  }
  return parseIdx(raw);
}

/** Where Debian's `dataset-fashion-mnist` package installs the four IDX files (gzipped). */
export const FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

/** The ten Fashion-MNIST class names, by label. */
export const FASHION_MNIST_CLASSES: readonly string[] = [
  "T-shirt/top",
  "Trouser",
  "Pullover",
  "Dress",
  "Coat",
  "Sandal",
  "Shirt",
  "Sneaker",
  "Bag",
  "Ankle boot",
];

/** Options of {@link loadFashionMnist}. */
export interface FashionMnistOptions {
  /** "train" (60000 images) or "test" (10000; default). */
  split?: "train" | "test";
  /** Directory of the IDX files (default {@link FASHION_MNIST_DIR}). */
  dir?: string;
  /** Keep only the first `limit` examples. */
  limit?: number;
  /** dtype of `x` (default "f32"). */
  dtype?: DType;
}

/** A Fashion-MNIST split. */
export interface FashionMnist {
  /** Images as rows of pixel intensities / 255 in [0, 1], shape [n, rows·cols]. */
  readonly x: NDArray;
  /** Labels in 0..9. */
  readonly y: Int32Array;
  /** Raw pixels (u8), row-major [n, rows, cols]. */
  readonly pixels: Uint8Array;
  /** Image shape [rows, cols] (28×28). */
  readonly imageShape: readonly [number, number];
  /** The files read. */
  readonly sources: readonly string[];
}

const MNIST_HINT = 'install the Debian package "dataset-fashion-mnist" (`sudo apt-get install ' +
  "dataset-fashion-mnist`), or pass { dir } to a folder holding the four IDX files";

async function findFile(dir: string, base: string): Promise<string | null> {
  for (const name of [`${base}.gz`, base]) {
    try {
      if ((await Deno.stat(`${dir}/${name}`)).isFile) return `${dir}/${name}`;
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
  }
  return null;
}

/**
 * Loads a Fashion-MNIST split (Xiao, Rasul and Vollgraf 2017) from the IDX files of Debian's
 * `dataset-fashion-mnist` package (`{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]`).
 * Nothing is downloaded; missing files are an error that names the package to install.
 *
 * @param opts `{ split = "test", dir, limit, dtype = "f32" }`
 * @returns images (scaled to [0, 1]) and labels
 */
export async function loadFashionMnist(opts: FashionMnistOptions = {}): Promise<FashionMnist> {
  const split = opts.split ?? "test";
  if (split !== "train" && split !== "test") {
    throw new ArgumentError("loadFashionMnist", "split", `"train" or "test"`, split);
  }
  const dtype = opts.dtype ?? "f32";
  if (dtype !== "f32" && dtype !== "f64") {
    throw new ArgumentError("loadFashionMnist", "dtype", `"f32" or "f64"`, dtype);
  }
  const dir = opts.dir ?? FASHION_MNIST_DIR;
  const prefix = split === "train" ? "train" : "t10k";
  const imgPath = await findFile(dir, `${prefix}-images-idx3-ubyte`);
  const lblPath = await findFile(dir, `${prefix}-labels-idx1-ubyte`);
  if (imgPath === null || lblPath === null) {
    throw new Error(
      `loadFashionMnist: ${prefix}-images-idx3-ubyte(.gz) and ${prefix}-labels-idx1-ubyte(.gz) ` +
        `not found in ${dir}; ${MNIST_HINT}`,
    );
  }
  const img = await readIdx(imgPath);
  const lbl = await readIdx(lblPath);
  if (img.dtype !== "u8" || img.shape.length !== 3) {
    throw new ArgumentError("loadFashionMnist", imgPath, "u8 images of shape [n,rows,cols]", img);
  }
  if (lbl.dtype !== "u8" || lbl.shape.length !== 1 || lbl.shape[0] !== img.shape[0]) {
    throw new ArgumentError("loadFashionMnist", lblPath, `${img.shape[0]} u8 labels`, lbl);
  }
  let n = img.shape[0];
  if (opts.limit !== undefined) {
    if (!Number.isInteger(opts.limit) || opts.limit < 0) {
      throw new ArgumentError("loadFashionMnist", "limit", "a non-negative integer", opts.limit);
    }
    n = Math.min(n, opts.limit);
  }
  const [rows, cols] = [img.shape[1], img.shape[2]];
  const d = rows * cols;
  const pixels = (img.data as Uint8Array).subarray(0, n * d);
  const x = dtype === "f32" ? new Float32Array(n * d) : new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) x[i] = pixels[i] / 255;
  const y = Int32Array.from((lbl.data as Uint8Array).subarray(0, n));
  return {
    x: fromTyped(x, [n, d]),
    y,
    pixels,
    imageShape: [rows, cols],
    sources: [imgPath, lblPath],
  };
}
