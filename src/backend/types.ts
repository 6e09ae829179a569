/**
 * The backend contract: BLAS-style kernels on flat, strided, row-major operands.
 *
 * Kernels never see shapes beyond `m, n, k` and leading dimensions; shape logic lives once, in
 * src/array. Every backend implements every kernel for each dtype it lists in `dtypes`; an
 * unsupported dtype throws, it never silently falls back.
 *
 * Indexing conventions (stdlib-js style, all in elements, not bytes):
 * - a vector `x` of length `n` with offset `offX` and increment `incX` is
 *   `x[offX + i*incX]`, `i = 0..n-1`; `incX` may be negative or zero (then `offX` is the index
 *   of element 0, not BLAS's "start from the end").
 * - a row-major matrix with leading dimension `ld` has element `(r, c)` at `off + r*ld + c`.
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
export interface GemmArgs<T extends TypedArray> {
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

/**
 * A compute backend: plain data with kernel functions. All kernels are synchronous on CPU
 * backends. Operands of one call must share one dtype (all `Float32Array` or all
 * `Float64Array`).
 */
export interface Backend {
  /** Registry name of this backend. */
  readonly name: BackendName;
  /** DTypes every kernel of this backend supports. */
  readonly dtypes: readonly DType[];
  /** `C = alpha·op(A)·op(B) + beta·C`; see {@linkcode GemmArgs}. */
  gemm(args: GemmArgs<Float32Array> | GemmArgs<Float64Array>): void;
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
  /**
   * GELU, tanh form (arXiv:1606.08415 §2), on `n` contiguous elements:
   * `y[offY+i] = ½x(1 + tanh(√(2/π)(x + 0.044715x³)))` with `x = x[offX+i]`. `x` and `y` may be
   * the same array at the same offset.
   */
  gelu(n: number, x: TypedArray, offX: number, y: TypedArray, offY: number): void;
  /**
   * VJP of {@linkcode Backend.gelu}: `dx[offDx+i] = g[offG+i]·GELU′(x[offX+i])`, `i < n`,
   * `GELU′(x) = ½(1 + tanh u) + ½x(1 − tanh² u)·√(2/π)(1 + 3·0.044715x²)`.
   */
  geluBwd(
    n: number,
    x: TypedArray,
    offX: number,
    g: TypedArray,
    offG: number,
    dx: TypedArray,
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
    x: TypedArray,
    offX: number,
    y: TypedArray,
    offY: number,
  ): void;
  /**
   * VJP of {@linkcode Backend.softmaxRows} from its output: `dx = scale·y ⊙ (g − ⟨g, y⟩_row)`
   * on the allowed keys, 0 elsewhere.
   */
  softmaxRowsBwd(
    rows: number,
    n: number,
    tq: number,
    scale: number,
    y: TypedArray,
    offY: number,
    g: TypedArray,
    offG: number,
    dx: TypedArray,
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
    x: TypedArray,
    offX: number,
    gamma: TypedArray,
    offGamma: number,
    beta: TypedArray | null,
    offBeta: number,
    y: TypedArray,
    offY: number,
  ): void;
  /**
   * VJP of {@linkcode Backend.layerNormRows} for the cotangent `g`: `dx` per row, and over all
   * rows `dgamma = Σ g·x̂`, `dbeta = Σ g` (length `n` from index 0, overwritten; sums in f64).
   */
  layerNormRowsBwd(
    rows: number,
    n: number,
    eps: number,
    x: TypedArray,
    offX: number,
    gamma: TypedArray,
    offGamma: number,
    g: TypedArray,
    offG: number,
    dx: TypedArray,
    offDx: number,
    dgamma: TypedArray,
    dbeta: TypedArray,
  ): void;
}
