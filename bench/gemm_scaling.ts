/**
 * 2-thread scaling of the wasm GEMM (`Backend.gemm`, operand copies included) at n×n×n, f32 and
 * f64: GFLOP/s at 1 and 2 threads from the best of `--windows` windows of 4 calls each (the
 * best window is the least disturbed by other processes on a shared machine), the process-CPU
 * GFLOP/s of the same windows (summed over threads: work added by splitting), and the speedup.
 *
 *   deno run -A bench/gemm_scaling.ts [--sizes=512,1024] [--windows=20]
 *
 * One JSON line per dtype and size: `{"op":"gemm_scaling","dtype":"f32","n":512,"gflops_1":..,
 * "gflops_2":..,"cpu_gflops_1":..,"cpu_gflops_2":..,"speedup":..,"loadavg":".."}`.
 * @module
 */
import process from "node:process";
import { parseArgs } from "node:util";
import { wasmBackend } from "../src/backend/wasm/wasm_backend.ts";
import { configureWasmThreads, shutdownWorkers } from "../src/backend/wasm/threads.ts";
import type { GemmArgs } from "../src/backend/types.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    sizes: { type: "string", default: "512,1024" },
    windows: { type: "string", default: "20" },
  },
  strict: true,
});
const WINDOWS = Number(values.windows);

for (const n of values.sizes!.split(",").map(Number)) {
  for (const dt of ["f32", "f64"] as const) {
    const make = (f: (i: number) => number) => {
      const x = dt === "f32" ? new Float32Array(n * n) : new Float64Array(n * n);
      for (let i = 0; i < x.length; i++) x[i] = f(i);
      return x;
    };
    const a = make(Math.sin), b = make(Math.cos);
    const args = {
      transA: false,
      transB: false,
      m: n,
      n,
      k: n,
      alpha: 1,
      a,
      offA: 0,
      lda: n,
      b,
      offB: 0,
      ldb: n,
      beta: 0,
      c: make(() => 0),
      offC: 0,
      ldc: n,
    } as GemmArgs<Float64Array>;
    const res: Record<string, number> = {};
    for (const t of [1, 2]) {
      await configureWasmThreads({ threads: t });
      wasmBackend.gemm(args); // warm-up (worker start)
      let wall = Infinity, cpu = Infinity;
      for (let w = 0; w < WINDOWS; w++) {
        const c0 = process.cpuUsage(), t0 = performance.now();
        for (let i = 0; i < 4; i++) wasmBackend.gemm(args);
        wall = Math.min(wall, (performance.now() - t0) / 4);
        const c = process.cpuUsage(c0);
        cpu = Math.min(cpu, (c.user + c.system) / 4000);
      }
      res[`gflops_${t}`] = +(2 * n ** 3 / wall / 1e6).toFixed(1);
      res[`cpu_gflops_${t}`] = +(2 * n ** 3 / cpu / 1e6).toFixed(1);
    }
    console.log(JSON.stringify({
      op: "gemm_scaling",
      dtype: dt,
      n,
      ...res,
      speedup: +(res.gflops_2 / res.gflops_1).toFixed(2),
      loadavg: Deno.loadavg().map((x) => x.toFixed(2)).join(" "),
    }));
  }
}
await shutdownWorkers();
