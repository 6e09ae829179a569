/**
 * Loads the elementwise/optimizer kernel module (kernels/wasm/ops.ts, committed build
 * kernels/wasm/build/ops_simd_wasm.ts) on the memory of the loaded BLAS module, so that its
 * kernels work on the same scratch space (scratch.ts). The module has no static data (the build
 * checks it), so instantiating it on that memory changes no byte of it. One instance per memory:
 * when the BLAS module is reloaded (another kernel variant), this one follows.
 *
 * @module
 */
import { wasmBytes } from "../../../kernels/wasm/build/ops_simd_wasm.ts";
import type { LoadedKernels } from "./kernels.ts";

/**
 * The exports of kernels/wasm/ops.ts. Pointers are byte addresses in the shared memory, sizes in
 * elements; `s…` kernels take f32 data, `d…` f64 data; every operand is contiguous.
 */
export interface OpsExports {
  /**
   * One Adam/AdamW update of `n` elements in place (`Backend.adamwStep`), in f64 lanes:
   * `c1 = 1 − β₁`, `c2 = 1 − β₂`, `decay = 1 − ηλ`, `stepSize = η/(1 − β₁ᵗ)`,
   * `sq2 = 1/√(1 − β₂ᵗ)`.
   */
  sadamw(
    n: number,
    p: number,
    g: number,
    m: number,
    v: number,
    gradScale: number,
    l2: number,
    b1: number,
    c1: number,
    b2: number,
    c2: number,
    decay: number,
    stepSize: number,
    sq2: number,
    eps: number,
  ): void;
  /** f64 twin of {@linkcode OpsExports.sadamw}. */
  dadamw(
    n: number,
    p: number,
    g: number,
    m: number,
    v: number,
    gradScale: number,
    l2: number,
    b1: number,
    c1: number,
    b2: number,
    c2: number,
    decay: number,
    stepSize: number,
    sq2: number,
    eps: number,
  ): void;
  /** f32 `y = op(x)` on `n` elements (n rounded up to 4; codes: UNARY_CODES, elementwise.ts). */
  sunary(op: number, n: number, x: number, y: number): void;
  /** f64 `y = op(x)` on `n` elements (n rounded up to 2). */
  dunary(op: number, n: number, x: number, y: number): void;
  /** f32 `y = op(a, b)` on `n` elements (n rounded up to 4; codes: BINARY_CODES). */
  sbinary(op: number, n: number, a: number, b: number, y: number): void;
  /** f64 `y = op(a, b)` on `n` elements (n rounded up to 2). */
  dbinary(op: number, n: number, a: number, b: number, y: number): void;
  /** f32 `y = c ≠ 0 ? a : b` on `n` elements (n rounded up to 4). */
  swhere(n: number, c: number, a: number, b: number, y: number): void;
  /** f64 `y = c ≠ 0 ? a : b` on `n` elements (n rounded up to 2). */
  dwhere(n: number, c: number, a: number, b: number, y: number): void;
  /** f32 row reductions of `rows` contiguous rows of `len` into `rows` f64 at `out` (REDUCE_CODES). */
  sreduce(op: number, rows: number, len: number, x: number, out: number): void;
  /** f64 row reductions of `rows` contiguous rows of `len` into `rows` f64 at `out`. */
  dreduce(op: number, rows: number, len: number, x: number, out: number): void;
}

let module: WebAssembly.Module | undefined;
const instances = new WeakMap<WebAssembly.Memory, OpsExports>();

/** The ops kernels instantiated on the memory of `k` (cached per memory). */
export function opsKernels(k: LoadedKernels): OpsExports {
  let ex = instances.get(k.memory);
  if (!ex) {
    module ??= new WebAssembly.Module(wasmBytes as BufferSource);
    const inst = new WebAssembly.Instance(module, { env: { memory: k.memory } });
    ex = inst.exports as unknown as OpsExports;
    instances.set(k.memory, ex);
  }
  return ex;
}
