/**
 * GELU, tanh form (Hendrycks & Gimpel 2016, arXiv:1606.08415 §2), and its derivative on
 * contiguous vectors: the cpu reference of `Backend.gelu` / `Backend.geluBwd`. f32 data forms
 * `1 ± tanh u` without cancellation from `e = expF32(−2|u|)` (u ≥ 0: `1 + tanh u = 2/(1+e)`,
 * `1 − tanh u = 2e/(1+e)`; u < 0: swapped), the formulation of the SIMD kernel
 * (kernels/wasm/act.ts); f64 data uses `Math.tanh` exactly.
 *
 * @module
 */
import type { TypedArray } from "../types.ts";
import { checkElementwise } from "../validate.ts";
import { expF32 } from "./fast_math.ts";

const GC = Math.sqrt(2 / Math.PI), GA = 0.044715;

/** `y[offY+i] = ½x(1 + tanh(√(2/π)(x + 0.044715x³)))`, `x = x[offX+i]`, `i < n`. */
export function geluCpu(n: number, x: TypedArray, offX: number, y: TypedArray, offY: number): void {
  checkElementwise("gelu", n, [["x", x, offX], ["y", y, offY]]);
  if (x instanceof Float32Array) {
    for (let i = 0; i < n; i++) {
      const v = x[offX + i], u = GC * (v + GA * v * v * v), e = expF32(-2 * Math.abs(u));
      y[offY + i] = v * (u >= 0 ? 1 : e) / (1 + e);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = x[offX + i];
      y[offY + i] = 0.5 * v * (1 + Math.tanh(GC * (v + GA * v * v * v)));
    }
  }
}

/**
 * `dx[offDx+i] = g[offG+i]·GELU′(x[offX+i])`, `i < n`, with
 * `GELU′(x) = ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²)`, `t = tanh u`.
 */
export function geluBwdCpu(
  n: number,
  x: TypedArray,
  offX: number,
  g: TypedArray,
  offG: number,
  dx: TypedArray,
  offDx: number,
): void {
  checkElementwise("geluBwd", n, [["x", x, offX], ["g", g, offG], ["dx", dx, offDx]]);
  if (x instanceof Float32Array) {
    for (let i = 0; i < n; i++) {
      const v = x[offX + i], v2 = v * v, u = GC * (v + GA * v2 * v);
      const e = expF32(-2 * Math.abs(u)), s = 2 / (1 + e);
      const a = u >= 0 ? s : e * s, b = u >= 0 ? e * s : s;
      dx[offDx + i] = g[offG + i] * (0.5 * a + 0.5 * v * a * b * GC * (1 + 3 * GA * v2));
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = x[offX + i], v2 = v * v;
      const t = Math.tanh(GC * (v + GA * v2 * v));
      dx[offDx + i] = g[offG + i] *
        (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * GC * (1 + 3 * GA * v2));
    }
  }
}
