/**
 * The backend contract: every kernel that arrays, autodiff and the optimizers use.
 *
 * ## Design
 * One interface, {@linkcode Backend}, generic over the backend's buffer type `B`:
 * - host backends (`cpu`, `wasm`) have `B = TypedArray` and execute every kernel immediately;
 * - the `webgpu` backend has `B` = its GPU storage and enqueues every kernel on the device queue;
 *   the only asynchronous entry of the whole contract is `read`.
 *
 * Kernels take buffers plus layout (offset, shape, strides — in elements) and write into an
 * output buffer the caller allocated with `alloc`; they never allocate their results and never
 * see an NDArray (src/array sits above this layer). Shape logic (broadcasting, axis permutations,
 * the batch loop of matmul) lives once, in src/array, which dispatches every operation through one
 * function (`backendOf` in src/array/ndarray.ts) instead of branching on the device. `cpu` (plain
 * TS) is the specification and test oracle; every other backend is tested against it by
 * tests/conformance. The level-1/2 BLAS entries that return a number synchronously (`dot`,
 * `nrm2`) or serve only the host linear algebra (`gemv`, `axpy`, `scal`) form
 * {@linkcode HostBlas}, which every host backend (`Backend<TypedArray>`, the default type
 * argument) has as well. Every backend implements every kernel for each dtype it lists in
 * `dtypes`; an unsupported dtype throws, it never silently falls back (least of all from f64 to
 * f32).
 *
 * Indexing conventions (stdlib-js style, all in elements, not bytes):
 * - a vector `x` of length `n` with offset `offX` and increment `incX` is
 *   `x[offX + i*incX]`, `i = 0..n-1`; `incX` may be negative or zero (then `offX` is the index
 *   of element 0, not BLAS's "start from the end").
 * - a row-major matrix with leading dimension `ld` has element `(r, c)` at `off + r*ld + c`.
 * - a strided operand ({@linkcode Strided}) of a kernel over `shape` has element `[i0, i1, ...]`
 *   at `offset + Σ ik·strides[k]`; strides are non-negative and may be 0 (broadcast).
 *
 * @module
 */

/** Element type of arrays and kernels: IEEE single or double precision. */
export type DType = "f32" | "f64";

/** The typed-array storage behind a {@linkcode DType}. */
export type TypedArray = Float32Array | Float64Array;

/** Names of the backends saddle knows about. */
export type BackendName = "cpu" | "wasm" | "webgpu";

/**
 * Arguments of a general matrix multiply, `C = alpha·op(A)·op(B) + beta·C` (BLAS `xGEMM`,
 * row-major).
 *
 * `C` is `m×n` with `C[i,j]` at `c[offC + i*ldc + j]`. `op(A)` is `m×k`: `A[i,p]` is
 * `a[offA + i*lda + p]` when `transA` is false and `a[offA + p*lda + i]` when it is true.
 * `op(B)` is `k×n`: `B[p,j]` is `b[offB + p*ldb + j]` (`transB` false) or `b[offB + j*ldb + p]`
 * (`transB` true). `beta = 0` means `C` is not read, so NaN/Inf already in `C` is overwritten
 * (NaN-safe). `alpha = 0` or `k = 0` means `A` and `B` are not read (reference BLAS semantics):
 * `C = beta·C`.
 */
export interface GemmArgs<T = TypedArray> {
  /** Use `Aᵀ`: `a` holds a `k×m` row-major matrix. */
  transA: boolean;
  /** Use `Bᵀ`: `b` holds an `n×k` row-major matrix. */
  transB: boolean;
  /** Rows of `C` and of `op(A)`. */
  m: number;
  /** Columns of `C` and of `op(B)`. */
  n: number;
  /** Inner dimension: columns of `op(A)`, rows of `op(B)`. */
  k: number;
  /** Scale of the product. */
  alpha: number;
  /** Storage of `A`. */
  a: T;
  /** Index of `A[0,0]` in `a`. */
  offA: number;
  /** Leading dimension (row stride, in elements) of the stored `A`. */
  lda: number;
  /** Storage of `B`. */
  b: T;
  /** Index of `B[0,0]` in `b`. */
  offB: number;
  /** Leading dimension of the stored `B`. */
  ldb: number;
  /** Scale of the incoming `C`; `0` means `C` is write-only. */
  beta: number;
  /** Storage of `C` (updated in place). */
  c: T;
  /** Index of `C[0,0]` in `c`. */
  offC: number;
  /** Leading dimension of `C` (must be `≥ n` when `m > 1`, so rows do not overlap). */
  ldc: number;
}

/**
 * Arguments of a matrix-vector multiply, `y = alpha·op(A)·x + beta·y` (BLAS `xGEMV`,
 * row-major).
 *
 * The stored `A` is `m×n` (`A[i,j]` at `a[offA + i*lda + j]`). With `trans` false, `x` has
 * length `n` and `y` length `m`; with `trans` true, `op(A) = Aᵀ`, `x` has length `m` and `y`
 * length `n`. `beta = 0` means `y` is not read (NaN-safe); `alpha = 0` means `A` and `x` are
 * not read.
 */
export interface GemvArgs<T extends TypedArray> {
  /** Use `Aᵀ`. */
  trans: boolean;
  /** Rows of the stored `A`. */
  m: number;
  /** Columns of the stored `A`. */
  n: number;
  /** Scale of the product. */
  alpha: number;
  /** Storage of `A`. */
  a: T;
  /** Index of `A[0,0]` in `a`. */
  offA: number;
  /** Leading dimension of the stored `A`. */
  lda: number;
  /** Storage of `x`. */
  x: T;
  /** Index of `x[0]` in `x`. */
  offX: number;
  /** Increment of `x` (may be negative or zero). */
  incX: number;
  /** Scale of the incoming `y`; `0` means `y` is write-only. */
  beta: number;
  /** Storage of `y` (updated in place). */
  y: T;
  /** Index of `y[0]` in `y`. */
  offY: number;
  /** Increment of `y` (nonzero, may be negative). */
  incY: number;
}

/** Names of the unary elementwise primitives ({@linkcode Kernels.unary}). */
export type UnaryOp =
  | "neg"
  | "abs"
  | "exp"
  | "log"
  | "sqrt"
  | "square"
  | "sin"
  | "cos"
  | "tanh"
  | "sigmoid"
  | "relu"
  | "sign"
  | "log1p"
  | "expm1"
  | "erf"
  | "reciprocal"
  | "floor";

/**
 * Names of the binary elementwise primitives ({@linkcode Kernels.binary}); comparisons give 1 or
 * 0, `maximum`/`minimum` propagate NaN.
 */
export type BinaryOp =
  | "add"
  | "sub"
  | "mul"
  | "div"
  | "pow"
  | "maximum"
  | "minimum"
  | "eq"
  | "ne"
  | "lt"
  | "le"
  | "gt"
  | "ge";

/**
 * Row reductions ({@linkcode Kernels.reduceRows}): `sum` (compensated), `prod`, `max`/`min`
 * (NaN propagates; −∞/+∞ for an empty row), `argmax`/`argmin` (index of the first extremum, as a
 * float; 0 for an empty row), `logsumexp` (shifted by the row maximum; −∞ for an empty row).
 */
export type ReduceOp = "sum" | "max" | "min" | "prod" | "argmax" | "argmin" | "logsumexp";

/** Every {@linkcode UnaryOp}, as data (conformance tables iterate over it). */
export const UNARY_OPS: readonly UnaryOp[] = Object.freeze(
  [
    "neg",
    "abs",
    "exp",
    "log",
    "sqrt",
    "square",
    "sin",
    "cos",
    "tanh",
    "sigmoid",
    "relu",
    "sign",
    "log1p",
    "expm1",
    "erf",
    "reciprocal",
    "floor",
  ] as const,
);

/** Every {@linkcode BinaryOp}, as data. */
export const BINARY_OPS: readonly BinaryOp[] = Object.freeze(
  [
    "add",
    "sub",
    "mul",
    "div",
    "pow",
    "maximum",
    "minimum",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
  ] as const,
);

/** Every {@linkcode ReduceOp}, as data. */
export const REDUCE_OPS: readonly ReduceOp[] = Object.freeze(
  ["sum", "max", "min", "prod", "argmax", "argmin", "logsumexp"] as const,
);

/**
 * A strided operand of an elementwise kernel over some `shape`: element `[i0, i1, ...]` is
 * `buf[offset + Σ ik·strides[k]]` (`strides.length === shape.length`, every stride ≥ 0; a 0
 * stride broadcasts). An output operand must not map two indices to one element.
 */
export interface Strided<B> {
  /** The buffer. */
  readonly buf: B;
  /** Index of element `[0, ..., 0]`. */
  readonly offset: number;
  /** Step in elements along each axis. */
  readonly strides: readonly number[];
}

/**
 * The kernels of a backend over buffers of type `B` (see the module doc). Operands of one call
 * share one dtype, except {@linkcode Kernels.copy}, which converts.
 */
export interface Kernels<B> {
  /** Registry name of this backend. */
  readonly name: BackendName;
  /** DTypes every kernel of this backend supports. */
  readonly dtypes: readonly DType[];
  /** A new zero-filled buffer of `n` elements of `dtype`. */
  alloc(dtype: DType, n: number): B;
  /** The dtype of a buffer of this backend. */
  dtypeOf(buf: B): DType;
  /**
   * The whole buffer as a host typed array, once every kernel enqueued before has run (host
   * backends: the buffer itself). The only asynchronous entry of the contract.
   */
  read(buf: B): Promise<TypedArray>;
  /** Return a buffer's memory now (host backends: no-op, buffers are garbage collected). */
  free(buf: B): void;
  /** `out[i] = value` for every index `i` of `shape`. */
  fill(shape: readonly number[], value: number, out: Strided<B>): void;
  /**
   * `out[i] = x[i]` for every index `i` of `shape` (strided copy, contiguous copy, assignment into
   * a view; host backends convert between f32 and f64).
   */
  copy(shape: readonly number[], x: Strided<B>, out: Strided<B>): void;
  /** `out[i] = op(x[i])` over `shape`; the scalar functions are those of the cpu backend. */
  unary(op: UnaryOp, shape: readonly number[], x: Strided<B>, out: Strided<B>): void;
  /** `out[i] = op(a[i], b[i])` over `shape` (broadcast operands have stride 0). */
  binary(
    op: BinaryOp,
    shape: readonly number[],
    a: Strided<B>,
    b: Strided<B>,
    out: Strided<B>,
  ): void;
  /** `out[i] = c[i] ≠ 0 ? a[i] : b[i]` over `shape` (a NaN condition selects `a`). */
  where(
    shape: readonly number[],
    c: Strided<B>,
    a: Strided<B>,
    b: Strided<B>,
    out: Strided<B>,
  ): void;
  /**
   * Reduce each of `rows` contiguous rows of length `len` (row `r` is `x[offX + r*len + j]`,
   * `j < len`) to `out[offOut + r]`; see {@linkcode ReduceOp} for each op's value on an empty row.
   */
  reduceRows(
    op: ReduceOp,
    rows: number,
    len: number,
    x: B,
    offX: number,
    out: B,
    offOut: number,
  ): void;
  /**
   * Gather along the middle axis of a contiguous `[outer, n, inner]` block starting at `offX`:
   * `out[offOut + (o*k + i)*inner + j] = x[offX + (o*n + indices[i])*inner + j]` with
   * `k = indices.length`; every index is in `[0, n)`.
   */
  gather(
    x: B,
    offX: number,
    indices: Int32Array,
    outer: number,
    n: number,
    inner: number,
    out: B,
    offOut: number,
  ): void;
  /** `C = alpha·op(A)·op(B) + beta·C`; see {@linkcode GemmArgs}. */
  gemm(args: GemmArgs<B>): void;
  /**
   * Batched strided `C_t = alpha·op(A_t)·op(B_t) + beta·C_t` over a batch shape (see
   * {@linkcode GemmBatchedArgs}): the matmul of src/array calls it once per product, so
   * batched, broadcast and transposed operands reach the GEMM kernel without copies or a call
   * per batch element.
   */
  gemmBatched(args: GemmBatchedArgs<B>): void;
  /**
   * GELU, tanh form (arXiv:1606.08415 §2), on `n` contiguous elements:
   * `y[offY+i] = ½x(1 + tanh(√(2/π)(x + 0.044715x³)))` with `x = x[offX+i]`. `x` and `y` may be
   * the same array at the same offset.
   */
  gelu(n: number, x: B, offX: number, y: B, offY: number): void;
  /**
   * VJP of {@linkcode Kernels.gelu}: `dx[offDx+i] = g[offG+i]·GELU′(x[offX+i])`, `i < n`,
   * `GELU′(x) = ½(1 + tanh u) + ½x(1 − tanh² u)·√(2/π)(1 + 3·0.044715x²)`.
   */
  geluBwd(
    n: number,
    x: B,
    offX: number,
    g: B,
    offG: number,
    dx: B,
    offDx: number,
  ): void;
  /**
   * Softmax of `scale·x` over each of `rows` contiguous rows of length `n` (`x` from `offX`, `y`
   * from `offY`). With `tq > 0` the rows form `[.., tq, n]` score matrices and query row `r`
   * sees keys `j ≤ r % tq + n − tq` (causal attention); the other entries of `y` are set to 0.
   * `tq = 0`: every key.
   */
  softmaxRows(
    rows: number,
    n: number,
    tq: number,
    scale: number,
    x: B,
    offX: number,
    y: B,
    offY: number,
  ): void;
  /**
   * VJP of {@linkcode Kernels.softmaxRows} from its output: `dx = scale·y ⊙ (g − ⟨g, y⟩_row)`
   * on the allowed keys, 0 elsewhere.
   */
  softmaxRowsBwd(
    rows: number,
    n: number,
    tq: number,
    scale: number,
    y: B,
    offY: number,
    g: B,
    offG: number,
    dx: B,
    offDx: number,
  ): void;
  /**
   * LayerNorm (arXiv:1607.06450 eq. 4) of `rows` contiguous rows of length `n`:
   * `y = (x − μ)/√(σ² + eps)·γ + β` with the row mean μ and biased variance σ² (sums in f64);
   * `beta = null`: no shift. `gamma`, `beta` hold `n` elements from their offsets.
   */
  layerNormRows(
    rows: number,
    n: number,
    eps: number,
    x: B,
    offX: number,
    gamma: B,
    offGamma: number,
    beta: B | null,
    offBeta: number,
    y: B,
    offY: number,
  ): void;
  /**
   * VJP of {@linkcode Kernels.layerNormRows} for the cotangent `g`: `dx` per row, and over all
   * rows `dgamma = Σ g·x̂`, `dbeta = Σ g` (length `n` from index 0, overwritten; sums in f64).
   */
  layerNormRowsBwd(
    rows: number,
    n: number,
    eps: number,
    x: B,
    offX: number,
    gamma: B,
    offGamma: number,
    g: B,
    offG: number,
    dx: B,
    offDx: number,
    dgamma: B,
    dbeta: B,
  ): void;
  /** One Adam/AdamW update of `params`, `m` and `v` in place; see {@linkcode AdamwStepArgs}. */
  adamwStep(args: AdamwStepArgs<B>): void;
}

/**
 * Arguments of one Adam/AdamW update (Kingma & Ba 2015, Algorithm 1; Loshchilov & Hutter 2019,
 * arXiv:1711.05101, Algorithm 2, in PyTorch's `AdamW` convention) on `n` contiguous elements of
 * each operand from its offset; `params`, `m` and `v` are updated in place, `grads` is read.
 * With `t = step`, `bc1 = 1 − beta1^t`, `bc2 = 1 − beta2^t`, each element computes, in f64
 * (f32 operands are widened on load and rounded once at the store):
 * `g = grads·gradScale + l2·p`, `m ← beta1·m + (1 − beta1)·g`, `v ← beta2·v + ((1 − beta2)·g)·g`,
 * `p ← p·(1 − lr·weightDecay) − ((lr/bc1)·m) / (√v·(1/√bc2) + eps)` (new `m`, `v` unrounded).
 * AdamW: `weightDecay = λ`, `l2 = 0`; Adam with coupled L2: `weightDecay = 0`, `l2 = λ`.
 * NaN or ±∞ in any operand propagates to the updated entries of that element.
 */
export interface AdamwStepArgs<B = TypedArray> {
  /** Number of elements. */
  n: number;
  /** Parameters θ (updated in place). */
  params: B;
  /** Index of the first parameter. */
  offParams: number;
  /** Gradients (read only). */
  grads: B;
  /** Index of the first gradient. */
  offGrads: number;
  /** First moment (updated in place). */
  m: B;
  /** Index of the first entry of `m`. */
  offM: number;
  /** Second moment (updated in place). */
  v: B;
  /** Index of the first entry of `v`. */
  offV: number;
  /** Learning rate η. */
  lr: number;
  /** β₁ in [0, 1). */
  beta1: number;
  /** β₂ in [0, 1). */
  beta2: number;
  /** ε ≥ 0 (added to the bias-corrected √v̂). */
  eps: number;
  /** Decoupled weight decay λ: θ ← θ(1 − ηλ) (0: none). */
  weightDecay: number;
  /** Coupled L2 coefficient added to the gradient as `l2·θ` (Adam; 0 for AdamW). */
  l2: number;
  /** Multiplier of the gradient (global-norm clipping; 1: none). */
  gradScale: number;
  /** Step number t ≥ 1 of this update (bias corrections `1 − β^t`). */
  step: number;
}

/**
 * Arguments of a batched strided GEMM (cuBLAS `gemmStridedBatched` generalised to a
 * multi-axis batch): for every index `t = [t0, t1, ...]` of the batch shape `batch`,
 * `C_t = alpha·op(A_t)·op(B_t) + beta·C_t`, where `A_t` is the matrix of {@linkcode GemmArgs}
 * stored at offset `offA + Σ ti·strideA[i]` (likewise `B_t`, `C_t`). `strideA`, `strideB` and
 * `strideC` have one entry per batch axis (in elements, any integer; 0 broadcasts an operand
 * over that axis). The `C_t` must not overlap one another (a batch axis of extent > 1 needs a
 * nonzero `strideC`). An empty `batch` is one GEMM; a zero extent is no work.
 */
export interface GemmBatchedArgs<T = TypedArray> extends GemmArgs<T> {
  /** Batch shape (the leading axes of a batched matmul). */
  batch: readonly number[];
  /** Element stride of `A_t` along each batch axis (0: broadcast). */
  strideA: readonly number[];
  /** Element stride of `B_t` along each batch axis (0: broadcast). */
  strideB: readonly number[];
  /** Element stride of `C_t` along each batch axis (nonzero where the extent is > 1). */
  strideC: readonly number[];
}

/**
 * Host-only BLAS level 1/2: the entries whose result is a number returned synchronously (`dot`,
 * `nrm2`) or that only the host linear algebra (src/linalg, f64) uses. Part of every host
 * {@linkcode Backend} (`Backend<TypedArray>`).
 */
export interface HostBlas {
  /** `y = alpha·op(A)·x + beta·y`; see {@linkcode GemvArgs}. */
  gemv(args: GemvArgs<Float32Array> | GemvArgs<Float64Array>): void;
  /** Inner product `Σᵢ x[i]·y[i]` over `n` strided elements (BLAS `xDOT`). */
  dot(
    n: number,
    x: TypedArray,
    offX: number,
    incX: number,
    y: TypedArray,
    offY: number,
    incY: number,
  ): number;
  /** `y ← alpha·x + y` over `n` strided elements (BLAS `xAXPY`). */
  axpy(
    n: number,
    alpha: number,
    x: TypedArray,
    offX: number,
    incX: number,
    y: TypedArray,
    offY: number,
    incY: number,
  ): void;
  /** `x ← alpha·x` over `n` strided elements (BLAS `xSCAL`; IEEE products, so `0·NaN = NaN`). */
  scal(n: number, alpha: number, x: TypedArray, offX: number, incX: number): void;
  /**
   * Euclidean norm `sqrt(Σ x[i]²)` (BLAS `xNRM2`), computed with scaling so that it neither
   * overflows nor underflows when the result is representable.
   */
  nrm2(n: number, x: TypedArray, offX: number, incX: number): number;
}

/**
 * A compute backend over buffers of type `B`: plain data with the kernel functions of
 * {@linkcode Kernels}. Host backends (`B = TypedArray`, the default) also carry the
 * {@linkcode HostBlas} entries.
 */
export type Backend<B = TypedArray> = Kernels<B> & (B extends TypedArray ? HostBlas : unknown);
