/**
 * Hessian-vector products by central differences of exact gradients:
 * H v ≈ (∇f(θ + εv) − ∇f(θ − εv)) / (2ε), error O(ε²·‖∇³f‖·‖v‖³) (exact for quadratics up to
 * rounding). Two reverse passes; no second-order rules are needed. Use f64 parameters: in f32
 * the difference quotient loses about half the digits.
 * @module
 */
import { allocTyped } from "../array/dtype.ts";
import { ArgumentError } from "../array/errors.ts";
import { NDArray } from "../array/ndarray.ts";
import { valueAndGrad } from "./grad.ts";
import { assertSameTree, type Tree, treeLeaves, treeUnflatten } from "./tree.ts";

/**
 * H(θ)·v for the scalar function `f` at `params` along the tree `v` (same structure), with
 * step `eps` (default 1e-4 relative to max(1, ‖θ‖∞)/max(‖v‖∞, tiny)).
 */
export function hvpFiniteDifference<T extends Tree>(
  f: (params: T) => NDArray,
  params: T,
  v: T,
  opts: { eps?: number } = {},
): T {
  assertSameTree("hvpFiniteDifference", params, v, { argA: "params", argB: "v" });
  const pl = treeLeaves(params), vl = treeLeaves(v);
  let pMax = 1, vMax = 0;
  for (let i = 0; i < pl.length; i++) {
    for (const x of pl[i].value.dataSync()) pMax = Math.max(pMax, Math.abs(x));
    for (const x of vl[i].value.dataSync()) vMax = Math.max(vMax, Math.abs(x));
  }
  if (vMax === 0) return treeUnflatten(params, pl.map((l) => zerosOf(l.value)));
  const eps = opts.eps ?? 1e-4 * pMax / vMax;
  if (!(eps > 0)) throw new ArgumentError("hvpFiniteDifference", "eps", "a number > 0", eps);
  const shifted = (s: number): T =>
    treeUnflatten(
      params,
      pl.map((l, i) => {
        const p = l.value.dataSync(), d = vl[i].value.dataSync();
        const o = allocTyped(l.value.dtype, p.length);
        for (let j = 0; j < p.length; j++) o[j] = p[j] + s * d[j];
        return new NDArray(o, l.value.shape);
      }),
    );
  const vg = valueAndGrad(f);
  const gp = treeLeaves(vg(shifted(eps)).grad), gm = treeLeaves(vg(shifted(-eps)).grad);
  return treeUnflatten(
    params,
    gp.map((l, i) => {
      const a = l.value.dataSync(), b = gm[i].value.dataSync();
      const o = allocTyped(l.value.dtype, a.length);
      for (let j = 0; j < a.length; j++) o[j] = (a[j] - b[j]) / (2 * eps);
      return new NDArray(o, l.value.shape);
    }),
  );
}

function zerosOf(x: NDArray): NDArray {
  return new NDArray(allocTyped(x.dtype, x.size), x.shape);
}
