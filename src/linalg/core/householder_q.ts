/**
 * Form the orthogonal matrix `Q = H₀H₁⋯H_{r−1}` of a sequence of Householder reflectors
 * `H_j = I − τ_j·u_j·u_jᵀ` (explicit, not necessarily unit-normalized vectors `u_j`,
 * supported on rows `j + shift … m−1`), blocked: `nb` reflectors at a time become
 * `I − V·T·Vᵀ` (compact WY, LAPACK `dlarft` forward/columnwise) and are applied with two GEMMs
 * (LAPACK `dorgqr`/`dlarfb`). Used by the QR, tridiagonal (eigh) and bidiagonal (SVD) paths.
 * @module
 */
import { defaultBackend } from "../../backend/mod.ts";
import type { Backend } from "../../backend/mod.ts";

/** Options of {@linkcode formQBlockedF64}. */
export interface FormQBlockedOptions {
  /** Rows of `Q` and length of the reflector vectors. */
  m: number;
  /** Number of reflectors (columns of `y`). */
  r: number;
  /** Reflector `j` is zero above row `j + shift` (default 0). */
  shift?: number;
  /** Columns of `Q` to form (default `m`); `cols ≥ r + shift` is required. */
  cols?: number;
  /** Row stride of `y` (default `r`). */
  ldy?: number;
  /** Index of `u_0[0]` in `y` (default 0). */
  offY?: number;
  /** Reflectors per block (default 32). */
  blockSize?: number;
  /** Backend for the GEMMs (default `defaultBackend()`). */
  backend?: Backend;
}

/**
 * `Q = H₀⋯H_{r−1}·I[:, :cols]` as a new `m×cols` row-major Float64Array, where column `j` of
 * the row-major `y` (`m×r`, rows `≥ j + shift` read) holds `u_j`. `τ_j = 0` skips a
 * reflector. About `4·m·cols·r` flops, all but `O(m·nb²)` of them in GEMM.
 */
export function formQBlockedF64(
  y: Float64Array,
  tau: Float64Array,
  opts: FormQBlockedOptions,
): Float64Array {
  const { m, r } = opts;
  const shift = opts.shift ?? 0;
  const cols = opts.cols ?? m;
  const ldy = opts.ldy ?? r;
  const oy = opts.offY ?? 0;
  const nb = Math.max(1, opts.blockSize ?? 32);
  const gemm = (opts.backend ?? defaultBackend()).gemm;
  const q = new Float64Array(m * cols);
  for (let i = 0; i < Math.min(m, cols); i++) q[i * cols + i] = 1;
  const nblocks = Math.ceil(r / nb);
  const v = new Float64Array(m * nb);
  const t = new Float64Array(nb * nb);
  const w = new Float64Array(nb * cols);
  const w2 = new Float64Array(nb * cols);
  for (let b = nblocks - 1; b >= 0; b--) {
    const j0 = b * nb;
    const kb = Math.min(nb, r - j0);
    const r0 = j0 + shift; // first row touched by the block
    if (r0 >= m) continue;
    const mr = m - r0;
    const c0 = r0; // columns < r0 are still unit vectors outside the support
    const mc = cols - c0;
    if (mc <= 0) continue;
    // V = [u_{j0} … u_{j0+kb−1}] restricted to rows r0.., row-major mr×kb (zeros above support).
    v.fill(0, 0, mr * kb);
    for (let j = 0; j < kb; j++) {
      const lo = j0 + j + shift;
      for (let i = lo; i < m; i++) v[(i - r0) * kb + j] = y[oy + i * ldy + j0 + j];
    }
    larftF64(v, t, mr, kb, tau, j0);
    larfbF64(v, t, mr, kb, q, r0 * cols + c0, cols, mc, false, gemm, w, w2);
  }
  return q;
}

/**
 * The triangular factor `T` (`kb×kb` upper, row-major, written to `t`) of the compact WY form
 * `H_0⋯H_{kb−1} = I − V·T·Vᵀ` (LAPACK `dlarft`, forward, columnwise), where `v` is `mr×kb`
 * row-major with the reflector vectors as columns and `τ_j = tau[tauOff + j]`.
 */
export function larftF64(
  v: Float64Array,
  t: Float64Array,
  mr: number,
  kb: number,
  tau: Float64Array,
  tauOff: number,
): void {
  t.fill(0, 0, kb * kb);
  const z = new Float64Array(kb);
  for (let j = 0; j < kb; j++) {
    const tj = tau[tauOff + j];
    t[j * kb + j] = tj;
    if (j === 0 || tj === 0) continue;
    z.fill(0, 0, j);
    for (let i = 0; i < mr; i++) {
      const vj = v[i * kb + j];
      if (vj === 0) continue;
      const ri = i * kb;
      for (let p = 0; p < j; p++) z[p] += v[ri + p] * vj;
    }
    for (let p = 0; p < j; p++) {
      let s = 0;
      for (let q = p; q < j; q++) s += t[p * kb + q] * z[q];
      t[p * kb + j] = -tj * s;
    }
  }
}

/**
 * Apply the block reflector `I − V·T·Vᵀ` (or its transpose `I − V·Tᵀ·Vᵀ` with `transT`) from
 * the left to the `mr×mc` block of `c` at `offC` (row stride `ldc`): `W = VᵀC`, `W ← T W`
 * (or `TᵀW`), `C −= V·W`, with two GEMMs (LAPACK `dlarfb`). `w`, `w2` are scratch of at least
 * `kb·mc` entries.
 */
export function larfbF64(
  v: Float64Array,
  t: Float64Array,
  mr: number,
  kb: number,
  c: Float64Array,
  offC: number,
  ldc: number,
  mc: number,
  transT: boolean,
  gemm: Backend["gemm"],
  w: Float64Array,
  w2: Float64Array,
): void {
  gemm({
    transA: true,
    transB: false,
    m: kb,
    n: mc,
    k: mr,
    alpha: 1,
    a: v,
    offA: 0,
    lda: kb,
    b: c,
    offB: offC,
    ldb: ldc,
    beta: 0,
    c: w,
    offC: 0,
    ldc: mc,
  });
  for (let p = 0; p < kb; p++) {
    const ro = p * mc;
    w2.fill(0, ro, ro + mc);
    const lo = transT ? 0 : p;
    const hi = transT ? p + 1 : kb;
    for (let q = lo; q < hi; q++) {
      const tv = transT ? t[q * kb + p] : t[p * kb + q];
      if (tv === 0) continue;
      const rw = q * mc;
      for (let k = 0; k < mc; k++) w2[ro + k] += tv * w[rw + k];
    }
  }
  gemm({
    transA: false,
    transB: false,
    m: mr,
    n: mc,
    k: kb,
    alpha: -1,
    a: v,
    offA: 0,
    lda: kb,
    b: w2,
    offB: 0,
    ldb: mc,
    beta: 1,
    c,
    offC,
    ldc,
  });
}
