/**
 * Reference GEMM in plain TypeScript: the oracle every fast GEMM is tested against.
 *
 * @module
 */
import type { GemmArgs } from "../types.ts";
import { checkGemm } from "../validate.ts";

/**
 * `C = alpha·op(A)·op(B) + beta·C` (BLAS `xGEMM`, row-major; see {@linkcode GemmArgs}).
 *
 * Obviously correct, not fast: each `C[i,j]` is one dot product accumulated in double precision
 * (JS numbers) and rounded once to the storage type. `beta = 0` never reads `C`; `alpha = 0` or
 * `k = 0` never reads `A`, `B` (reference BLAS semantics).
 */
export function gemmCpu(args: GemmArgs<Float32Array> | GemmArgs<Float64Array>): void {
  checkGemm("gemm", args);
  const { transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc } = args;
  // strides of op(A)[i,p] and op(B)[p,j]
  const sAi = transA ? 1 : lda, sAp = transA ? lda : 1;
  const sBp = transB ? 1 : ldb, sBj = transB ? ldb : 1;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const ci = offC + i * ldc + j;
      let acc = 0;
      if (alpha !== 0) {
        for (let p = 0; p < k; p++) {
          acc += a[offA + i * sAi + p * sAp] * b[offB + p * sBp + j * sBj];
        }
        acc *= alpha;
      }
      c[ci] = beta === 0 ? acc : acc + beta * c[ci];
    }
  }
}
