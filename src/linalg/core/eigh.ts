/**
 * Symmetric eigendecomposition on a flat row-major Float64Array (the LAPACK `dsyevd` route):
 * blocked Householder reduction to tridiagonal form (`sytrdF64`, trailing updates and the
 * formation of `Q` on the GEMM), then divide and conquer on the tridiagonal matrix
 * (`tridiagEigDC`) followed by the back-transformation `Q·Z` as one GEMM — or, for small
 * matrices and for eigenvalues only, the implicit QL algorithm (`tql2F64`).
 * @module
 */
import { defaultBackend } from "../../backend/mod.ts";
import type { Backend } from "../../backend/mod.ts";
import { tridiagEigDC } from "./tridiag_dc.ts";
import { sytrdF64 } from "./tridiagonal.ts";
import { tql2F64 } from "./tql2.ts";

/** Options of {@linkcode eighF64}. */
export interface EighF64Options {
  /** Order of the matrix. */
  n: number;
  /** Index of `A[0,0]` (default 0). */
  offA?: number;
  /** Row stride (default `n`). */
  lda?: number;
  /** Compute eigenvectors (default true). */
  vectors?: boolean;
  /** Function name for errors (default "eigh"). */
  fn?: string;
  /** Backend whose GEMM forms the eigenvector basis (default `defaultBackend()`). */
  backend?: Backend;
  /**
   * Tridiagonal eigensolver for the vectors: `"dc"` divide and conquer (GEMM-rich, default for
   * `n > 64`) or `"ql"` implicit QL (default for `n ≤ 64`).
   */
  method?: "dc" | "ql";
}

/** Result of {@linkcode eighF64}. */
export interface EighF64Result {
  /** Eigenvalues in ascending order (length `n`). */
  values: Float64Array;
  /**
   * `n×n` row-major matrix `Q` whose column `j` is the unit eigenvector of `values[j]`
   * (`A = Q·diag(values)·Qᵀ`), or `null` when `vectors` is false.
   */
  vectors: Float64Array | null;
}

/**
 * Eigenvalues (ascending) and orthonormal eigenvectors of the symmetric `n×n` matrix in `a`.
 * Only the lower triangle of `a` is read; `a` is not modified. About `4n³/3` flops without
 * vectors; with vectors `≈ 6n³`, most of them in GEMM.
 * @throws {ConvergenceError} if QL or a secular equation fails to converge.
 */
export function eighF64(a: Float64Array, opts: EighF64Options): EighF64Result {
  const n = opts.n;
  const off = opts.offA ?? 0;
  const lda = opts.lda ?? n;
  const want = opts.vectors ?? true;
  const fn = opts.fn ?? "eigh";
  if (n === 0) return { values: new Float64Array(0), vectors: want ? new Float64Array(0) : null };
  const { d, e: sub, q: v } = sytrdF64(a, {
    n,
    offA: off,
    lda,
    wantQ: want,
    backend: opts.backend,
  });
  // Scale T by a power of two to max-norm ≈ 1 (exact): QL's shift formulas multiply
  // off-diagonal entries and would underflow/overflow for extreme magnitudes.
  let tmax = 0;
  for (let i = 0; i < n; i++) tmax = Math.max(tmax, Math.abs(d[i]));
  for (let i = 0; i < n - 1; i++) tmax = Math.max(tmax, Math.abs(sub[i]));
  const ex = tmax > 0 ? Math.max(-1000, Math.min(1000, Math.round(Math.log2(tmax)))) : 0;
  const down = 2 ** -ex;
  const up = 2 ** ex;
  for (let i = 0; i < n; i++) d[i] *= down;
  for (let i = 0; i < n - 1; i++) sub[i] *= down;
  const unscale = () => {
    for (let i = 0; i < n; i++) d[i] *= up;
  };
  // tql2 convention: e[i] couples i−1 and i.
  const e = new Float64Array(n);
  for (let i = 1; i < n; i++) e[i] = sub[i - 1];
  if (!want) {
    tql2F64(new Float64Array(0), d, e, n, false, fn);
    unscale();
    return { values: d, vectors: null };
  }
  const method = opts.method ?? (n > 64 ? "dc" : "ql");
  if (method === "ql") {
    tql2F64(v!, d, e, n, true, fn);
    unscale();
    return { values: d, vectors: v };
  }
  // Divide and conquer on T, then back-transform Q·Z on the GEMM.
  const z = tridiagEigDC(d, sub, { n, backend: opts.backend, fn });
  unscale();
  const q = new Float64Array(n * n);
  (opts.backend ?? defaultBackend()).gemm({
    transA: false,
    transB: false,
    m: n,
    n,
    k: n,
    alpha: 1,
    a: v!,
    offA: 0,
    lda: n,
    b: z,
    offB: 0,
    ldb: n,
    beta: 0,
    c: q,
    offC: 0,
    ldc: n,
  });
  return { values: d, vectors: q };
}
