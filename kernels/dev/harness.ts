// Shared harness for the numbered GEMM experiments: compile a kernel file, instantiate it on a
// shared memory, validate against the cpu backend, print GFLOP/s (best of several batches).
import { compileKernel, KERNEL_MEMORY } from "../compile.ts";
import process from "node:process";
import { gemmCpu } from "../../src/backend/cpu/gemm.ts";

export async function load(entry: string, relaxed = true) {
  const bytes = await compileKernel(entry, relaxed);
  const memory = new WebAssembly.Memory({
    initial: KERNEL_MEMORY.initialPages,
    maximum: KERNEL_MEMORY.maximumPages,
    shared: true,
  });
  const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes as BufferSource), {
    env: { memory },
  });
  return { exports: inst.exports as Record<string, CallableFunction>, memory, size: bytes.length };
}

export function bench(
  mod: { exports: Record<string, CallableFunction>; memory: WebAssembly.Memory },
  dtype: "f32" | "f64",
  n: number,
  blk: [number, number, number],
  prefix = dtype === "f32" ? "s" : "d",
): number {
  const E = mod.exports;
  const bytes = dtype === "f32" ? 4 : 8;
  const Arr = dtype === "f32" ? Float32Array : Float64Array;
  const work = Number(E[prefix + "gemmWorkBytes"](...blk));
  const need = 3 * n * n * bytes + work + 4096;
  const have = mod.memory.buffer.byteLength;
  if (need > have) mod.memory.grow(Math.ceil((need - have) / 65536));
  const base = 1024;
  const pa = base, pb = pa + n * n * bytes, pc = pb + n * n * bytes;
  const pw = (pc + n * n * bytes + 63) & ~63;
  const buf = mod.memory.buffer as ArrayBuffer; // shared; the typed-array constructors accept it
  const A = new Arr(buf, pa, n * n), B = new Arr(buf, pb, n * n), C = new Arr(buf, pc, n * n);
  for (let i = 0; i < n * n; i++) {
    A[i] = ((i * 7919) % 13) / 13 - 0.5;
    B[i] = ((i * 104729) % 17) / 17 - 0.5;
  }
  // validate on a corner (full validation for small n)
  const nv = Math.min(n, 96);
  const Ac = new Arr(nv * n), Bc = new Arr(n * nv), ref = new Arr(nv * nv);
  for (let i = 0; i < nv; i++) for (let p = 0; p < n; p++) Ac[i * n + p] = A[i * n + p];
  for (let p = 0; p < n; p++) for (let j = 0; j < nv; j++) Bc[p * nv + j] = B[p * n + j];
  E[prefix + "gemm"](0, 0, n, n, n, 1, pa, n, pb, n, 0, pc, n, ...blk, pw);
  gemmCpu({
    transA: false,
    transB: false,
    m: nv,
    n: nv,
    k: n,
    alpha: 1,
    a: Ac,
    offA: 0,
    lda: n,
    b: Bc,
    offB: 0,
    ldb: nv,
    beta: 0,
    c: ref,
    offC: 0,
    ldc: nv,
  } as never);
  let err = 0;
  for (let i = 0; i < nv; i++) {
    for (let j = 0; j < nv; j++) err = Math.max(err, Math.abs(C[i * n + j] - ref[i * nv + j]));
  }
  const tol = dtype === "f32" ? 1e-4 * Math.sqrt(n) : 1e-12 * n;
  if (!(err < tol)) throw new Error(`validation failed: n=${n} err=${err}`);
  const flop = 2 * n * n * n;
  const reps = Math.max(1, Math.ceil(2e8 / flop));
  let best = Infinity;
  for (let t = 0; t < 6; t++) {
    // CPU time of this (single-threaded) process: robust to other processes sharing the core
    const t0 = process.cpuUsage();
    for (let r = 0; r < reps; r++) {
      E[prefix + "gemm"](0, 0, n, n, n, 1, pa, n, pb, n, 0, pc, n, ...blk, pw);
    }
    const d = process.cpuUsage(t0);
    best = Math.min(best, (d.user + d.system) / 1000 / reps);
  }
  return flop / best / 1e6;
}
