/**
 * The optimizer contract `{ init(params), update(params, grads, { state, lr }) }`, per-group
 * multipliers (learning rate, weight decay, ε by parameter path, as parameterizations need),
 * and the shared gradient checks: same tree as the parameters, every entry finite.
 * @module
 */
import { ArgumentError } from "../array/errors.ts";
import { NDArray } from "../array/ndarray.ts";
import { allocTyped } from "../array/dtype.ts";
import { assertSameTree, type Tree, treeLeaves, treeUnflatten } from "../autodiff/tree.ts";

/** Optimizer state: a step counter and named slot trees (moments), all checkpointable. */
export interface OptState {
  /** Number of updates applied so far. */
  step: number;
  /** Slot trees by name (e.g. "m", "v"), each shaped like the parameters. */
  slots: Record<string, Tree>;
}

/** Multipliers of one parameter (default 1 each). */
export interface GroupScale {
  /** Learning-rate multiplier. */
  lr?: number;
  /** Weight-decay multiplier. */
  wd?: number;
  /** Adam ε multiplier. */
  eps?: number;
}

/** Options shared by all optimizers. */
export interface CommonOptions {
  /** Per-parameter multipliers by path (e.g. from src/param). */
  groups?: (path: string) => GroupScale;
  /** Clip gradients to this global L2 norm before the update (default: no clipping). */
  clipNorm?: number;
}

/** Arguments of {@link Optimizer.update} after the two trees. */
export interface UpdateOptions {
  /** Current optimizer state. */
  state: OptState;
  /** Base learning rate of this step (a schedule's value). */
  lr: number;
}

/** Result of an update: new parameters, new state and the gradient's global norm (pre-clip). */
export interface UpdateResult<T extends Tree> {
  /** Updated parameters (new arrays; the inputs are not mutated). */
  params: T;
  /** Updated state. */
  state: OptState;
  /** Global L2 norm of the gradient before clipping. */
  gradNorm: number;
}

/** An optimizer: pure functions of (parameters, gradients, state). */
export interface Optimizer {
  /** Name, e.g. "adamw". */
  readonly name: string;
  /** Fresh state for `params`. */
  init(params: Tree): OptState;
  /** One update step. */
  update<T extends Tree>(params: T, grads: T, opts: UpdateOptions): UpdateResult<T>;
}

/** A gradient entry was NaN or ±∞: names the optimizer, the parameter path and the entry. */
export class NonFiniteGradientError extends Error {
  /** Path of the offending parameter. */
  readonly path: string;
  /** Build the message. */
  constructor(fn: string, path: string, index: number, value: number) {
    super(
      `${fn}: gradient of parameter "${path}" is not finite (${value} at flat index ${index})`,
    );
    this.name = "NonFiniteGradientError";
    this.path = path;
  }
}

/** One parameter as the update loops see it. */
export interface LeafView {
  /** Parameter path. */
  path: string;
  /** Parameter values (contiguous). */
  p: Float32Array | Float64Array;
  /** Gradient values (contiguous, same dtype as p). */
  g: Float32Array | Float64Array;
  /** The parameter array (shape, dtype). */
  param: NDArray;
  /** Its multipliers. */
  scale: Required<GroupScale>;
}

/**
 * Validate `grads` against `params` (same tree, shapes; all entries finite) and return the
 * leaves with their group multipliers, the global gradient norm and the clip factor.
 */
export function prepare(
  fn: string,
  params: Tree,
  grads: Tree,
  opts: CommonOptions,
  lr: number,
): { leaves: LeafView[]; norm: number; clip: number } {
  if (typeof lr !== "number" || !Number.isFinite(lr) || lr < 0) {
    throw new ArgumentError(fn, "lr", "a finite number ≥ 0", lr);
  }
  assertSameTree(fn, params, grads, { argA: "params", argB: "grads" });
  const pl = treeLeaves(params), gl = treeLeaves(grads);
  let sq = 0;
  const leaves = pl.map((l, i) => {
    const param = l.value;
    let g = gl[i].value.dataSync();
    if (g.constructor !== param.buffer.constructor) {
      const c = allocTyped(param.dtype, g.length);
      c.set(g);
      g = c;
    }
    for (let j = 0; j < g.length; j++) {
      const v = g[j];
      if (!Number.isFinite(v)) throw new NonFiniteGradientError(fn, l.path, j, v);
      sq += v * v;
    }
    const s = opts.groups ? opts.groups(l.path) : {};
    return {
      path: l.path,
      p: param.dataSync(),
      g,
      param,
      scale: { lr: s.lr ?? 1, wd: s.wd ?? 1, eps: s.eps ?? 1 },
    };
  });
  const norm = Math.sqrt(sq);
  const c = opts.clipNorm;
  if (c !== undefined && !(c > 0)) throw new ArgumentError(fn, "clipNorm", "a number > 0", c);
  const clip = c !== undefined && norm > c ? c / norm : 1;
  return { leaves, norm, clip };
}

/** Zeros shaped like `params` (a slot tree). */
export function zerosTree(params: Tree): Tree {
  return treeUnflatten(
    params,
    treeLeaves(params).map((l) =>
      new NDArray(allocTyped(l.value.dtype, l.value.size), l.value.shape)
    ),
  );
}

/** The contiguous data of each leaf of a slot tree, in leaf order. */
export function slotData(slot: Tree): (Float32Array | Float64Array)[] {
  return treeLeaves(slot).map((l) => l.value.dataSync());
}

/** Check a state object has the slots an optimizer needs. */
export function checkState(fn: string, state: OptState, slots: string[]): void {
  if (!state || typeof state.step !== "number" || typeof state.slots !== "object") {
    throw new ArgumentError(fn, "state", "an OptState { step, slots } from init", state);
  }
  for (const s of slots) {
    if (!(s in state.slots)) {
      throw new ArgumentError(fn, "state", `a slot "${s}"`, Object.keys(state.slots));
    }
  }
}
