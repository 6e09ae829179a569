/**
 * Run this process's share of a sweep: expand the grid, pick the shard, skip runs whose
 * results.json says `done: true`, run the rest one after another in `<out>/runs/<id>/`.
 * @module
 */
import { join, resolve } from "node:path";
import { expandGrid, type Grid, parseGrid, type SweepRun } from "./grid.ts";
import { resolveShard, type Shard, shardIndices } from "./shard.ts";
import { writeJsonAtomic } from "./atomic_write.ts";
import { canonicalJson } from "./run_id.ts";
import { type AnyScriptSpec, executeScript } from "./script.ts";
import { writeStderr } from "./progress.ts";

/** The sweep manifest `<out>/sweep.json`: the grid and every run's index, id and point. */
export interface SweepManifest {
  /** The parsed grid. */
  grid: Grid;
  /** Every run in expansion order. */
  runs: { index: number; id: string; point: SweepRun["point"] }[];
}

/** Options for {@link runSweep}. */
export interface RunSweepOptions {
  /** Scripts by name. */
  registry: Readonly<Record<string, AnyScriptSpec>>;
  /** `"i/n"`; default from the scheduler's environment, else all runs. */
  shard?: string;
  /** Suppress progress and logs. */
  quiet?: boolean;
  /** Backend for every run. */
  backend?: string;
  /** Environment lookup (default Deno.env.get). */
  env?: (name: string) => string | undefined;
}

/** What {@link runSweep} did. */
export interface SweepReport {
  /** Absolute sweep directory. */
  out: string;
  /** The shard this process ran. */
  shard: Shard;
  /** Number of runs in the whole grid. */
  total: number;
  /** Ids run (and finished) by this call. */
  ran: string[];
  /** Ids skipped because they were done already. */
  skipped: string[];
  /** Ids whose main threw, with the message. */
  failed: { id: string; error: string }[];
}

/** Load and check a grid file, expand it, and return grid, runs and the manifest. */
export async function loadSweep(
  gridPath: string,
  registry: Readonly<Record<string, AnyScriptSpec>>,
): Promise<{ grid: Grid; runs: SweepRun[]; manifest: SweepManifest }> {
  let text: string;
  try {
    text = await Deno.readTextFile(gridPath);
  } catch (e) {
    throw new Error(`sweep: cannot read grid file "${gridPath}": ${(e as Error).message}`);
  }
  const grid = parseGrid(text, gridPath, registry);
  const runs = await expandGrid(grid, registry);
  const manifest: SweepManifest = {
    grid,
    runs: runs.map((r) => ({ index: r.index, id: r.id, point: r.point })),
  };
  return { grid, runs, manifest };
}

async function isDone(dir: string, config: unknown): Promise<boolean> {
  try {
    const res = JSON.parse(await Deno.readTextFile(join(dir, "results.json")));
    const cfg = JSON.parse(await Deno.readTextFile(join(dir, "config.json")));
    return res?.done === true && canonicalJson(cfg) === canonicalJson(config);
  } catch {
    return false;
  }
}

/**
 * Run this process's shard of the sweep in `gridPath`. Writes `<out>/sweep.json` (refusing a
 * directory that holds a different grid), then each run into `<out>/runs/<id>/`. Runs already
 * done are skipped; a failing run is recorded and the others still run; the report lists both.
 */
export async function runSweep(gridPath: string, options: RunSweepOptions): Promise<SweepReport> {
  const { grid, runs, manifest } = await loadSweep(gridPath, options.registry);
  const env = options.env ?? ((n: string) => Deno.env.get(n));
  const shard = resolveShard(options.shard, env, runs.length);
  const out = resolve(grid.out);
  try {
    await Deno.mkdir(join(out, "runs"), { recursive: true });
  } catch (e) {
    throw new Error(
      `sweep: output directory "${grid.out}" cannot be created: ${(e as Error).message}`,
    );
  }
  const manifestPath = join(out, "sweep.json");
  try {
    const prev = JSON.parse(await Deno.readTextFile(manifestPath));
    if (canonicalJson(prev) !== canonicalJson(manifest)) {
      throw new Error(
        `sweep: ${manifestPath} belongs to a different grid; use another "out" for this grid ` +
          `(nothing was overwritten)`,
      );
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) {
      if (e instanceof SyntaxError) throw new Error(`sweep: ${manifestPath} is not valid JSON`);
      throw e;
    }
    try {
      await writeJsonAtomic(manifestPath, manifest);
    } catch (e2) {
      throw new Error(
        `sweep: output directory "${grid.out}" is not writable: ${(e2 as Error).message}`,
      );
    }
  }
  const spec = options.registry[grid.script];
  const mine = shardIndices(shard, runs.length);
  const report: SweepReport = { out, shard, total: runs.length, ran: [], skipped: [], failed: [] };
  const say = (s: string) => {
    if (!options.quiet) writeStderr(s + "\n");
  };
  say(
    `sweep ${grid.script}: ${runs.length} runs, shard ${shard.index}/${shard.count} ` +
      `(${shard.source}) has ${mine.length}; out ${out}`,
  );
  for (const i of mine) {
    const run = runs[i];
    const dir = join(out, "runs", run.id);
    const label = `run ${i} ${run.id} ${canonicalJson(run.point)}`;
    if (await isDone(dir, run.config)) {
      say(`${label}: done already, skipped`);
      report.skipped.push(run.id);
      continue;
    }
    const t0 = performance.now();
    try {
      await executeScript(spec, run.config, {
        outDir: dir,
        quiet: options.quiet,
        backend: options.backend,
        args: ["sweep", gridPath],
      });
      report.ran.push(run.id);
      say(`${label}: done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      report.failed.push({ id: run.id, error: msg });
      say(`${label}: FAILED: ${msg}`);
    }
  }
  return report;
}

/** State of one run of a sweep on disk. */
export interface RunStatus {
  /** Position in the expansion. */
  index: number;
  /** Stable run id. */
  id: string;
  /** Swept values. */
  point: SweepRun["point"];
  /** "done" (results.json done), "partial" (started, not done), "pending" (no results). */
  state: "done" | "partial" | "pending";
}

/** The state of every run of the sweep in `gridPath` (reads `<out>/runs/<id>/results.json`). */
export async function sweepStatus(
  gridPath: string,
  registry: Readonly<Record<string, AnyScriptSpec>>,
): Promise<RunStatus[]> {
  const { grid, runs } = await loadSweep(gridPath, registry);
  const out = resolve(grid.out);
  const status: RunStatus[] = [];
  for (const r of runs) {
    const dir = join(out, "runs", r.id);
    let state: RunStatus["state"] = "pending";
    if (await isDone(dir, r.config)) state = "done";
    else {
      try {
        await Deno.stat(join(dir, "results.json"));
        state = "partial";
      } catch { /* pending */ }
    }
    status.push({ index: r.index, id: r.id, point: r.point, state });
  }
  return status;
}
