/**
 * Bracketed scalar root finding and minimisation (Brent's method and golden-section search).
 *
 * Used by the resolvent / deterministic-equivalent solvers, which reduce to one scalar equation
 * whose root is known to lie in a bracket.
 *
 * @module
 */

/** Options for {@linkcode brentRoot}. */
export interface BrentRootOptions {
  /** Absolute tolerance on the root (default 1e-15). */
  tol?: number;
  /** Maximum number of iterations (default 300). */
  maxIter?: number;
}

/**
 * Find a root of `f` in `[lo, hi]` with Brent's method (inverse quadratic interpolation with
 * bisection fallback). `f(lo)` and `f(hi)` must have opposite signs (or one of them be 0).
 *
 * @param f scalar function
 * @param bracket `[lo, hi]`
 * @returns x with f(x) ≈ 0, accurate to `tol` (absolute) plus a few ulps of x
 */
export function brentRoot(
  f: (x: number) => number,
  bracket: readonly [number, number],
  options: BrentRootOptions = {},
): number {
  const tol = options.tol ?? 1e-15;
  const maxIter = options.maxIter ?? 300;
  let [a, b] = bracket;
  if (!(Number.isFinite(a) && Number.isFinite(b))) {
    throw new Error(`brentRoot: argument "bracket" must be finite, got [${a}, ${b}]`);
  }
  let fa = f(a);
  let fb = f(b);
  if (Number.isNaN(fa) || Number.isNaN(fb)) {
    throw new Error(`brentRoot: f is NaN at the bracket ends [${a}, ${b}]`);
  }
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (fa * fb > 0) {
    throw new Error(
      `brentRoot: argument "bracket" must bracket a sign change, got f(${a}) = ${fa}, f(${b}) = ${fb}`,
    );
  }
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iter = 0; iter < maxIter; iter++) {
    if (fb * fc > 0) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol1 = 2 * Number.EPSILON * Math.abs(b) + 0.5 * tol;
    const xm = 0.5 * (c - b);
    if (Math.abs(xm) <= tol1 || fb === 0) return b;
    if (Math.abs(e) >= tol1 && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * xm * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * xm * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      p = Math.abs(p);
      const min1 = 3 * xm * q - Math.abs(tol1 * q);
      const min2 = Math.abs(e * q);
      if (2 * p < Math.min(min1, min2)) {
        e = d;
        d = p / q;
      } else {
        d = xm;
        e = d;
      }
    } else {
      d = xm;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol1 ? d : (xm >= 0 ? tol1 : -tol1);
    fb = f(b);
  }
  return b;
}

/** Result of {@linkcode goldenMinimize}. */
export interface ScalarMinimum {
  /** argmin. */
  x: number;
  /** minimum value f(x). */
  value: number;
}

/**
 * Minimise a unimodal function on `[lo, hi]` by golden-section search (the ends are candidates
 * too, so a monotone function returns its better end).
 *
 * @param f scalar function, unimodal on the interval
 * @param bracket `[lo, hi]` with lo < hi
 * @param options `iterations` (default 120, shrinking the interval by 0.618^120 ≈ 1e-25)
 * @returns the argmin and the minimum value
 */
export function goldenMinimize(
  f: (x: number) => number,
  bracket: readonly [number, number],
  options: { iterations?: number } = {},
): ScalarMinimum {
  let [a, b] = bracket;
  if (!(a < b)) {
    throw new Error(`goldenMinimize: argument "bracket" must have lo < hi, got [${a}, ${b}]`);
  }
  const iterations = options.iterations ?? 120;
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = b - g * (b - a);
  let x2 = a + g * (b - a);
  let f1 = f(x1);
  let f2 = f(x2);
  for (let i = 0; i < iterations && b - a > 1e-15 * (1 + Math.abs(a)); i++) {
    if (f1 <= f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - g * (b - a);
      f1 = f(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + g * (b - a);
      f2 = f(x2);
    }
  }
  let best: ScalarMinimum = f1 <= f2 ? { x: x1, value: f1 } : { x: x2, value: f2 };
  const fa = f(bracket[0]);
  const fb = f(bracket[1]);
  if (fa < best.value) best = { x: bracket[0], value: fa };
  if (fb < best.value) best = { x: bracket[1], value: fb };
  return best;
}
