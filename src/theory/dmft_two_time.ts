/**
 * Generic two-time DMFT grid: a symmetric (or general) matrix C(a, b) over discrete times that is
 * filled row by row by a causal closure, as in the dynamical mean-field theories of kinetic spin
 * models (arXiv:2507.18461, the DMFT; PAPERS.md, "Kinetic glass") and of gradient-descent learning. Shared by every
 * theory that steps a two-time order parameter forward in time.
 *
 * @module
 */

/** A square two-time grid C(a, b), a, b ∈ [0, size), stored row-major in a Float64Array. */
export class TwoTimeGrid {
  /** Number of time indices. */
  readonly size: number;
  /** Row-major storage, length size². */
  readonly data: Float64Array;

  /** A zero-filled `size × size` grid. */
  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) {
      throw new Error(`TwoTimeGrid: argument "size" must be a positive integer, got ${size}`);
    }
    this.size = size;
    this.data = new Float64Array(size * size);
  }

  /** C(a, b). */
  get(a: number, b: number): number {
    return this.data[a * this.size + b];
  }

  /** Sets C(a, b) only. */
  set(a: number, b: number, v: number): void {
    this.data[a * this.size + b] = v;
  }

  /** Sets C(a, b) = C(b, a) = v. */
  setSymmetric(a: number, b: number, v: number): void {
    this.data[a * this.size + b] = v;
    this.data[b * this.size + a] = v;
  }

  /** Diagonal C(a, a) for a ∈ [0, size). */
  diagonal(): Float64Array {
    const d = new Float64Array(this.size);
    for (let a = 0; a < this.size; a++) d[a] = this.data[a * this.size + a];
    return d;
  }

  /** Nested-array copy (for results.json). */
  toArray(): number[][] {
    const out: number[][] = [];
    for (let a = 0; a < this.size; a++) {
      out.push(Array.from(this.data.subarray(a * this.size, (a + 1) * this.size)));
    }
    return out;
  }
}

/** Options of {@link stepTwoTime}. */
export interface StepTwoTimeOptions {
  /** Number of time indices of the grid. */
  size: number;
  /** Number of leading indices fixed by `initialize` (prompt / initial condition); ≥ 0. */
  prefix: number;
  /** Writes the initial block C(a, b), a, b < prefix. */
  initialize: (grid: TwoTimeGrid) => void;
  /**
   * Fills row `a` (C(a, b) for b ≤ a, and by symmetry C(b, a)) from entries with smaller
   * indices; called for a = prefix … size − 1 in order (causality).
   */
  fillRow: (a: number, grid: TwoTimeGrid) => void;
}

/**
 * Steps a two-time DMFT forward: creates the grid, applies the initial block, then calls the
 * causal row closure for each later time. Returns the filled grid.
 */
export function stepTwoTime(options: StepTwoTimeOptions): TwoTimeGrid {
  const { size, prefix } = options;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > size) {
    throw new Error(
      `stepTwoTime: option "prefix" must be an integer in [0, size=${size}], got ${prefix}`,
    );
  }
  const grid = new TwoTimeGrid(size);
  options.initialize(grid);
  for (let a = prefix; a < size; a++) options.fillRow(a, grid);
  return grid;
}

/**
 * Lagged quadratic form Q(a, b) = Σ_{k,l=1..K} Γ_{kl} C(a−k, b−l) of a two-time grid, the field
 * covariance of K-lag kinetic models (arXiv:2507.18461, the DMFT). `gamma` is K×K row-major;
 * requires a, b ≥ K.
 */
export function laggedQuadraticForm(
  grid: TwoTimeGrid,
  gamma: Float64Array,
  lags: number,
  at: { a: number; b: number },
): number {
  const { a, b } = at;
  let acc = 0;
  for (let k = 1; k <= lags; k++) {
    const row = (a - k) * grid.size;
    for (let l = 1; l <= lags; l++) {
      const g = gamma[(k - 1) * lags + (l - 1)];
      if (g !== 0) acc += g * grid.data[row + b - l];
    }
  }
  return acc;
}

/**
 * Time-averaged lagged correlations c_τ = mean_{a ∈ [from, to − τ)} C(a, a + τ), τ = 0…maxLag:
 * the stationary-window estimate of a two-time grid (arXiv:2507.18461; PAPERS.md, "Kinetic glass").
 */
export function bandAverages(
  grid: TwoTimeGrid,
  options: { from: number; to?: number; maxLag: number },
): Float64Array {
  const to = options.to ?? grid.size;
  const { from, maxLag } = options;
  if (!(from >= 0 && to <= grid.size && to - maxLag > from)) {
    throw new Error(
      `bandAverages: need 0 <= from < to - maxLag and to <= size=${grid.size}, got from=${from}, to=${to}, maxLag=${maxLag}`,
    );
  }
  const c = new Float64Array(maxLag + 1);
  for (let tau = 0; tau <= maxLag; tau++) {
    let s = 0, n = 0;
    for (let a = from; a + tau < to; a++) {
      s += grid.get(a, a + tau);
      n++;
    }
    c[tau] = s / n;
  }
  return c;
}
