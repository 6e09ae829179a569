/**
 * Training-step benchmark: one AdamW step (forward, backward, update) of a 4-layer, d = 128,
 * 4-head, context 128, batch 32 character-level transformer LM (vocab 96, pre-LN, no biases,
 * untied embeddings, GELU-tanh, 4× MLP), f32, on saddle's default backend, on PyTorch (CPU) and
 * on TensorFlow.js (tfjs-backend-wasm) in the same run, at 1 and 2 threads.
 *
 *   deno task bench:train [--steps=5] [--threads=1,2] [--no-torch] [--no-tfjs]
 *
 * Prints JSON lines: `{"bench":"train","impl":"saddle",...}` with the median and best step
 * time, steps/s, achieved GFLOP/s (model FLOPs: 3× the forward GEMM FLOPs, attention counted
 * without the causal saving), the share of the step spent in matmul primitives and their
 * GFLOP/s; `{"impl":"pytorch",...}` from bench/train_torch.py under /usr/bin/python3 (Debian
 * python3-torch with libopenblas0-pthread, ERRATA I1; one fresh interpreter per thread count
 * with OPENBLAS_NUM_THREADS = OMP_NUM_THREADS = torch.set_num_threads = t; skipped with a notice
 * when missing); `{"impl":"tfjs-wasm",...}` from bench/train_tfjs.ts in a fresh Deno process
 * (single-threaded in Deno at every thread count); and `{"impl":"ratio",...}` per thread count:
 * saddle / PyTorch and saddle / tfjs-wasm median step time, in wall time and in process CPU
 * time (user + system, all threads; less disturbed by other processes on a shared machine, but
 * it also charges spin-waiting threads).
 *
 * @module
 */
import { timeSteps } from "./step_timer.ts";
import { parseArgs } from "node:util";
import { defaultBackendName } from "../src/backend/mod.ts";
import { configureWasmThreads, shutdownWorkers } from "../src/backend/wasm/threads.ts";
import { profilePrims } from "../src/autodiff/mod.ts";
import { BENCH_MODEL, benchTrainStep } from "./train_model.ts";

const { values: opts } = parseArgs({
  args: Deno.args,
  options: {
    steps: { type: "string", default: "5" },
    threads: { type: "string", default: "1,2" },
    "no-torch": { type: "boolean", default: false },
    "no-tfjs": { type: "boolean", default: false },
  },
});
const STEPS = Number(opts.steps);
const THREADS = opts.threads.split(",").map(Number);
const CFG = BENCH_MODEL;
const load = () => Deno.loadavg().map((x) => x.toFixed(2)).join(" ");

/** Model FLOPs of one training step: 3 × forward GEMM FLOPs (backward = 2 × forward). */
function stepFlops(): { total: number; gemm: number } {
  const { vocab: v, context: t, dim: d, layers: l, batch: b } = CFG;
  const n = b * t;
  const perLayer = 8 * n * d * d + 16 * n * d * d + 4 * b * t * t * d;
  const fwd = l * perLayer + 2 * n * d * v;
  return { total: 3 * fwd, gemm: 3 * fwd };
}

function saddleRun(threads: number): Record<string, unknown> {
  const step = benchTrainStep();
  step(); // warm-up (JIT, worker start)
  const { wallMs: times, cpuMs: cpu } = timeSteps(step, STEPS);
  // one profiled step: time inside matmul primitives (forward + VJP) vs the whole step
  const t0 = performance.now();
  const { ms } = profilePrims(step);
  const profMs = performance.now() - t0;
  const mmMs = (ms["matmul.fwd"] ?? 0) + (ms["matmul.bwd"] ?? 0);
  const med = times[Math.floor(times.length / 2)];
  const f = stepFlops();
  const top = Object.entries(ms).sort((a, b) => b[1] - a[1]).slice(0, 8)
    .map(([k, v]) => [k, Math.round(v)]);
  return {
    bench: "train",
    impl: "saddle",
    backend: defaultBackendName(),
    dtype: "f32",
    threads,
    ...CFG,
    step_ms_median: Math.round(med),
    step_ms_best: Math.round(times[0]),
    cpu_ms_median: Math.round(cpu[Math.floor(cpu.length / 2)]),
    cpu_ms_best: Math.round(cpu[0]),
    steps_per_s: +(1000 / med).toFixed(3),
    gflop_per_step: +(f.total / 1e9).toFixed(2),
    gflops: +(f.total / med / 1e6).toFixed(2),
    matmul_share: +(mmMs / profMs).toFixed(3),
    matmul_gflops: +(f.gemm / mmMs / 1e6).toFixed(2),
    top_prims_ms: Object.fromEntries(top),
    loadavg: load(),
  };
}

async function torchRun(): Promise<Record<string, unknown>[] | string> {
  const py = "/usr/bin/python3";
  const script = new URL("./train_torch.py", import.meta.url).pathname;
  let out;
  try {
    out = await new Deno.Command(py, {
      args: [script, JSON.stringify({ ...CFG, steps: STEPS, threads: THREADS })],
      stdout: "piped",
      stderr: "piped",
    }).output();
  } catch (e) {
    return `${py} not runnable: ${(e as Error).message}`;
  }
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr).trim().split("\n").pop();
    return `PyTorch run failed (${err}); install with apt-get install -y python3-torch libopenblas0-pthread`;
  }
  return new TextDecoder().decode(out.stdout).trim().split("\n").map((l) => ({
    bench: "train",
    ...JSON.parse(l),
    loadavg: load(),
  }));
}

async function tfjsRun(): Promise<Record<string, unknown>[] | string> {
  const script = new URL("./train_tfjs.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--no-lock",
      script,
      JSON.stringify({ ...CFG, steps: STEPS, threads: THREADS }),
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr).trim().split("\n").slice(-3).join(" ");
    return `tfjs-wasm run failed (${err})`;
  }
  return new TextDecoder().decode(out.stdout).trim().split("\n").map((l) => ({
    bench: "train",
    ...JSON.parse(l),
    gflops: +(stepFlops().total / JSON.parse(l).step_ms_median / 1e6).toFixed(2),
    loadavg: load(),
  }));
}

const started = performance.now();
console.log(JSON.stringify({
  bench: "train",
  impl: "info",
  deno: Deno.version.deno,
  cpus: navigator.hardwareConcurrency,
  loadavg_start: load(),
}));
const mine: Record<number, { wall: number; cpu: number }> = {};
for (const t of THREADS) {
  if (defaultBackendName() === "wasm") await configureWasmThreads({ threads: t });
  const r = saddleRun(t);
  mine[t] = { wall: r.step_ms_median as number, cpu: r.cpu_ms_median as number };
  console.log(JSON.stringify(r));
}
await shutdownWorkers();
type Peer = Record<number, { wall: number; cpu: number }>;
const peers: { pytorch: Peer; tfjs: Peer } = { pytorch: {}, tfjs: {} };
for (
  const [name, flag, run] of [
    ["pytorch", "no-torch", torchRun],
    ["tfjs-wasm", "no-tfjs", tfjsRun],
  ] as const
) {
  if (opts[flag]) {
    console.log(JSON.stringify({ bench: "train", impl: name, skipped: `--${flag}` }));
    continue;
  }
  const rows = await run();
  if (typeof rows === "string") {
    console.log(JSON.stringify({ bench: "train", impl: name, skipped: rows }));
    continue;
  }
  for (const r of rows) {
    if (name === "pytorch") {
      r.gflops = +(stepFlops().total / (r.step_ms_median as number) / 1e6).toFixed(2);
    }
    console.log(JSON.stringify(r));
    const peer = name === "pytorch" ? peers.pytorch : peers.tfjs;
    peer[r.threads as number] = {
      wall: r.step_ms_median as number,
      cpu: r.cpu_ms_median as number,
    };
  }
}
const ratio = (a: number, b: number | undefined) => b ? +(a / b).toFixed(3) : null;
for (const t of THREADS) {
  if (!mine[t]) continue;
  console.log(JSON.stringify({
    bench: "train",
    impl: "ratio",
    threads: t,
    saddle_over_pytorch: ratio(mine[t].wall, peers.pytorch[t]?.wall),
    saddle_over_pytorch_cpu: ratio(mine[t].cpu, peers.pytorch[t]?.cpu),
    saddle_over_tfjs: ratio(mine[t].wall, peers.tfjs[t]?.wall),
    saddle_over_tfjs_cpu: ratio(mine[t].cpu, peers.tfjs[t]?.cpu),
    saddle_speedup_vs_1_thread: ratio(mine[THREADS[0]]?.wall ?? 0, mine[t].wall),
    target: "saddle ≤ pytorch and < tfjs-wasm at each t; 2 threads ≥ 1.7× 1 thread",
  }));
}
console.log(JSON.stringify({
  bench: "train",
  impl: "info",
  elapsed_s: Math.round((performance.now() - started) / 1000),
  loadavg_end: load(),
}));
