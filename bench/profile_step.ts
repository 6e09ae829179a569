/**
 * Per-primitive profile of the bench:train step (same model and step as bench/train.ts):
 * median process CPU ms and wall ms per step, and the forward/VJP milliseconds of every
 * autodiff primitive in one profiled step, at each thread count.
 *
 *   deno run -A bench/profile_step.ts [--steps=3] [--threads=1]
 *
 * CPU time (user + system, all threads) is the number to compare on a loaded machine; the
 * per-primitive split is wall time inside the step (it includes waits for other processes).
 * @module
 */
import process from "node:process";
import { parseArgs } from "node:util";
import { timeSteps } from "./step_timer.ts";
import { configureWasmThreads, shutdownWorkers } from "../src/backend/wasm/threads.ts";
import { profilePrims } from "../src/autodiff/mod.ts";
import { benchTrainStep } from "./train_model.ts";

const { values: opts } = parseArgs({
  args: Deno.args,
  options: {
    steps: { type: "string", default: "3" },
    threads: { type: "string", default: "1" },
  },
});
const GFLOP = 22.85;

for (const threads of opts.threads.split(",").map(Number)) {
  await configureWasmThreads({ threads });
  const step = benchTrainStep();
  step();
  const la0 = Deno.loadavg()[0];
  const minflt = () =>
    Number(Deno.readTextFileSync("/proc/self/stat").split(") ")[1].split(" ")[7]);
  const f0 = minflt();
  const u0 = process.cpuUsage();
  const { wallMs, cpuMs } = timeSteps(step, Number(opts.steps));
  const u = process.cpuUsage(u0);
  const { ms } = profilePrims(step);
  const med = (v: number[]) => v[Math.floor(v.length / 2)];
  const prims = Object.entries(ms).sort((a, b) => b[1] - a[1]).filter(([, v]) => v >= 1)
    .map(([k, v]) => `${k}=${Math.round(v)}`).join(" ");
  console.log(JSON.stringify({
    threads,
    cpu_ms_median: Math.round(med(cpuMs)),
    cpu_ms_best: Math.round(cpuMs[0]),
    wall_ms_best: Math.round(wallMs[0]),
    wall_ms_median: Math.round(med(wallMs)),
    minor_faults_per_step: Math.round((minflt() - f0) / Number(opts.steps)),
    sys_ms_per_step: Math.round(u.system / 1000 / Number(opts.steps)),
    gflops_cpu: +(GFLOP * 1000 / med(cpuMs)).toFixed(1),
    gflops_wall: +(GFLOP * 1000 / med(wallMs)).toFixed(1),
    loadavg: `${la0.toFixed(2)}→${Deno.loadavg()[0].toFixed(2)}`,
  }));
  console.log(`  prims(ms, profiled step): ${prims}`);
}
await shutdownWorkers();
