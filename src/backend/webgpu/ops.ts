/**
 * The array operations of a WebGPU device ({@link DeviceOps}): elementwise maps over strided views,
 * row reductions, batched strided GEMM, strided copies and gathers, all enqueued in order on the
 * device queue with no readback (reads happen only through `await x.data()`).
 * @module
 */
import { NDArray, rowMajorStrides, sizeOf } from "../../array/ndarray.ts";
import type { DeviceOps, DeviceReduceOp } from "../../array/device.ts";
import type { BinaryOp, UnaryOp } from "../../array/elementwise.ts";
import type { DType } from "../../array/dtype.ts";
import {
  DEFAULT_TILE,
  elementwiseWgsl,
  EW_WORKGROUP,
  fillWgsl,
  GATHER_WORKGROUP,
  gatherWgsl,
  type GemmTile,
  gemmWgsl,
  reduceWgsl,
} from "../../../kernels/wgsl/mod.ts";
import type { Gpu } from "./gpu.ts";
import { GpuStorage } from "./storage.ts";

/** WGSL expression of every unary primitive (typed so none can be missing). */
export const WGSL_UNARY: { readonly [K in UnaryOp]: string } = {
  neg: "-x0",
  abs: "abs(x0)",
  exp: "exp(x0)",
  log: "log(x0)",
  sqrt: "sqrt(x0)",
  square: "x0 * x0",
  sin: "sin(x0)",
  cos: "cos(x0)",
  tanh: "stanh(x0)",
  sigmoid: "ssigmoid(x0)",
  relu: "max(x0, 0.0)",
  sign: "ssign(x0)",
  log1p: "slog1p(x0)",
  expm1: "sexpm1(x0)",
  erf: "serf(x0)",
  reciprocal: "1.0 / x0",
  floor: "floor(x0)",
};

/** WGSL expression of every binary primitive. */
export const WGSL_BINARY: { readonly [K in BinaryOp]: string } = {
  add: "x0 + x1",
  sub: "x0 - x1",
  mul: "x0 * x1",
  div: "x0 / x1",
  pow: "spow(x0, x1)",
  maximum: "max(x0, x1)",
  minimum: "min(x0, x1)",
  eq: "select(0.0, 1.0, x0 == x1)",
  ne: "select(0.0, 1.0, x0 != x1)",
  lt: "select(0.0, 1.0, x0 < x1)",
  le: "select(0.0, 1.0, x0 <= x1)",
  gt: "select(0.0, 1.0, x0 > x1)",
  ge: "select(0.0, 1.0, x0 >= x1)",
};

/** GEMM tile used on software adapters (see {@link GpuOps.tile}). */
export const SOFTWARE_TILE: GemmTile = { BM: 16, BN: 16, BK: 8, TM: 2, TN: 4 };

function storage(x: NDArray): GpuStorage {
  if (!(x.device instanceof GpuStorage)) {
    throw new Error(
      `webgpu: expected an array on this GPU, got ${x.device ? x.device.ops.name : "a host array"}`,
    );
  }
  return x.device;
}

/** WebGPU implementation of the device operations of src/array. */
export class GpuOps implements DeviceOps {
  /** Device name used in messages. */
  readonly name = "webgpu";
  #gpu: Gpu;
  /**
   * Tile of the GEMM kernel (the GPU bench tries others). On a software adapter (llvmpipe) a
   * 16×16 tile with 32 threads: llvmpipe's compile time grows steeply with workgroup size
   * (measured: 1 s for 32 threads, 3.6 s for 64, 70 s for the 256-thread default tile).
   */
  tile: GemmTile;

  /** Operations of `gpu`. */
  constructor(gpu: Gpu) {
    this.#gpu = gpu;
    this.tile = gpu.adapter.isFallbackAdapter ? SOFTWARE_TILE : DEFAULT_TILE;
  }

  /** Strided elementwise map writing into the view `out` (which must be on this GPU). */
  #map(expr: string, out: NDArray, ins: NDArray[]): void {
    const n = out.size;
    if (n === 0) return;
    const nd = out.ndim;
    const k = ins.length;
    const meta = new Uint32Array(3 + k + nd * (2 + k));
    meta[0] = n;
    meta[1] = nd;
    meta[2] = out.offset;
    ins.forEach((x, j) => meta[3 + j] = x.offset);
    const base = 3 + k;
    for (let d = 0; d < nd; d++) {
      meta[base + d] = out.shape[d];
      meta[base + nd + d] = out.strides[d];
      ins.forEach((x, j) => meta[base + (j + 2) * nd + d] = x.strides[d]);
    }
    this.#gpu.dispatch(
      elementwiseWgsl(k, expr),
      [...ins.map((x) => storage(x).buffer), storage(out).buffer],
      meta,
      { threads: n, perGroup: EW_WORKGROUP },
    );
  }

  #fresh(shape: readonly number[]): NDArray {
    return new NDArray(this.#gpu.alloc(sizeOf(shape)), shape);
  }

  unary(op: UnaryOp, x: NDArray): NDArray {
    const out = this.#fresh(x.shape);
    this.#map(WGSL_UNARY[op], out, [x]);
    return out;
  }

  binary(op: BinaryOp, a: NDArray, b: NDArray, shape: readonly number[]): NDArray {
    const out = this.#fresh(shape);
    this.#map(WGSL_BINARY[op], out, [a, b]);
    return out;
  }

  where(c: NDArray, a: NDArray, b: NDArray, shape: readonly number[]): NDArray {
    const out = this.#fresh(shape);
    this.#map("select(x2, x1, x0 != 0.0)", out, [c, a, b]);
    return out;
  }

  reduceRows(op: DeviceReduceOp, x: NDArray, outer: number, len: number): NDArray {
    const out = this.#fresh([outer]);
    if (outer === 0) return out;
    const groups = outer <= 65535 ? [outer, 1, 1] : [65535, Math.ceil(outer / 65535), 1];
    this.#gpu.dispatch(
      reduceWgsl(op),
      [storage(x).buffer, storage(out).buffer],
      new Uint32Array([outer, len, x.offset]),
      groups as [number, number, number],
    );
    return out;
  }

  matmul(a: NDArray, b: NDArray, transA: boolean, transB: boolean): NDArray {
    const na = a.ndim, nb = b.ndim;
    const m = transA ? a.shape[na - 1] : a.shape[na - 2];
    const k = transA ? a.shape[na - 2] : a.shape[na - 1];
    const n = transB ? b.shape[nb - 2] : b.shape[nb - 1];
    const batch = a.shape.slice(0, -2);
    const nBatch = sizeOf(batch);
    const out = this.#fresh([...batch, m, n]);
    if (nBatch === 0 || m === 0 || n === 0) return out;
    if (k === 0) {
      this.#map("0.0", out, []);
      return out;
    }
    const [sAi, sAk] = transA
      ? [a.strides[na - 1], a.strides[na - 2]]
      : [a.strides[na - 2], a.strides[na - 1]];
    const [sBk, sBj] = transB
      ? [b.strides[nb - 1], b.strides[nb - 2]]
      : [b.strides[nb - 2], b.strides[nb - 1]];
    const offs = new Uint32Array(2 * nBatch);
    const idx = new Array<number>(batch.length).fill(0);
    for (let t = 0; t < nBatch; t++) {
      let oa = a.offset, ob = b.offset;
      for (let i = 0; i < batch.length; i++) {
        oa += idx[i] * a.strides[i];
        ob += idx[i] * b.strides[i];
      }
      offs[2 * t] = oa;
      offs[2 * t + 1] = ob;
      for (let i = batch.length - 1; i >= 0; i--) {
        if (++idx[i] < batch[i]) break;
        idx[i] = 0;
      }
    }
    const offBuf = this.#gpu.scratch(offs);
    const t = this.tile;
    this.#gpu.dispatch(
      gemmWgsl(t),
      [storage(a).buffer, storage(b).buffer, storage(out).buffer, offBuf],
      new Uint32Array([m, n, k, sAi, sAk, sBk, sBj, nBatch]),
      [Math.ceil(n / t.BN), Math.ceil(m / t.BM), nBatch],
    );
    return out;
  }

  contiguous(x: NDArray): NDArray {
    const out = this.#fresh(x.shape);
    this.#map("x0", out, [x]);
    return out;
  }

  assign(dst: NDArray, src: NDArray): void {
    this.#map("x0", dst, [src]);
  }

  full(shape: readonly number[], value: number, dtype: DType): NDArray {
    if (dtype !== "f32") {
      throw new Error(`full: argument "dtype" must be "f32" on webgpu (no f64), got "${dtype}"`);
    }
    const s = this.#gpu.alloc(sizeOf(shape));
    const n = sizeOf(shape);
    if (n > 0) {
      // a kernel, not writeBuffer: a queue write would force the recorded batch to be submitted
      const bits = new Uint32Array(new Float32Array([value]).buffer)[0];
      this.#gpu.dispatch(fillWgsl(), [s.buffer], new Uint32Array([n, bits]), {
        threads: n,
        perGroup: EW_WORKGROUP,
      });
    }
    return new NDArray(s, shape, rowMajorStrides(shape));
  }

  take(x: NDArray, indices: Int32Array, outer: number, n: number, inner: number): NDArray {
    const out = this.#fresh([outer * indices.length * inner]);
    const total = out.size;
    if (total === 0) return out;
    const idxBuf = this.#gpu.scratch(indices);
    this.#gpu.dispatch(
      gatherWgsl(),
      [storage(x).buffer, idxBuf, storage(out).buffer],
      new Uint32Array([total, indices.length, n, inner, x.offset]),
      { threads: total, perGroup: GATHER_WORKGROUP },
    );
    return out;
  }
}
