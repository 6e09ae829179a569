/**
 * Parameter trees: nested records and arrays whose leaves are {@link NDArray}s (the JAX pytree
 * idea, restricted to plain objects and arrays). Gradients, optimizer states and checkpoints all
 * have the shape of the parameter tree they belong to.
 * @module
 */
import { NDArray } from "../array/ndarray.ts";
import { describe } from "../array/errors.ts";

/** A parameter tree: an array leaf, or an array or string-keyed record of subtrees. */
export type Tree = NDArray | readonly Tree[] | { readonly [key: string]: Tree };

/** A leaf of a tree with its path (e.g. `blocks.0.attn.wq`). */
export interface TreeLeaf {
  /** Dot-separated path from the root ("" for a root leaf). */
  path: string;
  /** The array at that path. */
  value: NDArray;
}

/** Thrown when two trees that must have the same structure (keys, lengths, shapes) differ. */
export class TreeMismatchError extends Error {
  /** Build `fn: <message>`. */
  constructor(fn: string, message: string) {
    super(`${fn}: ${message}`);
    this.name = "TreeMismatchError";
  }
}

function join(prefix: string, key: string | number): string {
  return prefix === "" ? String(key) : `${prefix}.${key}`;
}

/**
 * The leaves of `tree` in a fixed order (record keys sorted, arrays in order), with paths.
 * Throws naming `fn` if a leaf is neither an NDArray, an array nor a plain record.
 */
export function treeLeaves(tree: Tree, fn = "treeLeaves"): TreeLeaf[] {
  const out: TreeLeaf[] = [];
  const walk = (t: unknown, path: string): void => {
    if (t instanceof NDArray) out.push({ path, value: t });
    else if (Array.isArray(t)) t.forEach((s, i) => walk(s, join(path, i)));
    else if (t !== null && typeof t === "object" && Object.getPrototypeOf(t) === Object.prototype) {
      for (const k of Object.keys(t).sort()) walk((t as Record<string, unknown>)[k], join(path, k));
    } else {
      throw new TreeMismatchError(
        fn,
        `leaf "${path}" must be an NDArray, an array or a plain record, got ${describe(t)}`,
      );
    }
  };
  walk(tree, "");
  return out;
}

/**
 * Rebuild a tree with the structure of `like` from `leaves` given in {@link treeLeaves} order.
 */
export function treeUnflatten<T extends Tree>(like: T, leaves: readonly NDArray[]): T {
  let i = 0;
  const build = (t: unknown): unknown => {
    if (t instanceof NDArray) return leaves[i++];
    if (Array.isArray(t)) return t.map(build);
    const r = t as Record<string, unknown>;
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(r).sort()) o[k] = build(r[k]);
    return o;
  };
  const out = build(like) as T;
  if (i !== leaves.length) {
    throw new TreeMismatchError("treeUnflatten", `expected ${i} leaves, got ${leaves.length}`);
  }
  return out;
}

/** Apply `f` to every leaf (with its path), keeping the structure. */
export function treeMap<T extends Tree>(
  tree: T,
  f: (x: NDArray, path: string) => NDArray,
): T {
  return treeUnflatten(tree, treeLeaves(tree).map((l) => f(l.value, l.path)));
}

/**
 * Throw a {@link TreeMismatchError} naming `fn`, `argA`/`argB` and the first differing path
 * unless `a` and `b` have the same keys, lengths, shapes and (when `checkDType`) dtypes.
 */
export function assertSameTree(
  fn: string,
  a: Tree,
  b: Tree,
  opts: { argA?: string; argB?: string; checkDType?: boolean } = {},
): void {
  const na = opts.argA ?? "a", nb = opts.argB ?? "b";
  const la = treeLeaves(a, fn), lb = treeLeaves(b, fn);
  const pa = new Map(la.map((l) => [l.path, l.value]));
  const pb = new Map(lb.map((l) => [l.path, l.value]));
  for (const [p, v] of pa) {
    const w = pb.get(p);
    if (!w) {
      throw new TreeMismatchError(fn, `"${na}" has a leaf "${p}" that "${nb}" lacks`);
    }
    if (v.shape.length !== w.shape.length || v.shape.some((d, i) => d !== w.shape[i])) {
      throw new TreeMismatchError(
        fn,
        `leaf "${p}" has shape ${describe([...v.shape])} in "${na}" but ${
          describe([...w.shape])
        } in "${nb}"`,
      );
    }
    if (opts.checkDType && v.dtype !== w.dtype) {
      throw new TreeMismatchError(
        fn,
        `leaf "${p}" has dtype ${v.dtype} in "${na}" but ${w.dtype} in "${nb}"`,
      );
    }
  }
  for (const p of pb.keys()) {
    if (!pa.has(p)) throw new TreeMismatchError(fn, `"${nb}" has a leaf "${p}" that "${na}" lacks`);
  }
}

/** Total number of scalar entries over all leaves. */
export function treeSize(tree: Tree): number {
  return treeLeaves(tree).reduce((s, l) => s + l.value.size, 0);
}
