/**
 * f32 GEMM throughput of the WebGPU backend: GFLOP/s at n = 1024, 2048, 4096, 8192 (override with
 * `--sizes=256,512`) for a few tile shapes, plus the adapter report. One JSON line per case:
 * `{"op":"gemm","backend":"webgpu","dtype":"f32","n":..,"tile":"64x64x16/4x4","gflops":..,"ms":..}`.
 *
 * Timing: after one warm-up (pipeline compile), R products are enqueued back to back and timed to
 * `onSubmittedWorkDone`; R grows until the batch takes ≥ 0.3 s. The result of one product is
 * checked against a CPU dot product on 64 random entries (relative error ≤ 1e-3), so a fast wrong
 * kernel cannot report a number.
 *
 * Run: `deno run -A bench/gpu_gemm.ts [--sizes=1024,2048] [--tiles=default,128x128x8/8x8]`.
 * On a machine without network use bench/gpu_run.sh (bundle + xz'd deno binary).
 * @module
 */
import { parseArgs } from "node:util";
import * as A from "../src/array/mod.ts";
import { type GemmTile } from "../kernels/wgsl/mod.ts";
import { type GpuBackend, requestGpu, toGpu } from "../src/backend/webgpu/mod.ts";
import { normal } from "../src/random/mod.ts";
import { key, split } from "../src/random/key.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    sizes: { type: "string", default: "1024,2048,4096,8192" },
    tiles: { type: "string", default: "64x64x16/4x4,128x128x8/8x8,128x64x8/8x4" },
  },
  strict: true,
});

function parseTile(s: string): GemmTile {
  const m = /^(\d+)x(\d+)x(\d+)\/(\d+)x(\d+)$/.exec(s);
  if (!m) {
    throw new Error(`gpu_gemm: argument "--tiles" entries must look like 64x64x16/4x4, got ${s}`);
  }
  const [BM, BN, BK, TM, TN] = m.slice(1).map(Number);
  return { BM, BN, BK, TM, TN };
}

const sizes = values.sizes!.split(",").map(Number);
const tiles = values.tiles!.split(",").map(parseTile);
const gpu = await requestGpu();
console.log(JSON.stringify({ adapter: gpu.adapter }));
const ops: GpuBackend = gpu.backend;
try {
  for (const n of sizes) {
    const [ka, kb] = split(key(n));
    const ha = normal(ka, [n, n], { dtype: "f32" }), hb = normal(kb, [n, n], { dtype: "f32" });
    const a = toGpu(ha, gpu), b = toGpu(hb, gpu);
    for (const tile of tiles) {
      ops.tile = tile;
      const name = `${tile.BM}x${tile.BN}x${tile.BK}/${tile.TM}x${tile.TN}`;
      let c = A.matmul(a, b);
      const got = await c.data();
      // verify 64 entries against f64 dot products on the host
      const ad = ha.dataSync(), bd = hb.dataSync();
      let worst = 0;
      for (let t = 0; t < 64; t++) {
        const i = (t * 7919) % n, j = (t * 104729) % n;
        let s = 0, sa = 0;
        for (let p = 0; p < n; p++) {
          s += ad[i * n + p] * bd[p * n + j];
          sa += Math.abs(ad[i * n + p] * bd[p * n + j]);
        }
        worst = Math.max(worst, Math.abs(got[i * n + j] - s) / sa);
      }
      c.device!.release();
      if (worst > 1e-3) {
        console.log(JSON.stringify({ op: "gemm", n, tile: name, error: `wrong result ${worst}` }));
        continue;
      }
      let reps = 1, ms = 0;
      for (;;) {
        const t0 = performance.now();
        for (let r = 0; r < reps; r++) {
          c = A.matmul(a, b);
          c.device!.release();
        }
        await gpu.sync();
        ms = performance.now() - t0;
        if (ms >= 300 || reps >= 1024) break;
        reps *= 2;
      }
      const perMs = ms / reps;
      console.log(JSON.stringify({
        op: "gemm",
        backend: "webgpu",
        dtype: "f32",
        n,
        tile: name,
        ms: +perMs.toFixed(3),
        gflops: +((2 * n ** 3) / (perMs * 1e6)).toFixed(1),
        maxRelErr: +worst.toExponential(2),
        fallbackAdapter: gpu.adapter.isFallbackAdapter,
      }));
    }
    a.device!.release();
    b.device!.release();
  }
} finally {
  gpu.destroy();
}
