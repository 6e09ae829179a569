/**
 * Fixed-point finding for discrete-time maps (Sussillo & Barak 2013; Golub & Sussillo 2018),
 * the dynamics analysis of INSD (Qian & Pehlevan, arXiv:2509.21504: fixed/slow points, their
 * stability and Jacobian spectra): minimise the speed q(x) = ½‖F(x) − x‖² with Adam from many
 * initial states, polish with Newton steps, keep points with q below a tolerance, remove
 * duplicates, and classify each by the eigenvalues of its Jacobian ∂F/∂x (discrete time:
 * stable if every |λ| < 1, unstable if every |λ| ≥ 1, a saddle otherwise).
 * @module
 */
import { fromTyped, matmul, type NDArray } from "../array/mod.ts";
import { ArgumentError, checkNonNegative, checkPositive } from "../errors/mod.ts";
import { eigvalsF64, luF64, luSolveF64 } from "../linalg/mod.ts";

/** A discrete-time map x ↦ F(x) on ℝⁿ, evaluated on P states at once (rows). */
export interface DiscreteMap {
  /** State dimension n. */
  dim: number;
  /** F applied to each row of `x` [P×n row-major]; returns [P×n]. */
  apply(x: Float64Array, p: number): Float64Array;
  /** Row-wise vector-Jacobian products: row i is J_F(x_i)ᵀ v_i. */
  vjp(x: Float64Array, v: Float64Array, p: number): Float64Array;
  /** The Jacobian ∂F/∂x at one state x [n], row-major n×n. */
  jacobian(x: Float64Array): Float64Array;
}

/** The linear map F(x) = A x + b (A [n, n], b [n]); a test oracle with x* = (I − A)⁻¹ b. */
export function linearMap(a: NDArray, b: NDArray): DiscreteMap {
  const n = a.shape[0];
  if (a.ndim !== 2 || a.shape[1] !== n) {
    throw new ArgumentError("linearMap", "a", "a square 2-D array", a);
  }
  if (b.ndim !== 1 || b.shape[0] !== n) {
    throw new ArgumentError("linearMap", "b", `a 1-D array of length ${n}`, b);
  }
  const A = Float64Array.from(a.dataSync()), bv = Float64Array.from(b.dataSync());
  const rowTimes = (x: Float64Array, p: number, trans: boolean) => {
    const out = new Float64Array(p * n);
    for (let r = 0; r < p; r++) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += (trans ? A[j * n + i] : A[i * n + j]) * x[r * n + j];
        out[r * n + i] = s;
      }
    }
    return out;
  };
  return {
    dim: n,
    apply: (x, p) => {
      const y = rowTimes(x, p, false);
      for (let r = 0; r < p; r++) for (let i = 0; i < n; i++) y[r * n + i] += bv[i];
      return y;
    },
    vjp: (_x, v, p) => rowTimes(v, p, true),
    jacobian: () => A.slice(),
  };
}

/**
 * The leaky tanh rate RNN at a constant input u* as a map (INSD's network, arXiv:2509.21504):
 * F(x) = (1 − α)x + α(J tanh x + B u* + b), with J [N, N], B [in, N] (x ← x + α uB), b [N].
 * Jacobian (1 − α)I + α J diag(1 − tanh²x).
 */
export function rateRnnMap(
  params: { J: NDArray; B: NDArray; b: NDArray },
  opts: { alpha: number; input: ArrayLike<number> },
): DiscreteMap {
  const fn = "rateRnnMap";
  const n = params.J.shape[0];
  const alpha = opts.alpha;
  if (!(alpha > 0 && alpha <= 1)) {
    throw new ArgumentError(fn, "opts.alpha", "a number in (0, 1]", alpha);
  }
  const inDim = params.B.shape[0];
  if (opts.input?.length !== inDim) {
    throw new ArgumentError(fn, "opts.input", `${inDim} values (the rows of B)`, opts.input);
  }
  const J = Float64Array.from(params.J.dataSync()), B = params.B.dataSync();
  const c = Float64Array.from(params.b.dataSync());
  for (let k = 0; k < inDim; k++) for (let i = 0; i < n; i++) c[i] += opts.input[k] * B[k * n + i];
  const Jt = fromTyped(J, [n, n]);
  return {
    dim: n,
    apply(x, p) {
      const r = x.map(Math.tanh);
      const rec = matmul(fromTyped(r, [p, n]), Jt, { transB: true }).dataSync();
      const y = new Float64Array(p * n);
      for (let q = 0; q < p; q++) {
        for (let i = 0; i < n; i++) {
          const k = q * n + i;
          y[k] = (1 - alpha) * x[k] + alpha * (rec[k] + c[i]);
        }
      }
      return y;
    },
    vjp(x, v, p) {
      const vJ = matmul(fromTyped(v, [p, n]), Jt).dataSync();
      const y = new Float64Array(p * n);
      for (let k = 0; k < p * n; k++) {
        const t = Math.tanh(x[k]);
        y[k] = (1 - alpha) * v[k] + alpha * (1 - t * t) * vJ[k];
      }
      return y;
    },
    jacobian(x) {
      const out = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const t = Math.tanh(x[j]);
          out[i * n + j] = alpha * J[i * n + j] * (1 - t * t) + (i === j ? 1 - alpha : 0);
        }
      }
      return out;
    },
  };
}

/** Options of {@link findFixedPoints}. */
export interface FixedPointOptions {
  /** Adam iterations (default 1000). */
  iters?: number;
  /** Adam learning rate (default 0.01). */
  lr?: number;
  /** Newton steps after Adam on points with q < `newtonBelow` (default 20). */
  newtonSteps?: number;
  /** Speed below which Newton polishing is tried (default Infinity: every point). */
  newtonBelow?: number;
  /** Keep points with q ≤ this (default 1e-10). */
  qTol?: number;
  /** Two points closer than this (Euclidean) are the same (default 1e-3). */
  uniqueTol?: number;
}

/** One fixed point with its linearisation. */
export interface FixedPoint {
  /** The state x* [n]. */
  x: number[];
  /** Speed q(x*) = ½‖F(x*) − x*‖². */
  q: number;
  /** Real parts of the Jacobian eigenvalues, by decreasing modulus. */
  eigRe: number[];
  /** Imaginary parts of the Jacobian eigenvalues. */
  eigIm: number[];
  /** Largest |λ|. */
  maxModulus: number;
  /** Number of eigenvalues with |λ| ≥ 1. */
  unstableModes: number;
  /** Number of complex (Im ≠ 0) eigenvalues with |λ| ≥ 1 (oscillatory unstable modes). */
  complexUnstableModes: number;
  /** "stable" (all |λ| < 1), "unstable" (all ≥ 1) or "saddle". */
  stability: "stable" | "saddle" | "unstable";
}

/**
 * Fixed points of `map` from the initial states `initial` [P, n] (e.g. states sampled from
 * trajectories plus noise). Adam on q(x) = ½‖F(x) − x‖² (gradient (J_F − I)ᵀ(F(x) − x)), then
 * Newton steps (J_F − I)δ = −(F(x) − x), keep q ≤ qTol, deduplicate, linearise.
 */
export function findFixedPoints(
  map: DiscreteMap,
  initial: NDArray,
  opts: FixedPointOptions = {},
): FixedPoint[] {
  const fn = "findFixedPoints";
  const n = map.dim;
  if (initial?.ndim !== 2 || initial.shape[1] !== n) {
    throw new ArgumentError(fn, "initial", `a 2-D array [points, ${n}]`, initial);
  }
  const iters = checkNonNegative(fn, "opts.iters", opts.iters ?? 1000);
  const lr = checkPositive(fn, "opts.lr", opts.lr ?? 0.01);
  const newtonSteps = checkNonNegative(fn, "opts.newtonSteps", opts.newtonSteps ?? 20);
  const newtonBelow = checkPositiveOrInf(fn, "opts.newtonBelow", opts.newtonBelow ?? Infinity);
  const qTol = checkPositive(fn, "opts.qTol", opts.qTol ?? 1e-10);
  const uniqueTol = checkPositive(fn, "opts.uniqueTol", opts.uniqueTol ?? 1e-3);
  const P = initial.shape[0];
  const x = Float64Array.from(initial.dataSync());
  const m = new Float64Array(P * n), v = new Float64Array(P * n);
  const b1 = 0.9, b2 = 0.999, eps = 1e-8;
  for (let it = 1; it <= iters; it++) {
    const d = map.apply(x, P);
    for (let k = 0; k < d.length; k++) d[k] -= x[k];
    const g = map.vjp(x, d, P);
    const c1 = 1 - b1 ** it, c2 = 1 - b2 ** it;
    for (let k = 0; k < g.length; k++) {
      const gk = g[k] - d[k];
      m[k] = b1 * m[k] + (1 - b1) * gk;
      v[k] = b2 * v[k] + (1 - b2) * gk * gk;
      x[k] -= (lr * m[k] / c1) / (Math.sqrt(v[k] / c2) + eps);
    }
  }
  const speed = (xs: Float64Array) => {
    const d = map.apply(xs, 1);
    let s = 0;
    for (let i = 0; i < n; i++) s += (d[i] - xs[i]) ** 2;
    return { q: 0.5 * s, d };
  };
  const found: FixedPoint[] = [];
  for (let p = 0; p < P; p++) {
    let xp = x.slice(p * n, (p + 1) * n);
    let { q, d } = speed(xp);
    if (q < newtonBelow) {
      for (let s = 0; s < newtonSteps && q > 1e-30; s++) {
        const A = map.jacobian(xp);
        for (let i = 0; i < n; i++) A[i * n + i] -= 1;
        const rhs = new Float64Array(n);
        for (let i = 0; i < n; i++) rhs[i] = -(d[i] - xp[i]);
        const { zeroPivot, piv } = luF64(A, { n });
        if (zeroPivot >= 0) break;
        luSolveF64(A, piv, rhs, { n });
        const xn = xp.map((val, i) => val + rhs[i]);
        const r = speed(xn);
        if (!(r.q < q)) break;
        xp = xn;
        q = r.q;
        d = r.d;
      }
    }
    if (!(q <= qTol)) continue;
    if (found.some((f) => dist(f.x, xp) < uniqueTol)) continue;
    found.push(linearise(map, xp, q));
  }
  return found;
}

function checkPositiveOrInf(fn: string, arg: string, x: number): number {
  return x === Infinity ? x : checkPositive(fn, arg, x);
}

function dist(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

/** The {@link FixedPoint} record of a state x (Jacobian spectrum and stability). */
export function linearise(map: DiscreteMap, x: Float64Array, q: number): FixedPoint {
  const n = map.dim;
  const { re, im } = eigvalsF64(map.jacobian(x), n);
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => Math.hypot(re[j], im[j]) - Math.hypot(re[i], im[i]),
  );
  const eigRe = order.map((i) => re[i]), eigIm = order.map((i) => im[i]);
  const mods = order.map((i) => Math.hypot(re[i], im[i]));
  const unstable = mods.filter((r) => r >= 1).length;
  const complexUnstable = order.filter((i) => im[i] !== 0 && Math.hypot(re[i], im[i]) >= 1).length;
  return {
    x: Array.from(x),
    q,
    eigRe,
    eigIm,
    maxModulus: mods[0] ?? 0,
    unstableModes: unstable,
    complexUnstableModes: complexUnstable,
    stability: unstable === 0 ? "stable" : unstable === n ? "unstable" : "saddle",
  };
}
