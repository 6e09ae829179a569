/**
 * Matrix products on top of the backend GEMM kernel: `matmul` with numpy semantics (1-D operands,
 * broadcast batch dimensions, optional transposes of the last two axes), `dot` and `outer`.
 * @module
 */
import { defaultBackend, getBackend } from "../backend/registry.ts";
import type { BackendName, GemmBatchedArgs } from "../backend/types.ts";
import { type DType, promote } from "./dtype.ts";
import { ArgumentError, describe, ShapeError } from "./errors.ts";
import {
  type ArrayBackend,
  backendOf,
  NDArray,
  sizeOf,
  type Storage,
  storageOf,
} from "./ndarray.ts";
import { astype, broadcastShapes, broadcastTo, copy, expandDims, squeeze } from "./shape_ops.ts";
import { binary } from "./elementwise.ts";

/** Options of {@link matmul}. */
export interface MatmulOptions {
  /** Use the transpose of `a`'s last two axes. */
  transA?: boolean;
  /** Use the transpose of `b`'s last two axes. */
  transB?: boolean;
  /** Backend to run the GEMM on (default: the process default, see src/backend). */
  backend?: BackendName;
}

/** Describe a matrix operand as the GEMM kernel sees it (row-major with leading dimension). */
function asGemmOperand(
  x: NDArray,
  trans: boolean,
): { buf: Storage; off: number; ld: number; trans: boolean } {
  const r = x.ndim - 2;
  const [rows, cols] = [x.shape[r], x.shape[r + 1]];
  const [sr, sc] = [x.strides[r], x.strides[r + 1]];
  // Row-major in place: unit column stride and rows that do not overlap.
  if ((sc === 1 || cols <= 1) && (rows <= 1 || sr >= Math.max(cols, 1))) {
    return { buf: storageOf(x), off: 0, ld: rows <= 1 ? Math.max(cols, 1) : sr, trans };
  }
  // Column-major in place (e.g. a transposed view): it is the row-major transpose.
  if ((sr === 1 || rows <= 1) && (cols <= 1 || sc >= Math.max(rows, 1))) {
    return { buf: storageOf(x), off: 0, ld: cols <= 1 ? Math.max(rows, 1) : sc, trans: !trans };
  }
  return { buf: storageOf(x), off: -1, ld: 0, trans };
}

/**
 * Matrix product with numpy `matmul` semantics: the last two axes multiply (`[..., m, k] @
 * [..., k, n] → [..., m, n]`), leading batch axes broadcast, a 1-D `a` is a row vector and a
 * 1-D `b` a column vector (the added axis is removed again). Mixed dtypes promote to f64.
 * Host arrays: one batched GEMM call on the backend (`gemmBatched`) covers every batch element,
 * reading strided, transposed and broadcast views in place (a copy only for views that are neither
 * row- nor column-major in their last two axes).
 * @example
 * ```ts
 * import { array, matmul } from "./mod.ts";
 * const c = matmul(array([[1, 2]]), array([[3], [4]]));
 * if (c.item() !== 11) throw new Error("wrong product");
 * ```
 */
export function matmul(a: NDArray, b: NDArray, opts: MatmulOptions = {}): NDArray {
  if (!(a instanceof NDArray)) throw new ArgumentError("matmul", "a", "an NDArray", a);
  if (!(b instanceof NDArray)) throw new ArgumentError("matmul", "b", "an NDArray", b);
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError(
      "matmul",
      `operands must have at least 1 axis, got ${describe(a)} and ${describe(b)}`,
    );
  }
  const aVec = a.ndim === 1, bVec = b.ndim === 1;
  let A = aVec ? expandDims(a, 0) : a;
  let B = bVec ? expandDims(b, 1) : b;
  const dtype: DType = promote(A.dtype, B.dtype);
  A = astype(A, dtype);
  B = astype(B, dtype);
  const tA = !!opts.transA && !aVec, tB = !!opts.transB && !bVec;
  const m = A.shape[A.ndim - (tA ? 1 : 2)], ka = A.shape[A.ndim - (tA ? 2 : 1)];
  const kb = B.shape[B.ndim - (tB ? 1 : 2)], n = B.shape[B.ndim - (tB ? 2 : 1)];
  if (ka !== kb) {
    throw new ShapeError(
      "matmul",
      `inner dimensions differ: a is ${describe([...a.shape])}${tA ? "ᵀ" : ""}, b is ${
        describe([...b.shape])
      }${tB ? "ᵀ" : ""} (${ka} vs ${kb})`,
    );
  }
  const batch = broadcastShapes("matmul", A.shape.slice(0, -2), B.shape.slice(0, -2));
  const Ab = broadcastTo(A, [...batch, ...A.shape.slice(-2)]);
  const Bb = broadcastTo(B, [...batch, ...B.shape.slice(-2)]);
  const nb = sizeOf(batch);
  // the operands' backend (a device's, or the default host one), unless a host backend is named
  const be: ArrayBackend = opts.backend
    ? getBackend(opts.backend) as unknown as ArrayBackend
    : backendOf("matmul", A, B);
  if (!be.dtypes.includes(dtype)) {
    throw new ArgumentError(
      "matmul",
      "dtype",
      `one of ${be.dtypes.join(", ")} on backend ${be.name}`,
      dtype,
    );
  }
  const out = be.alloc(dtype, nb * m * n);
  const oa = asGemmOperand(Ab, tA), ob = asGemmOperand(Bb, tB);
  const Ac = oa.off < 0 ? copy(Ab) : Ab, Bc = ob.off < 0 ? copy(Bb) : Bb;
  const ga = oa.off < 0 ? asGemmOperand(Ac, tA) : oa, gb = ob.off < 0 ? asGemmOperand(Bc, tB) : ob;
  if (nb > 0 && m > 0 && n > 0) {
    // one batched call: the batch axes' strides (0 where broadcast) go to the kernel as they are
    const nbAx = batch.length;
    const strideC = new Array<number>(nbAx);
    for (let i = nbAx - 1, s = m * n; i >= 0; i--) {
      strideC[i] = s;
      s *= batch[i];
    }
    const args: GemmBatchedArgs<Storage> = {
      transA: ga.trans,
      transB: gb.trans,
      m,
      n,
      k: ka,
      alpha: 1,
      a: ga.buf,
      offA: Ac.offset,
      lda: ga.ld,
      b: gb.buf,
      offB: Bc.offset,
      ldb: gb.ld,
      beta: 0,
      c: out,
      offC: 0,
      ldc: n,
      batch,
      strideA: Ac.strides.slice(0, nbAx),
      strideB: Bc.strides.slice(0, nbAx),
      strideC,
    };
    be.gemmBatched(args);
  }
  let res = new NDArray(out, [...batch, m, n]);
  if (aVec) res = squeeze(res, res.ndim - 2);
  if (bVec) res = squeeze(res, res.ndim - 1);
  return res;
}

/** Inner product of two 1-D arrays of equal length (computed by the backend's `dot`). */
export function dot(a: NDArray, b: NDArray, opts: { backend?: BackendName } = {}): number {
  if (!(a instanceof NDArray) || a.ndim !== 1) {
    throw new ArgumentError("dot", "a", "a 1-D NDArray", a);
  }
  if (!(b instanceof NDArray) || b.ndim !== 1) {
    throw new ArgumentError("dot", "b", "a 1-D NDArray", b);
  }
  if (a.size !== b.size) throw new ShapeError("dot", `lengths differ: ${a.size} vs ${b.size}`);
  const dtype = promote(a.dtype, b.dtype);
  const A = astype(a, dtype), B = astype(b, dtype);
  const be = opts.backend ? getBackend(opts.backend) : defaultBackend();
  return be.dot(A.size, A.buffer, A.offset, A.strides[0], B.buffer, B.offset, B.strides[0]);
}

/** Outer product `a bᵀ` of two 1-D arrays: shape `[a.size, b.size]`. */
export function outer(a: NDArray, b: NDArray): NDArray {
  if (!(a instanceof NDArray) || a.ndim !== 1) {
    throw new ArgumentError("outer", "a", "a 1-D NDArray", a);
  }
  if (!(b instanceof NDArray) || b.ndim !== 1) {
    throw new ArgumentError("outer", "b", "a 1-D NDArray", b);
  }
  return binary("mul", expandDims(a, 1), expandDims(b, 0));
}
