/**
 * Elementwise, reduction and optimizer kernels of the wasm backend (SIMD AssemblyScript,
 * kernels/wasm/{elementwise,reduce,optim}.ts) against the cpu backend's plain TypeScript loops,
 * on 2M f32 elements (2^21), both through the `Backend` entries (so the copies into and out of
 * wasm memory are included).
 *
 *   deno run -A bench/kernels_elementwise.ts [--n=2097152] [--reps=5] [--dtype=f32]
 *
 * prints a markdown table: per kernel the best CPU time per call (process CPU time, which other
 * jobs on a shared machine distort much less than wall time) of cpu and wasm, and their ratio,
 * plus the load average. `deno bench bench/kernels_elementwise.ts` runs the same cases as
 * `Deno.bench` groups (wall time).
 *
 * @module
 */
import { parseArgs } from "node:util";
import process from "node:process";
import { getBackend } from "../src/backend/mod.ts";
import type { Backend, Strided, TypedArray } from "../src/backend/types.ts";

const { values: opts } = parseArgs({
  args: Deno.args,
  options: {
    n: { type: "string", default: String(2 ** 21) },
    reps: { type: "string", default: "5" },
    dtype: { type: "string", default: "f32" },
  },
});
const N = Number(opts.n), REPS = Number(opts.reps);
const F = opts.dtype === "f64" ? Float64Array : Float32Array;

function data(lo: number, hi: number, seed: number): TypedArray {
  const a = new F(N);
  let s = seed >>> 0;
  for (let i = 0; i < N; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = lo + (hi - lo) * (s / 2 ** 32);
  }
  return a;
}

const x = data(-3, 3, 1), y = data(-3, 3, 2), pos = data(0.1, 4, 3), out = new F(N);
const c = data(-1, 1, 4).map((v) => v > 0 ? 1 : 0);
const row = data(-3, 3, 5).subarray(0, 1024);
const flat = (buf: TypedArray): Strided<TypedArray> => ({ buf, offset: 0, strides: [1] });
const p = data(-1, 1, 6), g = data(-1e-2, 1e-2, 7), m = new F(N), v = new F(N);
const red = new F(N / 1024);

/** Each case: a name and a call on a backend. */
const CASES: [string, (be: Backend) => void][] = [
  ...(["exp", "log", "tanh", "sigmoid", "expm1", "log1p", "relu", "neg", "square", "sqrt"] as const)
    .map((
      op,
    ): [string, (be: Backend) => void] => [
      `unary ${op}`,
      (be) =>
        be.unary(
          op,
          [N],
          flat(op === "log" || op === "sqrt" || op === "log1p" ? pos : x),
          flat(out),
        ),
    ]),
  ...(["add", "mul", "div", "maximum", "gt"] as const).map((
    op,
  ): [string, (be: Backend) => void] => [
    `binary ${op}`,
    (be) => be.binary(op, [N], flat(x), flat(op === "div" ? pos : y), flat(out)),
  ]),
  [
    "binary add, bias row [2048, 1024] + [1024]",
    (be) =>
      be.binary("add", [N / 1024, 1024], { buf: x, offset: 0, strides: [1024, 1] }, {
        buf: row,
        offset: 0,
        strides: [0, 1],
      }, { buf: out, offset: 0, strides: [1024, 1] }),
  ],
  [
    "binary mul by a scalar",
    (be) => be.binary("mul", [N], flat(x), { buf: y, offset: 0, strides: [0] }, flat(out)),
  ],
  ["where", (be) => be.where([N], flat(c), flat(x), flat(y), flat(out))],
  ...(["sum", "max", "logsumexp", "argmax"] as const).map((op): [string, (be: Backend) => void] => [
    `reduceRows ${op} (2048 rows × 1024)`,
    (be) => be.reduceRows(op, N / 1024, 1024, x, 0, red, 0),
  ]),
  [
    "adamwStep",
    (be) =>
      be.adamwStep({
        n: N,
        params: p,
        offParams: 0,
        grads: g,
        offGrads: 0,
        m,
        offM: 0,
        v,
        offV: 0,
        lr: 1e-3,
        beta1: 0.9,
        beta2: 0.999,
        eps: 1e-8,
        weightDecay: 0.1,
        l2: 0,
        gradScale: 1,
        step: 3,
      }),
  ],
];

const backends = { cpu: getBackend("cpu"), wasm: getBackend("wasm") };

/** Best process-CPU milliseconds per call over REPS calls (after one warm-up call). */
function cpuMs(f: () => void): number {
  f();
  let best = Infinity;
  for (let r = 0; r < REPS; r++) {
    const t0 = process.cpuUsage();
    f();
    const d = process.cpuUsage(t0);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return best;
}

if (import.meta.main) {
  console.log(`n = ${N} ${opts.dtype}, best of ${REPS}, load ${Deno.loadavg().join(" ")}`);
  console.log("| kernel | cpu (TS) ms | wasm (SIMD) ms | speedup |");
  console.log("| --- | --- | --- | --- |");
  for (const [name, call] of CASES) {
    // interleave the two backends so that both see about the same load
    const tc = cpuMs(() => call(backends.cpu)), tw = cpuMs(() => call(backends.wasm));
    console.log(`| ${name} | ${tc.toFixed(1)} | ${tw.toFixed(1)} | ${(tc / tw).toFixed(1)}× |`);
  }
  console.log(`load after: ${Deno.loadavg().join(" ")}`);
} else {
  for (const [name, call] of CASES) {
    for (const [bn, be] of Object.entries(backends)) {
      Deno.bench({
        name: `${name} ${bn}`,
        group: name,
        baseline: bn === "cpu",
        fn: () => call(be),
      });
    }
  }
}
