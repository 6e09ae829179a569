// Experiment 01: the promoted f32 kernel (kernels/wasm/gemm_f32.ts, 4x8 micro-kernel, packed A
// and B, KC/MC/NC blocking) over a few block sizes. Run: deno run -A kernels/dev/01_gemm_f32_4x8.ts
import { bench, load } from "./harness.ts";

const mod = await load(Deno.args[0] ?? "kernels/wasm/gemm_f32.ts");
console.log(`wasm bytes: ${mod.size}; load ${Deno.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
const blocks: [number, number, number][] = [[64, 256, 4096], [128, 256, 4096], [96, 384, 4096], [
  256,
  256,
  4096,
], [128, 512, 4096]];
for (const n of [128, 256, 512, 1024]) {
  const row = blocks.map((blk) => `${blk.join("/")}: ${bench(mod, "f32", n, blk).toFixed(1)}`);
  console.log(`n=${n}  ${row.join("  ")}`);
}
