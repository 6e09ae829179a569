/**
 * Linear centred kernel alignment (Kornblith et al. 2019), one of the representational metrics
 * INSD compares against (Qian & Pehlevan, arXiv:2509.21504, appendix on metrics):
 * CKA(X, Y) = ‖Y_cᵀX_c‖²_F / (‖X_cᵀX_c‖_F ‖Y_cᵀY_c‖_F), columns centred. Symmetric, in [0, 1],
 * invariant to orthogonal transforms and isotropic scaling of either side, not to general
 * invertible maps.
 * @module
 */
import type { NDArray } from "../array/mod.ts";
import { centerColumns, crossProduct, readPair, sumSquares } from "./_samples.ts";

/** Linear CKA between activity matrices x [samples, n_x] and y [samples, n_y] (same rows). */
export function linearCka(x: NDArray, y: NDArray): number {
  const [a, b] = readPair("linearCka", x, y);
  centerColumns(a);
  centerColumns(b);
  const xy = sumSquares(crossProduct(a, b));
  const xx = Math.sqrt(sumSquares(crossProduct(a, a)));
  const yy = Math.sqrt(sumSquares(crossProduct(b, b)));
  return xx > 0 && yy > 0 ? Math.min(1, xy / (xx * yy)) : 0;
}
