// Experiment 04: cache-block sizes (mc/kc/nc) for the promoted kernels in kernels/wasm/blas.ts,
// interleaved in one run. Run: deno run -A kernels/dev/04_blocking.ts f64 "60,256,4096 120,256,4096" 256,1024
import { bench, load } from "./harness.ts";

const dtype = (Deno.args[0] ?? "f32") as "f32" | "f64";
const blocks = (Deno.args[1] ?? "120,256,4096 60,256,4096 240,256,4096 120,128,4096 120,512,4096")
  .split(" ").map((b) => b.split(",").map(Number) as [number, number, number]);
const sizes = (Deno.args[2] ?? "256,512,1024").split(",").map(Number);
const mod = await load("kernels/wasm/blas.ts");
console.log(`${dtype}; load ${Deno.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
bench(mod, dtype, 128, blocks[0]);
for (const n of sizes) {
  const best = new Map<string, number>();
  for (let round = 0; round < Number(Deno.env.get("ROUNDS") ?? 3); round++) {
    for (const b of blocks) {
      best.set(b.join("/"), Math.max(best.get(b.join("/")) ?? 0, bench(mod, dtype, n, b)));
    }
  }
  console.log(`n=${n}  ` + [...best].map(([s, g]) => `${s}: ${g.toFixed(1)}`).join("  "));
}
console.log(`load ${Deno.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
