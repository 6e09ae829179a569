/**
 * The recording tape of reverse-mode differentiation. While {@link grad} runs a function, every
 * primitive applied to a tracked array appends a node (primitive, inputs, output, parameters);
 * the backward pass walks the nodes in reverse and applies each primitive's VJP rule.
 * Outside a `grad` call primitives just compute. One tape is active at a time.
 * @module
 */
import { NDArray, storageOf } from "../array/ndarray.ts";
import type { Prim, PrimParams } from "./prims.ts";

/** One recorded primitive application. */
export interface TapeNode {
  /** Which primitive. */
  prim: Prim;
  /** Its inputs (values). */
  inputs: readonly NDArray[];
  /** Tape ids of the inputs (−1 for constants). */
  inputIds: readonly number[];
  /** Its output. */
  out: NDArray;
  /** Its parameters. */
  params: PrimParams[Prim];
}

/** A tape: ids of tracked arrays and the nodes recorded so far. */
export class Tape {
  /** Tape id of every tracked array. */
  readonly ids: WeakMap<NDArray, number> = new WeakMap();
  /** Nodes in execution order; node i produces id `nLeaves + i`. */
  readonly nodes: TapeNode[] = [];
  /** Number of leaf (input) arrays. */
  nLeaves = 0;

  /** Track a leaf; returns a fresh view object so that identical inputs get distinct ids. */
  leaf(x: NDArray): NDArray {
    const v = new NDArray(storageOf(x), x.shape, x.strides, x.offset);
    this.ids.set(v, this.nLeaves++);
    return v;
  }

  /** Tape id of `x`, or −1 if untracked. */
  idOf(x: NDArray): number {
    return this.ids.get(x) ?? -1;
  }
}

let active: Tape | null = null;

/** The tape being recorded, or null. */
export function activeTape(): Tape | null {
  return active;
}

/** Run `f` with `tape` active (restoring the previous state afterwards). */
export function withTape<R>(tape: Tape | null, f: () => R): R {
  const prev = active;
  active = tape;
  try {
    return f();
  } finally {
    active = prev;
  }
}

/** Record `out = prim(inputs; params)` if any input is tracked; returns the (tracked) output. */
export function record<P extends Prim>(
  prim: P,
  inputs: readonly NDArray[],
  params: PrimParams[P],
  out: NDArray,
): NDArray {
  const tape = active;
  if (tape === null) return out;
  const ids = inputs.map((x) => tape.idOf(x));
  if (ids.every((i) => i < 0)) return out;
  // A primitive may return one of its inputs (e.g. a no-op view); give the output its own identity.
  const o = tape.ids.has(out)
    ? new NDArray(storageOf(out), out.shape, out.strides, out.offset)
    : out;
  tape.ids.set(o, tape.nLeaves + tape.nodes.length);
  tape.nodes.push({ prim, inputs, inputIds: ids, out: o, params });
  return o;
}

let profile: Map<string, number> | null = null;

/**
 * Run `f` while timing every primitive's forward (`name.fwd`) and VJP (`name.bwd`) in
 * milliseconds; returns f's result and the totals. For benchmarks (e.g. the GEMM share of a
 * training step); outside it no timing is done.
 */
export function profilePrims<R>(f: () => R): { result: R; ms: Record<string, number> } {
  const prev = profile;
  const mine = new Map<string, number>();
  profile = mine;
  try {
    const result = f();
    return { result, ms: Object.fromEntries(mine) };
  } finally {
    profile = prev;
  }
}

/** Add `ms` to the profile entry `name` when profiling (see {@link profilePrims}). */
export function profileAdd(name: string, ms: number): void {
  if (profile) profile.set(name, (profile.get(name) ?? 0) + ms);
}

/** True while {@link profilePrims} is running. */
export function profiling(): boolean {
  return profile !== null;
}
