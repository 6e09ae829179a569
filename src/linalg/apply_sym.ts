/**
 * Functions of symmetric matrices through the eigendecomposition: `f(A) = Q·f(Λ)·Qᵀ`.
 * @module
 */
import type { NDArray } from "../array/mod.ts";
import { ArgumentError } from "../array/mod.ts";
import { defaultBackend } from "../backend/mod.ts";
import { eighF64 } from "./core/eigh.ts";
import { type EighOptions, readSymmetric } from "./eigh.ts";
import { wrap } from "./_matrix.ts";
import { LinalgError } from "./errors.ts";

/**
 * `f(A) = Q·diag(f(λ₁), …, f(λₙ))·Qᵀ` for the real symmetric `a = Q·diag(λ)·Qᵀ` and a scalar
 * function `f` applied to each eigenvalue (ascending order). The result is symmetrized
 * exactly. The product runs on the backend GEMM. `f` must return finite numbers.
 * @example
 * ```ts
 * import { array } from "../array/mod.ts";
 * import { applySym } from "./mod.ts";
 * const sq = applySym(array([[2, 0], [0, 3]]), (x) => x * x);
 * if (Math.abs(sq.get(1, 1) - 9) > 1e-12) throw new Error("wrong");
 * ```
 */
export function applySym(
  a: NDArray,
  f: (lambda: number) => number,
  opts: EighOptions = {},
): NDArray {
  return applySymNamed("applySym", a, f, opts);
}

function applySymNamed(
  fn: string,
  a: NDArray,
  f: (lambda: number, values: Float64Array) => number,
  opts: EighOptions,
): NDArray {
  if (typeof f !== "function") throw new ArgumentError(fn, "f", "a function", f);
  const w = readSymmetric(fn, a, opts.symmetryTol);
  const n = w.n;
  const { values, vectors } = eighF64(w.data, { n, fn });
  const q = vectors!;
  const qf = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const fj = f(values[j], values);
    if (!Number.isFinite(fj)) {
      throw new LinalgError(
        `${fn}: f(eigenvalue ${values[j]}) must be finite, got ${fj}`,
      );
    }
    for (let i = 0; i < n; i++) qf[i * n + j] = q[i * n + j] * fj;
  }
  const out = new Float64Array(n * n);
  if (n > 0) {
    defaultBackend().gemm({
      transA: false,
      transB: true,
      m: n,
      n,
      k: n,
      alpha: 1,
      a: qf,
      offA: 0,
      lda: n,
      b: q,
      offB: 0,
      ldb: n,
      beta: 0,
      c: out,
      offC: 0,
      ldc: n,
    });
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (out[i * n + j] + out[j * n + i]);
      out[i * n + j] = v;
      out[j * n + i] = v;
    }
  }
  return wrap(out, [n, n], w.dtype);
}

/** Tolerance below which a negative eigenvalue counts as roundoff of a zero one. */
function negTol(values: Float64Array): number {
  let s = 0;
  for (const v of values) s = Math.max(s, Math.abs(v));
  return values.length * 2 ** -52 * s;
}

/**
 * Principal square root of the symmetric positive semi-definite `a` (`S = Sᵀ ⪰ 0`,
 * `S·S = A`). Eigenvalues in `[−n·eps·max|λ|, 0)` are roundoff and are taken as 0.
 * @throws {LinalgError} for a clearly negative eigenvalue.
 */
export function sqrtm(a: NDArray, opts: EighOptions = {}): NDArray {
  return applySymNamed("sqrtm", a, (x, vals) => {
    if (x >= 0) return Math.sqrt(x);
    if (x >= -negTol(vals)) return 0;
    throw new LinalgError(
      `sqrtm: argument "a" must be positive semi-definite, got eigenvalue ${x}`,
    );
  }, opts);
}

/** Matrix exponential `exp(A) = Q·diag(e^λ)·Qᵀ` of the symmetric `a` (positive definite). */
export function expm(a: NDArray, opts: EighOptions = {}): NDArray {
  return applySymNamed("expm", a, (x) => Math.exp(x), opts);
}

/**
 * Principal logarithm `log(A) = Q·diag(log λ)·Qᵀ` of the symmetric positive definite `a`.
 * @throws {LinalgError} if an eigenvalue is `≤ 0`.
 */
export function logm(a: NDArray, opts: EighOptions = {}): NDArray {
  return applySymNamed("logm", a, (x) => {
    if (x > 0) return Math.log(x);
    throw new LinalgError(`logm: argument "a" must be positive definite, got eigenvalue ${x}`);
  }, opts);
}

/**
 * Inverse of the symmetric nonsingular `a` through its eigendecomposition,
 * `A⁻¹ = Q·diag(1/λ)·Qᵀ` (exactly symmetric, unlike the LU-based `inv`).
 * @throws {LinalgError} if an eigenvalue is exactly zero.
 */
export function invSym(a: NDArray, opts: EighOptions = {}): NDArray {
  return applySymNamed("invSym", a, (x) => {
    if (x !== 0) return 1 / x;
    throw new LinalgError(`invSym: argument "a" must be nonsingular, got eigenvalue 0`);
  }, opts);
}
