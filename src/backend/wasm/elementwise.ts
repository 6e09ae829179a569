/**
 * The elementwise entries of the contract on the wasm backend (`unary`, `binary`, `where`): SIMD
 * kernels of kernels/wasm/elementwise.ts for the ops in {@linkcode UNARY_CODES} /
 * {@linkcode BINARY_CODES}, on f32 and f64.
 *
 * Layouts: after merging axes (cpu/strided.ts), every row of the innermost axis must be written
 * contiguously (output step 1) and every input must step by 1 along it or broadcast (step 0);
 * rows may sit anywhere (outer axes of any stride), e.g. a contiguous array, a bias row added to
 * every row of a matrix, a scalar, a column broadcast along rows. Rows are packed into chunks of
 * {@linkcode ELEMENTWISE_CHUNK} elements in wasm memory (inputs copied or filled, one kernel call
 * per chunk, the output copied back), so short rows cost no kernel call each. Everything else
 * runs the cpu reference loop: ops without a SIMD kernel (sin, cos, erf, pow), rows
 * shorter than {@linkcode MIN_SIMD_ROW}, inputs or outputs with another step along the innermost
 * axis (transposed or strided views), and operands of mixed dtype. Exactly rounded ops are
 * bitwise equal to the cpu reference; exp, log, tanh, sigmoid, expm1 and log1p are within 3 ulp of it
 * (kernels/README.md).
 *
 * @module
 */
import type { BinaryOp, Strided, TypedArray, UnaryOp } from "../types.ts";
import { BINARY_OPS, UNARY_OPS } from "../types.ts";
import { checkOp, checkShapeArg, checkStrided } from "../validate.ts";
import { binaryCpu, unaryCpu, whereCpu } from "../cpu/elementwise.ts";
import { eachRow, mergeAxes } from "../cpu/strided.ts";
import { type OpsExports, opsKernels } from "./ops_kernels.ts";
import { align64, reserve, view } from "./scratch.ts";

/** Op codes of the unary SIMD kernels (kernels/wasm/elementwise.ts); others run on the cpu loop. */
export const UNARY_CODES: { readonly [K in UnaryOp]?: number } = Object.freeze({
  neg: 0,
  abs: 1,
  exp: 2,
  log: 3,
  sqrt: 4,
  square: 5,
  tanh: 6,
  sigmoid: 7,
  relu: 8,
  sign: 9,
  reciprocal: 10,
  floor: 11,
  expm1: 12,
  log1p: 13,
});

/** Op codes of the binary SIMD kernels; `pow` runs on the cpu loop. */
export const BINARY_CODES: { readonly [K in BinaryOp]?: number } = Object.freeze({
  add: 0,
  sub: 1,
  mul: 2,
  div: 3,
  maximum: 4,
  minimum: 5,
  eq: 6,
  ne: 7,
  lt: 8,
  le: 9,
  gt: 10,
  ge: 11,
});

/** Elements per chunk of every operand in wasm memory. */
export const ELEMENTWISE_CHUNK = 8192;

/** Rows (innermost merged axis) shorter than this run the cpu loop. */
export const MIN_SIMD_ROW = 4;

/** Rows shorter than this are copied element by element (cheaper than `subarray().set`). */
const SHORT_COPY = 64;

/** Whether the layout qualifies for the SIMD path (see the module doc). */
function simdLayout(
  shape: readonly number[],
  ins: Strided<TypedArray>[],
  out: Strided<TypedArray>,
): boolean {
  const F = out.buf.constructor;
  if (F !== Float32Array && F !== Float64Array) return false;
  for (const x of ins) if (x.buf.constructor !== F) return false;
  const m = mergeAxes(shape, [...ins, out]);
  const nd = m.shape.length;
  if (nd === 0 || m.shape[nd - 1] < MIN_SIMD_ROW) return false;
  const k = ins.length;
  if (m.strides[k][nd - 1] !== 1) return false;
  for (let j = 0; j < k; j++) {
    const s = m.strides[j][nd - 1];
    if (s !== 0 && s !== 1) return false;
  }
  return true;
}

/**
 * Streams the rows of `shape` through a contiguous kernel `run(ops, n, inPtrs, outPtr)` in chunks
 * (layout already checked by {@link simdLayout}).
 */
function stream(
  fn: string,
  shape: readonly number[],
  ins: Strided<TypedArray>[],
  out: Strided<TypedArray>,
  run: (ops: OpsExports, n: number, inPtrs: number[], outPtr: number) => void,
): void {
  const k = ins.length, ob = out.buf;
  const es = ob instanceof Float32Array ? 4 : 8, span = align64(ELEMENTWISE_CHUNK * es);
  const { k: kern, base } = reserve(fn, (k + 1) * span);
  const ptrs = ins.map((_, j) => base + j * span), outPtr = base + k * span;
  const inViews = ptrs.map((p) => view(kern, ob, p, ELEMENTWISE_CHUNK));
  const outView = view(kern, ob, outPtr, ELEMENTWISE_CHUNK);
  const pieces: number[] = []; // (output index, chunk position, length) triples
  let pos = 0;
  const ops = opsKernels(kern);
  const flush = () => {
    run(ops, pos, ptrs, outPtr);
    for (let i = 0; i < pieces.length; i += 3) {
      const o = pieces[i], p = pieces[i + 1], len = pieces[i + 2];
      if (len < SHORT_COPY) { for (let e = 0; e < len; e++) ob[o + e] = outView[p + e]; }
      else ob.set(outView.subarray(p, p + len), o);
    }
    pieces.length = 0;
    pos = 0;
  };
  eachRow(shape, [...ins, out], (bases, len, incs) => {
    let done = 0;
    while (done < len) {
      const take = Math.min(len - done, ELEMENTWISE_CHUNK - pos);
      for (let j = 0; j < k; j++) {
        const src = ins[j].buf, v = inViews[j], b = bases[j];
        if (incs[j] === 0) v.fill(src[b], pos, pos + take);
        else if (take < SHORT_COPY) {
          for (let e = 0; e < take; e++) v[pos + e] = src[b + done + e];
        } else v.set(src.subarray(b + done, b + done + take), pos);
      }
      pieces.push(bases[k] + done, pos, take);
      pos += take;
      done += take;
      if (pos === ELEMENTWISE_CHUNK) flush();
    }
  });
  if (pos > 0) flush();
}

/** `out[i] = op(x[i])` over `shape` (see `Kernels.unary`): SIMD where the module doc says. */
export function unaryWasm(
  op: UnaryOp,
  shape: readonly number[],
  x: Strided<TypedArray>,
  out: Strided<TypedArray>,
): void {
  checkOp("unary", "op", op, UNARY_OPS);
  checkShapeArg("unary", shape);
  checkStrided("unary", "x", shape, x);
  checkStrided("unary", "out", shape, out);
  const code = UNARY_CODES[op];
  if (code === undefined || !simdLayout(shape, [x], out)) return unaryCpu(op, shape, x, out);
  const f32 = out.buf instanceof Float32Array;
  stream("unary", shape, [x], out, (ops, n, [px], py) => {
    (f32 ? ops.sunary : ops.dunary)(code, n, px, py);
  });
}

/** `out[i] = op(a[i], b[i])` over `shape` (see `Kernels.binary`): SIMD where the module doc says. */
export function binaryWasm(
  op: BinaryOp,
  shape: readonly number[],
  a: Strided<TypedArray>,
  b: Strided<TypedArray>,
  out: Strided<TypedArray>,
): void {
  checkOp("binary", "op", op, BINARY_OPS);
  checkShapeArg("binary", shape);
  checkStrided("binary", "a", shape, a);
  checkStrided("binary", "b", shape, b);
  checkStrided("binary", "out", shape, out);
  const code = BINARY_CODES[op];
  if (code === undefined || !simdLayout(shape, [a, b], out)) return binaryCpu(op, shape, a, b, out);
  const f32 = out.buf instanceof Float32Array;
  stream("binary", shape, [a, b], out, (ops, n, [pa, pb], py) => {
    (f32 ? ops.sbinary : ops.dbinary)(code, n, pa, pb, py);
  });
}

/** `out[i] = c[i] ≠ 0 ? a[i] : b[i]` over `shape` (see `Kernels.where`). */
export function whereWasm(
  shape: readonly number[],
  c: Strided<TypedArray>,
  a: Strided<TypedArray>,
  b: Strided<TypedArray>,
  out: Strided<TypedArray>,
): void {
  checkShapeArg("where", shape);
  checkStrided("where", "c", shape, c);
  checkStrided("where", "a", shape, a);
  checkStrided("where", "b", shape, b);
  checkStrided("where", "out", shape, out);
  if (!simdLayout(shape, [c, a, b], out)) return whereCpu(shape, c, a, b, out);
  const f32 = out.buf instanceof Float32Array;
  stream("where", shape, [c, a, b], out, (ops, n, [pc, pa, pb], py) => {
    (f32 ? ops.swhere : ops.dwhere)(n, pc, pa, pb, py);
  });
}
