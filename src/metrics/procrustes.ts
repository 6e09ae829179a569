/**
 * Angular Procrustes shape distance (Williams et al. 2021), one of the representational
 * metrics INSD reports (Qian & Pehlevan, arXiv:2509.21504, appendix on metrics):
 * d(X, Y) = arccos(‖X_cᵀY_c‖_* / (‖X_c‖_F ‖Y_c‖_F)), columns centred, ‖·‖_* the nuclear norm.
 * Symmetric, in [0, π/2], zero iff Y_c = c·X_c·Q for an orthogonal Q and c > 0.
 * @module
 */
import type { NDArray } from "../array/mod.ts";
import { svdF64 } from "../linalg/mod.ts";
import { centerColumns, crossProduct, readPair, sumSquares } from "./_samples.ts";

/** Angular Procrustes distance (radians) between x [samples, n_x] and y [samples, n_y]. */
export function procrustesAngle(x: NDArray, y: NDArray): number {
  const [a, b] = readPair("procrustesAngle", x, y);
  centerColumns(a);
  centerColumns(b);
  const nx = Math.sqrt(sumSquares(a.data)), ny = Math.sqrt(sumSquares(b.data));
  if (!(nx > 0 && ny > 0)) return Math.PI / 2;
  const { s } = svdF64(crossProduct(a, b), {
    m: a.n,
    n: b.n,
    vectors: false,
    fn: "procrustesAngle",
  });
  const nuc = s.reduce((t, v) => t + v, 0);
  return Math.acos(Math.min(1, Math.max(0, nuc / (nx * ny))));
}
