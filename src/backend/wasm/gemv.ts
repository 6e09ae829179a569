/**
 * GEMV on the wasm backend: copies A (compacted if needed), x and y into wasm memory, runs the
 * SIMD kernel, copies y out.
 *
 * @module
 */
import type { GemvArgs } from "../types.ts";
import { checkGemv } from "../validate.ts";
import { align64, copyMatrixIn, copyVectorIn, copyVectorOut, reserve } from "./scratch.ts";

/**
 * `y = alpha·op(A)·x + beta·y` with the SIMD WebAssembly kernel (see {@linkcode GemvArgs});
 * `beta = 0` never reads y, `alpha = 0` never reads A or x. f32 accumulates in f32.
 */
export function gemvWasm(args: GemvArgs<Float32Array> | GemvArgs<Float64Array>): void {
  const dt = checkGemv("gemv", args);
  const { trans, m, n, alpha, a, offA, lda, x, offX, incX, beta, y, offY, incY } = args;
  const nx = trans ? m : n, ny = trans ? n : m;
  if (ny === 0) return;
  const el = dt === "f64" ? 8 : 4;
  const readAX = alpha !== 0 && nx > 0;
  const aBytes = readAX ? align64(2 * m * n * el) : 0;
  const xBytes = align64(nx * el), yBytes = align64(ny * el);
  const { k, base } = reserve("gemv", aBytes + xBytes + yBytes);
  const pA = base, pX = pA + aBytes, pY = pX + xBytes;
  let ldaW = Math.max(n, 1);
  if (readAX) {
    ldaW = copyMatrixIn(k, a, offA, m, n, lda, pA);
    copyVectorIn(k, x, offX, incX, nx, pX);
  }
  if (beta !== 0) copyVectorIn(k, y, offY, incY, ny, pY);
  const E = k.exports;
  (dt === "f64" ? E.dgemv : E.sgemv)(+trans, m, n, readAX ? alpha : 0, pA, ldaW, pX, beta, pY);
  copyVectorOut(k, y, offY, incY, ny, pY);
}
