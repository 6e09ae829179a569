/**
 * Dense linear-algebra benchmark: saddle (src/linalg on the wasm GEMM, one thread) vs
 * numpy/LAPACK (OpenBLAS limited to one thread) in the same run, f64, n = 128, 256, 512.
 *
 *   deno task bench:linalg [--sizes=128,256,512] [--ops=cholesky,solve,eigh,svd] [--reps=5]
 *                          [--min-ms=300] [--no-numpy]
 *
 * Prints one JSON line per case:
 * `{"op":"eigh","dtype":"f64","n":512,"saddle_s":..,"numpy_s":..,"ratio":..,"load":".."}`
 * with the best wall time over `reps` calls (more for fast cases, until `min-ms` has passed)
 * after a warm-up of at least `min-ms` and 20 calls (3 s at most) (`ratio = saddle_s/numpy_s`), and
 * the best process CPU time of the same calls (`saddle_cpu_s`, `numpy_cpu_s`, `ratio_cpu`),
 * which is less disturbed by other processes on a shared machine.
 * saddle is timed through the NDArray functions users call (`cholesky(S)`, `solve(A, b)`,
 * `eigh(S)` with vectors, `svd(A)` thin with vectors); numpy runs `np.linalg.cholesky`,
 * `solve`, `eigh`, `svd(full_matrices=False)` in a python3 subprocess with
 * `OPENBLAS_NUM_THREADS=1`, timed in Python on matrices of the same kind (S = GGᵀ/n + I,
 * A Gaussian). The 1-minute load average is reported with every line: the machine is shared.
 *
 * @module
 */
import process from "node:process";
import { parseArgs } from "node:util";
import { fromTyped, type NDArray } from "../src/array/mod.ts";
import { configureWasmThreads, getBackend, shutdownWorkers } from "../src/backend/mod.ts";
import { cholesky, eigh, solve, svd } from "../src/linalg/mod.ts";
import { key, normalF64 } from "../src/random/mod.ts";

const { values: opts } = parseArgs({
  args: Deno.args,
  options: {
    sizes: { type: "string", default: "128,256,512" },
    ops: { type: "string", default: "cholesky,solve,eigh,svd" },
    reps: { type: "string", default: "5" },
    "min-ms": { type: "string", default: "300" },
    "no-numpy": { type: "boolean", default: false },
  },
});
const SIZES = opts.sizes.split(",").map(Number);
const OPS = opts.ops.split(",");
const REPS = Number(opts.reps);
const MIN_MS = Number(opts["min-ms"]);

const load = () => Deno.loadavg()[0].toFixed(2);

function best(f: () => unknown, reps: number): { wall: number; cpu: number } {
  // Warm up (the JIT needs ~20 calls to optimize every hot loop): at least MIN_MS and at least
  // 20 calls unless that takes over 3 s. Then time `reps` calls, or more for fast cases until
  // MIN_MS has passed.
  const t0 = performance.now();
  for (let calls = 0;; calls++) {
    const el = performance.now() - t0;
    if (el >= MIN_MS && (calls >= 20 || el >= 3000)) break;
    f();
  }
  let b = Infinity;
  let c = Infinity;
  const start = performance.now();
  for (let r = 0; r < reps || (performance.now() - start < MIN_MS && r < 200); r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    b = Math.min(b, performance.now() - t0);
    const dc = process.cpuUsage(c0);
    c = Math.min(c, (dc.user + dc.system) / 1e3);
  }
  return { wall: b / 1000, cpu: c / 1000 };
}

function inputs(n: number): { s: NDArray; a: NDArray; b: NDArray } {
  const g = normalF64(key(n), n * n);
  const s = new Float64Array(n * n);
  getBackend("cpu").gemm({
    transA: false,
    transB: true,
    m: n,
    n,
    k: n,
    alpha: 1 / n,
    a: g,
    offA: 0,
    lda: n,
    b: g,
    offB: 0,
    ldb: n,
    beta: 0,
    c: s,
    offC: 0,
    ldc: n,
  });
  for (let i = 0; i < n; i++) {
    s[i * n + i] += 1;
    for (let j = 0; j < i; j++) s[j * n + i] = s[i * n + j];
  }
  return {
    s: fromTyped(s, [n, n]),
    a: fromTyped(normalF64(key(n + 1), n * n), [n, n]),
    b: fromTyped(normalF64(key(n + 2), n), [n]),
  };
}

const PY = `
import json, sys, time, numpy as np
sizes, ops, reps = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3])
min_s = float(sys.argv[4]) / 1000
out = {}
for n in sizes:
    rng = np.random.default_rng(n)
    g = rng.standard_normal((n, n)); s = g @ g.T / n + np.eye(n)
    a = rng.standard_normal((n, n)); b = rng.standard_normal(n)
    fns = {"cholesky": lambda: np.linalg.cholesky(s), "solve": lambda: np.linalg.solve(a, b),
           "eigh": lambda: np.linalg.eigh(s), "svd": lambda: np.linalg.svd(a, full_matrices=False)}
    for op in ops:
        f = fns[op]; best = cbest = float("inf")
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < min_s: f()
        r, start = 0, time.perf_counter()
        while r < reps or (time.perf_counter() - start < min_s and r < 200):
            r += 1
            c0 = time.process_time(); t0 = time.perf_counter(); f()
            best = min(best, time.perf_counter() - t0); cbest = min(cbest, time.process_time() - c0)
        out[f"{op}/{n}"] = [best, cbest]
print(json.dumps(out))
`;

async function numpyTimes(): Promise<Record<string, [number, number]> | null> {
  if (opts["no-numpy"]) return null;
  try {
    const cmd = new Deno.Command("python3", {
      args: ["-c", PY, JSON.stringify(SIZES), JSON.stringify(OPS), String(REPS), String(MIN_MS)],
      env: { OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" },
      stdout: "piped",
      stderr: "piped",
    });
    const r = await cmd.output();
    if (!r.success) {
      console.error(new TextDecoder().decode(r.stderr));
      return null;
    }
    return JSON.parse(new TextDecoder().decode(r.stdout));
  } catch (e) {
    console.error(`numpy unavailable: ${(e as Error).message}`);
    return null;
  }
}

configureWasmThreads({ threads: 1 });
const np = await numpyTimes();
for (const n of SIZES) {
  const { s, a, b } = inputs(n);
  const fns: Record<string, () => unknown> = {
    cholesky: () => cholesky(s),
    solve: () => solve(a, b),
    eigh: () => eigh(s),
    svd: () => svd(a),
  };
  for (const op of OPS) {
    const reps = n >= 512 && (op === "eigh" || op === "svd") ? Math.min(REPS, 3) : REPS;
    const t = best(fns[op], reps);
    const tn = np?.[`${op}/${n}`] ?? null;
    const p4 = (x: number) => Number(x.toPrecision(4));
    console.log(JSON.stringify({
      op,
      dtype: "f64",
      n,
      saddle_s: p4(t.wall),
      numpy_s: tn === null ? null : p4(tn[0]),
      ratio: tn === null ? null : Number((t.wall / tn[0]).toFixed(2)),
      saddle_cpu_s: p4(t.cpu),
      numpy_cpu_s: tn === null ? null : p4(tn[1]),
      ratio_cpu: tn === null ? null : Number((t.cpu / tn[1]).toFixed(2)),
      load: load(),
    }));
  }
}
await shutdownWorkers();
