/**
 * The optimizer contract `{ init(params), update(params, grads, { state, lr }) }`, per-group
 * multipliers (learning rate, weight decay, ε by parameter path, as parameterizations need),
 * and the shared gradient checks: same tree as the parameters, every entry finite.
 * @module
 */
import { ArgumentError } from "../array/errors.ts";
import { NDArray } from "../array/ndarray.ts";
import { fullLike } from "../array/creation.ts";
import { allocTyped } from "../array/dtype.ts";
import { add, div, minimum, mul, sqrt, square } from "../array/elementwise.ts";
import { sum } from "../array/reduce.ts";
import { concat, reshape } from "../array/shape_ops.ts";
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
  /** Global L2 norm of the gradient before clipping (NaN for device arrays: see `gradNormArray`). */
  gradNorm: number;
  /**
   * For parameters on a device: the global gradient norm as a size-1 device array, so that the
   * update needs no readback (read it when the loop logs it).
   */
  gradNormArray?: NDArray;
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

/** Zeros shaped like `params` (a slot tree; on the parameters' device when they live on one). */
export function zerosTree(params: Tree): Tree {
  return treeUnflatten(
    params,
    treeLeaves(params).map((l) => fullLike(l.value, l.value.shape, 0)),
  );
}

/** True when the parameters of `params` live on a device (all of them must, then). */
export function onDevice(fn: string, params: Tree): boolean {
  const ls = treeLeaves(params);
  const n = ls.filter((l) => l.value.device).length;
  if (n > 0 && n < ls.length) {
    throw new ArgumentError(fn, "params", "all leaves on one device or all on the host", "a mix");
  }
  return n > 0;
}

/** One device parameter as the composed (array-op) updates see it. */
export interface DeviceLeafView {
  /** Parameter path. */
  path: string;
  /** The parameter array (on the device). */
  param: NDArray;
  /** Its gradient, already multiplied by the clip factor. */
  g: NDArray;
  /** Its multipliers. */
  scale: Required<GroupScale>;
}

/**
 * The leaves as one flat [N] device array: their shared storage itself when they are
 * consecutive contiguous views of it (as {@link unflattenViews} makes them), else a copy.
 */
export function flatDevice(xs: readonly NDArray[]): NDArray {
  const st = xs[0].device;
  let off = xs[0].offset, n = 0;
  let views = true;
  for (const x of xs) {
    if (x.device !== st || !x.isContiguous() || x.offset !== off) views = false;
    off += x.size;
    n += x.size;
  }
  if (views && st) return new NDArray(st, [n], [1], xs[0].offset);
  return concat(xs.map((x) => reshape(x, [x.size])));
}

/** Views of consecutive pieces of the flat array `flat`, shaped like `like`. */
export function unflattenViews(flat: NDArray, like: readonly NDArray[]): NDArray[] {
  let o = flat.offset;
  return like.map((l) => {
    const v = new NDArray(flat.device!, l.shape, undefined, o);
    o += l.size;
    return v;
  });
}

/** What the device update of an optimizer works on (see {@link prepareDevice}). */
export interface DevicePrepared {
  /** Parameters with their clipped gradients: one flat entry, or one per leaf. */
  leaves: DeviceLeafView[];
  /** Global L2 norm of the gradient before clipping (size-1 device array). */
  norm: NDArray;
  /** A slot tree (e.g. the moments) as arrays matching `leaves`. */
  slot(tree: Tree): NDArray[];
  /** A tree shaped like the parameters from arrays matching `leaves`. */
  rebuild<T extends Tree>(xs: readonly NDArray[]): T;
}

/**
 * The device counterpart of {@link prepare}: same tree checks; the global norm is a size-1
 * device array and clipping multiplies by min(1, c/‖g‖) on the device, so nothing is read back.
 * When every parameter has the same group multipliers, all leaves are updated as one flat
 * vector (one kernel per term instead of one per term and leaf): the new parameters and slots
 * are then views into one buffer each, so releasing one leaf's storage releases them all.
 * Finiteness of the entries cannot be checked without a readback: a non-finite gradient shows
 * as a non-finite norm, which the training loop checks when it reads the norm.
 */
export function prepareDevice(
  fn: string,
  params: Tree,
  grads: Tree,
  opts: CommonOptions,
  lr: number,
): DevicePrepared {
  if (typeof lr !== "number" || !Number.isFinite(lr) || lr < 0) {
    throw new ArgumentError(fn, "lr", "a finite number ≥ 0", lr);
  }
  assertSameTree(fn, params, grads, { argA: "params", argB: "grads" });
  const pl = treeLeaves(params), gl = treeLeaves(grads);
  for (const l of gl) {
    if (!l.value.device) {
      throw new ArgumentError(
        fn,
        "grads",
        `device arrays (like params) at "${l.path}"`,
        "a host array",
      );
    }
  }
  const c = opts.clipNorm;
  if (c !== undefined && !(c > 0)) throw new ArgumentError(fn, "clipNorm", "a number > 0", c);
  const scales = pl.map((l) => {
    const s = opts.groups ? opts.groups(l.path) : {};
    return { lr: s.lr ?? 1, wd: s.wd ?? 1, eps: s.eps ?? 1 };
  });
  const s0 = scales[0];
  const flat = pl.length > 0 &&
    scales.every((s) => s.lr === s0.lr && s.wd === s0.wd && s.eps === s0.eps);
  const like = pl.map((l) => l.value);
  const ps = flat ? [flatDevice(like)] : like;
  const gs = flat ? [flatDevice(gl.map((l) => l.value))] : gl.map((l) => l.value);
  let sq: NDArray | null = null;
  for (const g of gs) {
    const s = sum(square(g));
    sq = sq ? add(sq, s) : s;
  }
  const norm = sq ? sqrt(sq) : fullLike(pl[0].value, [], 0);
  const clip = c !== undefined ? minimum(div(c, norm), 1) : null;
  const leaves = ps.map((p, i) => ({
    path: flat ? "" : pl[i].path,
    param: p,
    g: clip ? mul(gs[i], clip) : gs[i],
    scale: flat ? s0 : scales[i],
  }));
  return {
    leaves,
    norm,
    slot: (tree) => {
      const xs = treeLeaves(tree).map((l) => l.value);
      return flat ? [flatDevice(xs)] : xs;
    },
    rebuild: <T extends Tree>(xs: readonly NDArray[]): T =>
      treeUnflatten(params as T, flat ? unflattenViews(xs[0], like) : xs),
  };
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
