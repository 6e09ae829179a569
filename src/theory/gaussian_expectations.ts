/**
 * Gaussian expectations of one and two jointly Gaussian variables, computed on a uniform
 * trapezoid grid (exponentially accurate for integrands analytic in a strip, which is the case
 * for tanh; 41–61-node Gauss–Hermite is only ~1e-3 accurate here: PAPERS.md, "Kinetic
 * glass"), plus the closed forms for the sign function.
 *
 * @module
 */

/** Options of the trapezoid Gaussian quadrature. */
export interface TrapezoidOptions {
  /** Number of grid nodes per axis (odd values keep z = 0 on the grid). Default: chosen from the strip width. */
  nodes?: number;
  /** Half width L of the standard-normal grid [-L, L]. Default 9 (tail mass below 1e-18). */
  halfWidth?: number;
}

/** Quadrature rule on the standard normal: nodes z_i and weights w_i with Σ w_i f(z_i) ≈ E f(z). */
export interface GaussianRule {
  /** Standard-normal nodes. */
  nodes: Float64Array;
  /** Weights (sum to 1 up to the truncated tail). */
  weights: Float64Array;
}

function checkPositiveInt(fn: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) {
    throw new Error(`${fn}: argument "${name}" must be a positive integer, got ${v}`);
  }
}

function checkFinite(fn: string, name: string, v: number): void {
  if (!Number.isFinite(v)) {
    throw new Error(`${fn}: argument "${name}" must be a finite number, got ${v}`);
  }
}

/**
 * Uniform trapezoid rule for E f(z), z ~ N(0, 1), on [-halfWidth, halfWidth] with `nodes` points.
 * The weights are h·φ(z_i) renormalised to sum to 1 (the truncated tail is below 1e-18 for the
 * default half width 9).
 */
export function trapezoidGaussianRule(
  nodes: number,
  options: { halfWidth?: number } = {},
): GaussianRule {
  checkPositiveInt("trapezoidGaussianRule", "nodes", nodes);
  const L = options.halfWidth ?? 9;
  if (!(L > 0) || !Number.isFinite(L)) {
    throw new Error(
      `trapezoidGaussianRule: option "halfWidth" must be a positive number, got ${L}`,
    );
  }
  const cacheKey = `${nodes}:${L}`;
  const hit = ruleCache.get(cacheKey);
  if (hit) return hit;
  const z = new Float64Array(nodes);
  const w = new Float64Array(nodes);
  if (nodes === 1) {
    w[0] = 1;
    return { nodes: z, weights: w };
  }
  const h = (2 * L) / (nodes - 1);
  let s = 0;
  for (let i = 0; i < nodes; i++) {
    z[i] = -L + i * h;
    w[i] = Math.exp(-0.5 * z[i] * z[i]);
    s += w[i];
  }
  for (let i = 0; i < nodes; i++) w[i] /= s;
  const rule = { nodes: z, weights: w };
  if (ruleCache.size > 64) ruleCache.clear();
  ruleCache.set(cacheKey, rule);
  return rule;
}

// Rules are immutable once built; cache the few (nodes, halfWidth) pairs a solver uses.
const ruleCache = new Map<string, GaussianRule>();

/**
 * Number of trapezoid nodes that resolves tanh(√q·z) to ~1e-11: the integrand is analytic in a
 * strip of half width d = π/(2√q), the trapezoid error is ~exp(-2πd/h), so h = d/4 (capped at
 * 0.125 and at `maxNodes` total).
 */
export function tanhTrapezoidNodes(
  maxVariance: number,
  options: { halfWidth?: number; maxNodes?: number } = {},
): number {
  const L = options.halfWidth ?? 9;
  const cap = options.maxNodes ?? 2001;
  const q = Math.max(maxVariance, 1e-12);
  const d = Math.PI / (2 * Math.sqrt(q));
  const h = Math.min(0.125, d / 4);
  let n = 2 * Math.ceil(L / h) + 1;
  if (n > cap) n = cap % 2 === 1 ? cap : cap - 1;
  return n;
}

/**
 * E f(x) for x ~ N(0, variance), by the trapezoid rule on the standardised variable.
 * `variance` must be ≥ 0 (0 gives f(0)).
 */
export function gaussianExpectation1d(
  f: (x: number) => number,
  options: { variance: number } & TrapezoidOptions,
): number {
  const q = options.variance;
  checkFinite("gaussianExpectation1d", "variance", q);
  if (q < 0) throw new Error(`gaussianExpectation1d: option "variance" must be >= 0, got ${q}`);
  if (q === 0) return f(0);
  const rule = trapezoidGaussianRule(options.nodes ?? 401, { halfWidth: options.halfWidth });
  const s = Math.sqrt(q);
  let acc = 0;
  for (let i = 0; i < rule.nodes.length; i++) acc += rule.weights[i] * f(s * rule.nodes[i]);
  return acc;
}

/** Parameters of a centred bivariate Gaussian (x, y). */
export interface BivariateGaussian {
  /** Var x (≥ 0). */
  varX: number;
  /** Var y (≥ 0). */
  varY: number;
  /** Cov(x, y); the correlation is clipped to [-1, 1]. */
  cov: number;
}

function checkBivariate(fn: string, p: BivariateGaussian): void {
  checkFinite(fn, "varX", p.varX);
  checkFinite(fn, "varY", p.varY);
  checkFinite(fn, "cov", p.cov);
  if (p.varX < 0 || p.varY < 0) {
    throw new Error(
      `${fn}: variances must be >= 0, got varX=${p.varX}, varY=${p.varY}`,
    );
  }
}

function correlation(p: BivariateGaussian): number {
  const d = Math.sqrt(p.varX * p.varY);
  if (d === 0) return 0;
  return Math.max(-1, Math.min(1, p.cov / d));
}

/**
 * E f(x, y) for a centred bivariate Gaussian, by the tensor trapezoid rule after the substitution
 * x = √varX z₁, y = √varY (r z₁ + √(1−r²) z₂) with r the correlation (clipped to [−1, 1]).
 */
export function gaussianExpectation2d(
  f: (x: number, y: number) => number,
  params: BivariateGaussian & TrapezoidOptions,
): number {
  checkBivariate("gaussianExpectation2d", params);
  const rule = trapezoidGaussianRule(params.nodes ?? 201, { halfWidth: params.halfWidth });
  const r = correlation(params);
  const s = Math.sqrt(Math.max(0, 1 - r * r));
  const sx = Math.sqrt(params.varX), sy = Math.sqrt(params.varY);
  const z = rule.nodes, w = rule.weights, n = z.length;
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const x = sx * z[i];
    const base = r * z[i];
    let inner = 0;
    for (let j = 0; j < n; j++) inner += w[j] * f(x, sy * (base + s * z[j]));
    acc += w[i] * inner;
  }
  return acc;
}

/**
 * F_tanh(q_a, q_b, q_ab) = E[tanh(x) tanh(y)] for centred Gaussian (x, y) with Var x = q_a,
 * Var y = q_b, Cov = q_ab: the Ising closure of the kinetic-glass DMFT (arXiv:2507.18461;
 * PAPERS.md, "Kinetic glass"). Uniform trapezoid grid; the node count adapts to the variances (see
 * {@link tanhTrapezoidNodes}) unless `nodes` is given. Returns 0 when q_a·q_b = 0.
 */
export function tanhProductExpectation(
  qa: number,
  qb: number,
  qab: number,
  options: TrapezoidOptions = {},
): number {
  checkBivariate("tanhProductExpectation", { varX: qa, varY: qb, cov: qab });
  if (qa * qb === 0) return 0;
  const r = correlation({ varX: qa, varY: qb, cov: qab });
  if (r === 0) return 0;
  let n = options.nodes ?? tanhTrapezoidNodes(Math.max(qa, qb), options);
  if (n % 2 === 0) n += 1; // keep z = 0 on the grid for the symmetric half-sum below
  const rule = trapezoidGaussianRule(n, { halfWidth: options.halfWidth });
  const s = Math.sqrt(Math.max(0, 1 - r * r));
  const sa = Math.sqrt(qa), sb = Math.sqrt(qb);
  const z = rule.nodes, w = rule.weights;
  let acc = 0;
  // The integrand is odd under (z1, z2) -> (-z1, -z2): sum over z1 >= 0 and double.
  const half = (n - 1) / 2;
  for (let i = half; i < n; i++) {
    const ta = Math.tanh(sa * z[i]);
    if (ta === 0) continue;
    const base = sb * r * z[i];
    const sz = sb * s;
    let inner = 0;
    for (let j = 0; j < n; j++) inner += w[j] * Math.tanh(base + sz * z[j]);
    acc += (i === half ? 1 : 2) * w[i] * ta * inner;
  }
  return acc;
}

/**
 * E[sign(x) sign(y)] = (2/π) arcsin(r) for a centred bivariate Gaussian with correlation
 * r = q_ab/√(q_a q_b) (clipped): the β → ∞ (sign) closure of the kinetic-glass DMFT
 * (arXiv:2507.18461, the DMFT). Returns 0 when q_a·q_b = 0.
 */
export function signProductExpectation(qa: number, qb: number, qab: number): number {
  checkBivariate("signProductExpectation", { varX: qa, varY: qb, cov: qab });
  if (qa * qb === 0) return 0;
  return (2 / Math.PI) * Math.asin(correlation({ varX: qa, varY: qb, cov: qab }));
}

/** E tanh²(x) for x ~ N(0, q): the equal-time value and upper bound of F_tanh(q, q, ·). */
export function tanhSquaredExpectation(q: number, options: TrapezoidOptions = {}): number {
  if (!(q >= 0) || !Number.isFinite(q)) {
    throw new Error(`tanhSquaredExpectation: argument "q" must be a finite number >= 0, got ${q}`);
  }
  return gaussianExpectation1d((x) => Math.tanh(x) ** 2, {
    variance: q,
    nodes: options.nodes ?? tanhTrapezoidNodes(q, options),
    halfWidth: options.halfWidth,
  });
}

/**
 * E tanh′(x) = E sech²(x) for x ~ N(0, q). Its square is the linear-response gain
 * a = (E φ′)² of the stationary Ising closure (arXiv:2507.18461, stability of the
 * stationary state; Price's theorem).
 */
export function sech2Expectation(q: number, options: TrapezoidOptions = {}): number {
  if (!(q >= 0) || !Number.isFinite(q)) {
    throw new Error(`sech2Expectation: argument "q" must be a finite number >= 0, got ${q}`);
  }
  return gaussianExpectation1d((x) => 1 / Math.cosh(x) ** 2, {
    variance: q,
    nodes: options.nodes ?? tanhTrapezoidNodes(q, options),
    halfWidth: options.halfWidth,
  });
}
