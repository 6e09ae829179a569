/**
 * Activation and row kernels on the wasm backend: GELU (tanh form), row softmax and LayerNorm,
 * forward and backward. f32 operands
 * are copied into wasm memory and run through the SIMD kernels of kernels/wasm/act.ts
 * (`1 ± tanh u` from one vector exp, relative accuracy ≈ f32 rounding); f64 operands run the
 * cpu reference loop (exact `Math.tanh`).
 *
 * @module
 */
import type { TypedArray } from "../types.ts";
import { checkElementwise } from "../validate.ts";
import { geluBwdCpu, geluCpu } from "../cpu/gelu.ts";
import { checkLayerNorm, layerNormRowsBwdCpu, layerNormRowsCpu } from "../cpu/layer_norm.ts";
import { checkSoftmax, softmaxRowsBwdCpu, softmaxRowsCpu } from "../cpu/softmax.ts";
import { align64, reserve, view } from "./scratch.ts";
import { runSplit } from "./threads.ts";

/** GELU of `n` contiguous elements (see `Backend.gelu`). */
export function geluWasm(
  n: number,
  x: TypedArray,
  offX: number,
  y: TypedArray,
  offY: number,
): void {
  if (!(x instanceof Float32Array)) return geluCpu(n, x, offX, y, offY);
  checkElementwise("gelu", n, [["x", x, offX], ["y", y, offY]]);
  if (n === 0) return;
  const bytes = align64(n * 4);
  const { k, base } = reserve("gelu", 2 * bytes);
  (view(k, x, base, n) as Float32Array).set(x.subarray(offX, offX + n));
  runSplit("sgelu", n, 4, 16, [], [[base, true], [base + bytes, true]]);
  y.set(view(k, x, base + bytes, n), offY);
}

/** `dx = g·GELU′(x)` on `n` contiguous elements (see `Backend.geluBwd`). */
export function geluBwdWasm(
  n: number,
  x: TypedArray,
  offX: number,
  g: TypedArray,
  offG: number,
  dx: TypedArray,
  offDx: number,
): void {
  if (!(x instanceof Float32Array)) return geluBwdCpu(n, x, offX, g, offG, dx, offDx);
  checkElementwise("geluBwd", n, [["x", x, offX], ["g", g, offG], ["dx", dx, offDx]]);
  if (n === 0) return;
  const bytes = align64(n * 4);
  const { k, base } = reserve("geluBwd", 3 * bytes);
  (view(k, x, base, n) as Float32Array).set(x.subarray(offX, offX + n));
  (view(k, x, base + bytes, n) as Float32Array).set(g.subarray(offG, offG + n));
  runSplit("sgeluBwd", n, 4, 16, [], [[base, true], [base + bytes, true], [
    base + 2 * bytes,
    true,
  ]]);
  dx.set(view(k, x, base + 2 * bytes, n), offDx);
}

/** Row softmax (see `Backend.softmaxRows`): f32 through the SIMD kernel, f64 the cpu loop. */
export function softmaxRowsWasm(
  rows: number,
  n: number,
  tq: number,
  scale: number,
  x: TypedArray,
  offX: number,
  y: TypedArray,
  offY: number,
): void {
  if (!(x instanceof Float32Array)) return softmaxRowsCpu(rows, n, tq, scale, x, offX, y, offY);
  checkSoftmax("softmaxRows", rows, n, tq, scale, [["x", x, offX], ["y", y, offY]]);
  const len = rows * n;
  if (len === 0) return;
  const bytes = align64(len * 4);
  const { k, base } = reserve("softmaxRows", 2 * bytes);
  (view(k, x, base, len) as Float32Array).set(x.subarray(offX, offX + len));
  // row chunks start at multiples of tq, so each row keeps its causal limit
  runSplit("ssoftmaxRows", rows, n * 4, Math.max(tq, 1), [n, tq, scale], [[base, true], [
    base + bytes,
    true,
  ]]);
  y.set(view(k, x, base + bytes, len), offY);
}

/** Row softmax VJP (see `Backend.softmaxRowsBwd`): f32 SIMD, f64 the cpu loop. */
export function softmaxRowsBwdWasm(
  rows: number,
  n: number,
  tq: number,
  scale: number,
  y: TypedArray,
  offY: number,
  g: TypedArray,
  offG: number,
  dx: TypedArray,
  offDx: number,
): void {
  if (!(y instanceof Float32Array)) {
    return softmaxRowsBwdCpu(rows, n, tq, scale, y, offY, g, offG, dx, offDx);
  }
  checkSoftmax("softmaxRowsBwd", rows, n, tq, scale, [["y", y, offY], ["g", g, offG], [
    "dx",
    dx,
    offDx,
  ]]);
  const len = rows * n;
  if (len === 0) return;
  const bytes = align64(len * 4);
  const { k, base } = reserve("softmaxRowsBwd", 3 * bytes);
  (view(k, y, base, len) as Float32Array).set(y.subarray(offY, offY + len));
  (view(k, y, base + bytes, len) as Float32Array).set(g.subarray(offG, offG + len));
  runSplit("ssoftmaxRowsBwd", rows, n * 4, Math.max(tq, 1), [n, tq, scale], [
    [base, true],
    [base + bytes, true],
    [base + 2 * bytes, true],
  ]);
  dx.set(view(k, y, base + 2 * bytes, len), offDx);
}

/** LayerNorm rows (see `Backend.layerNormRows`): f32 through the SIMD kernel (f64 lanes). */
export function layerNormRowsWasm(
  rows: number,
  n: number,
  eps: number,
  x: TypedArray,
  offX: number,
  gamma: TypedArray,
  offGamma: number,
  beta: TypedArray | null,
  offBeta: number,
  y: TypedArray,
  offY: number,
): void {
  if (!(x instanceof Float32Array)) {
    return layerNormRowsCpu(rows, n, eps, x, offX, gamma, offGamma, beta, offBeta, y, offY);
  }
  checkLayerNorm("layerNormRows", rows, n, eps, [["x", x, offX], ["y", y, offY]], [
    ["gamma", gamma, offGamma],
    ...(beta ? [["beta", beta, offBeta] as const] : []),
  ]);
  const len = rows * n;
  if (len === 0) return;
  const bytes = align64(len * 4), vb = align64(n * 4);
  const { k, base } = reserve("layerNormRows", 2 * bytes + 2 * vb);
  const pg = base + 2 * bytes, pb = pg + vb;
  (view(k, x, base, len) as Float32Array).set(x.subarray(offX, offX + len));
  (view(k, x, pg, n) as Float32Array).set(gamma.subarray(offGamma, offGamma + n));
  if (beta) (view(k, x, pb, n) as Float32Array).set(beta.subarray(offBeta, offBeta + n));
  runSplit("slayerNorm", rows, n * 4, 1, [n, eps], [[base, true], [pg, false], [
    beta ? pb : 0,
    false,
  ], [base + bytes, true]]);
  y.set(view(k, x, base + bytes, len), offY);
}

/** LayerNorm VJP (see `Backend.layerNormRowsBwd`): f32 SIMD (f64 lanes), f64 the cpu loop. */
export function layerNormRowsBwdWasm(
  rows: number,
  n: number,
  eps: number,
  x: TypedArray,
  offX: number,
  gamma: TypedArray,
  offGamma: number,
  g: TypedArray,
  offG: number,
  dx: TypedArray,
  offDx: number,
  dgamma: TypedArray,
  dbeta: TypedArray,
): void {
  if (!(x instanceof Float32Array)) {
    return layerNormRowsBwdCpu(
      rows,
      n,
      eps,
      x,
      offX,
      gamma,
      offGamma,
      g,
      offG,
      dx,
      offDx,
      dgamma,
      dbeta,
    );
  }
  checkLayerNorm("layerNormRowsBwd", rows, n, eps, [["x", x, offX], ["g", g, offG], [
    "dx",
    dx,
    offDx,
  ]], [["gamma", gamma, offGamma], ["dgamma", dgamma, 0], ["dbeta", dbeta, 0]]);
  if (n === 0) return;
  const len = rows * n;
  const bytes = align64(len * 4), vb = align64(n * 4), v8 = align64(n * 8);
  const { k, base } = reserve("layerNormRowsBwd", 3 * bytes + vb + 3 * v8);
  const pg = base + 2 * bytes, pdx = pg + vb, pdg = pdx + bytes, pdb = pdg + v8, pxh = pdb + v8;
  (view(k, x, base, len) as Float32Array).set(x.subarray(offX, offX + len));
  (view(k, x, base + bytes, len) as Float32Array).set(g.subarray(offG, offG + len));
  (view(k, x, pg, n) as Float32Array).set(gamma.subarray(offGamma, offGamma + n));
  k.exports.slayerNormBwd(rows, n, eps, base, pg, base + bytes, pdx, pdg, pdb, pxh);
  if (len > 0) dx.set(view(k, x, pdx, len), offDx);
  dgamma.set(new Float64Array(k.memory.buffer, pdg, n));
  dbeta.set(new Float64Array(k.memory.buffer, pdb, n));
}
