/**
 * Level-1 BLAS on the wasm backend (dot, axpy, scal, nrm2): strided operands are gathered
 * into contiguous wasm memory, the SIMD kernel runs, outputs are scattered back.
 *
 * @module
 */
import type { TypedArray } from "../types.ts";
import { checkScalar, checkVec1, checkVec2 } from "../validate.ts";
import { align64, copyVectorIn, copyVectorOut, reserve } from "./scratch.ts";

/** `Σ x[offX + i·incX]·y[offY + i·incY]` (SIMD; f32 data accumulates in f32 lanes). */
export function dotWasm(
  n: number,
  x: TypedArray,
  offX: number,
  incX: number,
  y: TypedArray,
  offY: number,
  incY: number,
): number {
  const dt = checkVec2("dot", n, x, offX, incX, y, offY, incY, { writeY: false });
  if (n === 0) return 0;
  const bytes = align64(n * (dt === "f64" ? 8 : 4));
  const { k, base } = reserve("dot", 2 * bytes);
  copyVectorIn(k, x, offX, incX, n, base);
  copyVectorIn(k, y, offY, incY, n, base + bytes);
  return (dt === "f64" ? k.exports.ddot : k.exports.sdot)(n, base, base + bytes);
}

/** `y ← alpha·x + y` over strided vectors (SIMD; fused multiply-add where available). */
export function axpyWasm(
  n: number,
  alpha: number,
  x: TypedArray,
  offX: number,
  incX: number,
  y: TypedArray,
  offY: number,
  incY: number,
): void {
  const dt = checkVec2("axpy", n, x, offX, incX, y, offY, incY, { writeY: true });
  checkScalar("axpy", "alpha", alpha);
  if (n === 0) return;
  const bytes = align64(n * (dt === "f64" ? 8 : 4));
  const { k, base } = reserve("axpy", 2 * bytes);
  copyVectorIn(k, x, offX, incX, n, base);
  copyVectorIn(k, y, offY, incY, n, base + bytes);
  (dt === "f64" ? k.exports.daxpy : k.exports.saxpy)(n, alpha, base, base + bytes);
  copyVectorOut(k, y, offY, incY, n, base + bytes);
}

/** `x ← alpha·x` over a strided vector (SIMD; IEEE products, so `0·NaN = NaN`). */
export function scalWasm(
  n: number,
  alpha: number,
  x: TypedArray,
  offX: number,
  incX: number,
): void {
  const dt = checkVec1("scal", n, x, offX, incX, { write: true });
  checkScalar("scal", "alpha", alpha);
  if (n === 0) return;
  const { k, base } = reserve("scal", align64(n * (dt === "f64" ? 8 : 4)));
  copyVectorIn(k, x, offX, incX, n, base);
  (dt === "f64" ? k.exports.dscal : k.exports.sscal)(n, alpha, base);
  copyVectorOut(k, x, offX, incX, n, base);
}

/**
 * Euclidean norm of a strided vector without overflow or underflow: f32 data is squared and
 * summed in f64 lanes; f64 data takes a SIMD pass of plain squares and falls back to a scaled
 * two-pass loop only when that sum overflowed or may have underflowed (kernels/wasm/level1.ts).
 */
export function nrm2Wasm(n: number, x: TypedArray, offX: number, incX: number): number {
  const dt = checkVec1("nrm2", n, x, offX, incX, { write: false });
  if (n === 0) return 0;
  const { k, base } = reserve("nrm2", align64(n * (dt === "f64" ? 8 : 4)));
  copyVectorIn(k, x, offX, incX, n, base);
  return (dt === "f64" ? k.exports.dnrm2 : k.exports.snrm2)(n, base);
}
