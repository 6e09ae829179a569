/**
 * Theory of the deep reduced linear-attention model (L steps of preconditioned in-context GD,
 * step 1/L, preconditioner Γ) of Bordelon, Letey, Pehlevan, "Theory of scaling laws for
 * in-context regression: depth, width, context and time" (arXiv:2510.01098; PAPERS.md,
 * "Deep linear attention ICL").
 *
 * Conventions of that paper, NOT those of 2405.11751/2509.26551: covariates `x ~ N(0, Σ)` with no
 * 1/D, targets `y = β·x/√D + σε` with `β ~ N(0, Ω)`, `α = P/D` (context length per dimension),
 * depth L. Risks exclude the test-label noise σ².
 *
 * @module
 */

import { brentRoot, goldenMinimize } from "./bracketed_root.ts";
import { type MarchenkoPasturRule, marchenkoPasturRule } from "./marchenko_pastur.ts";

function checkPos(fn: string, name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) {
    throw new Error(`${fn}: argument "${name}" must be a positive number, got ${v}`);
  }
}
function checkDepth(fn: string, depth: number): void {
  if (!Number.isInteger(depth) || depth < 1) {
    throw new Error(`${fn}: argument "depth" must be a positive integer, got ${depth}`);
  }
}

/** Parameters of the isotropic (ISO) deep-model risk. */
export interface IsoDeepParams {
  /** α = P/D. */
  alpha: number;
  /** depth L (number of in-context GD steps). */
  depth: number;
  /** label-noise variance σ² in the context (default 0). */
  sigma2?: number;
  /** quadrature nodes for the Marchenko–Pastur integral (default 4000). */
  nodes?: number;
}

const ruleCache = new Map<string, MarchenkoPasturRule>();
function rule(alpha: number, nodes: number): MarchenkoPasturRule {
  const key = `${alpha}:${nodes}`;
  let r = ruleCache.get(key);
  if (!r) {
    r = marchenkoPasturRule(alpha, { nodes });
    if (ruleCache.size > 256) ruleCache.clear();
    ruleCache.set(key, r);
  }
  return r;
}

/**
 * ISO population risk of `Γ = γI` (arXiv:2510.01098 Results 1–2):
 * `L(γ, α) = ∫ρ_MP(λ)[(1 − γλ/L)^{2L} + (σ²/(αλ))(1 − (1 − γλ/L)^L)²]dλ + max(0, 1 − α)`,
 * and its derivative in γ.
 *
 * @param gamma scalar preconditioner γ
 * @param params α, L, σ², quadrature nodes
 * @returns `{ loss, grad }` with `grad = ∂L/∂γ`
 */
export function isoDeepLoss(gamma: number, params: IsoDeepParams): { loss: number; grad: number } {
  const fn = "isoDeepLoss";
  checkPos(fn, "alpha", params.alpha);
  checkDepth(fn, params.depth);
  if (!Number.isFinite(gamma)) {
    throw new Error(`${fn}: argument "gamma" must be finite, got ${gamma}`);
  }
  const L = params.depth;
  const s2 = params.sigma2 ?? 0;
  const r = rule(params.alpha, params.nodes ?? 4000);
  let loss = r.atom;
  let grad = 0;
  for (let i = 0; i < r.lambda.length; i++) {
    const lam = r.lambda[i];
    const u = 1 - (gamma * lam) / L;
    const uL1 = u ** (L - 1);
    const g = uL1 * u;
    let li = g * g;
    let gi = -2 * lam * g * uL1;
    if (s2 > 0) {
      li += (s2 / (params.alpha * lam)) * (1 - g) ** 2;
      gi += (s2 / params.alpha) * 2 * (1 - g) * uL1;
    }
    loss += r.weight[i] * li;
    grad += r.weight[i] * gi;
  }
  return { loss, grad };
}

/**
 * ISO optimum `L*(α, L) = min_γ L(γ, α)` (the loss of L steps of GD with the best constant step;
 * arXiv:2510.01098 Result 2). Closed forms: L = 1 gives
 * `γ* = 1/(1 + (1+σ²)/α)`; σ = 0 gives `L* = 1/(1+α)`; L → ∞ gives `max(0, 1 − α)`.
 *
 * @param params α, L, σ², nodes
 * @returns the optimal γ and the optimal loss
 */
export function isoDeepOptimum(params: IsoDeepParams): { gamma: number; loss: number } {
  const fn = "isoDeepOptimum";
  checkPos(fn, "alpha", params.alpha);
  checkDepth(fn, params.depth);
  const hi = (2 * params.depth) / rule(params.alpha, params.nodes ?? 4000).edges[1];
  // Coarse scan (guards against non-convexity of the noise term), then golden refinement.
  const n = 64;
  let best = 0;
  let bestV = Infinity;
  for (let i = 0; i <= n; i++) {
    const v = isoDeepLoss((hi * i) / n, params).loss;
    if (v < bestV) {
      bestV = v;
      best = i;
    }
  }
  const lo = (hi * Math.max(0, best - 1)) / n;
  const up = (hi * Math.min(n, best + 1)) / n;
  const m = goldenMinimize((g) => isoDeepLoss(g, params).loss, [lo, up], { iterations: 80 });
  return { gamma: m.x, loss: m.value };
}

/**
 * Mean-field (population-gradient) trajectory of SGD on the ISO model started at Γ = 0:
 * `γ_{t+1} = γ_t − (η/D) ∂_γ L(γ_t)` (arXiv:2510.01098: SGD on the D×D matrix Γ with learning rate η
 * moves the diagonal by the matrix gradient `(1/D)∂_γL·I`).
 *
 * @param params α, L, σ², plus `learningRate` η, `dim` D and `steps`
 * @returns γ_t and L(γ_t) for t = 0..steps
 */
export function isoDeepSgdMeanPath(
  params: IsoDeepParams & { learningRate: number; dim: number; steps: number },
): { gamma: Float64Array; loss: Float64Array } {
  const fn = "isoDeepSgdMeanPath";
  checkPos(fn, "learningRate", params.learningRate);
  checkPos(fn, "dim", params.dim);
  if (!Number.isInteger(params.steps) || params.steps < 0) {
    throw new Error(`${fn}: argument "steps" must be an integer ≥ 0, got ${params.steps}`);
  }
  const gamma = new Float64Array(params.steps + 1);
  const loss = new Float64Array(params.steps + 1);
  let g = 0;
  for (let t = 0; t <= params.steps; t++) {
    const v = isoDeepLoss(g, params);
    gamma[t] = g;
    loss[t] = v.loss;
    g -= (params.learningRate / params.dim) * v.grad;
  }
  return { gamma, loss };
}

/** Spectra of the fixed-structure / randomly-rotated settings (eigenvalues of Σ and Ω). */
export interface ModeSpectra {
  /** covariate eigenvalues λ_k. */
  lambda: ArrayLike<number>;
  /** task eigenvalues ω_k. */
  omega: ArrayLike<number>;
}

function checkSpectra(fn: string, s: ModeSpectra): number {
  if (s.lambda.length !== s.omega.length || s.lambda.length === 0) {
    throw new Error(
      `${fn}: arguments "lambda" and "omega" must be non-empty with equal length, got ${s.lambda.length} and ${s.omega.length}`,
    );
  }
  return s.lambda.length;
}

/**
 * Infinite-context (α → ∞, `Σ̂ = Σ`) risk of `Γ = γI` in the RRS setting, equal to the FS risk of
 * γI (arXiv:2510.01098 Result 6): `R(γ) = (1/D) Σ_k ω_kλ_k (1 − γλ_k/L)^{2L}`, and
 * `dR/dγ = −(2/D) Σ_k ω_kλ_k² (1 − γλ_k/L)^{2L−1}`.
 *
 * @param gamma γ
 * @param spectra λ_k, ω_k
 * @param options `depth` L
 * @returns `{ loss, grad }`
 */
export function rrsInfiniteContextLoss(
  gamma: number,
  spectra: ModeSpectra,
  options: { depth: number },
): { loss: number; grad: number } {
  const fn = "rrsInfiniteContextLoss";
  const D = checkSpectra(fn, spectra);
  checkDepth(fn, options.depth);
  const L = options.depth;
  let loss = 0;
  let grad = 0;
  for (let k = 0; k < D; k++) {
    const lam = spectra.lambda[k];
    const u = 1 - (gamma * lam) / L;
    const p = u ** (2 * L - 1);
    loss += spectra.omega[k] * lam * p * u;
    grad -= 2 * spectra.omega[k] * lam * lam * p;
  }
  return { loss: loss / D, grad: grad / D };
}

/**
 * Optimal γ and risk of the infinite-context RRS model, `min_γ R(γ)` over the stable range
 * `0 ≤ γ < 2L/λ_max` (R is convex in γ).
 *
 * @param spectra λ_k, ω_k
 * @param options `depth` L
 * @returns the minimiser and minimum
 */
export function rrsInfiniteContextOptimum(
  spectra: ModeSpectra,
  options: { depth: number },
): { gamma: number; loss: number } {
  const fn = "rrsInfiniteContextOptimum";
  const D = checkSpectra(fn, spectra);
  checkDepth(fn, options.depth);
  let lmax = 0;
  for (let k = 0; k < D; k++) lmax = Math.max(lmax, spectra.lambda[k]);
  const hi = (2 * options.depth) / lmax;
  const f = (g: number) => rrsInfiniteContextLoss(g, spectra, options).grad;
  if (f(hi) <= 0) return { gamma: hi, loss: rrsInfiniteContextLoss(hi, spectra, options).loss };
  const g = brentRoot(f, [0, hi], { tol: 1e-14 * hi });
  return { gamma: g, loss: rrsInfiniteContextLoss(g, spectra, options).loss };
}

/**
 * Exact per-mode gradient flow of the fixed-structure (FS) model at infinite context with
 * co-diagonal Σ, Ω, started at Γ = 0 (arXiv:2510.01098 Results 3–5). Time is in units where
 * `dγ_k/dt = 2ω_kλ_k²(1 − λ_kγ_k/L)^{2L−1}` (i.e. `−D ∂R/∂γ_k`). The ODE integrates in closed
 * form: with `a = 2ω_kλ_k²`, `b = λ_k/L`,
 * `1 − bγ_k(t) = (1 + a b (2L−2) t)^{−1/(2L−2)}` for L > 1 and `e^{−abt}` for L = 1;
 * L = Infinity gives `2λ_kγ_k = ln(1 + 4ω_kλ_k³ t)`.
 *
 * @param t time ≥ 0
 * @param spectra λ_k, ω_k
 * @param options `depth` L (integer ≥ 1 or Infinity)
 * @returns γ_k(t) per mode and the risk `(1/D)Σ ω_kλ_k(1 − λ_kγ_k/L)^{2L}`
 */
export function fsModeFlow(
  t: number,
  spectra: ModeSpectra,
  options: { depth: number },
): { gamma: Float64Array; loss: number } {
  const fn = "fsModeFlow";
  const D = checkSpectra(fn, spectra);
  const L = options.depth;
  if (L !== Infinity) checkDepth(fn, L);
  if (!(t >= 0) || !Number.isFinite(t)) {
    throw new Error(`${fn}: argument "t" must be a finite number ≥ 0, got ${t}`);
  }
  const gamma = new Float64Array(D);
  let loss = 0;
  for (let k = 0; k < D; k++) {
    const lam = spectra.lambda[k];
    const om = spectra.omega[k];
    let resid: number; // (1 − λγ/L)^{2L} or e^{−2λγ}
    if (L === Infinity) {
      const e = 1 + 4 * om * lam ** 3 * t;
      gamma[k] = Math.log(e) / (2 * lam);
      resid = 1 / e;
    } else {
      const a = 2 * om * lam * lam;
      const b = lam / L;
      const u = L === 1
        ? Math.exp(-a * b * t)
        : (1 + a * b * (2 * L - 2) * t) ** (-1 / (2 * L - 2));
      gamma[k] = (1 - u) / b;
      resid = u ** (2 * L);
    }
    loss += om * lam * resid;
  }
  return { gamma, loss: loss / D };
}

/** Power-law exponents of arXiv:2510.01098: capacity ν, source β. */
export interface SourceCapacity {
  /** capacity ν (λ_k = k^{−ν}). */
  nu: number;
  /** source β (ω_kλ_k ∝ k^{−νβ−1}). */
  beta: number;
  /** number of modes in the sums (default 20000). */
  modes?: number;
}

function powerModes(fn: string, p: SourceCapacity): { lam: Float64Array; wl: Float64Array } {
  checkPos(fn, "nu", p.nu);
  checkPos(fn, "beta", p.beta);
  const n = p.modes ?? 20000;
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`${fn}: argument "modes" must be a positive integer, got ${n}`);
  }
  const lam = new Float64Array(n);
  const wl = new Float64Array(n);
  for (let k = 1; k <= n; k++) {
    lam[k - 1] = k ** -p.nu;
    wl[k - 1] = k ** (-p.nu * p.beta - 1);
  }
  return { lam, wl };
}

/**
 * Depth term of the RRS scaling law (arXiv:2510.01098 Result 8):
 * `min_γ Σ_k k^{−νβ−1}(1 − γk^{−ν}/L)^{2L} ~ L^{−β}`.
 *
 * @param depth L ≥ 1
 * @param p ν, β, number of modes
 * @returns the minimised mode sum
 */
export function depthScalingTerm(depth: number, p: SourceCapacity): number {
  const fn = "depthScalingTerm";
  checkDepth(fn, depth);
  const { lam, wl } = powerModes(fn, p);
  const f = (g: number) => {
    let s = 0;
    for (let k = 0; k < lam.length; k++) s += wl[k] * (1 - (g * lam[k]) / depth) ** (2 * depth);
    return s;
  };
  return goldenMinimize(f, [0, 2 * depth], { iterations: 60 }).value;
}

/**
 * Width (or, with N → P, context) term of the RRS scaling law (arXiv:2510.01098 Result 8):
 * `Σ_k k^{−νβ−1}/(1 + k^{−ν}N^ν)² ~ N^{−νβ}`.
 *
 * @param width N > 0 (or the context length P)
 * @param p ν, β, number of modes
 * @returns the mode sum
 */
export function widthScalingTerm(width: number, p: SourceCapacity): number {
  const fn = "widthScalingTerm";
  checkPos(fn, "width", width);
  const { lam, wl } = powerModes(fn, p);
  const nn = width ** p.nu;
  let s = 0;
  for (let k = 0; k < lam.length; k++) s += wl[k] / (1 + lam[k] * nn) ** 2;
  return s;
}

/**
 * Context term of the RRS scaling law (2510.01098 Result 8, `c_P P^{−νβ}`; PAPERS.md): the risk
 * with P context tokens when depth, time and width are unlimited. In-context GD with Γ = γI run
 * for L → ∞ steps from v₀ = 0 and γ → ∞ converges to the minimum-norm interpolator of the P
 * in-context examples, whose risk has the deterministic equivalent (Hastie et al.
 * arXiv:1903.08560 Thm. 5; Bach arXiv:2303.01372 §3, ridge λ → 0, noise-free labels)
 * `R(P) = κ² Σ_k ω_kλ_k/(λ_k + κ)² / (1 − (1/P) Σ_k λ_k²/(λ_k + κ)²)`, where κ > 0 solves
 * `Σ_k λ_k/(λ_k + κ) = P`. With `λ_k = k^{−ν}`, `ω_kλ_k = k^{−νβ−1}`: κ ~ P^{−ν} and
 * `R ~ P^{−νβ}` for β < 2. Computed independently of {@link widthScalingTerm}, so the context
 * exponent is a check, not a relabelling.
 *
 * @param context number of context tokens P ≥ 1 (below the number of modes)
 * @param p ν, β, number of modes
 * @returns the mode sum R(P)
 */
export function contextScalingTerm(context: number, p: SourceCapacity): number {
  const fn = "contextScalingTerm";
  checkPos(fn, "context", context);
  const { lam, wl } = powerModes(fn, p);
  if (!(context < lam.length)) {
    throw new Error(
      `${fn}: argument "context" must be below the number of modes (${lam.length}), got ${context}`,
    );
  }
  const df = (kappa: number) => {
    let s = 0;
    for (let k = 0; k < lam.length; k++) s += lam[k] / (lam[k] + kappa);
    return s;
  };
  // Σ λ/(λ+κ) falls from the number of modes (κ → 0) to 0 (κ → ∞): bracket in log κ.
  const logKappa = brentRoot((u) => df(Math.exp(u)) - context, [-200, 50], { tol: 1e-13 });
  const kappa = Math.exp(logKappa);
  let bias = 0;
  let df2 = 0;
  for (let k = 0; k < lam.length; k++) {
    const r = 1 / (lam[k] + kappa);
    bias += wl[k] * r * r;
    df2 += lam[k] * lam[k] * r * r;
  }
  return (kappa * kappa * bias) / (1 - df2 / context);
}

/**
 * Time term of the RRS scaling law (arXiv:2510.01098 Result 8): gradient flow of the
 * infinite-depth, infinite-context risk `R(γ) = Σ_k ω_kλ_k e^{−2γλ_k}` with
 * `dγ/dt = −dR/dγ = 2Σ_k ω_kλ_k² e^{−2γλ_k}` from γ = 0. Computed by inverting the flow,
 * `t(γ) = ∫_0^γ dγ'/(dγ'/dt)`, with Simpson's rule on a fine grid, then interpolating in log t.
 * Decays like `t^{−β/(2+β)}`.
 *
 * @param times increasing positive times
 * @param p ν, β, number of modes
 * @returns R at each time
 */
export function timeScalingTerm(times: ArrayLike<number>, p: SourceCapacity): Float64Array {
  const fn = "timeScalingTerm";
  const { lam, wl } = powerModes(fn, p);
  const tMax = Math.max(...Array.from(times));
  checkPos(fn, "times", tMax);
  const rate = (g: number) => {
    let s = 0;
    for (let k = 0; k < lam.length; k++) s += 2 * wl[k] * lam[k] * Math.exp(-2 * g * lam[k]);
    return s;
  };
  const risk = (g: number) => {
    let s = 0;
    for (let k = 0; k < lam.length; k++) s += wl[k] * Math.exp(-2 * g * lam[k]);
    return s;
  };
  // Integrate dt = dγ/rate(γ) on a γ grid that is uniform then geometric until t ≥ tMax.
  const gs: number[] = [0];
  const ts: number[] = [0];
  let g = 0;
  let t = 0;
  let h = 1e-3;
  let r0 = rate(0);
  while (t < tMax) {
    const rm = rate(g + h / 2);
    const r1 = rate(g + h);
    t += (h / 6) * (1 / r0 + 4 / rm + 1 / r1);
    g += h;
    r0 = r1;
    gs.push(g);
    ts.push(t);
    h = Math.max(1e-3, g * 0.01);
    if (gs.length > 1e6) throw new Error(`${fn}: time ${tMax} too large to reach`);
  }
  const out = new Float64Array(times.length);
  for (let i = 0; i < times.length; i++) {
    const ti = times[i];
    let j = 1;
    while (ts[j] < ti) j++;
    const w = (ti - ts[j - 1]) / (ts[j] - ts[j - 1]);
    out[i] = risk(gs[j - 1] + w * (gs[j] - gs[j - 1]));
  }
  return out;
}

/** The scaling-law exponents of 2510.01098 Result 8. */
export interface ScalingExponents {
  /** depth: loss ∝ L^{−β}. */
  depth: number;
  /** time: loss ∝ t^{−β/(2+β)}. */
  time: number;
  /** width: loss ∝ N^{−νβ}. */
  width: number;
  /** context: loss ∝ P^{−νβ}. */
  context: number;
}

/**
 * Predicted scaling-law exponents (as negative slopes) of the RRS deep model,
 * `L ≈ c_t t^{−β/(2+β)} + c_N N^{−νβ} + c_L L^{−β} + c_P P^{−νβ}` (2510.01098 Result 8).
 *
 * @param p ν, β
 * @returns the four slopes
 */
export function scalingExponents(p: SourceCapacity): ScalingExponents {
  checkPos("scalingExponents", "nu", p.nu);
  checkPos("scalingExponents", "beta", p.beta);
  return {
    depth: -p.beta,
    time: -p.beta / (2 + p.beta),
    width: -p.nu * p.beta,
    context: -p.nu * p.beta,
  };
}

/** Compute-optimal shape at fixed compute `C = N^a · L`. */
export interface ComputeOptimalShape {
  /** optimal width N*. */
  width: number;
  /** optimal depth L*. */
  depth: number;
  /** minimal loss `c_N N*^{−νβ} + c_L L*^{−β}`. */
  loss: number;
  /** exponent of N* in C: `1/(a + ν)`. */
  widthExponent: number;
  /** exponent of L* in C: `ν/(a + ν)`. */
  depthExponent: number;
  /** exponent of the loss in C: `−νβ/(a + ν)`. */
  lossExponent: number;
}

/**
 * Compute-optimal width and depth (arXiv:2510.01098, Result 8): minimise `c_N N^{−νβ} + c_L L^{−β}` subject
 * to `N^a L = C`. Stationarity gives `ν c_N N^{−νβ} = a c_L L^{−β}`, hence `L ∝ N^ν`,
 * `N* = (a c_L/(ν c_N))^{1/(β(a+ν))} C^{1/(a+ν)}` (continuous relaxation).
 *
 * @param compute budget C > 0
 * @param p ν, β, the prefactors `cN`, `cL` (default 1) and the width exponent `a` of compute (default 2)
 * @returns the optimal shape, loss and exponents
 */
export function computeOptimalShape(
  compute: number,
  p: { nu: number; beta: number; cN?: number; cL?: number; a?: number },
): ComputeOptimalShape {
  const fn = "computeOptimalShape";
  checkPos(fn, "compute", compute);
  checkPos(fn, "nu", p.nu);
  checkPos(fn, "beta", p.beta);
  const cN = p.cN ?? 1;
  const cL = p.cL ?? 1;
  const a = p.a ?? 2;
  checkPos(fn, "a", a);
  const { nu, beta } = p;
  // N^{−νβ − aβ} = (a cL/(ν cN)) C^{−β}  →  N = [(ν cN/(a cL)) C^{β}]^{1/(β(ν+a))}
  const width = ((nu * cN) / (a * cL) * compute ** beta) ** (1 / (beta * (nu + a)));
  const depth = compute / width ** a;
  const loss = cN * width ** (-nu * beta) + cL * depth ** -beta;
  return {
    width,
    depth,
    loss,
    widthExponent: 1 / (a + nu),
    depthExponent: nu / (a + nu),
    lossExponent: (-nu * beta) / (a + nu),
  };
}

function matmulSquare(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const v = a[i * n + k];
      if (v === 0) continue;
      for (let j = 0; j < n; j++) c[i * n + j] += v * b[k * n + j];
    }
  }
  return c;
}

/**
 * Matrix exponential of a (small) square matrix by scaling and squaring of a degree-18 Taylor
 * polynomial (accurate to ~1e-15 relative for the skew-symmetric generators used here).
 *
 * @param a row-major n×n matrix
 * @returns e^A, row-major n×n
 */
export function expmSmall(a: Float64Array): Float64Array {
  const n = Math.round(Math.sqrt(a.length));
  if (n * n !== a.length) {
    throw new Error(`expmSmall: argument "a" must be square, got length ${a.length}`);
  }
  let norm = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.abs(a[i * n + j]);
    norm = Math.max(norm, s);
  }
  const sq = Math.max(0, Math.ceil(Math.log2(norm / 0.25)));
  const scale = 2 ** -sq;
  const x = a.map((v) => v * scale);
  let term: Float64Array = new Float64Array(n * n);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) term[i * n + i] = out[i * n + i] = 1;
  for (let k = 1; k <= 18; k++) {
    term = matmulSquare(term, x, n).map((v) => v / k);
    for (let i = 0; i < n * n; i++) out[i] += term[i];
  }
  let r: Float64Array = out;
  for (let s = 0; s < sq; s++) r = matmulSquare(r, r, n);
  return r;
}

/**
 * Out-of-distribution risk of the fixed-structure optimum at infinite context (2510.01098
 * Results 3–5, "brittleness"): with `Γ = LΣ^{-1}` and a rotated test covariance
 * `Σ′ = e^{θS} Σ e^{−θS}` (S skew-symmetric; tasks rotated the same way, `Ω′ = e^{θS}Ωe^{−θS}`),
 * `L_OOD = (1/D) tr[Ω′ ((I − Σ^{-1}Σ′)^L)ᵀ Σ′ (I − Σ^{-1}Σ′)^L]`. Zero at θ = 0 for every L.
 *
 * @param theta rotation angle θ
 * @param skew skew-symmetric generator S (row-major D×D)
 * @param options Σ and Ω eigenvalues (co-diagonal, standard basis) and the depth L
 * @returns L_OOD
 */
export function fsOutOfDistributionLoss(
  theta: number,
  skew: Float64Array,
  options: ModeSpectra & { depth: number },
): number {
  const fn = "fsOutOfDistributionLoss";
  const D = checkSpectra(fn, options);
  checkDepth(fn, options.depth);
  if (skew.length !== D * D) {
    throw new Error(`${fn}: argument "skew" must have length D² = ${D * D}, got ${skew.length}`);
  }
  const R = expmSmall(skew.map((v) => v * theta));
  // Σ′ = R Σ Rᵀ, Ω′ = R Ω Rᵀ
  const rot = (eig: ArrayLike<number>) => {
    const m = new Float64Array(D * D);
    for (let i = 0; i < D; i++) {
      for (let j = 0; j < D; j++) {
        let s = 0;
        for (let k = 0; k < D; k++) s += R[i * D + k] * eig[k] * R[j * D + k];
        m[i * D + j] = s;
      }
    }
    return m;
  };
  const sp = rot(options.lambda);
  const op = rot(options.omega);
  const M = new Float64Array(D * D);
  for (let i = 0; i < D; i++) {
    for (let j = 0; j < D; j++) {
      M[i * D + j] = (i === j ? 1 : 0) - sp[i * D + j] / options.lambda[i];
    }
  }
  let E: Float64Array = new Float64Array(D * D);
  for (let i = 0; i < D; i++) E[i * D + i] = 1;
  for (let l = 0; l < options.depth; l++) E = matmulSquare(M, E, D);
  // tr[Ω′ Eᵀ Σ′ E]
  const se = matmulSquare(sp, E, D);
  let tr = 0;
  for (let i = 0; i < D; i++) {
    for (let j = 0; j < D; j++) {
      // (Eᵀ Σ′ E)_{ij} = Σ_k E_{ki} (Σ′E)_{kj}
      let s = 0;
      for (let k = 0; k < D; k++) s += E[k * D + i] * se[k * D + j];
      tr += op[j * D + i] * s;
    }
  }
  return tr / D;
}
