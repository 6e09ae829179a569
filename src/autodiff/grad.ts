/**
 * Reverse-mode differentiation over parameter trees: {@link valueAndGrad}, {@link grad},
 * {@link stopGradient} and {@link customVjp} (user primitives with their own backward rule, as
 * EBD's and INSD's learning rules need).
 * @module
 */
import { ArgumentError, describe } from "../array/errors.ts";
import { NDArray, storageOf } from "../array/ndarray.ts";
import { astype } from "../array/shape_ops.ts";
import { fullLike } from "../array/creation.ts";
import { binaryK } from "./elementwise_kernels.ts";
import type { CustomBwd } from "./prims.ts";
import { RULES } from "./rules.ts";
import { activeTape, profileAdd, profiling, record, Tape, withTape } from "./tape.ts";
import { type Tree, treeLeaves, treeUnflatten } from "./tree.ts";

/** The value of a scalar function and its gradient with respect to the parameter tree. */
export interface ValueAndGrad<T extends Tree> {
  /** f(params), a size-1 array. */
  value: NDArray;
  /** ∂f/∂params, with the structure, shapes and dtypes of `params`. */
  grad: T;
}

/**
 * Wrap `f(params, ...rest)` (returning a size-1 array) into a function returning its value and
 * its gradient with respect to `params` (a tree of arrays), by recording the primitives `f`
 * applies and running their VJP rules backwards. `rest` is not differentiated. Not nestable:
 * the VJP rules are not themselves recorded (no grad-of-grad).
 */
export function valueAndGrad<T extends Tree, A extends unknown[]>(
  f: (params: T, ...rest: A) => NDArray,
): (params: T, ...rest: A) => ValueAndGrad<T> {
  if (typeof f !== "function") throw new ArgumentError("valueAndGrad", "f", "a function", f);
  return (params: T, ...rest: A): ValueAndGrad<T> => {
    if (activeTape() !== null) {
      throw new Error("valueAndGrad: nested differentiation is not supported (grad of grad)");
    }
    const tape = new Tape();
    const leaves = treeLeaves(params, "valueAndGrad").map((l) => l.value);
    const tracked = leaves.map((x) => tape.leaf(x));
    const out = withTape(tape, () => f(treeUnflatten(params, tracked), ...rest));
    if (!(out instanceof NDArray) || out.size !== 1) {
      throw new ArgumentError("valueAndGrad", "f", "a function returning a size-1 NDArray", out);
    }
    const cot = backward(tape, out);
    const grads = leaves.map((x, i) => {
      const g = cot[i];
      if (!g) {
        return fullLike(x, x.shape, 0);
      }
      return g.dtype === x.dtype ? g : astype(g, x.dtype);
    });
    const value = new NDArray(storageOf(out), out.shape, out.strides, out.offset);
    return { value, grad: treeUnflatten(params, grads) };
  };
}

/** Wrap `f` into a function returning only the gradient (see {@link valueAndGrad}). */
export function grad<T extends Tree, A extends unknown[]>(
  f: (params: T, ...rest: A) => NDArray,
): (params: T, ...rest: A) => T {
  const vg = valueAndGrad(f);
  return (params: T, ...rest: A): T => vg(params, ...rest).grad;
}

function backward(tape: Tape, out: NDArray): (NDArray | null)[] {
  const nL = tape.nLeaves, nodes = tape.nodes;
  const cot: (NDArray | null)[] = new Array(nL + nodes.length).fill(null);
  const outId = tape.idOf(out);
  if (outId < 0) return cot;
  cot[outId] = fullLike(out, out.shape, 1);
  const prof = profiling();
  for (let i = nodes.length - 1; i >= 0; i--) {
    const g = cot[nL + i];
    if (!g) continue;
    cot[nL + i] = null;
    const node = nodes[i];
    const needs = node.inputIds.map((id) => id >= 0);
    // deno-lint-ignore no-explicit-any
    const rule = RULES[node.prim] as any;
    const t0 = prof ? performance.now() : 0;
    const cts = rule.vjp(g, node.inputs, node.out, node.params, needs) as (NDArray | null)[];
    if (prof) profileAdd(`${node.prim}.bwd`, performance.now() - t0);
    node.inputIds.forEach((id, j) => {
      const ct = cts[j];
      if (id < 0 || !ct) return;
      const x = node.inputs[j];
      if (ct.ndim !== x.ndim || ct.shape.some((d, k) => d !== x.shape[k])) {
        throw new Error(
          `grad: VJP of "${node.prim}" gave a cotangent of shape ${describe([...ct.shape])} ` +
            `for input ${j} of shape ${describe([...x.shape])} (internal error)`,
        );
      }
      const prev = cot[id];
      cot[id] = prev ? binaryK("add", prev, ct) : ct;
    });
  }
  return cot;
}

/**
 * A differentiable copy of `x` whose gradient is zero: `f(stopGradient(x))` treats `x` as a
 * constant (the JAX `stop_gradient`).
 */
export function stopGradient(x: NDArray): NDArray {
  if (!(x instanceof NDArray)) throw new ArgumentError("stopGradient", "x", "an NDArray", x);
  return new NDArray(storageOf(x), x.shape, x.strides, x.offset);
}

/**
 * Define a primitive with a user-given backward rule: `customVjp(name, fwd, bwd)` returns a
 * function computing `fwd(...xs)` (not recorded inside) whose VJP is `bwd(g, xs, out)`, which
 * returns one cotangent (or null) per input with the input's shape. Used for learning rules
 * that are not gradients of the forward pass (e.g. EBD, INSD) and for hand-fused kernels.
 */
export function customVjp(
  name: string,
  fwd: (...xs: NDArray[]) => NDArray,
  bwd: CustomBwd,
): (...xs: NDArray[]) => NDArray {
  if (typeof fwd !== "function") throw new ArgumentError("customVjp", "fwd", "a function", fwd);
  if (typeof bwd !== "function") throw new ArgumentError("customVjp", "bwd", "a function", bwd);
  return (...xs: NDArray[]): NDArray => {
    const out = withTape(null, () => fwd(...xs));
    if (!(out instanceof NDArray)) {
      throw new ArgumentError(`customVjp(${name})`, "fwd", "a function returning an NDArray", out);
    }
    return record("custom", xs, { name, bwd }, out);
  };
}
