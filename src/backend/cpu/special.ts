/**
 * Special functions in full double precision (no platform `Math.erf` exists in JS).
 * @module
 */

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;

/**
 * The complementary error function erfc(x) = 1 − erf(x), accurate to a few ulp relative for
 * x ≥ 0 (continued fraction for x ≥ 3, via {@link erf}'s series below that).
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 3) return 1 - erf(x);
  // Lentz's algorithm for erfc(x) = exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))
  const tiny = 1e-300;
  let f = x, c = x, d = 0;
  for (let k = 1; k < 200; k++) {
    const a = k / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) * ONE_OVER_SQRT_PI / f;
}

/**
 * The error function erf(x) = 2/√π ∫₀ˣ e^{−t²} dt in double precision.
 * For |x| < 3 it sums the positive series erf(x) = 2/√π · e^{−x²} Σₙ 2ⁿ x^{2n+1}/(2n+1)!!
 * (no cancellation); beyond, 1 − erfc(x) by continued fraction.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax >= 3) {
    const v = 1 - erfc(ax);
    return x < 0 ? -v : v;
  }
  const x2 = ax * ax;
  let term = ax, sum = ax;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  const v = TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  return x < 0 ? -v : v;
}
