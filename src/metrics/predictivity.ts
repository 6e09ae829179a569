/**
 * Asymmetric linear predictivity r²(X → Y) with a ridge, its closed-form gradient with respect
 * to X, and the readout-null projector: the similarity and the penalty of Iterative Neural
 * Similarity Deflation (INSD; Qian & Pehlevan, arXiv:2509.21504, the loss of the method
 * section): `S_ρ(X, Y) = tr(Yᵀ X (XᵀX + ρI)⁻¹ Xᵀ Y) / ‖Y‖²_F = 1 − min_M (‖XM − Y‖² + ρ‖M‖²) / ‖Y‖²`.
 * X predicts Y: adding columns to X can only raise it (the direction INSD penalises).
 * @module
 */
import { fromTyped, isNDArray, matmul, type NDArray } from "../array/mod.ts";
import { ArgumentError, checkNonNegative } from "../errors/mod.ts";
import { choleskyF64, eighF64, NotPositiveDefiniteError, svdF64, trsmF64 } from "../linalg/mod.ts";
import {
  centerColumns,
  crossProduct,
  readPair,
  readSamples,
  type Samples,
  sumSquares,
  times,
} from "./_samples.ts";

/** Options of {@link predictivity} and {@link predictivityAndGrad}. */
export interface PredictivityOptions {
  /** Absolute ridge ρ ≥ 0 (default 0: ordinary least squares, pseudo-inverse if rank-deficient). */
  ridge?: number;
  /**
   * Relative ridge c ≥ 0: ρ = c·tr(XᵀX)/n_x added to `ridge` (default 0). The gradient includes
   * ρ's dependence on X.
   */
  relativeRidge?: number;
  /** Centre the columns of X and Y first (affine predictivity; default true). */
  center?: boolean;
}

/** Result of {@link predictivityAndGrad}. */
export interface PredictivityResult {
  /** r²_ρ(X → Y) ∈ [0, 1]. */
  value: number;
  /** ∂r²/∂X, shape of X (f64): 2(Y − XM*)M*ᵀ/‖Y‖² (minus the relative-ridge term). */
  grad: NDArray;
  /** The ridge weights M* = (XᵀX + ρI)⁻¹XᵀY, shape [n_x, n_y] (f64). */
  weights: NDArray;
  /** The ρ used (absolute). */
  rho: number;
}

function checkOpts(fn: string, opts: PredictivityOptions) {
  const ridge = checkNonNegative(fn, "opts.ridge", opts.ridge ?? 0);
  const rel = checkNonNegative(fn, "opts.relativeRidge", opts.relativeRidge ?? 0);
  const center = opts.center ?? true;
  if (typeof center !== "boolean") throw new ArgumentError(fn, "opts.center", "a boolean", center);
  return { ridge, rel, center };
}

/**
 * M = (G + ρI)⁺C with ρ = ridge + rel·tr(G)/n_x: by Cholesky when ρ > 0, else through the
 * eigendecomposition of G (the pseudo-inverse for a rank-deficient G).
 */
function solveRidge(
  G: Float64Array,
  C: Float64Array,
  nx: number,
  ny: number,
  ridge: number,
  rel: number,
) {
  let tr = 0;
  for (let i = 0; i < nx; i++) tr += G[i * nx + i];
  const rho = ridge + rel * tr / nx;
  if (rho > 1e-10 * (tr / nx)) {
    // G + ρI is positive definite: Cholesky and two triangular solves (much cheaper than eigh)
    const L = G.slice();
    for (let i = 0; i < nx; i++) L[i * nx + i] += rho;
    try {
      choleskyF64(L, { n: nx, fn: "predictivity" });
      const M = C.slice();
      trsmF64(L, M, { n: nx, nrhs: ny, lower: true });
      trsmF64(L, M, { n: nx, nrhs: ny, lower: true, trans: true });
      return { M, rho };
    } catch (e) {
      if (!(e instanceof NotPositiveDefiniteError)) throw e;
    }
  }
  const { values, vectors: vec } = eighF64(G, { n: nx, fn: "predictivity" });
  const vectors = vec!;
  const lmax = Math.max(...values, 0);
  const VtC = new Float64Array(nx * ny);
  for (let k = 0; k < nx; k++) {
    const d = values[k] + rho;
    if (!(d > 1e-12 * (lmax + rho)) || d <= 0) continue;
    for (let i = 0; i < nx; i++) {
      const v = vectors[i * nx + k] / d;
      if (v === 0) continue;
      for (let j = 0; j < ny; j++) VtC[k * ny + j] += v * C[i * ny + j];
    }
  }
  const M = new Float64Array(nx * ny);
  for (let i = 0; i < nx; i++) {
    for (let k = 0; k < nx; k++) {
      const v = vectors[i * nx + k];
      if (v === 0) continue;
      for (let j = 0; j < ny; j++) M[i * ny + j] += v * VtC[k * ny + j];
    }
  }
  return { M, rho };
}

/**
 * The fit behind both entry points on prepared (centred or not) data: returns M*, ρ and S.
 * (XᵀX + ρI)⁻¹ is applied through the eigendecomposition of XᵀX, with eigenvalues
 * λ + ρ ≤ 1e-12·λ_max dropped (the pseudo-inverse when ρ = 0 and X is rank-deficient).
 */
function fit(x: Samples, y: Samples, ridge: number, rel: number) {
  const nx = x.n, ny = y.n;
  const G = crossProduct(x, x), C = crossProduct(x, y);
  const { M, rho } = solveRidge(G, C, nx, ny, ridge, rel);
  const yy = sumSquares(y.data);
  let cm = 0;
  for (let i = 0; i < nx * ny; i++) cm += C[i] * M[i];
  const value = yy > 0 ? Math.min(1, Math.max(0, cm / yy)) : 0;
  return { M, rho, value, yy };
}

function prepare(fn: string, x: unknown, y: unknown, opts: PredictivityOptions) {
  const o = checkOpts(fn, opts);
  const [a, b] = readPair(fn, x, y);
  if (o.center) {
    centerColumns(a);
    centerColumns(b);
  }
  return { a, b, ...o };
}

/**
 * Ridge linear predictivity r²_ρ(X → Y) = tr(Yᵀ U_{X,ρ} Y)/‖Y‖²_F with U_{X,ρ} = X(XᵀX + ρI)⁻¹Xᵀ
 * (INSD, arXiv:2509.21504). `x` [samples, n_x] predicts `y` [samples, n_y]; rows are samples
 * (trials × time). 0 if Y is zero. Asymmetric: r²(X → Y) ≠ r²(Y → X).
 */
export function predictivity(x: NDArray, y: NDArray, opts: PredictivityOptions = {}): number {
  const { a, b, ridge, rel } = prepare("predictivity", x, y, opts);
  return fit(a, b, ridge, rel).value;
}

/**
 * r²_ρ(X → Y) with its gradient with respect to X by the envelope theorem:
 * ∂S/∂X = 2(Y − XM*)M*ᵀ/‖Y‖² − (2c/n_x)·‖M*‖²·X/‖Y‖² (the second term only with a relative
 * ridge c; X, Y centred when `center`, which leaves the formula unchanged because the centred
 * residual has zero column means). This is the INSD penalty gradient (arXiv:2509.21504).
 */
export function predictivityAndGrad(
  x: NDArray,
  y: NDArray,
  opts: PredictivityOptions = {},
): PredictivityResult {
  const { a, b, ridge, rel } = prepare("predictivityAndGrad", x, y, opts);
  const { M, rho, value, yy } = fit(a, b, ridge, rel);
  const grad = predictivityGradF64(a, b, M, yy, rel);
  return {
    value,
    grad: fromTyped(grad, [a.s, a.n]),
    weights: fromTyped(M, [a.n, b.n]),
    rho,
  };
}

/** @internal 2(Y − XM)Mᵀ/‖Y‖² − (2c/n_x)‖M‖² X/‖Y‖² as a flat s×n_x buffer. */
function predictivityGradF64(
  x: Samples,
  y: Samples,
  M: Float64Array,
  yy: number,
  rel: number,
): Float64Array {
  const nx = x.n, ny = y.n;
  if (!(yy > 0)) return new Float64Array(x.s * nx);
  const Mt = new Float64Array(ny * nx), MMt = new Float64Array(nx * nx);
  for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) Mt[j * nx + i] = M[i * ny + j];
  for (let i = 0; i < nx; i++) {
    for (let k = 0; k < nx; k++) {
      let s = 0;
      for (let j = 0; j < ny; j++) s += M[i * ny + j] * M[k * ny + j];
      MMt[i * nx + k] = s;
    }
  }
  const YMt = times(y, Mt, nx).data, XMMt = times(x, MMt, nx).data;
  const c = 2 / yy, mm = sumSquares(M), cr = (2 * rel * mm) / (nx * yy);
  const g = new Float64Array(x.s * nx);
  for (let i = 0; i < g.length; i++) g[i] = c * (YMt[i] - XMMt[i]) - cr * x.data[i];
  return g;
}

/**
 * A reusable penalty against fixed targets: the targets Y_i are centred and scaled to unit
 * Frobenius norm once and concatenated, Ỹ = [Y₁/‖Y₁‖, …, Y_k/‖Y_k‖], so that
 * Σ_i r²_ρ(X → Y_i) = tr(Ỹᵀ U_{X,ρ} Ỹ) is one ridge fit — the INSD deflation term
 * Σ_{i<k} S(R⊥_k, R⊥_i) (arXiv:2509.21504). Products run on the backend GEMM in the dtype of X
 * (f32 in training), the small solve in f64.
 */
export interface PredictivityPenalty {
  /**
   * Σ_i r²(X → Y_i), each term, and ∂/∂X (same shape and dtype as X [samples, n_x]).
   * Throws naming `x` when its row count differs from the targets'.
   */
  evaluate(x: NDArray): { value: number; grad: NDArray; terms: number[] };
}

/** Build a {@link PredictivityPenalty} against the fixed activity matrices `targets` [samples, n_i]. */
export function predictivityPenalty(
  targets: readonly NDArray[],
  opts: PredictivityOptions = {},
): PredictivityPenalty {
  const fn = "predictivityPenalty";
  const { ridge, rel, center } = checkOpts(fn, opts);
  if (!Array.isArray(targets) || targets.length === 0) {
    throw new ArgumentError(fn, "targets", "a non-empty list of 2-D arrays", targets);
  }
  const ys = targets.map((t, i) => {
    const y = readSamples(fn, `targets[${i}]`, t);
    if (center) centerColumns(y);
    if (y.s !== targets[0].shape[0]) {
      throw new ArgumentError(fn, `targets[${i}]`, `${targets[0].shape[0]} rows`, t.shape);
    }
    return y;
  });
  const S = ys[0].s, widths = ys.map((y) => y.n), ny = widths.reduce((a, b) => a + b, 0);
  const yt = new Float64Array(S * ny);
  let off = 0;
  for (const y of ys) {
    const nrm = Math.sqrt(sumSquares(y.data)) || 1;
    for (let r = 0; r < S; r++) {
      for (let c = 0; c < y.n; c++) yt[r * ny + off + c] = y.data[r * y.n + c] / nrm;
    }
    off += y.n;
  }
  const cache = new Map<string, NDArray>();
  const yOf = (dtype: "f32" | "f64") => {
    if (!cache.has(dtype)) {
      cache.set(dtype, fromTyped(dtype === "f32" ? Float32Array.from(yt) : yt, [S, ny]));
    }
    return cache.get(dtype)!;
  };
  return {
    evaluate(x) {
      if (!isNDArray(x) || x.ndim !== 2 || x.shape[0] !== S) {
        throw new ArgumentError(fn, "x", `a 2-D array with ${S} rows (the targets' samples)`, x);
      }
      const nx = x.shape[1], dtype = x.dtype === "f64" ? "f64" : "f32";
      const src = x.dataSync(),
        buf = dtype === "f32" ? new Float32Array(src.length) : new Float64Array(src.length);
      const mu = new Float64Array(nx);
      if (center) {
        for (let r = 0; r < S; r++) for (let c = 0; c < nx; c++) mu[c] += src[r * nx + c];
        for (let c = 0; c < nx; c++) mu[c] /= S;
      }
      for (let r = 0; r < S; r++) {
        for (let c = 0; c < nx; c++) buf[r * nx + c] = src[r * nx + c] - mu[c];
      }
      const X = fromTyped(buf, [S, nx]), Y = yOf(dtype);
      const G = Float64Array.from(matmul(X, X, { transA: true }).dataSync());
      const C = Float64Array.from(matmul(X, Y, { transA: true }).dataSync());
      const { M, rho } = solveRidge(G, C, nx, ny, ridge, rel);
      void rho;
      const terms: number[] = [];
      off = 0;
      for (const w of widths) {
        let t = 0;
        for (let i = 0; i < nx; i++) {
          for (let c = off; c < off + w; c++) t += C[i * ny + c] * M[i * ny + c];
        }
        terms.push(Math.min(1, Math.max(0, t)));
        off += w;
      }
      // ∂/∂X = 2ỸMᵀ − X(2MMᵀ + (2c/n_x)‖M‖² I)
      const Mt = new Float64Array(ny * nx), K = new Float64Array(nx * nx);
      let mm = 0;
      for (let i = 0; i < nx; i++) {
        for (let j = 0; j < ny; j++) {
          Mt[j * nx + i] = 2 * M[i * ny + j];
          mm += M[i * ny + j] ** 2;
        }
      }
      for (let i = 0; i < nx; i++) {
        for (let k = 0; k < nx; k++) {
          let v = 0;
          for (let j = 0; j < ny; j++) v += M[i * ny + j] * M[k * ny + j];
          K[i * nx + k] = -2 * v - (i === k ? (2 * rel * mm) / nx : 0);
        }
      }
      const cast = (a: Float64Array) => (dtype === "f32" ? Float32Array.from(a) : a);
      const g1 = matmul(Y, fromTyped(cast(Mt), [ny, nx])).dataSync();
      const g2 = matmul(X, fromTyped(cast(K), [nx, nx])).dataSync();
      const g = dtype === "f32" ? new Float32Array(S * nx) : new Float64Array(S * nx);
      for (let i = 0; i < g.length; i++) g[i] = g1[i] + g2[i];
      return { value: terms.reduce((a, b) => a + b, 0), grad: fromTyped(g, [S, nx]), terms };
    },
  };
}

/**
 * The readout-null projector P_⊥ = I − J_outᵀ(J_out J_outᵀ)⁺J_out (INSD, arXiv:2509.21504):
 * symmetric, idempotent, J_out·P_⊥ = 0, rank N − rank(J_out). `readout` is J_out [out, N];
 * computed from its SVD (right singular vectors with σ > 1e-12·σ_max), so a rank-deficient
 * readout is handled. Returns [N, N] f64.
 */
export function nullProjector(readout: NDArray): NDArray {
  const r = readSamples("nullProjector", "readout", readout);
  const { s: m, n } = r;
  const { s, vt: v } = svdF64(r.data, { m, n, fn: "nullProjector" });
  const vt = v!;
  const k = Math.min(m, n);
  const smax = Math.max(...s, 0);
  const P = new Float64Array(n * n);
  for (let i = 0; i < n; i++) P[i * n + i] = 1;
  for (let q = 0; q < k; q++) {
    if (!(s[q] > 1e-12 * smax)) continue;
    for (let i = 0; i < n; i++) {
      const vi = vt[q * n + i];
      for (let j = 0; j < n; j++) P[i * n + j] -= vi * vt[q * n + j];
    }
  }
  return fromTyped(P, [n, n]);
}

/**
 * Readout-null activity R⊥ = R·P_⊥(J_out) (INSD, arXiv:2509.21504): `rates` [samples, N],
 * `readout` J_out [out, N]; throws naming `readout` when its width is not N.
 */
export function projectReadoutNull(rates: NDArray, readout: NDArray): NDArray {
  const fn = "projectReadoutNull";
  const r = readSamples(fn, "rates", rates);
  if (readout?.ndim !== 2 || readout.shape[1] !== r.n) {
    throw new ArgumentError(fn, "readout", `a 2-D array [out, ${r.n}]`, readout);
  }
  const P = nullProjector(readout).dataSync() as Float64Array;
  return fromTyped(times(r, P, r.n).data, [r.s, r.n]);
}
