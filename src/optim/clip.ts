/**
 * Global-norm gradient clipping (Pascanu et al. 2013): scale all gradients by
 * min(1, maxNorm/‖g‖₂) where ‖g‖₂ is the norm over every leaf together.
 * @module
 */
import { ArgumentError } from "../array/errors.ts";
import { NDArray } from "../array/ndarray.ts";
import { allocTyped } from "../array/dtype.ts";
import { type Tree, treeLeaves, treeUnflatten } from "../autodiff/tree.ts";

/** Global L2 norm of all entries of a tree. */
export function globalNorm(tree: Tree): number {
  let s = 0;
  for (const l of treeLeaves(tree)) {
    const d = l.value.dataSync();
    for (let i = 0; i < d.length; i++) s += d[i] * d[i];
  }
  return Math.sqrt(s);
}

/** Clip `grads` to global norm ≤ `maxNorm`; returns the clipped tree and the original norm. */
export function clipByGlobalNorm<T extends Tree>(
  grads: T,
  maxNorm: number,
): { grads: T; norm: number } {
  if (!(maxNorm > 0)) {
    throw new ArgumentError("clipByGlobalNorm", "maxNorm", "a number > 0", maxNorm);
  }
  const norm = globalNorm(grads);
  if (norm <= maxNorm) return { grads, norm };
  const c = maxNorm / norm;
  const out = treeLeaves(grads).map((l) => {
    const d = l.value.dataSync(), o = allocTyped(l.value.dtype, d.length);
    for (let i = 0; i < d.length; i++) o[i] = d[i] * c;
    return new NDArray(o, l.value.shape);
  });
  return { grads: treeUnflatten(grads, out), norm };
}
