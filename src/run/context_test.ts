import assert from "node:assert/strict";
import { join } from "node:path";
import { createContext } from "./context.ts";
import { executeScript, runScript, type ScriptSpec, validateSpec } from "./script.ts";
import { lineChart } from "../plot/mod.ts";
import { defaultBackendName, setDefaultBackend } from "../backend/mod.ts";

const toy: ScriptSpec<{ a: number; seed: number; fail: boolean }> = {
  name: "toy",
  description: "test script",
  defaults: { a: 2, seed: 0, fail: false },
  help: { a: "a number", seed: "seed", fail: "throw after the first result" },
  async main(cfg, ctx) {
    await ctx.results.append("curve", cfg.a);
    if (cfg.fail) throw new Error("toy: failed on purpose");
    ctx.log("toy log");
    return { square: cfg.a * cfg.a, seedSeen: ctx.seed };
  },
};

async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await Deno.readTextFile(path));
}

Deno.test("runScript: writes config, incremental results (done), metadata; --help prints keys", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = join(dir, "run");
    const before = defaultBackendName();
    try {
      await runScript(toy, ["--a=3", "--seed=5", `--out=${out}`, "--quiet", "--backend=cpu"]);
    } finally {
      setDefaultBackend(before);
    }
    assert.deepEqual(await readJson(join(out, "config.json")), { a: 3, seed: 5, fail: false });
    assert.deepEqual(await readJson(join(out, "results.json")), {
      done: true,
      curve: [3],
      square: 9,
      seedSeen: 5,
    });
    const meta = await readJson(join(out, "metadata.json"));
    assert.equal(meta.status, "done");
    assert.equal(meta.seed, 5);
    assert.equal(meta.backend, "cpu");
    assert.equal(meta.deno, Deno.version.deno);
    assert.ok(typeof meta.wallSeconds === "number" && meta.wallSeconds >= 0);
    // Same config again: allowed (restarts the run in place).
    await runScript(toy, ["--a=3", "--seed=5", `--out=${out}`, "--quiet"]);
    // Another config in the same directory: named error, nothing overwritten.
    const kept = await Deno.readTextFile(join(out, "results.json"));
    await assert.rejects(
      () => runScript(toy, ["--backend=nope", `--out=${join(dir, "nb")}`]),
      /getBackend: argument "name" must be one of cpu, wasm, webgpu, got "nope"/,
    );
    await assert.rejects(
      () => runScript(toy, ["--a=4", "--seed=5", `--out=${out}`, "--quiet"]),
      /holds results of another config \(key "a": existing 3, new 4\).*nothing was overwritten/,
    );
    assert.equal(await Deno.readTextFile(join(out, "results.json")), kept);
    assert.deepEqual(await readJson(join(out, "config.json")), { a: 3, seed: 5, fail: false });
    // --help prints every key and writes nothing.
    const printed: string[] = [];
    const log = console.log;
    console.log = (s: string) => printed.push(s);
    try {
      await runScript(toy, ["--help", `--out=${join(dir, "nohelp")}`]);
    } finally {
      console.log = log;
    }
    assert.match(printed.join(""), /--a=<number>\s+default 2\s+a number/);
    await assert.rejects(() => Deno.stat(join(dir, "nohelp")), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a failing run keeps done:false with what it finished, and records the error", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await assert.rejects(
      () => executeScript(toy, { a: 7, seed: 0, fail: true }, { outDir: dir, quiet: true }),
      /toy: failed on purpose/,
    );
    assert.deepEqual(await readJson(join(dir, "results.json")), { done: false, curve: [7] });
    const meta = await readJson(join(dir, "metadata.json"));
    assert.equal(meta.status, "failed");
    assert.equal(meta.error, "toy: failed on purpose");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("createContext: unwritable --out and foreign results.json are named errors", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = join(dir, "plainfile");
    await Deno.writeTextFile(file, "x");
    await assert.rejects(
      () => createContext({ outDir: join(file, "sub"), quiet: true }),
      /createContext: --out ".*plainfile\/sub" cannot be created/,
    );
    await Deno.writeTextFile(join(dir, "results.json"), "{}");
    await assert.rejects(
      () => createContext({ outDir: dir, quiet: true }),
      /results.json exists without config.json/,
    );
    await assert.rejects(
      () => createContext({ outDir: "" }),
      /createContext: argument "outDir" must be a non-empty path/,
    );
    if (Deno.uid() !== 0) {
      const ro = join(dir, "ro");
      await Deno.mkdir(ro, { mode: 0o555 });
      await assert.rejects(() => createContext({ outDir: ro, quiet: true }), /is not writable/);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("in-memory context: results kept, figure validated, nothing written", async () => {
  const ctx = await createContext({ quiet: true, config: { seed: 3 } });
  assert.equal(ctx.outDir, "");
  assert.equal(ctx.seed, 3);
  await ctx.results.set("x", [1, 2]);
  assert.deepEqual(ctx.results.get("x"), [1, 2]);
  await ctx.figure("f", lineChart({ data: [{ x: 1, y: 1 }, { x: 2, y: 3 }] }));
  const p = ctx.progress("p", 2);
  p.tick(2);
  p.done();
  await ctx.finish();
});

Deno.test("figure in a run directory writes svg+png and lists it in metadata", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const ctx = await createContext({ outDir: dir, quiet: true, config: {} });
    await ctx.figure("loss", lineChart({ data: [{ x: 1, y: 1 }, { x: 2, y: 3 }] }));
    await ctx.finish();
    assert.ok((await Deno.stat(join(dir, "loss.png"))).size > 1000);
    assert.ok((await Deno.stat(join(dir, "loss.svg"))).size > 1000);
    assert.deepEqual((await readJson(join(dir, "metadata.json"))).figures, ["loss"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("validateSpec: missing help comments and bad names are named errors", () => {
  assert.throws(
    () => validateSpec({ ...toy, help: { a: "x", seed: "y" } as typeof toy.help }),
    /script "toy" has no help comment for key "fail"/,
  );
  assert.throws(() => validateSpec({ ...toy, name: "Bad Name" }), /validateSpec: name must be/);
});
