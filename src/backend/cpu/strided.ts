/**
 * The strided loop shared by the cpu elementwise kernels: axes that every operand lays out
 * contiguously relative to each other are merged, then the kernel body runs once per row of the
 * last (merged) axis with each operand's base index.
 *
 * @module
 */
import type { Strided } from "../types.ts";

/** A layout after merging axes: `shape` and one stride list per operand (same order). */
export interface Merged {
  /** Extents after merging. */
  shape: number[];
  /** Strides per operand after merging. */
  strides: number[][];
}

/** Merge adjacent axes `i, i+1` wherever every operand has `strides[i] = strides[i+1]·shape[i+1]`. */
export function mergeAxes(shape: readonly number[], ops: readonly Strided<unknown>[]): Merged {
  const sh: number[] = [];
  const st: number[][] = ops.map(() => []);
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 1) continue; // a unit axis never moves the index
    const k = sh.length - 1;
    if (
      k >= 0 && ops.every((o, j) => st[j][k] === o.strides[i] * shape[i])
    ) {
      sh[k] *= shape[i];
      ops.forEach((o, j) => st[j][k] = o.strides[i]);
    } else {
      sh.push(shape[i]);
      ops.forEach((o, j) => st[j].push(o.strides[i]));
    }
  }
  return { shape: sh, strides: st };
}

/**
 * Calls `row(bases, len, incs)` once per row of the merged layout of `shape`: `bases[j]` is
 * operand `j`'s index of the row's first element, `incs[j]` its step along the row. `bases` is
 * reused from row to row: read it, do not keep it.
 */
export function eachRow(
  shape: readonly number[],
  ops: readonly Strided<unknown>[],
  row: (bases: number[], len: number, incs: number[]) => void,
): void {
  for (const d of shape) if (d === 0) return;
  const m = mergeAxes(shape, ops);
  const nd = m.shape.length;
  const k = ops.length;
  const bases = ops.map((o) => o.offset);
  if (nd === 0) {
    row(bases, 1, ops.map(() => 0));
    return;
  }
  const len = m.shape[nd - 1];
  const incs = m.strides.map((s) => s[nd - 1]);
  const idx = new Array<number>(nd).fill(0);
  for (;;) {
    row(bases, len, incs);
    let ax = nd - 2;
    for (; ax >= 0; ax--) {
      idx[ax]++;
      for (let j = 0; j < k; j++) bases[j] += m.strides[j][ax];
      if (idx[ax] < m.shape[ax]) break;
      for (let j = 0; j < k; j++) bases[j] -= idx[ax] * m.strides[j][ax];
      idx[ax] = 0;
    }
    if (ax < 0) return;
  }
}
