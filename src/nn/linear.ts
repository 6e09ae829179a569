/**
 * Affine layer y = x W + b over the last axis, W of shape [in, out] (so no transpose is needed).
 * @module
 */
import { ArgumentError } from "../array/errors.ts";
import { zeros } from "../array/creation.ts";
import type { NDArray } from "../array/ndarray.ts";
import { add, matmul, reshape } from "../autodiff/ops.ts";
import { split } from "../random/key.ts";
import { normal } from "../random/normal.ts";
import { checkDim, checkNonNeg, type DTypeOpt, type Layer } from "./layer.ts";

/** Parameters of {@link linear}: weight [in, out] and optional bias [out]. */
export type LinearParams = { w: NDArray; b?: NDArray };

/** Configuration of {@link linear}. */
export interface LinearConfig extends DTypeOpt {
  /** Input features. */
  inDim: number;
  /** Output features. */
  outDim: number;
  /** With a bias (default true; initialised to zero). */
  bias?: boolean;
  /** Init std of W (default 1/√inDim, LeCun). */
  std?: number;
}

/** Apply x W (+ b) to x of shape [..., in] (flattened to one GEMM). */
export function linearApply(p: LinearParams, x: NDArray): NDArray {
  const inDim = p.w.shape[0];
  if (x.shape[x.ndim - 1] !== inDim) {
    throw new ArgumentError("linear.apply", "x", `last axis of size ${inDim}`, x);
  }
  const lead = x.shape.slice(0, -1);
  const x2 = x.ndim === 2 ? x : reshape(x, [-1, inDim]);
  let y = matmul(x2, p.w);
  if (p.b) y = add(y, p.b);
  return x.ndim === 2 ? y : reshape(y, [...lead, p.w.shape[1]]);
}

/** A fully connected layer `y = x W + b` with W ~ N(0, std²). */
export function linear(cfg: LinearConfig): Layer<LinearParams> {
  const inDim = checkDim("linear", "inDim", cfg.inDim);
  const outDim = checkDim("linear", "outDim", cfg.outDim);
  const std = checkNonNeg("linear", "std", cfg.std ?? 1 / Math.sqrt(inDim));
  const dtype = cfg.dtype ?? "f32";
  const bias = cfg.bias ?? true;
  return {
    init(key) {
      const [kw] = split(key, 1);
      const w = normal(kw, [inDim, outDim], { dtype, std });
      return bias ? { w, b: zeros([outDim], { dtype }) } : { w };
    },
    apply: linearApply,
  };
}
