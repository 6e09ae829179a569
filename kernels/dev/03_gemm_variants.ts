// Experiment 03: generated micro-kernel shapes and unrolls (gen_gemm.ts), interleaved in one
// run so machine load hits all variants alike. Each variant is validated against the cpu
// backend (harness.ts) before timing. Run:
//   deno run -A kernels/dev/03_gemm_variants.ts f32 "4x2u1 6x2u1 4x3u1" 256,512
import { generate, type Variant } from "./gen_gemm.ts";
import { bench, load } from "./harness.ts";

const dtype = (Deno.args[0] ?? "f32") as "f32" | "f64";
const specs = (Deno.args[1] ?? "4x2u1 4x2u2 5x2u1 6x2u1").split(" ");
const sizes = (Deno.args[2] ?? "256,512").split(",").map(Number);
const blk = (Deno.args[3] ?? "128,256,4096").split(",").map(Number) as [number, number, number];
const dir = new URL("../wasm/", import.meta.url);
const mods = [];
for (const s of specs) {
  const [, mr, nv, u] = s.match(/^(\d+)x(\d+)u(\d+)$/)!.map(Number);
  const v: Variant = { dtype, mr, nv, unroll: u };
  const file = new URL(`_dev_variant_${s}.ts`, dir);
  await Deno.writeTextFile(file, generate(v));
  try {
    mods.push({ s, mod: await load(`kernels/wasm/_dev_variant_${s}.ts`) });
  } finally {
    await Deno.remove(file);
  }
}
console.log(
  `${dtype} blocks ${blk.join("/")}; load ${Deno.loadavg().map((x) => x.toFixed(2)).join(" ")}`,
);
for (const { mod } of mods) bench(mod, dtype, 128, blk); // warm-up (tier-up)
for (const n of sizes) {
  const best = new Map<string, number>();
  for (let round = 0; round < Number(Deno.env.get("ROUNDS") ?? 3); round++) {
    for (const { s, mod } of mods) {
      best.set(s, Math.max(best.get(s) ?? 0, bench(mod, dtype, n, blk)));
    }
  }
  console.log(`n=${n}  ` + [...best].map(([s, g]) => `${s}: ${g.toFixed(1)}`).join("  "));
}
console.log(`load ${Deno.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
