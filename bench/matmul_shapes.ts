/**
 * The matmuls of one bench:train step (4-layer d = 128 char LM, batch 32, context 128, 4 heads),
 * each called through `src/array` `matmul` with the same operand views the model and its VJPs
 * use (head-split strided views, transposes), timed in process CPU time (best of `--reps` calls).
 * Prints one JSON line per shape (ms per call, GFLOP/s) and the per-step total (calls × layers).
 *
 *   deno run -A bench/matmul_shapes.ts [--threads=1] [--reps=5]
 * @module
 */
import process from "node:process";
import { parseArgs } from "node:util";
import { matmul, reshape, transpose } from "../src/array/mod.ts";
import { normal } from "../src/random/mod.ts";
import { key } from "../src/random/key.ts";
import type { NDArray } from "../src/array/ndarray.ts";
import { configureWasmThreads, shutdownWorkers } from "../src/backend/wasm/threads.ts";

const { values: opts } = parseArgs({
  args: Deno.args,
  options: { threads: { type: "string", default: "1" }, reps: { type: "string", default: "5" } },
});
const [B, T, D, H, L, V] = [32, 128, 128, 4, 4, 96];
const N = B * T, dh = D / H;
const r = (shape: number[], s: number) => normal(key(s), shape, { dtype: "f32" });
const heads = (x: NDArray) => transpose(reshape(x, [B, T, H, dh]), [0, 2, 1, 3]);
const x = r([N, D], 1), w = r([D, D], 2), up = r([D, 4 * D], 3), hid = r([N, 4 * D], 4);
const down = r([4 * D, D], 5), wh = r([D, V], 6), gh = r([N, V], 7), gup = r([N, 4 * D], 8);
const q = heads(r([N, D], 9)), k = heads(r([N, D], 10)), v = heads(r([N, D], 11));
const att = r([B, H, T, T], 12), gO = heads(r([N, D], 13));
// [name, per-step count, thunk, flops]
const cases: [string, number, () => NDArray, number][] = [
  ["x@W (qkvo fwd)", 4 * L, () => matmul(x, w), 2 * N * D * D],
  ["g@Wᵀ (qkvo dx)", 4 * L, () => matmul(x, w, { transB: true }), 2 * N * D * D],
  ["xᵀ@g (qkvo dW)", 4 * L, () => matmul(x, x, { transA: true }), 2 * N * D * D],
  ["x@Wup fwd", L, () => matmul(x, up), 2 * N * D * 4 * D],
  ["g@Wupᵀ dx", L, () => matmul(gup, up, { transB: true }), 2 * N * D * 4 * D],
  ["xᵀ@g up dW", L, () => matmul(x, gup, { transA: true }), 2 * N * D * 4 * D],
  ["h@Wdown fwd", L, () => matmul(hid, down), 2 * N * D * 4 * D],
  ["g@Wdownᵀ dx", L, () => matmul(x, down, { transB: true }), 2 * N * D * 4 * D],
  ["hᵀ@g down dW", L, () => matmul(hid, x, { transA: true }), 2 * N * D * 4 * D],
  ["head fwd", 1, () => matmul(x, wh), 2 * N * D * V],
  ["head dx", 1, () => matmul(gh, wh, { transB: true }), 2 * N * D * V],
  ["head dW", 1, () => matmul(x, gh, { transA: true }), 2 * N * D * V],
  ["q@kᵀ fwd", L, () => matmul(q, k, { transB: true }), 2 * B * H * T * T * dh],
  ["gS@k dq", L, () => matmul(att, k), 2 * B * H * T * T * dh],
  ["gSᵀ@q dk", L, () => matmul(att, q, { transA: true }), 2 * B * H * T * T * dh],
  ["P@v fwd", L, () => matmul(att, v), 2 * B * H * T * T * dh],
  ["gO@vᵀ dP", L, () => matmul(gO, v, { transB: true }), 2 * B * H * T * T * dh],
  ["Pᵀ@gO dv", L, () => matmul(att, gO, { transA: true }), 2 * B * H * T * T * dh],
];
for (const t of opts.threads.split(",").map(Number)) {
  await configureWasmThreads({ threads: t });
  let total = 0, flops = 0;
  const reps = Number(opts.reps);
  for (const [name, count, f, fl] of cases) {
    f();
    // best of `reps` calls in process CPU time (the machine is shared: the minimum is the cost)
    let cpu = Infinity, wall = Infinity;
    for (let i = 0; i < reps; i++) {
      const c0 = process.cpuUsage(), t0 = performance.now();
      f();
      const c = process.cpuUsage(c0);
      wall = Math.min(wall, performance.now() - t0);
      cpu = Math.min(cpu, (c.user + c.system) / 1000);
    }
    total += count * cpu;
    flops += count * fl;
    console.log(JSON.stringify({
      threads: t,
      name,
      cpu_ms: +cpu.toFixed(2),
      wall_ms: +wall.toFixed(2),
      gflops_cpu: +(fl / cpu / 1e6).toFixed(1),
    }));
  }
  console.log(JSON.stringify({
    threads: t,
    per_step_cpu_ms: Math.round(total),
    gflop: +(flops / 1e9).toFixed(2),
    gflops_cpu: +(flops / total / 1e6).toFixed(1),
    loadavg: Deno.loadavg()[0],
  }));
}
await shutdownWorkers();
