import assert from "node:assert/strict";
import { join } from "node:path";
import { expandGrid, parseGrid } from "./grid.ts";
import { parseShard, resolveShard, shardIndices } from "./shard.ts";
import { runSweep } from "./sweep.ts";
import { mergeSweep } from "./merge.ts";
import { slurmScript } from "./slurm.ts";
import type { AnyScriptSpec, ScriptSpec } from "./script.ts";

const calls: string[] = [];
const toy: ScriptSpec<{ width: number; act: string; seed: number; failAt: number }> = {
  name: "toy",
  description: "test script",
  defaults: { width: 1, act: "relu", seed: 0, failAt: -1 },
  help: { width: "w", act: "activation", seed: "seed", failAt: "width at which main throws" },
  async main(cfg, ctx) {
    calls.push(`${cfg.width}/${cfg.act}/${cfg.seed}`);
    if (cfg.width === cfg.failAt) throw new Error("toy: boom");
    await ctx.results.set("loss", cfg.width * 10 + cfg.seed);
    await ctx.results.set("curve", [1, 2, 3]);
    return { summary: { final: cfg.width, note: 'a "quoted", text' } };
  },
};
const registry: Record<string, AnyScriptSpec> = { toy };

Deno.test("parseGrid: malformed grids are errors that say where", () => {
  const bad: [string, RegExp][] = [
    ['{"script": "toy",\n "axes": {', /g\.json: invalid JSON/],
    ['{"script": "nope"}', /g\.json: "script" names no script: "nope" \(known: toy\)/],
    [
      '{"script": "toy", "axes": {"width": [1, "x"]}}',
      /g\.json: axes\.width\[1\] must be a finite number \(the type of toy's "width"\), got "x"/,
    ],
    [
      '{"script": "toy", "axes": {"depth": [1]}}',
      /g\.json: axes\.depth is not a key of script "toy"/,
    ],
    ['{"script": "toy", "axes": {"width": []}}', /g\.json: axes\.width must be a non-empty array/],
    ['{"script": "toy", "base": {"act": 3}}', /g\.json: base\.act must be a string/],
    ['{"script": "toy", "seeds": [0, 1.5]}', /g\.json: seeds\[1\] must be an integer, got 1\.5/],
    ['{"script": "toy", "extra": 1}', /g\.json: key "extra" is not a grid key/],
    ["[1]", /g\.json: top level must be an object/],
  ];
  for (const [text, re] of bad) assert.throws(() => parseGrid(text, "g.json", registry), re);
});

Deno.test("expandGrid: product order, seeds fastest, stable ids", async () => {
  const g = parseGrid(
    '{"script":"toy","base":{"act":"tanh"},"axes":{"width":[1,2]},"seeds":[7,8],"out":"o"}',
    "g.json",
    registry,
  );
  const runs = await expandGrid(g, registry);
  assert.deepEqual(runs.map((r) => r.point), [
    { width: 1, seed: 7 },
    { width: 1, seed: 8 },
    { width: 2, seed: 7 },
    { width: 2, seed: 8 },
  ]);
  assert.deepEqual(runs[3].config, { width: 2, act: "tanh", seed: 8, failAt: -1 });
  assert.ok(runs.every((r) => /^[0-9a-f]{12}$/.test(r.id)));
  assert.equal(new Set(runs.map((r) => r.id)).size, 4);
  const again = await expandGrid(g, registry);
  assert.deepEqual(again.map((r) => r.id), runs.map((r) => r.id));
});

Deno.test("shards: --shard, SLURM and k8s indices, out-of-range errors", () => {
  assert.deepEqual(parseShard("1/3"), { index: 1, count: 3, source: "--shard" });
  assert.throws(() => parseShard("3/3"), /shard index out of range: 3 is not in 0\.\.2/);
  assert.throws(() => parseShard("a/b"), /--shard must look like i\/n/);
  const env = (m: Record<string, string>) => (n: string) => m[n];
  assert.deepEqual(
    resolveShard(undefined, env({ SLURM_ARRAY_TASK_ID: "4", SLURM_ARRAY_TASK_COUNT: "6" }), 10),
    { index: 4, count: 6, source: "SLURM_ARRAY_TASK_ID" },
  );
  assert.deepEqual(
    resolveShard(
      undefined,
      env({ SLURM_ARRAY_TASK_ID: "5", SLURM_ARRAY_TASK_MIN: "3", SLURM_ARRAY_TASK_COUNT: "4" }),
      9,
    ).index,
    2,
  );
  assert.deepEqual(resolveShard(undefined, env({ JOB_COMPLETION_INDEX: "2" }), 5), {
    index: 2,
    count: 5,
    source: "JOB_COMPLETION_INDEX",
  });
  assert.throws(
    () =>
      resolveShard(undefined, env({ SLURM_ARRAY_TASK_ID: "6", SLURM_ARRAY_TASK_COUNT: "6" }), 6),
    /shard index out of range: SLURM_ARRAY_TASK_ID=6 is not in 0\.\.5/,
  );
  assert.deepEqual(resolveShard(undefined, env({}), 3), { index: 0, count: 1, source: "all" });
  assert.deepEqual(shardIndices({ index: 1, count: 3, source: "" }, 8), [1, 4, 7]);
});

Deno.test("runSweep + mergeSweep: shards cover every run once, restarts skip done runs, failures reported", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = join(dir, "sw");
    const gridPath = join(dir, "grid.json");
    await Deno.writeTextFile(
      gridPath,
      JSON.stringify({
        script: "toy",
        base: { failAt: 3 },
        axes: { width: [1, 2, 3] },
        seeds: [0, 1],
        out,
      }),
    );
    calls.length = 0;
    const r0 = await runSweep(gridPath, { registry, shard: "0/2", quiet: true });
    assert.equal(r0.total, 6);
    assert.deepEqual(calls, ["1/relu/0", "2/relu/0", "3/relu/0"]);
    assert.equal(r0.ran.length, 2);
    assert.equal(r0.failed.length, 1);
    assert.match(r0.failed[0].error, /toy: boom/);
    let m = await mergeSweep(out);
    assert.equal(m.rows, 2);
    assert.equal(m.missing.length, 4);
    const r1 = await runSweep(gridPath, {
      registry,
      env: (n) =>
        ({ SLURM_ARRAY_TASK_ID: "1", SLURM_ARRAY_TASK_COUNT: "2" } as Record<string, string>)[n],
      quiet: true,
    });
    assert.equal(r1.shard.index, 1);
    assert.equal(r1.ran.length, 2);
    // Restart everything: finished runs are skipped, only the failing ones run again.
    calls.length = 0;
    const r2 = await runSweep(gridPath, { registry, shard: "0/1", quiet: true });
    assert.equal(r2.skipped.length, 4);
    assert.deepEqual(calls, ["3/relu/0", "3/relu/1"]);
    m = await mergeSweep(out);
    assert.equal(m.rows, 4);
    assert.equal(m.total, 6);
    const csv = (await Deno.readTextFile(m.csvPath)).trim().split("\n");
    assert.equal(csv[0], "id,index,width,seed,loss,summary.final,summary.note");
    assert.equal(csv.length, 5);
    assert.match(csv[1], /^[0-9a-f]{12},0,1,0,10,1,"a ""quoted"", text"$/);
    const ids = csv.slice(1).map((l) => l.split(",")[0]);
    assert.equal(new Set(ids).size, ids.length);
    const jsonl = (await Deno.readTextFile(m.jsonlPath)).trim().split("\n").map((l) =>
      JSON.parse(l)
    );
    assert.deepEqual(jsonl.map((r) => r.results.loss), [10, 11, 20, 21]);
    assert.deepEqual(jsonl[0].results.curve, [1, 2, 3]);
    // A different grid pointed at the same directory is refused.
    await Deno.writeTextFile(
      gridPath,
      JSON.stringify({ script: "toy", axes: { width: [9] }, out }),
    );
    await assert.rejects(
      () => runSweep(gridPath, { registry, quiet: true }),
      /belongs to a different grid/,
    );
    await assert.rejects(
      () => runSweep(join(dir, "missing.json"), { registry }),
      /cannot read grid file/,
    );
    await assert.rejects(() => mergeSweep(dir), /is not a sweep directory/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("slurmScript: array directive, shard env, resubmit-safe runner line", () => {
  const s = slurmScript({
    gridPath: "/g/grid.json",
    shards: 6,
    parallel: 2,
    runner: "/usr/bin/deno run -A --cached-only /d/saddle.js",
    workDir: "/work dir",
    logDir: "/o/logs",
    jobName: "saddle-toy",
    timeLimit: "00:10:00",
  });
  assert.match(s, /^#!\/bin\/bash\n/);
  assert.match(s, /\n#SBATCH --array=0-5%2\n/);
  assert.match(s, /\n#SBATCH --output=\/o\/logs\/%A_%a\.out\n/);
  assert.match(s, /\n#SBATCH --time=00:10:00\n/);
  assert.match(s, /\ncd '\/work dir'\n/);
  assert.match(
    s,
    /\nexec \/usr\/bin\/deno run -A --cached-only \/d\/saddle\.js sweep \/g\/grid\.json\n/,
  );
  assert.throws(
    () =>
      slurmScript({
        gridPath: "g",
        shards: 0,
        runner: "r",
        workDir: "w",
        logDir: "l",
        jobName: "j",
      }),
    /slurmScript: argument "shards" must be a positive integer/,
  );
});
