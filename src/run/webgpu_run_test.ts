import assert from "node:assert/strict";
import { executeScript } from "./script.ts";
import type { RunContext } from "./context.ts";
import { array, matmul } from "../array/mod.ts";
import { toGpu } from "../backend/webgpu/mod.ts";

const gpuSpec = {
  name: "gpu-probe",
  description: "multiplies a 2×2 matrix by itself on the run's GPU",
  defaults: { scale: 1 },
  help: { scale: "factor applied to the matrix" },
  webgpu: true,
  main: async (cfg: { scale: number }, ctx: RunContext) => {
    if (!ctx.gpu) throw new Error("no gpu in the context");
    const a = toGpu(array([[1, 2], [3, 4]], { dtype: "f32" }), ctx.gpu);
    const c = await matmul(a, a).data();
    return { product: Array.from(c, (v) => v * cfg.scale) };
  },
};

Deno.test("run: --backend=webgpu hands the script a device, records it, destroys it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { value, outDir } = await executeScript(gpuSpec, { scale: 2 }, {
      outDir: `${dir}/run`,
      quiet: true,
      backend: "webgpu",
    });
    assert.deepEqual((value as { product: number[] }).product, [14, 20, 30, 44]);
    const meta = JSON.parse(await Deno.readTextFile(`${outDir}/metadata.json`));
    assert.equal(meta.backend, "webgpu");
    assert.ok(meta.adapter !== null, "adapter recorded in metadata.json");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("run: --backend=webgpu on a script without a device path is a named error", async () => {
  const hostOnly = { ...gpuSpec, name: "host-only", webgpu: false };
  await assert.rejects(
    () => executeScript(hostOnly, { scale: 1 }, { quiet: true, backend: "webgpu" }),
    /host-only: --backend=webgpu is not supported by this script/,
  );
});
