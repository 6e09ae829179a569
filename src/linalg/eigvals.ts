/**
 * Eigenvalues of a general (nonsymmetric) real matrix: balancing, reduction to upper
 * Hessenberg form by stabilised elementary similarity transforms, then the Francis
 * double-shift QR iteration (the EISPACK `balanc`/`elmhes`/`hqr` sequence, as in Numerical
 * Recipes §11.5–11.6). Complex eigenvalues come in conjugate pairs. Used for the Jacobian
 * spectra of RNN fixed points (INSD, arXiv:2509.21504).
 * @module
 */
import type { NDArray } from "../array/mod.ts";
import { fromTyped } from "../array/mod.ts";
import { readMatrix } from "./_matrix.ts";
import { ConvergenceError } from "./errors.ts";

/** Eigenvalues λ_k = re[k] + i·im[k] of a real n×n matrix, sorted by decreasing modulus. */
export interface EigvalsResult {
  /** Real parts, shape [n] (f64). */
  re: NDArray;
  /** Imaginary parts, shape [n] (f64); conjugate pairs are adjacent, positive part first. */
  im: NDArray;
}

/**
 * All eigenvalues of the real square matrix `a` (any dtype; computed in f64), sorted by
 * decreasing modulus |λ|. Backward stable: each computed eigenvalue is exact for a matrix
 * within O(n·eps·‖A‖) of `a`. Throws {@link ConvergenceError} if the QR iteration does not
 * deflate within 60 iterations per eigenvalue.
 * @example
 * ```ts
 * import { array } from "../array/mod.ts";
 * import { eigvals } from "./eigvals.ts";
 * const { re, im } = eigvals(array([[0, -2], [2, 0]])); // ±2i
 * if (Math.abs(re.get(0)) > 1e-12 || Math.abs(Math.abs(im.get(0)) - 2) > 1e-12) throw new Error();
 * ```
 */
export function eigvals(a: NDArray): EigvalsResult {
  const w = readMatrix("eigvals", "a", a, { square: true });
  const { re, im } = eigvalsF64(w.data, w.n);
  const order = Array.from({ length: w.n }, (_, i) => i).sort((i, j) => {
    const d = Math.hypot(re[j], im[j]) - Math.hypot(re[i], im[i]);
    return d !== 0 ? d : re[j] - re[i] || im[j] - im[i];
  });
  return {
    re: fromTyped(Float64Array.from(order, (i) => re[i]), [w.n]),
    im: fromTyped(Float64Array.from(order, (i) => im[i]), [w.n]),
  };
}

/**
 * Typed-array core of {@link eigvals}: eigenvalues of the row-major n×n matrix `data`
 * (not modified), unsorted.
 */
export function eigvalsF64(data: Float64Array, n: number): { re: Float64Array; im: Float64Array } {
  // 1-based working copy a[i][j], i, j ∈ 1..n, to follow the published algorithm closely.
  const a: Float64Array[] = [new Float64Array(n + 1)];
  for (let i = 1; i <= n; i++) {
    const row = new Float64Array(n + 1);
    for (let j = 1; j <= n; j++) row[j] = data[(i - 1) * n + (j - 1)];
    a.push(row);
  }
  balance(a, n);
  hessenberg(a, n);
  const wr = new Float64Array(n + 1), wi = new Float64Array(n + 1);
  hqr(a, n, wr, wi);
  return { re: wr.slice(1), im: wi.slice(1) };
}

/** Balance rows and columns by powers of 2 (similarity transform; improves accuracy). */
function balance(a: Float64Array[], n: number): void {
  const RADIX = 2, sqrdx = RADIX * RADIX;
  let done = false;
  while (!done) {
    done = true;
    for (let i = 1; i <= n; i++) {
      let r = 0, c = 0;
      for (let j = 1; j <= n; j++) {
        if (j !== i) {
          c += Math.abs(a[j][i]);
          r += Math.abs(a[i][j]);
        }
      }
      if (c !== 0 && r !== 0) {
        let g = r / RADIX, f = 1;
        const s = c + r;
        while (c < g) {
          f *= RADIX;
          c *= sqrdx;
        }
        g = r * RADIX;
        while (c > g) {
          f /= RADIX;
          c /= sqrdx;
        }
        if ((c + r) / f < 0.95 * s) {
          done = false;
          g = 1 / f;
          for (let j = 1; j <= n; j++) a[i][j] *= g;
          for (let j = 1; j <= n; j++) a[j][i] *= f;
        }
      }
    }
  }
}

/** Reduce to upper Hessenberg form by elimination with pivoting; zero the rest. */
function hessenberg(a: Float64Array[], n: number): void {
  for (let m = 2; m < n; m++) {
    let x = 0, i = m;
    for (let j = m; j <= n; j++) {
      if (Math.abs(a[j][m - 1]) > Math.abs(x)) {
        x = a[j][m - 1];
        i = j;
      }
    }
    if (i !== m) {
      for (let j = m - 1; j <= n; j++) [a[i][j], a[m][j]] = [a[m][j], a[i][j]];
      for (let j = 1; j <= n; j++) [a[j][i], a[j][m]] = [a[j][m], a[j][i]];
    }
    if (x !== 0) {
      for (let i2 = m + 1; i2 <= n; i2++) {
        let y = a[i2][m - 1];
        if (y !== 0) {
          y /= x;
          a[i2][m - 1] = y;
          for (let j = m; j <= n; j++) a[i2][j] -= y * a[m][j];
          for (let j = 1; j <= n; j++) a[j][m] += y * a[j][i2];
        }
      }
    }
  }
  for (let i = 3; i <= n; i++) for (let j = 1; j < i - 1; j++) a[i][j] = 0;
}

const sign = (a: number, b: number) => (b >= 0 ? Math.abs(a) : -Math.abs(a));

/** Francis double-shift QR on an upper Hessenberg matrix (destroys `a`). */
function hqr(a: Float64Array[], n: number, wr: Float64Array, wi: Float64Array): void {
  let anorm = 0;
  for (let i = 1; i <= n; i++) {
    for (let j = Math.max(i - 1, 1); j <= n; j++) anorm += Math.abs(a[i][j]);
  }
  let nn = n, t = 0;
  let p = 0, q = 0, r = 0, s = 0, w = 0, x = 0, y = 0, z = 0;
  while (nn >= 1) {
    let its = 0, l: number;
    do {
      for (l = nn; l >= 2; l--) {
        s = Math.abs(a[l - 1][l - 1]) + Math.abs(a[l][l]);
        if (s === 0) s = anorm;
        if (Math.abs(a[l][l - 1]) + s === s) {
          a[l][l - 1] = 0;
          break;
        }
      }
      x = a[nn][nn];
      if (l === nn) {
        wr[nn] = x + t;
        wi[nn--] = 0;
      } else {
        y = a[nn - 1][nn - 1];
        w = a[nn][nn - 1] * a[nn - 1][nn];
        if (l === nn - 1) {
          p = 0.5 * (y - x);
          q = p * p + w;
          z = Math.sqrt(Math.abs(q));
          x += t;
          if (q >= 0) {
            z = p + sign(z, p);
            wr[nn - 1] = wr[nn] = x + z;
            if (z !== 0) wr[nn] = x - w / z;
            wi[nn - 1] = wi[nn] = 0;
          } else {
            wr[nn - 1] = wr[nn] = x + p;
            wi[nn - 1] = z;
            wi[nn] = -z;
          }
          nn -= 2;
        } else {
          if (its === 60) throw new ConvergenceError("eigvals", "QR iteration, 60 sweeps");
          if (its === 10 || its === 20 || its === 40) {
            // exceptional shift
            t += x;
            for (let i = 1; i <= nn; i++) a[i][i] -= x;
            s = Math.abs(a[nn][nn - 1]) + Math.abs(a[nn - 1][nn - 2]);
            y = x = 0.75 * s;
            w = -0.4375 * s * s;
          }
          ++its;
          let m: number;
          for (m = nn - 2; m >= l; m--) {
            z = a[m][m];
            r = x - z;
            s = y - z;
            p = (r * s - w) / a[m + 1][m] + a[m][m + 1];
            q = a[m + 1][m + 1] - z - r - s;
            r = a[m + 2][m + 1];
            s = Math.abs(p) + Math.abs(q) + Math.abs(r);
            p /= s;
            q /= s;
            r /= s;
            if (m === l) break;
            const u = Math.abs(a[m][m - 1]) * (Math.abs(q) + Math.abs(r));
            const v = Math.abs(p) *
              (Math.abs(a[m - 1][m - 1]) + Math.abs(z) + Math.abs(a[m + 1][m + 1]));
            if (u + v === v) break;
          }
          for (let i = m + 2; i <= nn; i++) {
            a[i][i - 2] = 0;
            if (i !== m + 2) a[i][i - 3] = 0;
          }
          for (let k = m; k <= nn - 1; k++) {
            if (k !== m) {
              p = a[k][k - 1];
              q = a[k + 1][k - 1];
              r = 0;
              if (k !== nn - 1) r = a[k + 2][k - 1];
              x = Math.abs(p) + Math.abs(q) + Math.abs(r);
              if (x !== 0) {
                p /= x;
                q /= x;
                r /= x;
              }
            }
            s = sign(Math.sqrt(p * p + q * q + r * r), p);
            if (s !== 0) {
              if (k === m) {
                if (l !== m) a[k][k - 1] = -a[k][k - 1];
              } else a[k][k - 1] = -s * x;
              p += s;
              x = p / s;
              y = q / s;
              z = r / s;
              q /= p;
              r /= p;
              for (let j = k; j <= nn; j++) {
                p = a[k][j] + q * a[k + 1][j];
                if (k !== nn - 1) {
                  p += r * a[k + 2][j];
                  a[k + 2][j] -= p * z;
                }
                a[k + 1][j] -= p * y;
                a[k][j] -= p * x;
              }
              const mmin = nn < k + 3 ? nn : k + 3;
              for (let i = l; i <= mmin; i++) {
                p = x * a[i][k] + y * a[i][k + 1];
                if (k !== nn - 1) {
                  p += z * a[i][k + 2];
                  a[i][k + 2] -= p * r;
                }
                a[i][k + 1] -= p * q;
                a[i][k] -= p;
              }
            }
          }
        }
      }
    } while (l < nn - 1);
  }
}
