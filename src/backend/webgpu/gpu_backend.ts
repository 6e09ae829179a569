/**
 * The `webgpu` backend: the kernel contract of src/backend/types.ts (`Kernels<GpuStorage>`) on
 * one WebGPU device. Every entry records a WGSL dispatch in queue order and returns at once; the
 * only wait is `read` (and `Gpu.sync`). f32 only: WebGPU has no f64, and asking for f64 throws.
 *
 * Outputs that share a buffer with an input are staged through a copy (WebGPU forbids binding
 * one buffer as read-only and writable storage in one dispatch), so aliasing behaves as on cpu.
 * @module
 */
import {
  type AdamwStepArgs,
  BINARY_OPS,
  type BinaryOp,
  type DType,
  type GemmArgs,
  type GemmBatchedArgs,
  type Kernels,
  REDUCE_OPS,
  type ReduceOp,
  type Strided,
  type TypedArray,
  UNARY_OPS,
  type UnaryOp,
} from "../types.ts";
import {
  checkOp,
  checkScalar,
  checkShapeArg,
  checkSize,
  checkSpan,
  checkStrided,
} from "../validate.ts";
import { ArgumentError } from "../../errors/mod.ts";
import {
  ADAMW_WORKGROUP,
  adamwWgsl,
  DEFAULT_TILE,
  elementwiseWgsl,
  EW_WORKGROUP,
  GATHER_WORKGROUP,
  gatherWgsl,
  type GemmTile,
  gemmWgsl,
  layerNormColsBwdWgsl,
  layerNormRowsBwdWgsl,
  layerNormRowsWgsl,
  reduceWgsl,
  ROW_WORKGROUP,
  softmaxRowsBwdWgsl,
  softmaxRowsWgsl,
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

/** The value of each reduction over an empty row (as on cpu). */
const EMPTY: { readonly [K in ReduceOp]: number } = {
  sum: 0,
  prod: 1,
  max: -Infinity,
  min: Infinity,
  argmax: 0,
  argmin: 0,
  logsumexp: -Infinity,
};

/** GEMM tile used on software adapters (see {@link GpuBackend.tile}). */
export const SOFTWARE_TILE: GemmTile = { BM: 16, BN: 16, BK: 8, TM: 2, TN: 4 };

const F32 = new Float32Array(1), U32 = new Uint32Array(F32.buffer);
/** The f32 bit pattern of `v` (for passing floats through the u32 metadata). */
function bits(v: number): number {
  F32[0] = v;
  return U32[0];
}

function gpuBuf(fn: string, name: string, b: unknown): GpuStorage {
  if (!(b instanceof GpuStorage)) {
    throw new ArgumentError(fn, name, "a buffer of this WebGPU device", b);
  }
  return b;
}

/** The WebGPU implementation of the backend contract (one per {@link Gpu}). */
export class GpuBackend implements Kernels<GpuStorage> {
  /** Registry name. */
  readonly name = "webgpu" as const;
  /** WebGPU is f32 only. */
  readonly dtypes: readonly DType[] = Object.freeze(["f32"] as const);
  #gpu: Gpu;
  /**
   * Tile of the GEMM kernel (the GPU bench tries others). On a software adapter (llvmpipe) a
   * 16×16 tile with 32 threads: llvmpipe's compile time grows steeply with workgroup size
   * (measured: 1 s for 32 threads, 3.6 s for 64, 70 s for the 256-thread default tile).
   */
  tile: GemmTile;

  /** The kernels of `gpu`. */
  constructor(gpu: Gpu) {
    this.#gpu = gpu;
    this.tile = gpu.adapter.isFallbackAdapter ? SOFTWARE_TILE : DEFAULT_TILE;
  }

  #f32(fn: string, dtype: unknown): void {
    if (dtype !== "f32") {
      throw new ArgumentError(fn, "dtype", '"f32" on webgpu (WebGPU has no f64)', dtype);
    }
  }

  /** Strided elementwise map `out[view] = expr(in0[view], ...)`, with `extra` u32 parameters. */
  #map(
    fn: string,
    expr: string,
    shape: readonly number[],
    out: Strided<GpuStorage>,
    ins: Strided<GpuStorage>[],
    extra: number[] = [],
  ): void {
    const n = checkShapeArg(fn, shape);
    checkStrided(fn, "out", shape, out);
    const o = gpuBuf(fn, "out", out.buf);
    ins.forEach((x, j) => {
      checkStrided(fn, `x${j}`, shape, x);
      gpuBuf(fn, `x${j}`, x.buf);
    });
    if (n === 0) return;
    // an input aliasing the output: read it from a copy (no read/write hazard, as on cpu)
    const temps: GpuStorage[] = [];
    const srcs = ins.map((x) => {
      if (x.buf !== o) return x;
      const t = this.#snapshot(x.buf);
      temps.push(t);
      return { buf: t, offset: x.offset, strides: x.strides };
    });
    this.#dispatchMap(expr, shape, out, srcs, extra);
    for (const t of temps) t.release();
  }

  #dispatchMap(
    expr: string,
    shape: readonly number[],
    out: Strided<GpuStorage>,
    ins: Strided<GpuStorage>[],
    extra: number[],
  ): void {
    let n = 1;
    for (const d of shape) n *= d;
    if (n === 0) return;
    const nd = shape.length, k = ins.length;
    const meta = new Uint32Array(3 + k + nd * (2 + k) + extra.length);
    meta[0] = n;
    meta[1] = nd;
    meta[2] = out.offset;
    ins.forEach((x, j) => meta[3 + j] = x.offset);
    const base = 3 + k;
    for (let d = 0; d < nd; d++) {
      meta[base + d] = shape[d];
      meta[base + nd + d] = out.strides[d];
      ins.forEach((x, j) => meta[base + (j + 2) * nd + d] = x.strides[d]);
    }
    extra.forEach((v, i) => meta[base + nd * (2 + k) + i] = v);
    this.#gpu.dispatch(
      elementwiseWgsl(k, expr),
      [...ins.map((x) => x.buf.buffer), out.buf.buffer],
      meta,
      { threads: n, perGroup: EW_WORKGROUP },
    );
  }

  /** A new buffer of `n` f32 elements (contents unspecified until written). */
  alloc(dtype: DType, n: number): GpuStorage {
    this.#f32("alloc", dtype);
    checkSize("alloc", "n", n);
    return this.#gpu.alloc(n);
  }

  /** Always `"f32"`. */
  dtypeOf(buf: GpuStorage): DType {
    gpuBuf("dtypeOf", "buf", buf);
    return "f32";
  }

  /** The whole buffer, after every enqueued kernel has run. */
  read(buf: GpuStorage): Promise<TypedArray> {
    return gpuBuf("read", "buf", buf).read();
  }

  /** Return the buffer to the device pool now. */
  free(buf: GpuStorage): void {
    gpuBuf("free", "buf", buf).release();
  }

  /** `out[i] = value` over `shape` (value rounded to f32). */
  fill(shape: readonly number[], value: number, out: Strided<GpuStorage>): void {
    checkScalar("fill", "value", value);
    // the value's bits follow the strides in the metadata: params[3 + 2·nd]
    this.#map("fill", "bitcast<f32>(params[3u + 2u * nd])", shape, out, [], [bits(value)]);
  }

  /** `out[i] = x[i]` over `shape`. */
  copy(shape: readonly number[], x: Strided<GpuStorage>, out: Strided<GpuStorage>): void {
    this.#map("copy", "x0", shape, out, [x]);
  }

  /** `out[i] = op(x[i])` over `shape`. */
  unary(
    op: UnaryOp,
    shape: readonly number[],
    x: Strided<GpuStorage>,
    out: Strided<GpuStorage>,
  ): void {
    checkOp("unary", "op", op, UNARY_OPS);
    this.#map("unary", WGSL_UNARY[op], shape, out, [x]);
  }

  /** `out[i] = op(a[i], b[i])` over `shape`. */
  binary(
    op: BinaryOp,
    shape: readonly number[],
    a: Strided<GpuStorage>,
    b: Strided<GpuStorage>,
    out: Strided<GpuStorage>,
  ): void {
    checkOp("binary", "op", op, BINARY_OPS);
    this.#map("binary", WGSL_BINARY[op], shape, out, [a, b]);
  }

  /** `out[i] = c[i] ≠ 0 ? a[i] : b[i]` over `shape`. */
  where(
    shape: readonly number[],
    c: Strided<GpuStorage>,
    a: Strided<GpuStorage>,
    b: Strided<GpuStorage>,
    out: Strided<GpuStorage>,
  ): void {
    this.#map("where", "select(x2, x1, x0 != 0.0)", shape, out, [c, a, b]);
  }

  /** Reduce each contiguous row (one workgroup per row). */
  reduceRows(
    op: ReduceOp,
    rows: number,
    len: number,
    x: GpuStorage,
    offX: number,
    out: GpuStorage,
    offOut: number,
  ): void {
    checkOp("reduceRows", "op", op, REDUCE_OPS);
    checkSize("reduceRows", "rows", rows);
    checkSize("reduceRows", "len", len);
    checkSpan("reduceRows", "x", gpuBuf("reduceRows", "x", x), offX, rows * len);
    checkSpan("reduceRows", "out", gpuBuf("reduceRows", "out", out), offOut, rows);
    if (rows === 0) return;
    const src = x === out ? this.#snapshot(x) : x;
    const groups = rows <= 65535 ? [rows, 1, 1] : [65535, Math.ceil(rows / 65535), 1];
    this.#gpu.dispatch(
      reduceWgsl(op),
      [src.buffer, out.buffer],
      new Uint32Array([rows, len, offX, offOut, bits(EMPTY[op])]),
      groups as [number, number, number],
    );
    if (src !== x) src.release();
  }

  /** A copy of a whole buffer (to read an input that is also the output). */
  #snapshot(x: GpuStorage): GpuStorage {
    const t = this.#gpu.alloc(x.length);
    this.#dispatchMap("x0", [x.length], { buf: t, offset: 0, strides: [1] }, [
      { buf: x, offset: 0, strides: [1] },
    ], []);
    return t;
  }

  /** Gather along the middle axis of a contiguous `[outer, n, inner]` block. */
  gather(
    x: GpuStorage,
    offX: number,
    indices: Int32Array,
    outer: number,
    n: number,
    inner: number,
    out: GpuStorage,
    offOut: number,
  ): void {
    checkSize("gather", "outer", outer);
    checkSize("gather", "n", n);
    checkSize("gather", "inner", inner);
    if (!(indices instanceof Int32Array)) {
      throw new ArgumentError("gather", "indices", "an Int32Array", indices);
    }
    for (let i = 0; i < indices.length; i++) {
      if (!(indices[i] >= 0 && indices[i] < n)) {
        throw new ArgumentError("gather", `indices[${i}]`, `an index in [0, ${n})`, indices[i]);
      }
    }
    const total = outer * indices.length * inner;
    checkSpan("gather", "x", gpuBuf("gather", "x", x), offX, outer * n * inner);
    checkSpan("gather", "out", gpuBuf("gather", "out", out), offOut, total);
    if (total === 0) return;
    const src = x === out ? this.#snapshot(x) : x;
    this.#gpu.dispatch(
      gatherWgsl(),
      [src.buffer, this.#gpu.scratch(indices), out.buffer],
      new Uint32Array([total, indices.length, n, inner, offX, offOut]),
      { threads: total, perGroup: GATHER_WORKGROUP },
    );
    if (src !== x) src.release();
  }

  /** `C = alpha·op(A)·op(B) + beta·C` (one GEMM of the batched kernel). */
  gemm(args: GemmArgs<GpuStorage>): void {
    this.gemmBatched({ ...args, batch: [], strideA: [], strideB: [], strideC: [] });
  }

  /** Batched strided GEMM: one dispatch for the whole batch (z dimension of the grid). */
  gemmBatched(args: GemmBatchedArgs<GpuStorage>): void {
    const { m, n, k, transA, transB, lda, ldb, ldc, batch } = args;
    for (const [name, v] of [["m", m], ["n", n], ["k", k], ["lda", lda], ["ldb", ldb]] as const) {
      checkSize("gemmBatched", name, v);
    }
    checkSize("gemmBatched", "ldc", ldc);
    checkScalar("gemmBatched", "alpha", args.alpha);
    checkScalar("gemmBatched", "beta", args.beta);
    const a = gpuBuf("gemmBatched", "a", args.a), b = gpuBuf("gemmBatched", "b", args.b);
    const c = gpuBuf("gemmBatched", "c", args.c);
    if (c === a || c === b) {
      throw new ArgumentError("gemmBatched", "c", "a buffer distinct from a and b", "an alias");
    }
    let count = 1;
    for (const d of batch) count *= d;
    if (count === 0 || m === 0 || n === 0) return;
    const offs = new Uint32Array(3 * count);
    const idx = new Array<number>(batch.length).fill(0);
    for (let t = 0; t < count; t++) {
      let oa = args.offA, ob = args.offB, oc = args.offC;
      for (let i = 0; i < batch.length; i++) {
        oa += idx[i] * args.strideA[i];
        ob += idx[i] * args.strideB[i];
        oc += idx[i] * args.strideC[i];
      }
      offs[3 * t] = oa;
      offs[3 * t + 1] = ob;
      offs[3 * t + 2] = oc;
      for (let i = batch.length - 1; i >= 0; i--) {
        if (++idx[i] < batch[i]) break;
        idx[i] = 0;
      }
    }
    const [sAi, sAk] = transA ? [1, lda] : [lda, 1];
    const [sBk, sBj] = transB ? [1, ldb] : [ldb, 1];
    const t = this.tile;
    const alpha = k === 0 ? 0 : args.alpha;
    this.#gpu.dispatch(
      gemmWgsl(t),
      [a.buffer, b.buffer, c.buffer, this.#gpu.scratch(offs)],
      new Uint32Array([m, n, k, sAi, sAk, sBk, sBj, count, ldc, bits(alpha), bits(args.beta)]),
      [Math.ceil(n / t.BN), Math.ceil(m / t.BM), count],
    );
  }

  /** GELU (tanh form) on `n` contiguous elements. */
  gelu(n: number, x: GpuStorage, offX: number, y: GpuStorage, offY: number): void {
    checkSize("gelu", "n", n);
    this.#map("gelu", "sgelu(x0)", [n], { buf: y, offset: offY, strides: [1] }, [
      { buf: x, offset: offX, strides: [1] },
    ]);
  }

  /** `dx = g·GELU′(x)` on `n` contiguous elements. */
  geluBwd(
    n: number,
    x: GpuStorage,
    offX: number,
    g: GpuStorage,
    offG: number,
    dx: GpuStorage,
    offDx: number,
  ): void {
    checkSize("geluBwd", "n", n);
    this.#map("geluBwd", "x1 * sgelud(x0)", [n], { buf: dx, offset: offDx, strides: [1] }, [
      { buf: x, offset: offX, strides: [1] },
      { buf: g, offset: offG, strides: [1] },
    ]);
  }

  #rows(fn: string, rows: number, n: number, spans: [string, GpuStorage, number][]): void {
    checkSize(fn, "rows", rows);
    checkSize(fn, "n", n);
    for (const [name, buf, off] of spans) checkSpan(fn, name, gpuBuf(fn, name, buf), off, rows * n);
  }

  /** Row softmax of `scale·x` (causal when `tq > 0`). */
  softmaxRows(
    rows: number,
    n: number,
    tq: number,
    scale: number,
    x: GpuStorage,
    offX: number,
    y: GpuStorage,
    offY: number,
  ): void {
    this.#rows("softmaxRows", rows, n, [["x", x, offX], ["y", y, offY]]);
    checkSize("softmaxRows", "tq", tq);
    checkScalar("softmaxRows", "scale", scale);
    if (rows * n === 0) return;
    const src = x === y ? this.#snapshot(x) : x;
    this.#gpu.dispatch(
      softmaxRowsWgsl(),
      [src.buffer, y.buffer],
      new Uint32Array([rows, n, tq, offX, offY, bits(scale)]),
      { threads: rows, perGroup: ROW_WORKGROUP },
    );
    if (src !== x) src.release();
  }

  /** VJP of {@link GpuBackend.softmaxRows} from its output `y`. */
  softmaxRowsBwd(
    rows: number,
    n: number,
    tq: number,
    scale: number,
    y: GpuStorage,
    offY: number,
    g: GpuStorage,
    offG: number,
    dx: GpuStorage,
    offDx: number,
  ): void {
    this.#rows("softmaxRowsBwd", rows, n, [["y", y, offY], ["g", g, offG], ["dx", dx, offDx]]);
    checkSize("softmaxRowsBwd", "tq", tq);
    checkScalar("softmaxRowsBwd", "scale", scale);
    if (rows * n === 0) return;
    const ys = y === dx ? this.#snapshot(y) : y, gs = g === dx ? this.#snapshot(g) : g;
    this.#gpu.dispatch(
      softmaxRowsBwdWgsl(),
      [ys.buffer, gs.buffer, dx.buffer],
      new Uint32Array([rows, n, tq, offY, offG, offDx, bits(scale)]),
      { threads: rows, perGroup: ROW_WORKGROUP },
    );
    if (ys !== y) ys.release();
    if (gs !== g) gs.release();
  }

  /** LayerNorm over rows (`beta = null`: no shift). */
  layerNormRows(
    rows: number,
    n: number,
    eps: number,
    x: GpuStorage,
    offX: number,
    gamma: GpuStorage,
    offGamma: number,
    beta: GpuStorage | null,
    offBeta: number,
    y: GpuStorage,
    offY: number,
  ): void {
    this.#rows("layerNormRows", rows, n, [["x", x, offX], ["y", y, offY]]);
    this.#rows("layerNormRows", 1, n, [
      ["gamma", gamma, offGamma],
      ...(beta ? [["beta", beta, offBeta] as [string, GpuStorage, number]] : []),
    ]);
    checkScalar("layerNormRows", "eps", eps);
    if (rows * n === 0) return;
    const xs = x === y ? this.#snapshot(x) : x;
    this.#gpu.dispatch(
      layerNormRowsWgsl(),
      [xs.buffer, gamma.buffer, (beta ?? gamma).buffer, y.buffer],
      new Uint32Array([rows, n, offX, offGamma, offBeta, offY, beta ? 1 : 0, bits(eps)]),
      { threads: rows, perGroup: ROW_WORKGROUP },
    );
    if (xs !== x) xs.release();
  }

  /** VJP of {@link GpuBackend.layerNormRows}: `dx` per row, `dgamma`, `dbeta` over rows. */
  layerNormRowsBwd(
    rows: number,
    n: number,
    eps: number,
    x: GpuStorage,
    offX: number,
    gamma: GpuStorage,
    offGamma: number,
    g: GpuStorage,
    offG: number,
    dx: GpuStorage,
    offDx: number,
    dgamma: GpuStorage,
    dbeta: GpuStorage,
  ): void {
    const fn = "layerNormRowsBwd";
    this.#rows(fn, rows, n, [["x", x, offX], ["g", g, offG], ["dx", dx, offDx]]);
    this.#rows(fn, 1, n, [["gamma", gamma, offGamma], ["dgamma", dgamma, 0], [
      "dbeta",
      dbeta,
      0,
    ]]);
    checkScalar(fn, "eps", eps);
    if (n === 0) return;
    if (rows === 0) {
      this.fill([n], 0, { buf: dgamma, offset: 0, strides: [1] });
      this.fill([n], 0, { buf: dbeta, offset: 0, strides: [1] });
      return;
    }
    const stat = this.#gpu.alloc(2 * rows);
    const xs = x === dx ? this.#snapshot(x) : x, gs = g === dx ? this.#snapshot(g) : g;
    this.#gpu.dispatch(
      layerNormRowsBwdWgsl(),
      [xs.buffer, gamma.buffer, gs.buffer, dx.buffer, stat.buffer],
      new Uint32Array([rows, n, offX, offGamma, offG, offDx, bits(eps)]),
      { threads: rows, perGroup: ROW_WORKGROUP },
    );
    this.#gpu.dispatch(
      layerNormColsBwdWgsl(),
      [xs.buffer, gs.buffer, stat.buffer, dgamma.buffer, dbeta.buffer],
      new Uint32Array([rows, n, offX, offG]),
      { threads: n, perGroup: ROW_WORKGROUP },
    );
    stat.release();
    if (xs !== x) xs.release();
    if (gs !== g) gs.release();
  }

  /** One Adam/AdamW update of `params`, `m`, `v` in place (constants formed in f64, used in f32). */
  adamwStep(args: AdamwStepArgs<GpuStorage>): void {
    const fn = "adamwStep";
    const { n } = args;
    checkSize(fn, "n", n);
    for (const k of ["lr", "beta1", "beta2", "eps", "weightDecay", "l2", "gradScale"] as const) {
      checkScalar(fn, k, args[k]);
    }
    if (!(args.beta1 >= 0 && args.beta1 < 1)) {
      throw new ArgumentError(fn, "beta1", "a number in [0, 1)", args.beta1);
    }
    if (!(args.beta2 >= 0 && args.beta2 < 1)) {
      throw new ArgumentError(fn, "beta2", "a number in [0, 1)", args.beta2);
    }
    if (!(Number.isInteger(args.step) && args.step >= 1)) {
      throw new ArgumentError(fn, "step", "an integer ≥ 1", args.step);
    }
    const spans = [
      ["params", args.params, args.offParams],
      ["grads", args.grads, args.offGrads],
      ["m", args.m, args.offM],
      ["v", args.v, args.offV],
    ] as const;
    for (const [name, buf, off] of spans) checkSpan(fn, name, gpuBuf(fn, name, buf), off, n);
    const bufs = [args.params, args.grads, args.m, args.v];
    if (new Set(bufs).size < 4) {
      throw new ArgumentError(fn, "params, grads, m, v", "four distinct buffers", "an alias");
    }
    if (n === 0) return;
    const bc1 = 1 - Math.pow(args.beta1, args.step), bc2 = 1 - Math.pow(args.beta2, args.step);
    const meta = new Uint32Array([
      n,
      args.offParams,
      args.offGrads,
      args.offM,
      args.offV,
      ...[
        args.gradScale,
        args.l2,
        args.beta1,
        1 - args.beta1,
        args.beta2,
        1 - args.beta2,
        1 - args.lr * args.weightDecay,
        args.lr / bc1,
        1 / Math.sqrt(bc2),
        args.eps,
      ].map(bits),
    ]);
    this.#gpu.dispatch(
      adamwWgsl(),
      bufs.map((b) => b.buffer),
      meta,
      { threads: n, perGroup: ADAMW_WORKGROUP },
    );
  }
}
