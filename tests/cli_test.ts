import assert from "node:assert/strict";
import { join } from "node:path";
import { cli } from "../cli.ts";
import type { AnyScriptSpec, ScriptSpec } from "../src/run/mod.ts";

const toy: ScriptSpec<{ k: number; seed: number }> = {
  name: "toy",
  description: "Toy script.\nSecond line.",
  defaults: { k: 1, seed: 0 },
  help: { k: "a knob", seed: "seed" },
  async main(cfg, ctx) {
    await ctx.results.set("value", cfg.k * 100 + cfg.seed);
  },
};
const registry: Record<string, AnyScriptSpec> = { toy };

async function capture(fn: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => lines.push(a.join(" "));
  try {
    await fn();
  } finally {
    console.log = log;
  }
  return lines.join("\n");
}

Deno.test("cli: list, script run, sweep --list/sweep/merge/slurm, named errors", async () => {
  const dir = await Deno.makeTempDir();
  try {
    assert.equal(await capture(() => cli(["list"], registry)), "toy  Toy script.");
    assert.match(await capture(() => cli([], registry)), /Usage:/);
    await cli(["toy", "--k=3", `--out=${join(dir, "one")}`, "--quiet"], registry);
    const res = JSON.parse(await Deno.readTextFile(join(dir, "one", "results.json")));
    assert.deepEqual(res, { done: true, value: 300 });
    await assert.rejects(
      () => cli(["nope"], registry),
      /unknown command or script "nope" \(scripts: toy/,
    );

    const grid = join(dir, "grid.json");
    const out = join(dir, "sw");
    await Deno.writeTextFile(
      grid,
      JSON.stringify({ script: "toy", axes: { k: [1, 2] }, seeds: [0, 1], out }),
    );
    assert.match(await capture(() => cli(["sweep", grid, "--list"], registry)), /0\/4 done$/);
    const summary = await capture(() => cli(["sweep", grid, "--shard=1/2", "--quiet"], registry));
    assert.deepEqual(JSON.parse(summary), { out, shard: "1/2", ran: 2, skipped: 0, failed: 0 });
    const listed = await capture(() => cli(["sweep", grid, "--list"], registry));
    assert.match(listed, /^ {3}0 {2}[0-9a-f]{12} {2}pending/m);
    assert.match(listed, /^ {3}1 {2}[0-9a-f]{12} {2}done/m);
    assert.match(listed, /2\/4 done$/);
    assert.match(
      await capture(() => cli(["merge", out], registry)),
      /merged 2\/4 runs .*not finished: /,
    );
    const slurm = await capture(() =>
      cli(["slurm", grid, "--parallel=2", "--runner=saddle"], registry)
    );
    assert.match(slurm, /4 runs in 4 array tasks/);
    const sb = await Deno.readTextFile(join(out, "sweep.sbatch"));
    assert.match(sb, /#SBATCH --array=0-3%2/);
    assert.match(
      sb,
      new RegExp(`exec saddle sweep ${grid.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\n`),
    );
    await assert.rejects(
      () => cli(["slurm", grid, "--shards=9"], registry),
      /--shards=9 is more than the 4 runs/,
    );
    await assert.rejects(
      () => cli(["slurm", grid, "--parallel=0"], registry),
      /--parallel must be a positive integer/,
    );
    await assert.rejects(
      () => cli(["sweep", grid, "--shard=4/4"], registry),
      /shard index out of range/,
    );
    await assert.rejects(
      () => cli(["sweep", grid, "--bogus"], registry),
      /sweep: .*Valid flags: --shard/,
    );
    await assert.rejects(
      () => cli(["sweep"], registry),
      /sweep: expected one argument \(a grid file\), got 0/,
    );
    await assert.rejects(() => cli(["merge", dir], registry), /is not a sweep directory/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("SIGTERM (scancel, time limit) mid-run: metadata says cancelled, partial results kept", async () => {
  const dir = await Deno.makeTempDir();
  const out = join(dir, "run");
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "cli.ts",
      "demo",
      "--n=400",
      "--d=200",
      "--trials=300",
      "--figure=false",
      "--quiet",
      `--out=${out}`,
    ],
    cwd: new URL("..", import.meta.url).pathname,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    // Wait (up to 120 s) until at least one trial is on disk, then stop the run.
    let started = false;
    for (let i = 0; i < 1200 && !started; i++) {
      try {
        const r = JSON.parse(await Deno.readTextFile(join(out, "results.json")));
        started = Array.isArray(r.trials) && r.trials.length >= 1;
      } catch { /* not yet written */ }
      if (!started) await new Promise((res) => setTimeout(res, 100));
    }
    assert.ok(started, "the run never started");
    child.kill("SIGTERM");
    const status = await child.status;
    assert.equal(status.code, 143);
    const res = JSON.parse(await Deno.readTextFile(join(out, "results.json")));
    assert.equal(res.done, false);
    assert.ok(res.trials.length >= 1 && res.trials.length < 300);
    const meta = JSON.parse(await Deno.readTextFile(join(out, "metadata.json")));
    assert.equal(meta.status, "cancelled");
    assert.equal(meta.error, "stopped by SIGTERM");
  } finally {
    try {
      child.kill("SIGKILL");
    } catch { /* already exited */ }
    await child.status;
    await Deno.remove(dir, { recursive: true });
  }
});
