// Experiment 02: the promoted f64 kernel (kernels/wasm/gemm_f64.ts, 4x4 micro-kernel = 8 f64x2
// accumulators, packed A and B) over a few block sizes. Run: deno run -A kernels/dev/02_gemm_f64_4x4.ts
import { bench, load } from "./harness.ts";

const mod = await load(Deno.args[0] ?? "kernels/wasm/gemm_f64.ts");
console.log(`wasm bytes: ${mod.size}; load ${Deno.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
const blocks: [number, number, number][] = [[64, 256, 4096], [128, 256, 4096], [64, 128, 4096], [
  128,
  512,
  4096,
]];
bench(mod, "f64", 128, blocks[0]);
for (const n of [128, 256, 512, 1024]) {
  const row = blocks.map((blk) => `${blk.join("/")}: ${bench(mod, "f64", n, blk).toFixed(1)}`);
  console.log(`n=${n}  ${row.join("  ")}`);
}
