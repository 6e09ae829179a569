/**
 * GEMM benchmark: saddle's wasm backend vs numpy/OpenBLAS in the same run, n = 128…1024, f32 and
 * f64, 1 and 2 threads; plus the 128-bit WASM SIMD FMA peak of this machine.
 *
 *   deno task bench:gemm [--sizes=128,256,512,1024] [--no-numpy] [--min-ms=300] [--reps=3]
 *                        [--rounds=2]
 *
 * Prints one JSON line per case:
 * `{"op":"gemm","dtype":"f32","n":512,"threads":1,"saddle_gflops":..,"numpy_gflops":..,"ratio":..}`
 * where GFLOP/s = 2n³/t, t the best per-call time over `reps` batches of at least `min-ms` each
 * (saddle timed through `Backend.gemm`, so operand copies into wasm memory are included; numpy
 * timed in-process by Python). Saddle and numpy alternate per case (`rounds` times, best kept),
 * so both see about the same load on a shared machine; the load average is printed per case.
 * Cases also report GFLOP/s by process CPU time (`*_cputime_gflops`, summed over threads), which
 * other jobs on the machine distort much less than wall-clock time; for 2 threads it shows the
 * extra work of splitting (equal to the 1-thread figure = no overhead), not the speedup (numpy's
 * is left out there: OpenBLAS threads spin). The peak line uses CPU time. `numpy_gflops` runs with the environment as-is (on these
 * machines `OPENBLAS_CORETYPE=Haswell`, i.e. AVX2 kernels); `numpy_native_gflops` runs with
 * `OPENBLAS_CORETYPE` and `OPENBLAS_L2_SIZE` unset (OpenBLAS picks its own kernels, AVX-512
 * here). numpy threads are set by `OPENBLAS_NUM_THREADS` in the subprocess.
 *
 * @module
 */
import { parseArgs } from "node:util";
import process from "node:process";
import {
  configureWasmThreads,
  kernelVariant,
  shutdownWorkers,
  startWorkers,
  wasmBackend,
} from "../src/backend/mod.ts";
import { loadKernels } from "../src/backend/wasm/kernels.ts";

const { values: opts } = parseArgs({
  args: Deno.args,
  options: {
    sizes: { type: "string", default: "128,256,512,1024" },
    "no-numpy": { type: "boolean", default: false },
    "min-ms": { type: "string", default: "300" },
    reps: { type: "string", default: "3" },
    rounds: { type: "string", default: "2" },
  },
});
const SIZES = opts.sizes.split(",").map(Number);
const MIN_MS = Number(opts["min-ms"]);
const REPS = Number(opts.reps);
const DTYPES = ["f32", "f64"] as const;
const THREADS = [1, 2] as const;

function load(): string {
  return Deno.loadavg().map((x) => x.toFixed(2)).join(" ");
}

/**
 * Best per-call milliseconds of `f` over REPS batches of ≥ MIN_MS (after a warm-up), by wall
 * clock and by this process's CPU time (the latter is immune to time-sharing with other
 * processes; it is meaningful for single-threaded work only).
 */
function time(f: () => void): { wall: number; cpu: number } {
  let calls = 1;
  const w0 = performance.now();
  while (performance.now() - w0 < MIN_MS / 4) {
    f();
    calls++;
  }
  let wall = Infinity, cpu = Infinity;
  for (let r = 0; r < REPS; r++) {
    let done = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    do {
      f();
      done++;
    } while (performance.now() - t0 < MIN_MS || done < Math.min(calls, 2));
    wall = Math.min(wall, (performance.now() - t0) / done);
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1000 / done);
  }
  return { wall, cpu };
}

/** The 128-bit WASM SIMD FMA peak on this thread (12 independent relaxed_madd chains). */
function peak(dtype: "f32" | "f64"): number {
  const E = loadKernels().exports;
  const iters = 200_000;
  const fn = dtype === "f32"
    ? () => E.peakF32(iters, 1, 0.999999, 1e-7)
    : () => E.peakF64(iters, 1, 0.999999, 1e-7);
  const { cpu } = time(fn);
  const flopPerIter = 12 * (dtype === "f32" ? 4 : 2) * 2;
  return (iters * flopPerIter) / cpu / 1e6;
}

function saddleGflops(dtype: "f32" | "f64", n: number): { wall: number; cpu: number } {
  const Arr = dtype === "f32" ? Float32Array : Float64Array;
  const a = new Arr(n * n).map((_, i) => Math.sin(i));
  const b = new Arr(n * n).map((_, i) => Math.cos(i));
  const c = new Arr(n * n);
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
    c,
    offC: 0,
    ldc: n,
  } as Parameters<typeof wasmBackend.gemm>[0];
  const t = time(() => wasmBackend.gemm(args));
  return { wall: (2 * n ** 3) / t.wall / 1e6, cpu: (2 * n ** 3) / t.cpu / 1e6 };
}

// A persistent numpy server: one per (threads, coretype setting), since OPENBLAS_* must be set
// before numpy loads. It reads one JSON request per line and answers one JSON line, so saddle
// and numpy cases can be interleaved and see about the same machine load.
const PY = `
import json, sys, time, os, glob, ctypes
import numpy as np
core = "unknown"
try:
    d = os.path.dirname(np.__file__)
    lib = ctypes.CDLL(glob.glob(os.path.join(d, "..", "numpy.libs", "*openblas*"))[0])
    f = lib.scipy_openblas_get_corename64_
    f.restype = ctypes.c_char_p
    core = f().decode()
except Exception:
    pass
print(json.dumps({"version": np.__version__, "coretype": core}), flush=True)
for line in sys.stdin:
    cfg = json.loads(line)
    n = cfg["n"]
    dt = "float32" if cfg["dtype"] == "f32" else "float64"
    a = np.sin(np.arange(n * n, dtype=dt)).reshape(n, n)
    b = np.cos(np.arange(n * n, dtype=dt)).reshape(n, n)
    c = a @ b
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < cfg["min_s"] / 4:
        np.matmul(a, b, out=c)
    best = float("inf")
    best_cpu = float("inf")
    for r in range(cfg["reps"]):
        done = 0
        c0 = time.process_time()
        t0 = time.perf_counter()
        while True:
            np.matmul(a, b, out=c)
            done += 1
            el = time.perf_counter() - t0
            if el >= cfg["min_s"] and done >= 2:
                break
        best = min(best, el / done)
        best_cpu = min(best_cpu, (time.process_time() - c0) / done)
    flop = 2 * n**3
    print(json.dumps({"gflops": flop / best / 1e9, "cpu_gflops": flop / best_cpu / 1e9}), flush=True)
`;

/** A running numpy server (see PY). */
class Numpy {
  readonly coretype: string;
  readonly version: string;
  #proc: Deno.ChildProcess;
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #lines: AsyncIterator<string>;

  private constructor(proc: Deno.ChildProcess, lines: AsyncIterator<string>, first: string) {
    this.#proc = proc;
    this.#writer = proc.stdin.getWriter();
    this.#lines = lines;
    const info = JSON.parse(first);
    this.coretype = info.coretype;
    this.version = info.version;
  }

  /** Starts python3 with OPENBLAS_NUM_THREADS = threads (and OPENBLAS_CORETYPE unset if asked). */
  static async start(threads: number, unsetCoretype: boolean): Promise<Numpy | string> {
    const env: Record<string, string> = {
      ...Deno.env.toObject(),
      OPENBLAS_NUM_THREADS: String(threads),
    };
    if (unsetCoretype) {
      delete env.OPENBLAS_CORETYPE;
      delete env.OPENBLAS_L2_SIZE;
    }
    let proc: Deno.ChildProcess;
    try {
      proc = new Deno.Command("python3", {
        args: ["-c", PY],
        env,
        clearEnv: true,
        stdin: "piped",
        stdout: "piped",
        stderr: "null",
      }).spawn();
    } catch (e) {
      return `python3 not runnable: ${(e as Error).message}`;
    }
    const lines = readLines(proc.stdout);
    const first = await lines.next();
    if (first.done) {
      await proc.status;
      return "python3 could not import numpy";
    }
    return new Numpy(proc, lines, first.value);
  }

  /** GFLOP/s (wall clock and process CPU time) of an n×n matmul, best of REPS batches. */
  async gflops(dtype: "f32" | "f64", n: number): Promise<{ wall: number; cpu: number }> {
    const req = { dtype, n, min_s: MIN_MS / 1000, reps: REPS };
    await this.#writer.write(new TextEncoder().encode(JSON.stringify(req) + "\n"));
    const r = await this.#lines.next();
    if (r.done) throw new Error("bench: numpy server exited");
    const { gflops, cpu_gflops } = JSON.parse(r.value);
    return { wall: gflops, cpu: cpu_gflops };
  }

  /** Ends the server. */
  async close(): Promise<void> {
    await this.#writer.close();
    await this.#proc.status;
  }
}

async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const dec = new TextDecoder();
  let buf = "";
  for await (const chunk of stream) {
    buf += dec.decode(chunk, { stream: true });
    let nl;
    while ((nl = buf.indexOf("\n")) >= 0) {
      yield buf.slice(0, nl);
      buf = buf.slice(nl + 1);
    }
  }
}

const r2 = (x: number | undefined) => (x === undefined ? null : Math.round(x * 10) / 10);

console.log(JSON.stringify({
  op: "info",
  kernels: kernelVariant(),
  deno: Deno.version.deno,
  v8: Deno.version.v8,
  cpus: navigator.hardwareConcurrency,
  OPENBLAS_CORETYPE: Deno.env.get("OPENBLAS_CORETYPE") ?? null,
  OPENBLAS_L2_SIZE: Deno.env.get("OPENBLAS_L2_SIZE") ?? null,
  loadavg_start: load(),
}));
for (const dtype of DTYPES) {
  console.log(
    JSON.stringify({ op: "peak", dtype, threads: 1, simd: "128-bit FMA", gflops: r2(peak(dtype)) }),
  );
}

// numpy servers: as-is environment and OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset, per thread count
const servers = new Map<string, Numpy>();
if (!opts["no-numpy"]) {
  outer: for (const threads of THREADS) {
    for (const unset of [false, true]) {
      const r = await Numpy.start(threads, unset);
      if (typeof r === "string") {
        console.log(JSON.stringify({ op: "notice", numpy: "skipped", reason: r }));
        for (const s of servers.values()) await s.close();
        servers.clear();
        break outer;
      }
      servers.set(`${threads}/${unset}`, r);
      if (threads === 1) {
        console.log(JSON.stringify({
          op: "info",
          numpy: r.version,
          env: unset ? "OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset" : "as-is",
          coretype: r.coretype,
        }));
      }
    }
  }
} else console.log(JSON.stringify({ op: "notice", numpy: "skipped", reason: "--no-numpy" }));

// each case: saddle, numpy as-is, numpy native, interleaved ROUNDS times; best of each
const ROUNDS = Number(opts.rounds);
for (const threads of THREADS) {
  await configureWasmThreads({ threads });
  startWorkers();
  for (const dtype of DTYPES) {
    for (const n of SIZES) {
      let s = 0, sCpu = 0, np: number | undefined, npCpu: number | undefined;
      let npNative: number | undefined;
      for (let round = 0; round < ROUNDS; round++) {
        // OpenBLAS threads spin for a while after a call; let them go idle before timing saddle
        if (servers.size > 0) await new Promise((r) => setTimeout(r, 300));
        const t = saddleGflops(dtype, n);
        s = Math.max(s, t.wall);
        sCpu = Math.max(sCpu, t.cpu);
        const a = servers.get(`${threads}/false`), b = servers.get(`${threads}/true`);
        if (a) {
          const g = await a.gflops(dtype, n);
          np = Math.max(np ?? 0, g.wall);
          npCpu = Math.max(npCpu ?? 0, g.cpu);
        }
        if (b) npNative = Math.max(npNative ?? 0, (await b.gflops(dtype, n)).wall);
      }
      console.log(JSON.stringify({
        op: "gemm",
        dtype,
        n,
        threads,
        saddle_gflops: r2(s),
        numpy_gflops: r2(np),
        ratio: np === undefined ? null : Math.round((s / np) * 100) / 100,
        numpy_native_gflops: r2(npNative),
        // GFLOP/s by process CPU time (all threads; robust to other jobs on a shared machine).
        // With 2 threads it measures the work overhead of splitting, not the wall-clock speedup.
        saddle_cputime_gflops: r2(sCpu),
        numpy_cputime_gflops: threads === 1 ? r2(npCpu) : null,
        loadavg: load(),
      }));
    }
  }
}
await shutdownWorkers();
for (const s of servers.values()) await s.close();
console.log(JSON.stringify({ op: "info", loadavg_end: load() }));
