/**
 * Collect a sweep's finished runs into one table: `<dir>/merged.csv` (swept values and scalar
 * results, one row per run) and `<dir>/merged.jsonl` (everything). Each run appears once. Runs
 * that are not finished are listed with their state (a killed run is "stale", not "running");
 * a run whose files do not parse is reported as corrupt, not as unfinished.
 * @module
 */
import { join } from "node:path";
import { writeTextAtomic } from "./atomic_write.ts";
import type { SweepManifest } from "./sweep.ts";
import { readRunState, type RunState } from "./run_state.ts";

/** What {@link mergeSweep} wrote. */
export interface MergeReport {
  /** Path of merged.csv. */
  csvPath: string;
  /** Path of merged.jsonl. */
  jsonlPath: string;
  /** Rows written (finished runs). */
  rows: number;
  /** Runs in the grid. */
  total: number;
  /** Ids of runs that are not finished (pending, running, stale, interrupted or failed). */
  missing: string[];
  /** The unfinished runs with their state and why (see {@link readRunState}). */
  unfinished: { id: string; state: RunState; detail: string }[];
  /** Runs whose results.json, config.json or metadata.json does not parse: not merged. */
  corrupt: { id: string; detail: string }[];
}

function flattenScalars(
  prefix: string,
  v: unknown,
  out: Record<string, unknown>,
  depth: number,
): void {
  if (v === null || typeof v === "number" || typeof v === "string" || typeof v === "boolean") {
    out[prefix] = v;
  } else if (typeof v === "object" && !Array.isArray(v) && depth < 3) {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      flattenScalars(prefix === "" ? k : `${prefix}.${k}`, x, out, depth + 1);
    }
  }
}

function csvCell(v: unknown): string {
  if (v === undefined || v === null) return "";
  const s = Array.isArray(v) ? v.join(";") : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Merge the finished runs of the sweep in `dir` (which holds sweep.json and runs/). Rows follow
 * the grid order; unfinished runs are listed in `missing`.
 */
export async function mergeSweep(dir: string): Promise<MergeReport> {
  let manifest: SweepManifest;
  let text: string;
  try {
    text = await Deno.readTextFile(join(dir, "sweep.json"));
  } catch (e) {
    throw new Error(
      `merge: "${dir}" is not a sweep directory (cannot read sweep.json: ${(e as Error).message})`,
    );
  }
  try {
    manifest = JSON.parse(text);
  } catch (e) {
    throw new Error(`merge: ${join(dir, "sweep.json")} is corrupt: ${(e as Error).message}`);
  }
  if (!Array.isArray(manifest?.runs)) {
    throw new Error(`merge: ${join(dir, "sweep.json")} has no "runs" list`);
  }
  const rows: Record<string, unknown>[] = [];
  const jsonl: string[] = [];
  const missing: string[] = [];
  const unfinished: MergeReport["unfinished"] = [];
  const corrupt: MergeReport["corrupt"] = [];
  const seen = new Set<string>();
  const pointKeys: string[] = [];
  const resultKeys: string[] = [];
  for (const run of manifest.runs) {
    if (seen.has(run.id)) continue;
    seen.add(run.id);
    const runDir = join(dir, "runs", run.id);
    const st = await readRunState(runDir);
    if (st.state === "corrupt") {
      corrupt.push({ id: run.id, detail: st.detail });
      continue;
    }
    if (st.state !== "done") {
      missing.push(run.id);
      unfinished.push({ id: run.id, state: st.state, detail: st.detail });
      continue;
    }
    const results = JSON.parse(await Deno.readTextFile(join(runDir, "results.json")));
    const config = JSON.parse(await Deno.readTextFile(join(runDir, "config.json")));
    const { done: _done, ...rest } = results;
    const flat: Record<string, unknown> = {};
    flattenScalars("", rest, flat, 0);
    for (const k of Object.keys(run.point)) if (!pointKeys.includes(k)) pointKeys.push(k);
    for (const k of Object.keys(flat)) if (!resultKeys.includes(k)) resultKeys.push(k);
    rows.push({ id: run.id, index: run.index, point: run.point, flat });
    jsonl.push(
      JSON.stringify({ id: run.id, index: run.index, point: run.point, config, results: rest }),
    );
  }
  const header = ["id", "index", ...pointKeys, ...resultKeys.filter((k) => !pointKeys.includes(k))];
  const lines = [header.map(csvCell).join(",")];
  for (const r of rows) {
    const point = r.point as Record<string, unknown>;
    const flat = r.flat as Record<string, unknown>;
    lines.push(
      header.map((h) =>
        csvCell(h === "id" ? r.id : h === "index" ? r.index : h in point ? point[h] : flat[h])
      ).join(","),
    );
  }
  const csvPath = join(dir, "merged.csv");
  const jsonlPath = join(dir, "merged.jsonl");
  await writeTextAtomic(csvPath, lines.join("\n") + "\n");
  await writeTextAtomic(jsonlPath, jsonl.length ? jsonl.join("\n") + "\n" : "");
  return {
    csvPath,
    jsonlPath,
    rows: rows.length,
    total: manifest.runs.length,
    missing,
    unfinished,
    corrupt,
  };
}
