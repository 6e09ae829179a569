/**
 * Sweep grids: a JSON file `{script, base, axes, seeds, out}` expands to the cartesian product of
 * the axes (in the order written) times the seeds, each run with a stable id (hash of its
 * config). Every value is type-checked against the script's defaults; errors say where.
 * @module
 */
import { coerceValue, type Config, kindOf } from "./config.ts";
import { runId } from "./run_id.ts";
import type { AnyScriptSpec } from "./script.ts";

/** A parsed grid file. */
export interface Grid {
  /** Script name (a key of the registry). */
  script: string;
  /** Overrides applied to every run. */
  base: Config;
  /** Keys swept, each with its list of values; the product is taken in this order. */
  axes: Record<string, Config[string][]>;
  /** Seeds (set as the config's `seed` key); empty means the default seed only. */
  seeds: number[];
  /** Sweep directory; runs live in `<out>/runs/<id>/`. */
  out: string;
}

/** One run of a sweep. */
export interface SweepRun {
  /** Position in the expansion (0-based). */
  index: number;
  /** Stable id: 12 hex digits of SHA-256 of {script, config}. */
  id: string;
  /** Full config (defaults + base + this run's axis values and seed). */
  config: Config;
  /** Just the swept values (axes and seed), for tables. */
  point: Config;
}

function lineCol(text: string, pos: number): string {
  const before = text.slice(0, pos);
  const line = before.split("\n").length;
  const col = pos - before.lastIndexOf("\n");
  return `line ${line}, column ${col}`;
}

/**
 * Parse and check a grid file's text against the registry. `source` names the file in errors,
 * e.g. `grid.json: axes.width[2] must be a number (the type of demo's "width"), got "x"`.
 */
export function parseGrid(
  text: string,
  source: string,
  registry: Readonly<Record<string, AnyScriptSpec>>,
): Grid {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const m = /\(line \d+ column \d+\)/.test(msg) ? null : /position (\d+)/.exec(msg);
    throw new Error(
      `${source}: invalid JSON${m ? ` at ${lineCol(text, Number(m[1]))}` : ""}: ${msg}`,
    );
  }
  const fail = (where: string, msg: string): never => {
    throw new Error(`${source}: ${where} ${msg}`);
  };
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    fail(
      "top level",
      `must be an object {script, base, axes, seeds, out}, got ${JSON.stringify(raw)}`,
    );
  }
  const g = raw as Record<string, unknown>;
  for (const k of Object.keys(g)) {
    if (!["script", "base", "axes", "seeds", "out"].includes(k)) {
      fail(`key "${k}"`, `is not a grid key (valid: script, base, axes, seeds, out)`);
    }
  }
  if (typeof g.script !== "string") {
    fail('"script"', `must be a script name, got ${JSON.stringify(g.script)}`);
  }
  const spec = registry[g.script as string];
  if (spec === undefined) {
    fail(
      '"script"',
      `names no script: ${JSON.stringify(g.script)} (known: ${Object.keys(registry).join(", ")})`,
    );
  }
  const defaults = spec.defaults as Config;
  const check = (where: string, k: string, v: unknown): Config[string] => {
    if (!(k in defaults)) {
      fail(
        where,
        `is not a key of script "${spec.name}" (valid: ${Object.keys(defaults).join(", ")})`,
      );
    }
    const kind = kindOf(k, defaults[k]);
    // Grid files are JSON: numbers must be JSON numbers, lists JSON arrays (no "1,2" strings).
    const r = coerceValue(kind, typeof v === "string" && kind !== "string" ? undefined : v);
    if (!r.ok) {
      fail(
        where,
        `must be ${
          kind === "number[]"
            ? "an array of numbers"
            : kind === "string[]"
            ? "an array of strings"
            : kind === "number[][]"
            ? `a JSON array of equal-length arrays of numbers (${r.expected})`
            : r.expected
        } (the type of ${spec.name}'s "${k}"), got ${JSON.stringify(v)}`,
      );
    }
    return (r as { value: Config[string] }).value;
  };
  const base: Config = {};
  if (g.base !== undefined) {
    if (g.base === null || typeof g.base !== "object" || Array.isArray(g.base)) {
      fail('"base"', `must be an object of config overrides, got ${JSON.stringify(g.base)}`);
    }
    for (const [k, v] of Object.entries(g.base as object)) base[k] = check(`base.${k}`, k, v);
  }
  const axes: Record<string, Config[string][]> = {};
  if (g.axes !== undefined) {
    if (g.axes === null || typeof g.axes !== "object" || Array.isArray(g.axes)) {
      fail('"axes"', `must be an object {key: [values...]}, got ${JSON.stringify(g.axes)}`);
    }
    for (const [k, vs] of Object.entries(g.axes as object)) {
      if (!(k in defaults)) {
        fail(
          `axes.${k}`,
          `is not a key of script "${spec.name}" (valid: ${Object.keys(defaults).join(", ")})`,
        );
      }
      if (!Array.isArray(vs) || vs.length === 0) {
        fail(`axes.${k}`, `must be a non-empty array of values, got ${JSON.stringify(vs)}`);
      }
      if (k === "seed" && g.seeds !== undefined) {
        fail(`axes.seed`, `conflicts with "seeds"; use one`);
      }
      axes[k] = (vs as unknown[]).map((v, i) => check(`axes.${k}[${i}]`, k, v));
    }
  }
  let seeds: number[] = [];
  if (g.seeds !== undefined) {
    if (!Array.isArray(g.seeds) || g.seeds.length === 0) {
      fail('"seeds"', `must be a non-empty array of integers, got ${JSON.stringify(g.seeds)}`);
    }
    if (!("seed" in defaults)) fail('"seeds"', `given but script "${spec.name}" has no "seed" key`);
    (g.seeds as unknown[]).forEach((s, i) => {
      if (!Number.isInteger(s)) fail(`seeds[${i}]`, `must be an integer, got ${JSON.stringify(s)}`);
    });
    seeds = g.seeds as number[];
  }
  if (g.out !== undefined && (typeof g.out !== "string" || g.out === "")) {
    fail('"out"', `must be a directory path, got ${JSON.stringify(g.out)}`);
  }
  return {
    script: spec.name,
    base,
    axes,
    seeds,
    out: (g.out as string | undefined) ?? `out/sweeps/${spec.name}`,
  };
}

/** All runs of `grid` in order: axes product (first axis slowest), then seeds (fastest). */
export async function expandGrid(
  grid: Grid,
  registry: Readonly<Record<string, AnyScriptSpec>>,
): Promise<SweepRun[]> {
  const spec = registry[grid.script];
  if (spec === undefined) throw new Error(`expandGrid: unknown script "${grid.script}"`);
  const keys = Object.keys(grid.axes);
  const points: Config[] = [];
  const rec = (i: number, acc: Config) => {
    if (i === keys.length) {
      if (grid.seeds.length === 0) points.push({ ...acc });
      else for (const s of grid.seeds) points.push({ ...acc, seed: s });
      return;
    }
    for (const v of grid.axes[keys[i]]) rec(i + 1, { ...acc, [keys[i]]: v });
  };
  rec(0, {});
  const runs: SweepRun[] = [];
  const seen = new Map<string, number>();
  for (const point of points) {
    const config = { ...(spec.defaults as Config), ...grid.base, ...point };
    const id = await runId(grid.script, config);
    if (seen.has(id)) {
      throw new Error(
        `expandGrid: runs ${seen.get(id)} and ${runs.length} have the same config ` +
          `(${JSON.stringify(point)}); remove the duplicate axis value`,
      );
    }
    seen.set(id, runs.length);
    runs.push({ index: runs.length, id, config, point });
  }
  return runs;
}
