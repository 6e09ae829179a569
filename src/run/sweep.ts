/**
 * Run this process's share of a sweep: expand the grid, pick the shard, skip runs whose
 * results.json says `done: true`, run the rest one after another in `<out>/runs/<id>/`.
 * @module
 */
import { join, resolve } from "node:path";
import { expandGrid, type Grid, parseGrid, type SweepRun } from "./grid.ts";
import { resolveShard, type Shard, shardIndices } from "./shard.ts";
import { readRunState, type RunState } from "./run_state.ts";
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
  /** Ids skipped because they were done already, or running in another live process here. */
  skipped: string[];
  /** Ids whose main threw, with the message. */
  failed: { id: string; error: string }[];
}

/**
 * Load and check a grid file, expand it, check every run's config with the script's `validate`,
 * and return grid, runs and the manifest.
 */
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
  // Refuse a grid with an invalid run before any run starts (not hours later on run 57).
  const spec = registry[grid.script];
  for (const r of runs) {
    try {
      spec.validate?.(r.config);
    } catch (e) {
      throw new Error(
        `${gridPath}: run ${r.index} ${canonicalJson(r.point)} is invalid: ${(e as Error).message}`,
      );
    }
  }
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
 * Make `<out>/sweep.json` this grid's, or check that it already is. The manifest is written to a
 * temporary file and hard-linked into place, which fails if sweep.json exists: of two sweeps
 * started at the same moment exactly one creates it, and the other then compares — a sweep of a
 * different grid is refused (nothing is overwritten), shards of the same grid go ahead.
 */
async function claimSweepDir(out: string, outName: string, manifest: SweepManifest): Promise<void> {
  const manifestPath = join(out, "sweep.json");
  const tmp = join(out, `.sweep.json.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`);
  try {
    await Deno.writeTextFile(tmp, JSON.stringify(manifest, null, 2) + "\n");
  } catch (e) {
    throw new Error(
      `sweep: output directory "${outName}" is not writable: ${(e as Error).message}`,
    );
  }
  let created = false;
  try {
    await Deno.link(tmp, manifestPath);
    created = true;
  } catch (e) {
    if (!(e instanceof Deno.errors.AlreadyExists)) {
      await Deno.remove(tmp).catch(() => {});
      throw new Error(`sweep: cannot create ${manifestPath}: ${(e as Error).message}`);
    }
  }
  await Deno.remove(tmp).catch(() => {});
  if (created) return;
  let prev: unknown;
  try {
    prev = JSON.parse(await Deno.readTextFile(manifestPath));
  } catch (e) {
    throw new Error(
      `sweep: ${manifestPath} is corrupt (${(e as Error).message}); it is not this sweep's to ` +
        `replace: remove it if the folder holds no other sweep, or use another "out"`,
    );
  }
  if (canonicalJson(prev) !== canonicalJson(manifest)) {
    const other = (prev as SweepManifest)?.grid;
    throw new Error(
      `sweep: ${manifestPath} belongs to a different grid (script ${
        JSON.stringify(other?.script)
      }, ${(prev as SweepManifest)?.runs?.length ?? "?"} runs); use another "out" for this grid ` +
        `(nothing was overwritten)`,
    );
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
  await claimSweepDir(out, grid.out, manifest);
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
    // Another live process on this machine is running it (a second sweep of the same grid).
    const st = await readRunState(dir, run.config);
    if (st.state === "running" && st.alive === true) {
      say(`${label}: running in another process (${st.detail}), skipped`);
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
      // The watchdog stopped a run whose main may still hold its memory: end the sweep here.
      if (e instanceof Error && e.name === "MemoryLimitError") throw e;
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
  /**
   * "done", "running" (process alive or on another host), "stale" (said running, its process is
   * gone), "interrupted", "failed", "pending" (nothing written) or "corrupt" (see
   * {@link readRunState}).
   */
  state: RunState;
  /** Why, in one line (empty for done and pending). */
  detail: string;
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
    const { state, detail } = await readRunState(join(out, "runs", r.id), r.config);
    status.push({ index: r.index, id: r.id, point: r.point, state, detail });
  }
  return status;
}
