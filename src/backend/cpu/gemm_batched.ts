/**
 * Batched strided GEMM: argument checks shared by every backend, and the plain-TypeScript
 * reference (one {@linkcode gemmCpu} per batch element), the oracle of the fast versions.
 *
 * @module
 */
import type { DType, GemmArgs, GemmBatchedArgs } from "../types.ts";
import { ArgumentError } from "../../errors/mod.ts";
import { checkGemm, checkSize } from "../validate.ts";
import { gemmCpu } from "./gemm.ts";

type Args = GemmBatchedArgs<Float32Array> | GemmBatchedArgs<Float64Array>;

/** The element offsets of every batch element of `batch` with `strides` from `off`, row-major. */
export function batchOffsets(
  off: number,
  batch: readonly number[],
  strides: readonly number[],
): Float64Array {
  let nb = 1;
  for (const e of batch) nb *= e;
  const out = new Float64Array(nb);
  if (nb === 0) return out;
  out[0] = off;
  let len = 1;
  // expand axis by axis from the last: out[t·e + i] = out[t] + i·stride
  const tmp = new Float64Array(nb);
  for (let ax = batch.length - 1; ax >= 0; ax--) {
    const e = batch[ax], s = strides[ax];
    // current `len` entries are the offsets of the trailing axes; prefix axis ax
    for (let i = 0; i < e; i++) {
      for (let j = 0; j < len; j++) tmp[i * len + j] = out[j] + i * s;
    }
    len *= e;
    out.set(tmp.subarray(0, len));
  }
  return out;
}

/**
 * Validates {@linkcode GemmBatchedArgs} (the GEMM fields as `checkGemm`, the batch shape and
 * strides, every batch element in bounds, non-overlapping `C_t`) and returns the dtype and the
 * number of batch elements.
 */
export function checkGemmBatched(fn: string, args: Args): { dtype: DType; count: number } {
  if (typeof args !== "object" || args === null) {
    throw new ArgumentError(fn, "args", "an object", args);
  }
  const { batch, strideA, strideB, strideC } = args;
  if (!Array.isArray(batch) || batch.some((e) => !Number.isSafeInteger(e) || e < 0)) {
    throw new ArgumentError(fn, "batch", "an array of non-negative integers", batch);
  }
  for (const [name, s] of [["strideA", strideA], ["strideB", strideB], ["strideC", strideC]]) {
    if (
      !Array.isArray(s) || s.length !== batch.length || s.some((v) => !Number.isSafeInteger(v))
    ) {
      throw new ArgumentError(
        fn,
        name as string,
        `an array of ${batch.length} integers (one per batch axis)`,
        s,
      );
    }
  }
  let count = 1;
  for (const e of batch) count *= e;
  const writes = count > 0 && args.m > 0 && args.n > 0;
  for (let i = 0; i < batch.length && writes; i++) {
    if (batch[i] > 1 && strideC[i] === 0) {
      throw new ArgumentError(
        fn,
        "strideC",
        `nonzero where the batch extent is > 1 (C_t must not overlap)`,
        strideC,
      );
    }
  }
  // the batch element with the lowest and the highest offset of each operand must be in bounds
  const lo = (off: number, s: readonly number[]) =>
    batch.reduce((acc, e, i) => acc + (e > 0 ? Math.min(0, (e - 1) * s[i]) : 0), off);
  const hi = (off: number, s: readonly number[]) =>
    batch.reduce((acc, e, i) => acc + (e > 0 ? Math.max(0, (e - 1) * s[i]) : 0), off);
  const base = args as GemmArgs<Float32Array> | GemmArgs<Float64Array>;
  checkSize(fn, "m", args.m);
  checkSize(fn, "n", args.n);
  checkSize(fn, "k", args.k);
  // no batch element: only the scalar fields and dtypes matter
  const dtype = checkGemm(fn, count > 0 ? base : { ...base, m: 0, n: 0, k: 0 });
  if (count > 0) {
    const names = [["offA", "strideA"], ["offB", "strideB"], ["offC", "strideC"]] as const;
    for (const [off, st] of names) {
      if (lo(args[off], args[st]) < 0) {
        throw new ArgumentError(
          fn,
          st,
          `strides that keep every batch element at offset >= 0 from ${off} = ${args[off]}`,
          args[st],
        );
      }
    }
    checkGemm(fn, {
      ...base,
      offA: lo(args.offA, strideA),
      offB: lo(args.offB, strideB),
      offC: lo(args.offC, strideC),
    } as GemmArgs<Float64Array>);
    checkGemm(fn, {
      ...base,
      offA: hi(args.offA, strideA),
      offB: hi(args.offB, strideB),
      offC: hi(args.offC, strideC),
    } as GemmArgs<Float64Array>);
  }
  return { dtype, count };
}

/**
 * Reference batched strided GEMM (see {@linkcode GemmBatchedArgs}): {@linkcode gemmCpu} once per
 * batch element, in row-major batch order. Same rounding and `alpha = 0` / `beta = 0`
 * semantics as `gemmCpu`.
 */
export function gemmBatchedCpu(args: Args): void {
  const { count } = checkGemmBatched("gemmBatched", args);
  if (count === 0) return;
  const oa = batchOffsets(args.offA, args.batch, args.strideA);
  const ob = batchOffsets(args.offB, args.batch, args.strideB);
  const oc = batchOffsets(args.offC, args.batch, args.strideC);
  for (let t = 0; t < count; t++) {
    gemmCpu({ ...args, offA: oa[t], offB: ob[t], offC: oc[t] } as GemmArgs<Float64Array>);
  }
}
