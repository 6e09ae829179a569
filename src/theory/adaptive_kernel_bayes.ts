/**
 * Bayesian adaptive-kernel theory of a two-layer **linear** network in the mean-field (μP)
 * scaling, for one task and for transfer with an elastic weight coupling δ (Lauditi, Bordelon,
 * Pehlevan, arXiv:2507.04448 v1 §3 / v2 App. B; the single-task saddle point is arXiv:2502.07998).
 * Conventions are those of PAPERS.md ("Transfer learning", Conventions).
 *
 * Single task (priors w ~ N(0, I/λ₀), z ~ N(0, 1/λ₁), likelihood exp(−βN/2 Σ(f−y)²)):
 * with K = XXᵀ/D, c = λ₁γ², ρ = λ₁γ²/β, the saddle point is a = (Φ + ρI)⁻¹y,
 * Φ = XΣXᵀ/D, Σ = (λ₀I − (c/D)uuᵀ)⁻¹, u = Xᵀa (a rank-one spike in weight space).
 *
 * Transfer (sequential reading, the default): the source posterior Σ₁ is frozen, each target
 * neuron sees its own source neuron, and the target hidden prior is
 * exp(−λ₀/2 |w|² − δ/2 |w − w^S|²). Then A₂ = (λ₀+δ)I − (c₂/D)u₂u₂ᵀ,
 * Σ₂ = A₂⁻¹ + δ²A₂⁻¹Σ₁A₂⁻¹, Φ₂ = X₂Σ₂X₂ᵀ/D, a₂ = (Φ₂ + ρ₂I)⁻¹y₂.
 * `prior: "replace"` uses exp(−δ/2 |w − w^S|²) (δ replaces λ₀); `mode: "joint"` samples both
 * networks together (annealed), with the 2D×2D precision
 * [[λ₀+δ − (c₁/D)u₁u₁ᵀ, −δI], [−δI, λ₀+δ − (c₂/D)u₂u₂ᵀ]].
 *
 * Exact reduction (sequential/replace). With k = Ka, g = Ga, G = X₂Σ₁X₂ᵀ/D,
 * p = aᵀKa, t = aᵀGa and r = c₂/(m − c₂p) (m = λ₀+δ, or δ when replacing):
 *   Φ₂(a)·a = [(1/m + α₁)K + (κ² + α₂)G]·a,  κ = δ/m,
 *   α₁ = rp/m + κ²(rt + r²tp),  α₂ = κ²rp,
 * so the P-dimensional fixed point is a 2-dimensional one in (p, t). Since G = (K + θvvᵀ)/λ₀
 * (source spike), every evaluation is O(P) in the eigenbasis of K. The 2-D fixed point is solved
 * by Newton's method with γ-continuation (the plain iteration a ← Φ(a)⁻¹y diverges: its Jacobian
 * eigenvalue is ≈ −(1 + cs)); the result is checked by the residual of the full P-dimensional
 * equation. {@link dampedDualIteration} is the damped a-iteration of the solver recipe, kept as a second route.
 * @module
 */
import { ArgumentError, checkChoice, checkNonNegative, checkPositive } from "../errors/mod.ts";
import { eighF64 } from "../linalg/core/eigh.ts";
import { choleskyF64, choSolveF64 } from "../linalg/core/cholesky.ts";
import { NotPositiveDefiniteError } from "../linalg/errors.ts";

/** Which Bayesian transfer model (see the module doc). */
export type TransferMode = "sequential" | "joint";
/** Whether δ is added to the weight decay λ₀ ("add", the default) or replaces it. */
export type ElasticPrior = "add" | "replace";

/** The fixed point was not reached, or its residual is above tolerance. */
export class SaddlePointError extends Error {
  /** Build `fn: <detail>`. */
  constructor(fn: string, detail: string) {
    super(`${fn}: ${detail}`);
    this.name = "SaddlePointError";
  }
}

/** A data set: row-major inputs `x` (`p × d`) and labels `y` (length `p`). */
export interface LabelledData {
  /** Inputs, row-major `p × d`. */
  x: Float64Array;
  /** Labels, length `p`. */
  y: Float64Array;
}

// ---------------------------------------------------------------- small dense helpers

function gram(xa: Float64Array, pa: number, xb: Float64Array, pb: number, d: number) {
  const out = new Float64Array(pa * pb);
  for (let i = 0; i < pa; i++) {
    for (let j = 0; j < pb; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += xa[i * d + k] * xb[j * d + k];
      out[i * pb + j] = s / d;
    }
  }
  return out;
}

function matVec(a: Float64Array, rows: number, cols: number, v: ArrayLike<number>) {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += a[i * cols + j] * v[j];
    out[i] = s;
  }
  return out;
}

function matTVec(a: Float64Array, rows: number, cols: number, v: ArrayLike<number>) {
  const out = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const vi = v[i];
    for (let j = 0; j < cols; j++) out[j] += a[i * cols + j] * vi;
  }
  return out;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Solve the SPD system M x = b by Cholesky; throws NotPositiveDefiniteError. */
function spdSolve(m: Float64Array, n: number, b: ArrayLike<number>, fn: string): Float64Array {
  const l = m.slice();
  choleskyF64(l, { n, fn });
  return choSolveF64(l, n, b);
}

function checkData(fn: string, name: string, data: LabelledData, d: number): number {
  if (!(data?.x instanceof Float64Array) || !(data?.y instanceof Float64Array)) {
    throw new ArgumentError(fn, name, "{ x: Float64Array, y: Float64Array }", data);
  }
  const p = data.y.length;
  if (p < 1) throw new ArgumentError(fn, `${name}.y`, "at least one label", p);
  if (data.x.length !== p * d) {
    throw new ArgumentError(
      fn,
      `${name}.x`,
      `length ${p}·${d} = ${p * d} (labels × input dimension d)`,
      `length ${data.x.length}`,
    );
  }
  for (let i = 0; i < data.x.length; i++) {
    if (!Number.isFinite(data.x[i])) {
      throw new ArgumentError(fn, `${name}.x[${i}]`, "a finite number", data.x[i]);
    }
  }
  for (let i = 0; i < p; i++) {
    if (!Number.isFinite(data.y[i])) {
      throw new ArgumentError(fn, `${name}.y[${i}]`, "a finite number", data.y[i]);
    }
  }
  return p;
}

// ---------------------------------------------------------------- the reduced 2-D problem

/**
 * The target problem in the eigenbasis of K = QΛQᵀ: kernel pieces K, G = g0·K + θ·vvᵀ, the
 * labels, the weight-decay scale m, the pull κ = δ/m, the tilt c = λ₁γ² and the ridge ρ.
 */
interface Reduced {
  lam: Float64Array; // eigenvalues of K
  yt: Float64Array; // Qᵀy
  vt: Float64Array; // Qᵀv
  g0: number;
  theta: number;
  m: number;
  kappa: number;
  rho: number;
  /** Eigenvalues ≤ nullTol are the null space of K (skipped when ρ = 0). */
  nullTol: number;
}

interface PointEval {
  at: Float64Array; // Qᵀa
  p: number;
  t: number;
}

/** a(p, t) = M(p, t)⁻¹y in the eigenbasis, and the new (p, t); null if M is not PD. */
function evalPoint(R: Reduced, c: number, p: number, t: number): PointEval | null {
  const den = R.m - c * p;
  if (!(den > 0)) return null;
  const r = c / den;
  const k2 = R.kappa * R.kappa;
  const a1 = (r * p) / R.m + k2 * (r * t + r * r * t * p);
  const a2 = k2 * r * p;
  const bK = 1 / R.m + a1;
  const bG = k2 + a2;
  const coefK = bK + bG * R.g0;
  const omega = bG * R.theta;
  const n = R.lam.length;
  const dinvY = new Float64Array(n);
  const dinvV = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (R.rho === 0 && R.lam[i] <= R.nullTol) continue; // ridgeless: pseudoinverse on the range
    const di = coefK * R.lam[i] + R.rho;
    if (!(di > 0)) return null;
    dinvY[i] = R.yt[i] / di;
    dinvV[i] = R.vt[i] / di;
  }
  const vDy = dot(R.vt, dinvY);
  const vDv = dot(R.vt, dinvV);
  const denom = 1 + omega * vDv;
  if (!(denom > 0)) return null;
  const at = new Float64Array(n);
  for (let i = 0; i < n; i++) at[i] = dinvY[i] - (omega * vDy * dinvV[i]) / denom;
  let pn = 0;
  for (let i = 0; i < n; i++) pn += R.lam[i] * at[i] * at[i];
  const va = dot(R.vt, at);
  return { at, p: pn, t: R.g0 * pn + R.theta * va * va };
}

/** Newton's method on F(p, t) = T(p, t) − (p, t) with backtracking; continuation in γ. */
function solveReduced(
  fn: string,
  R: Reduced,
  c: number,
  opts: { continuationSteps: number; tol: number; maxNewton: number },
): { p: number; t: number; at: Float64Array; newtonSteps: number } {
  let start = evalPoint(R, 0, 0, 0);
  if (start === null) {
    throw new ArgumentError(
      fn,
      "x",
      "inputs whose kernel XXᵀ/D is positive definite",
      "a singular kernel",
    );
  }
  let p = start.p, t = start.t;
  let total = 0;
  const steps = opts.continuationSteps;
  for (let k = 1; k <= steps; k++) {
    const ck = (c * k * k) / (steps * steps); // γ_k = γ k/K, c ∝ γ²
    const F = (pp: number, tt: number): [number, number] | null => {
      const e = evalPoint(R, ck, pp, tt);
      return e === null ? null : [e.p - pp, e.t - tt];
    };
    let f = F(p, t);
    // The previous solution can be infeasible for the larger c: shrink p toward 0.
    let shrink = 0;
    while (f === null && shrink < 60) {
      p *= 0.5;
      t *= 0.5;
      f = F(p, t);
      shrink++;
    }
    if (f === null) throw new SaddlePointError(fn, `no feasible start at continuation step ${k}`);
    let it = 0;
    const scale = () => Math.max(1, Math.abs(p), Math.abs(t));
    while (Math.hypot(f[0], f[1]) > opts.tol * scale() && it < opts.maxNewton) {
      it++;
      const hp = 1e-7 * Math.max(1, Math.abs(p));
      const ht = 1e-7 * Math.max(1, Math.abs(t));
      const fp = F(p + hp, t) ?? F(p - hp, t);
      const ft = F(p, t + ht) ?? F(p, t - ht);
      let dp: number, dt: number;
      if (fp !== null && ft !== null) {
        const sp = F(p + hp, t) !== null ? hp : -hp;
        const st = F(p, t + ht) !== null ? ht : -ht;
        const j11 = (fp[0] - f[0]) / sp, j21 = (fp[1] - f[1]) / sp;
        const j12 = (ft[0] - f[0]) / st, j22 = (ft[1] - f[1]) / st;
        const det = j11 * j22 - j12 * j21;
        if (Math.abs(det) > 1e-300) {
          dp = (-f[0] * j22 + f[1] * j12) / det;
          dt = (-j11 * f[1] + j21 * f[0]) / det;
        } else {
          dp = 0.1 * f[0];
          dt = 0.1 * f[1];
        }
      } else {
        dp = 0.1 * f[0];
        dt = 0.1 * f[1];
      }
      // Backtracking: accept the first step that is feasible and reduces |F|.
      const norm0 = Math.hypot(f[0], f[1]);
      let step = 1;
      let accepted = false;
      for (let b = 0; b < 40; b++) {
        const pn = p + step * dp, tn = t + step * dt;
        const fn2 = F(pn, tn);
        if (fn2 !== null && Math.hypot(fn2[0], fn2[1]) < norm0 * (1 - 1e-4 * step)) {
          p = pn;
          t = tn;
          f = fn2;
          accepted = true;
          break;
        }
        step *= 0.5;
      }
      if (!accepted) {
        // Fall back to one damped fixed-point step (ε = 0.05).
        const fd = F(p + 0.05 * f[0], t + 0.05 * f[1]);
        if (fd === null) break;
        p += 0.05 * f[0];
        t += 0.05 * f[1];
        f = fd;
      }
    }
    total += it;
    if (Math.hypot(f[0], f[1]) > opts.tol * scale()) {
      throw new SaddlePointError(
        fn,
        `Newton did not converge at continuation step ${k}/${steps} (|F| = ${
          Math.hypot(f[0], f[1]).toExponential(2)
        } after ${it} steps)`,
      );
    }
  }
  start = evalPoint(R, c, p, t);
  if (start === null) throw new SaddlePointError(fn, "the solution left the PD region");
  return { p, t, at: start.at, newtonSteps: total };
}

function rotate(q: Float64Array, n: number, v: ArrayLike<number>): Float64Array {
  // Qᵀv with Q's column j the j-th eigenvector
  return matTVec(q, n, n, v);
}

function unrotate(q: Float64Array, n: number, vt: ArrayLike<number>): Float64Array {
  return matVec(q, n, n, vt);
}

// ---------------------------------------------------------------- single task

/** Options of {@link linearBayesSingleTask}. */
export interface LinearBayesSingleOptions {
  /** Training data (`x`: p×d row-major). */
  data: LabelledData;
  /** Input dimension D. */
  d: number;
  /** Feature-learning strength γ ≥ 0 (γ → 0: NNGP). */
  gamma: number;
  /** Hidden-weight prior precision λ₀ (default 1). */
  lambda0?: number;
  /** Readout prior precision λ₁ (default 1). */
  lambda1?: number;
  /** Likelihood inverse temperature β (default ∞: ridgeless, ρ = 0). */
  beta?: number;
  /** γ-continuation steps (default 10). */
  continuationSteps?: number;
  /** Newton tolerance on the reduced residual (default 1e-12). */
  tol?: number;
}

/** The single-task saddle point of a two-layer linear network. */
export interface LinearBayesSingleResult {
  /** Dual vector a = (Φ + ρI)⁻¹y (length P). */
  a: Float64Array;
  /** Adapted kernel Φ = XΣXᵀ/D on the training inputs (P×P row-major). */
  phi: Float64Array;
  /** s = aᵀy. */
  s: number;
  /** u = Xᵀa (length D): the direction of the weight-space spike. */
  u: Float64Array;
  /** Spike coefficient: Σ = (1/λ₀)(I + (spike/D)·uuᵀ). */
  spike: number;
  /** λ₀ used. */
  lambda0: number;
  /** Predictor weights: f(x) = βᵀx/√D with β = ΣXᵀa/√D (length D). */
  weights: Float64Array;
  /** Posterior second moment Σ = E[wwᵀ] (D×D row-major), built on demand. */
  covariance(): Float64Array;
  /** Max-norm residual of (Φ + ρI)a − y relative to max(1, |y|∞). */
  residual: number;
}

/**
 * Single-task Bayesian saddle point of a two-layer linear network (arXiv:2502.07998; the
 * building block of arXiv:2507.04448 §3). Exact reduction to one scalar p = aᵀKa, Newton with
 * γ-continuation, residual-checked. At ρ = 0 the closed form s = (−1 + √(1+4cq))/(2c),
 * q = yᵀC⁻¹y, C = K/λ₀, holds (tested).
 */
export function linearBayesSingleTask(opts: LinearBayesSingleOptions): LinearBayesSingleResult {
  const fn = "linearBayesSingleTask";
  const d = opts.d;
  if (!Number.isInteger(d) || d < 1) throw new ArgumentError(fn, "d", "a positive integer", d);
  const gamma = checkNonNegative(fn, "gamma", opts.gamma);
  const lambda0 = checkPositive(fn, "lambda0", opts.lambda0 ?? 1);
  const lambda1 = checkPositive(fn, "lambda1", opts.lambda1 ?? 1);
  const beta = opts.beta ?? Infinity;
  if (!(beta > 0)) throw new ArgumentError(fn, "beta", "a number > 0 (∞ allowed)", beta);
  const p = checkData(fn, "data", opts.data, d);
  const c = lambda1 * gamma * gamma;
  const rho = Number.isFinite(beta) ? c / beta : 0;
  const K = gram(opts.data.x, p, opts.data.x, p, d);
  const sol = solveTaskInEigenbasis(fn, "data", K, p, opts.data.y, {
    g0: 0,
    theta: 0,
    v: new Float64Array(p),
    m: lambda0,
    kappa: 0,
    rho,
    c,
    continuationSteps: opts.continuationSteps ?? 10,
    tol: opts.tol ?? 1e-12,
  });
  const a = sol.a;
  const k = matVec(K, p, p, a);
  const pp = dot(a, k);
  const spike = c / (lambda0 - c * pp);
  const phi = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) phi[i * p + j] = (K[i * p + j] + spike * k[i] * k[j]) / lambda0;
  }
  symmetrize(phi, p);
  const residual = dualResidual(phi, p, a, opts.data.y, rho);
  if (!(residual < 1e-7)) {
    throw new SaddlePointError(fn, `residual ${residual.toExponential(2)} above 1e-7`);
  }
  const u = matTVec(opts.data.x, p, d, a);
  const sigmaU = applySpiked(u, lambda0, spike, u, d);
  const weights = sigmaU.map((v) => v / Math.sqrt(d));
  return {
    a,
    phi,
    s: dot(a, opts.data.y),
    u,
    spike,
    lambda0,
    weights,
    covariance: () => spikedMatrix(lambda0, spike, u, d),
    residual,
  };
}

function symmetrize(m: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (m[i * n + j] + m[j * n + i]);
      m[i * n + j] = v;
      m[j * n + i] = v;
    }
  }
}

function dualResidual(
  phi: Float64Array,
  p: number,
  a: Float64Array,
  y: Float64Array,
  rho: number,
): number {
  const pa = matVec(phi, p, p, a);
  let r = 0, ymax = 1;
  for (let i = 0; i < p; i++) {
    r = Math.max(r, Math.abs(pa[i] + rho * a[i] - y[i]));
    ymax = Math.max(ymax, Math.abs(y[i]));
  }
  return r / ymax;
}

/** (1/λ)(I + (s/D)uuᵀ)·v. */
function applySpiked(
  v: Float64Array,
  lambda: number,
  spike: number,
  u: Float64Array,
  d: number,
): Float64Array {
  const uv = dot(u, v);
  const out = new Float64Array(d);
  for (let i = 0; i < d; i++) out[i] = (v[i] + (spike / d) * u[i] * uv) / lambda;
  return out;
}

function spikedMatrix(lambda: number, spike: number, u: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      out[i * d + j] = ((i === j ? 1 : 0) + (spike / d) * u[i] * u[j]) / lambda;
    }
  }
  return out;
}

interface TaskPieces {
  g0: number;
  theta: number;
  v: Float64Array;
  m: number;
  kappa: number;
  rho: number;
  c: number;
  continuationSteps: number;
  tol: number;
}

function solveTaskInEigenbasis(
  fn: string,
  dataArg: string,
  K: Float64Array,
  p: number,
  y: Float64Array,
  pc: TaskPieces,
): { a: Float64Array; p: number; t: number } {
  const { values, vectors } = eighF64(K, { n: p, fn });
  const q = vectors!;
  const minEig = values[0];
  const nullTol = 1e-10 * Math.max(1e-300, values[p - 1]);
  const yt = rotate(q, p, y);
  if (pc.rho === 0 && !(minEig > nullTol)) {
    // Ridgeless with a singular kernel (P > D): fine when the labels lie in its range (the
    // β → ∞ limit is then the pseudoinverse); otherwise no interpolating posterior exists.
    let ynorm = 0, outside = 0;
    for (let i = 0; i < p; i++) {
      ynorm = Math.max(ynorm, Math.abs(yt[i]));
      if (values[i] <= nullTol) outside = Math.max(outside, Math.abs(yt[i]));
    }
    if (outside > 1e-8 * Math.max(1, ynorm)) {
      throw new ArgumentError(
        fn,
        `${dataArg}.x`,
        "inputs whose kernel XXᵀ/D is positive definite at β = ∞ (or labels in its range)",
        `min eigenvalue ${minEig.toExponential(3)} with label component ${
          outside.toExponential(3)
        } outside the range`,
      );
    }
  }
  const R: Reduced = {
    lam: values,
    nullTol,
    yt,
    vt: rotate(q, p, pc.v),
    g0: pc.g0,
    theta: pc.theta,
    m: pc.m,
    kappa: pc.kappa,
    rho: pc.rho,
  };
  const sol = solveReduced(fn, R, pc.c, {
    continuationSteps: pc.continuationSteps,
    tol: pc.tol,
    maxNewton: 200,
  });
  return { a: unrotate(q, p, sol.at), p: sol.p, t: sol.t };
}

// ---------------------------------------------------------------- transfer

/** Options of {@link linearBayesTransfer}. */
export interface LinearBayesTransferOptions {
  /** Source data (X₁: P₁×D, y₁). */
  source: LabelledData;
  /** Target data (X₂: P₂×D, y₂). */
  target: LabelledData;
  /** Input dimension D. */
  d: number;
  /** Source feature-learning strength γ₁ ≥ 0. */
  gamma1: number;
  /** Target feature-learning strength γ₂ ≥ 0. */
  gamma2: number;
  /** Elastic coupling δ ≥ 0 (> 0 when `prior` is "replace"). */
  delta: number;
  /** Hidden prior precision λ₀ (default 1). */
  lambda0?: number;
  /** Readout prior precision λ₁ (default 1). */
  lambda1?: number;
  /** Likelihood inverse temperature β of both tasks (default ∞: ρ = 0). */
  beta?: number;
  /** "sequential" (source frozen, quenched; default) or "joint" (annealed). */
  mode?: TransferMode;
  /** "add" (prior precision λ₀ + δ, default) or "replace" (δ replaces λ₀; sequential only). */
  prior?: ElasticPrior;
  /** γ-continuation steps (default 10). */
  continuationSteps?: number;
  /**
   * A source solution from {@link linearBayesSingleTask} on `source` with the same γ₁, λ₀, λ₁
   * and β (sequential mode), to reuse across δ, γ₂ and targets; solved here when absent.
   */
  sourceSolution?: LinearBayesSingleResult;
}

/** The transfer saddle point. */
export interface LinearBayesTransferResult {
  /** Source dual vector a₁ (length P₁). */
  a1: Float64Array;
  /** Target dual vector a₂ (length P₂). */
  a2: Float64Array;
  /** Source adapted kernel Φ₁ (P₁×P₁). */
  phi1: Float64Array;
  /** Target adapted kernel Φ₂ (P₂×P₂). */
  phi2: Float64Array;
  /** Source kernel on the target inputs, G = X₂Σ₁X₂ᵀ/D (P₂×P₂). */
  sourceKernelOnTarget: Float64Array;
  /** Target predictor weights β̂ (f₂(x) = β̂ᵀx/√D), length D. */
  weights: Float64Array;
  /** Source predictor weights (length D). */
  sourceWeights: Float64Array;
  /** Σ₁ (D×D), built on demand. */
  sourceCovariance(): Float64Array;
  /** Σ₂ = E[w wᵀ] of the target (D×D), built on demand. */
  targetCovariance(): Float64Array;
  /** Max-norm residual of the target dual equation, relative to max(1, |y₂|∞). */
  residual: number;
}

/**
 * Bayesian transfer with elastic coupling δ for a two-layer linear network
 * (arXiv:2507.04448 v1 §3, v2 App. B; see the module doc for the equations and the readings).
 * Sequential mode is an exact reduction (O(P³) once, O(P) per Newton evaluation); joint mode is
 * a damped iteration on (a₁, a₂) with γ-continuation on P-sized matrices (Woodbury form).
 */
export function linearBayesTransfer(opts: LinearBayesTransferOptions): LinearBayesTransferResult {
  const fn = "linearBayesTransfer";
  const d = opts.d;
  if (!Number.isInteger(d) || d < 1) throw new ArgumentError(fn, "d", "a positive integer", d);
  const gamma1 = checkNonNegative(fn, "gamma1", opts.gamma1);
  const gamma2 = checkNonNegative(fn, "gamma2", opts.gamma2);
  const delta = checkNonNegative(fn, "delta", opts.delta);
  const lambda0 = checkPositive(fn, "lambda0", opts.lambda0 ?? 1);
  const lambda1 = checkPositive(fn, "lambda1", opts.lambda1 ?? 1);
  const beta = opts.beta ?? Infinity;
  if (!(beta > 0)) throw new ArgumentError(fn, "beta", "a number > 0 (∞ allowed)", beta);
  const mode = checkChoice(fn, "mode", opts.mode ?? "sequential", ["sequential", "joint"]);
  const prior = checkChoice(fn, "prior", opts.prior ?? "add", ["add", "replace"]);
  if (prior === "replace" && !(delta > 0)) {
    throw new ArgumentError(fn, "delta", 'a number > 0 when prior is "replace"', delta);
  }
  if (prior === "replace" && mode === "joint") {
    throw new ArgumentError(fn, "prior", '"add" in joint mode', prior);
  }
  const p1 = checkData(fn, "source", opts.source, d);
  const p2 = checkData(fn, "target", opts.target, d);
  const steps = opts.continuationSteps ?? 10;
  if (mode === "joint") {
    return jointTransfer(fn, opts, { d, p1, p2, gamma1, gamma2, delta, lambda0, lambda1, beta });
  }
  const src = opts.sourceSolution ?? linearBayesSingleTask({
    data: opts.source,
    d,
    gamma: gamma1,
    lambda0,
    lambda1,
    beta,
    continuationSteps: steps,
  });
  if (src.u.length !== d || src.lambda0 !== lambda0 || src.a.length !== p1) {
    throw new ArgumentError(
      fn,
      "sourceSolution",
      `a single-task solution on "source" (D = ${d}, P₁ = ${p1}, λ₀ = ${lambda0})`,
      `D = ${src.u.length}, P = ${src.a.length}, λ₀ = ${src.lambda0}`,
    );
  }
  const c2 = lambda1 * gamma2 * gamma2;
  const rho2 = Number.isFinite(beta) ? c2 / beta : 0;
  const X2 = opts.target.x, y2 = opts.target.y;
  const K2 = gram(X2, p2, X2, p2, d);
  // G = X₂Σ₁X₂ᵀ/D = (K₂ + θ vvᵀ)/λ₀ with v = X₂u₁/D and θ = spike₁.
  const v = matVec(X2, p2, d, src.u).map((x) => x / d);
  const G = new Float64Array(p2 * p2);
  for (let i = 0; i < p2; i++) {
    for (let j = 0; j < p2; j++) {
      G[i * p2 + j] = (K2[i * p2 + j] + src.spike * v[i] * v[j]) / lambda0;
    }
  }
  const m = prior === "add" ? lambda0 + delta : delta;
  const kappa = delta / m;
  const sol = solveTaskInEigenbasis(fn, "target", K2, p2, y2, {
    g0: 1 / lambda0,
    theta: src.spike / lambda0,
    v,
    m,
    kappa,
    rho: rho2,
    c: c2,
    continuationSteps: steps,
    tol: 1e-12,
  });
  const a2 = sol.a;
  const k = matVec(K2, p2, p2, a2);
  const g = matVec(G, p2, p2, a2);
  const pp = dot(a2, k), tt = dot(a2, g);
  const r = c2 / (m - c2 * pp);
  const phi2 = new Float64Array(p2 * p2);
  const k2 = kappa * kappa;
  for (let i = 0; i < p2; i++) {
    for (let j = 0; j < p2; j++) {
      phi2[i * p2 + j] = (K2[i * p2 + j] + r * k[i] * k[j]) / m +
        k2 * (G[i * p2 + j] + r * (k[i] * g[j] + g[i] * k[j]) + r * r * tt * k[i] * k[j]);
    }
  }
  symmetrize(phi2, p2);
  const residual = dualResidual(phi2, p2, a2, y2, rho2);
  if (!(residual < 1e-7)) {
    throw new SaddlePointError(fn, `target residual ${residual.toExponential(2)} above 1e-7`);
  }
  const u2 = matTVec(X2, p2, d, a2);
  // Σ₂ = A⁻¹ + δ²A⁻¹Σ₁A⁻¹ with A⁻¹ = (1/m)(I + (r/D)u₂u₂ᵀ).
  const applyAinv = (x: Float64Array) => applySpiked(x, m, r, u2, d);
  const applySigma1 = (x: Float64Array) => applySpiked(x, lambda0, src.spike, src.u, d);
  const applySigma2 = (x: Float64Array) => {
    const first = applyAinv(x);
    const second = applyAinv(applySigma1(applyAinv(x)));
    for (let i = 0; i < d; i++) first[i] += delta * delta * second[i];
    return first;
  };
  const weights = applySigma2(u2).map((x) => x / Math.sqrt(d));
  return {
    a1: src.a,
    a2,
    phi1: src.phi,
    phi2,
    sourceKernelOnTarget: G,
    weights,
    sourceWeights: src.weights,
    sourceCovariance: src.covariance,
    targetCovariance: () => denseFromOperator(applySigma2, d),
    residual,
  };
}

function denseFromOperator(op: (x: Float64Array) => Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    const e = new Float64Array(d);
    e[j] = 1;
    const col = op(e);
    for (let i = 0; i < d; i++) out[i * d + j] = col[i];
  }
  return out;
}

interface JointSizes {
  d: number;
  p1: number;
  p2: number;
  gamma1: number;
  gamma2: number;
  delta: number;
  lambda0: number;
  lambda1: number;
  beta: number;
}

/**
 * Joint (annealed) transfer: Σ = P⁻¹ for P = B₀ − UUᵀ with B₀ = [[m, −δ], [−δ, m]] ⊗ I and
 * U = [√(c₁/D)(u₁; 0), √(c₂/D)(0; u₂)], by Woodbury: Σ = B₀⁻¹ + W S Wᵀ, W = B₀⁻¹U,
 * S = (I₂ − UᵀB₀⁻¹U)⁻¹. Damped iteration on (a₁, a₂) with γ-continuation.
 */
function jointTransfer(
  fn: string,
  opts: LinearBayesTransferOptions,
  z: JointSizes,
): LinearBayesTransferResult {
  const { d, p1, p2, delta, lambda0 } = z;
  const X1 = opts.source.x, y1 = opts.source.y, X2 = opts.target.x, y2 = opts.target.y;
  const K11 = gram(X1, p1, X1, p1, d), K22 = gram(X2, p2, X2, p2, d), K12 = gram(X1, p1, X2, p2, d);
  const m = lambda0 + delta;
  const b = 1 / (m * m - delta * delta);
  const c1Full = z.lambda1 * z.gamma1 * z.gamma1, c2Full = z.lambda1 * z.gamma2 * z.gamma2;
  const rho1 = Number.isFinite(z.beta) ? c1Full / z.beta : 0;
  const rho2 = Number.isFinite(z.beta) ? c2Full / z.beta : 0;
  // Kernels for given (a1, a2) at strengths (c1, c2).
  const kernels = (a1: Float64Array, a2: Float64Array, c1: number, c2: number) => {
    // Quantities: X_a u_b / D via K: X1u1/D = K11 a1, X1u2/D = K12 a2, X2u1/D = K21 a1, X2u2/D = K22 a2.
    const k11 = matVec(K11, p1, p1, a1), k12 = matVec(K12, p1, p2, a2);
    const k21 = matTVec(K12, p1, p2, a1), k22 = matVec(K22, p2, p2, a2);
    const n11 = dot(a1, k11), n22 = dot(a2, k22), n12 = dot(a1, k12); // |u|²/D, u₁·u₂/D
    // UᵀB₀⁻¹U (2×2) with U columns √(c/D)(u; 0) etc.
    const m11 = c1 * b * m * n11,
      m22 = c2 * b * m * n22,
      m12 = Math.sqrt(c1 * c2) * b * delta * n12;
    const e11 = 1 - m11, e22 = 1 - m22, e12 = -m12;
    const det = e11 * e22 - e12 * e12;
    if (!(e11 > 0 && det > 0)) return null;
    const s11 = e22 / det, s22 = e11 / det, s12 = -e12 / det;
    // W columns: w1 = √(c1/D) b (m u1; δ u1), w2 = √(c2/D) b (δ u2; m u2).
    // X_a-projections of W's blocks (times √D): top block of w1 gives X1·(m u1)·b√c1/D etc.
    const sc1 = Math.sqrt(c1) * b, sc2 = Math.sqrt(c2) * b;
    // Projections onto task-1 inputs (top blocks) and task-2 inputs (bottom blocks), each /√D·√D.
    const w1top1 = k11.map((x) => sc1 * m * x), w2top1 = k12.map((x) => sc2 * delta * x);
    const w1bot2 = k21.map((x) => sc1 * delta * x), w2bot2 = k22.map((x) => sc2 * m * x);
    const phi1 = new Float64Array(p1 * p1), phi2 = new Float64Array(p2 * p2);
    for (let i = 0; i < p1; i++) {
      for (let j = 0; j < p1; j++) {
        phi1[i * p1 + j] = b * m * K11[i * p1 + j] + s11 * w1top1[i] * w1top1[j] +
          s22 * w2top1[i] * w2top1[j] + s12 * (w1top1[i] * w2top1[j] + w2top1[i] * w1top1[j]);
      }
    }
    for (let i = 0; i < p2; i++) {
      for (let j = 0; j < p2; j++) {
        phi2[i * p2 + j] = b * m * K22[i * p2 + j] + s11 * w1bot2[i] * w1bot2[j] +
          s22 * w2bot2[i] * w2bot2[j] + s12 * (w1bot2[i] * w2bot2[j] + w2bot2[i] * w1bot2[j]);
      }
    }
    return { phi1, phi2, s11, s12, s22 };
  };
  const addRidge = (phi: Float64Array, n: number, rho: number) => {
    const out = phi.slice();
    for (let i = 0; i < n; i++) out[i * n + i] += rho;
    return out;
  };
  let a1: Float64Array = new Float64Array(p1), a2: Float64Array = new Float64Array(p2);
  const steps = opts.continuationSteps ?? 10;
  let iterations = 0;
  for (let k = 0; k <= steps; k++) {
    const frac = (k * k) / (steps * steps);
    const c1 = c1Full * frac, c2 = c2Full * frac, r1 = rho1 * frac, r2 = rho2 * frac;
    let eps = k === 0 ? 1 : 0.2;
    for (let b = 0; b < 60 && kernels(a1, a2, c1, c2) === null; b++) {
      a1 = a1.map((x) => 0.5 * x);
      a2 = a2.map((x) => 0.5 * x);
    }
    let prevDiff = Infinity;
    for (let it = 0; it < 20000; it++) {
      iterations++;
      const ker = kernels(a1, a2, c1, c2);
      if (ker === null) {
        throw new SaddlePointError(fn, "joint precision lost positive definiteness");
      }
      const n1 = spdSolve(addRidge(ker.phi1, p1, r1), p1, y1, fn);
      const n2 = spdSolve(addRidge(ker.phi2, p2, r2), p2, y2, fn);
      let diff = 0, scale = 1;
      for (let i = 0; i < p1; i++) {
        diff = Math.max(diff, Math.abs(n1[i] - a1[i]));
        scale = Math.max(scale, Math.abs(n1[i]));
      }
      for (let i = 0; i < p2; i++) {
        diff = Math.max(diff, Math.abs(n2[i] - a2[i]));
        scale = Math.max(scale, Math.abs(n2[i]));
      }
      if (diff < 1e-11 * scale) break;
      if (diff > prevDiff && k > 0) eps = Math.max(eps * 0.5, 1e-4);
      prevDiff = diff;
      // Backtracking guard: a step that breaks PD halves ε.
      let cand1: Float64Array, cand2: Float64Array;
      for (;;) {
        cand1 = a1.map((x, i) => x + eps * (n1[i] - x));
        cand2 = a2.map((x, i) => x + eps * (n2[i] - x));
        if (kernels(cand1, cand2, c1, c2) !== null || eps < 1e-6) break;
        eps *= 0.5;
      }
      a1 = cand1;
      a2 = cand2;
      if (k === 0) {
        eps = 0.2;
        break;
      }
      if (it === 19999) {
        throw new SaddlePointError(fn, `joint damped iteration did not converge (step ${k})`);
      }
    }
  }
  const ker = kernels(a1, a2, c1Full, c2Full)!;
  symmetrize(ker.phi1, p1);
  symmetrize(ker.phi2, p2);
  const residual = Math.max(
    dualResidual(ker.phi1, p1, a1, y1, rho1),
    dualResidual(ker.phi2, p2, a2, y2, rho2),
  );
  if (!(residual < 1e-7)) {
    throw new SaddlePointError(fn, `joint residual ${residual.toExponential(2)} above 1e-7`);
  }
  const u1 = matTVec(X1, p1, d, a1), u2 = matTVec(X2, p2, d, a2);
  // Σ applied to a 2D vector (top; bottom).
  const sc1 = Math.sqrt(c1Full / d) * b, sc2 = Math.sqrt(c2Full / d) * b;
  const w1 = new Float64Array(2 * d), w2 = new Float64Array(2 * d);
  for (let i = 0; i < d; i++) {
    w1[i] = sc1 * m * u1[i];
    w1[d + i] = sc1 * delta * u1[i];
    w2[i] = sc2 * delta * u2[i];
    w2[d + i] = sc2 * m * u2[i];
  }
  const applySigma = (x: Float64Array) => {
    const out = new Float64Array(2 * d);
    for (let i = 0; i < d; i++) {
      out[i] = b * (m * x[i] + delta * x[d + i]);
      out[d + i] = b * (delta * x[i] + m * x[d + i]);
    }
    const q1 = dot(w1, x), q2 = dot(w2, x);
    const c1v = ker.s11 * q1 + ker.s12 * q2, c2v = ker.s12 * q1 + ker.s22 * q2;
    for (let i = 0; i < 2 * d; i++) out[i] += c1v * w1[i] + c2v * w2[i];
    return out;
  };
  const block = (x: Float64Array, which: 0 | 1) => {
    const full = new Float64Array(2 * d);
    full.set(x, which * d);
    return applySigma(full).subarray(which * d, which * d + d).slice();
  };
  // Source kernel on the target inputs, X₂Σ₁₁X₂ᵀ/D (Σ₁₁ = bm·I + Σ_jk S_jk W_j^top W_k^topᵀ).
  const k21 = matTVec(K12, p1, p2, a1), k22 = matVec(K22, p2, p2, a2);
  const t1 = k21.map((x) => Math.sqrt(c1Full) * b * m * x);
  const t2 = k22.map((x) => Math.sqrt(c2Full) * b * delta * x);
  const G = new Float64Array(p2 * p2);
  for (let i = 0; i < p2; i++) {
    for (let j = 0; j < p2; j++) {
      G[i * p2 + j] = b * m * K22[i * p2 + j] + ker.s11 * t1[i] * t1[j] +
        ker.s22 * t2[i] * t2[j] + ker.s12 * (t1[i] * t2[j] + t2[i] * t1[j]);
    }
  }
  return {
    a1,
    a2,
    phi1: ker.phi1,
    phi2: ker.phi2,
    sourceKernelOnTarget: G,
    weights: block(u2, 1).map((x) => x / Math.sqrt(d)),
    sourceWeights: block(u1, 0).map((x) => x / Math.sqrt(d)),
    sourceCovariance: () => denseFromOperator((x) => block(x, 0), d),
    targetCovariance: () => denseFromOperator((x) => block(x, 1), d),
    residual,
  };
}

/**
 * The conjugate order parameter at the saddle point, Φ̂ = −(λ₁γ²/2)·aaᵀ (P×P, row-major): rank
 * one and negative semi-definite (arXiv:2502.07998; arXiv:2507.04448 §3).
 */
export function conjugateKernel(
  a: Float64Array,
  opts: { gamma: number; lambda1?: number },
): Float64Array {
  const fn = "conjugateKernel";
  const gamma = checkNonNegative(fn, "gamma", opts.gamma);
  const lambda1 = checkPositive(fn, "lambda1", opts.lambda1 ?? 1);
  const c = lambda1 * gamma * gamma;
  const p = a.length;
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) out[i * p + j] = -0.5 * c * a[i] * a[j];
  }
  return out;
}

// ---------------------------------------------------------------- readouts and losses

/**
 * Ridge(less) kernel readout in weight space: given a weight-space kernel operator Σ (D×D,
 * row-major, PSD) and data (X, y), the predictor f(x) = xᵀΣXᵀ(XΣXᵀ/D + ρI)⁻¹y/D, returned as
 * weights β̂ = ΣXᵀα/√D. With Σ = Σ₁ this is the δ → ∞ limit of sequential transfer (readout
 * on the frozen source-adapted kernel; arXiv:2507.04448).
 */
export function kernelReadoutWeights(
  sigma: Float64Array,
  data: LabelledData,
  d: number,
  ridge = 0,
): Float64Array {
  const fn = "kernelReadoutWeights";
  const p = checkData(fn, "data", data, d);
  if (sigma.length !== d * d) throw new ArgumentError(fn, "sigma", `length ${d * d}`, sigma.length);
  checkNonNegative(fn, "ridge", ridge);
  const XS = new Float64Array(p * d);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += data.x[i * d + k] * sigma[k * d + j];
      XS[i * d + j] = s;
    }
  }
  const kern = gram(XS, p, data.x, p, d);
  for (let i = 0; i < p; i++) kern[i * p + i] += ridge;
  let alpha: Float64Array;
  try {
    alpha = spdSolve(kern, p, data.y, fn);
  } catch (e) {
    if (e instanceof NotPositiveDefiniteError) {
      throw new ArgumentError(
        fn,
        "sigma",
        "a kernel XΣXᵀ/D + ridge·I that is positive definite",
        "a singular kernel",
      );
    }
    throw e;
  }
  return matTVec(XS, p, d, alpha).map((x) => x / Math.sqrt(d));
}

/**
 * Population test loss E_x (f(x) − y(x))² for x ~ N(0, I_D), f(x) = β̂ᵀx/√D and the teacher
 * y = β*ᵀx/√D: |β̂ − β*|²/D. Divide by |β*|²/D for the loss relative to predicting zero.
 */
export function linearPopulationLoss(weights: Float64Array, teacher: Float64Array): number {
  const fn = "linearPopulationLoss";
  if (weights.length !== teacher.length) {
    throw new ArgumentError(fn, "teacher", `length ${weights.length} (as weights)`, teacher.length);
  }
  let s = 0;
  for (let i = 0; i < weights.length; i++) s += (weights[i] - teacher[i]) ** 2;
  return s / weights.length;
}

/**
 * The damped dual iteration for a single task on an explicit kernel (arXiv:2507.04448
 * solver recipe; PAPERS.md, "Feature-learning transfer"): a ← a + ε(Φ(a)⁻¹y − a), Φ(a) = (K + r·kkᵀ)/λ₀, r = c/(λ₀ − c·aᵀKa), with
 * γ-continuation over `continuationSteps` and a PD guard that halves ε. With `epsilon = 1` and
 * one continuation step it is the plain iteration, which diverges for c·s ≳ 1; returns the
 * history of |a_new − a|∞ so tests can show both behaviours.
 */
export function dampedDualIteration(opts: {
  /** Kernel K = XXᵀ/D (P×P, row-major, PD). */
  kernel: Float64Array;
  /** Labels (length P). */
  y: Float64Array;
  /** Tilt c = λ₁γ². */
  c: number;
  /** λ₀ (default 1). */
  lambda0?: number;
  /** Damping ε in (0, 1] (default 0.05). */
  epsilon?: number;
  /** Continuation steps (default 10). */
  continuationSteps?: number;
  /** Iterations per continuation step (default 5000). */
  maxIterations?: number;
}): { a: Float64Array; converged: boolean; history: number[] } {
  const fn = "dampedDualIteration";
  const p = opts.y.length;
  if (opts.kernel.length !== p * p) {
    throw new ArgumentError(
      fn,
      "kernel",
      `length ${p * p} (P×P for ${p} labels)`,
      opts.kernel.length,
    );
  }
  const c = checkNonNegative(fn, "c", opts.c);
  const lambda0 = checkPositive(fn, "lambda0", opts.lambda0 ?? 1);
  const eps0 = opts.epsilon ?? 0.05;
  if (!(eps0 > 0 && eps0 <= 1)) throw new ArgumentError(fn, "epsilon", "a number in (0, 1]", eps0);
  const steps = opts.continuationSteps ?? 10;
  const maxIt = opts.maxIterations ?? 5000;
  try {
    choleskyF64(opts.kernel.slice(), { n: p, fn });
  } catch (e) {
    if (e instanceof NotPositiveDefiniteError) {
      throw new ArgumentError(
        fn,
        "kernel",
        "a positive-definite matrix",
        "a matrix with a non-positive pivot",
      );
    }
    throw e;
  }
  const K = opts.kernel;
  const phiOf = (a: Float64Array, ck: number) => {
    const k = matVec(K, p, p, a);
    const den = lambda0 - ck * dot(a, k);
    if (!(den > 0)) return null;
    const r = ck / den;
    const phi = new Float64Array(p * p);
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) phi[i * p + j] = (K[i * p + j] + r * k[i] * k[j]) / lambda0;
    }
    return phi;
  };
  let a = new Float64Array(p);
  const history: number[] = [];
  let converged = false;
  for (let k = 1; k <= steps; k++) {
    const ck = (c * k * k) / (steps * steps);
    let eps = eps0;
    converged = false;
    // The previous solution can be infeasible at the larger c: shrink it toward 0.
    for (let b = 0; b < 60 && phiOf(a, ck) === null; b++) a = a.map((x) => 0.5 * x);
    for (let it = 0; it < maxIt; it++) {
      const phi = phiOf(a, ck);
      if (phi === null) {
        history.push(Infinity);
        return { a, converged: false, history };
      }
      let next: Float64Array;
      try {
        next = spdSolve(phi, p, opts.y, fn);
      } catch {
        history.push(Infinity);
        return { a, converged: false, history };
      }
      let diff = 0;
      for (let i = 0; i < p; i++) diff = Math.max(diff, Math.abs(next[i] - a[i]));
      history.push(diff);
      if (!Number.isFinite(diff) || diff > 1e12) return { a, converged: false, history };
      if (diff < 1e-10) {
        converged = true;
        break;
      }
      let cand = a.map((x, i) => x + eps * (next[i] - x));
      while (phiOf(cand, ck) === null && eps > 1e-8 && eps0 < 1) {
        eps *= 0.5;
        cand = a.map((x, i) => x + eps * (next[i] - x));
      }
      a = cand;
    }
    if (!converged) return { a, converged, history };
  }
  return { a, converged, history };
}
