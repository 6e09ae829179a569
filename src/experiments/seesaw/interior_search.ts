/**
 * A one-dimensional search over a geometric grid that widens until its choice is an interior
 * point: the rule behind the Seesaw LM plan's critical-batch search (largest batch within 1% of
 * the best loss) and its learning-rate search (the best cosine LR at each B₀) (arXiv:2510.14717
 * §4 tunes the LR per B₀ on a grid; PAPERS.md, Seesaw). A choice at an edge of the grid only
 * bounds the optimum, so the grid is extended one geometric step past that edge and the choice
 * is made again, until it is interior or the widening budget is spent.
 * @module
 */
import { ArgumentError } from "../../errors/mod.ts";

/** One evaluated grid point. */
export interface SearchPoint {
  /** Grid coordinate (a batch size, a learning rate). */
  x: number;
  /** Its value (e.g. a final validation loss). */
  value: number;
}

/** Options of {@link searchUntilInterior}. */
export interface InteriorSearchOptions {
  /** The chosen coordinate among the evaluated points (sorted by x); must be one of their x. */
  pick: (points: readonly SearchPoint[]) => number;
  /** Widening steps allowed in all (default 4). */
  maxWiden?: number;
  /**
   * Step of a widening as a factor (> 1); default: the ratio of the two grid points at that edge
   * (so a geometric grid continues geometrically).
   */
  ratio?: number;
  /** Snap a new grid point (e.g. `Math.floor` for whole batches); default identity. */
  round?: (x: number) => number;
  /** No grid point below this (default 0: any positive point). */
  min?: number;
  /** Called before each added point is evaluated (e.g. to log it). */
  onWiden?: (x: number, chosen: number) => void;
}

/** Result of {@link searchUntilInterior}. */
export interface InteriorSearchResult {
  /** Every evaluated point, sorted by x. */
  points: SearchPoint[];
  /** The chosen coordinate among them. */
  chosen: number;
  /** The choice is strictly inside the evaluated range. */
  interior: boolean;
  /** Points added beyond the initial grid. */
  widened: number;
}

/**
 * Evaluate `evaluate` on `grid`, choose with `pick`, and while the choice is the smallest or the
 * largest evaluated point add one point a geometric step past that edge (x/r or x·r, snapped by
 * `round`) and choose again, at most `maxWiden` times. A one-point grid without `ratio`, a point
 * that would fall below `min` or one already evaluated ends the widening with `interior: false`.
 *
 * @param grid initial grid (positive, distinct; any order)
 * @param evaluate value at a coordinate (called once per coordinate)
 * @param options the choice rule, widening budget and snapping
 * @returns the evaluated points, the choice and whether it is interior
 */
export async function searchUntilInterior(
  grid: readonly number[],
  evaluate: (x: number) => Promise<number>,
  options: InteriorSearchOptions,
): Promise<InteriorSearchResult> {
  const fn = "searchUntilInterior";
  if (grid.length === 0 || grid.some((x) => !(x > 0) || !Number.isFinite(x))) {
    throw new ArgumentError(fn, "grid", "a non-empty list of positive numbers", `[${grid}]`);
  }
  const maxWiden = options.maxWiden ?? 4;
  if (!Number.isInteger(maxWiden) || maxWiden < 0) {
    throw new ArgumentError(fn, "maxWiden", "a non-negative integer", maxWiden);
  }
  if (options.ratio !== undefined && !(options.ratio > 1 && Number.isFinite(options.ratio))) {
    throw new ArgumentError(fn, "ratio", "a finite number > 1", options.ratio);
  }
  const round = options.round ?? ((x: number) => x);
  const min = options.min ?? 0;
  const points: SearchPoint[] = [];
  const add = async (x: number) => {
    points.push({ x, value: await evaluate(x) });
    points.sort((a, b) => a.x - b.x);
  };
  for (const x of [...new Set(grid)].sort((a, b) => a - b)) await add(x);
  let widened = 0;
  for (;;) {
    const chosen = options.pick(points);
    if (!points.some((p) => p.x === chosen)) {
      throw new Error(`${fn}: pick returned ${chosen}, not an evaluated point`);
    }
    const n = points.length;
    const lo = points[0].x, hi = points[n - 1].x;
    const interior = chosen > lo && chosen < hi;
    if (interior || widened >= maxWiden || (n < 2 && options.ratio === undefined)) {
      return { points, chosen, interior, widened };
    }
    const next = chosen === hi
      ? round(hi * (options.ratio ?? hi / points[n - 2].x))
      : round(lo / (options.ratio ?? points[1].x / lo));
    if (!(next >= min) || !(next > 0) || points.some((p) => p.x === next)) {
      return { points, chosen, interior, widened };
    }
    options.onWiden?.(next, chosen);
    await add(next);
    widened++;
  }
}

/** The coordinate of the smallest value (the first such point on ties): an argmin `pick`. */
export function pickMin(points: readonly SearchPoint[]): number {
  let best = points[0];
  for (const p of points) if (p.value < best.value) best = p;
  return best.x;
}

/** A coordinate snapped to `digits` significant digits (0.08999999999999998 → 0.09). */
export function roundSignificant(x: number, digits = 3): number {
  return Number(x.toPrecision(digits));
}
