/**
 * The single entry point: `saddle <script> [--key=value ...]`, `saddle list`,
 * `saddle sweep grid.json [--shard=i/n]`, `saddle merge <sweepdir>`, `saddle slurm grid.json`.
 * Run with `deno task saddle ...`, `deno run -A cli.ts ...`, the bundle
 * (`deno run -A --cached-only dist/saddle.js ...`) or a compiled binary.
 * @module
 */
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { scripts } from "./scripts/mod.ts";
import {
  type AnyScriptSpec,
  cliMain,
  defaultRunner,
  loadSweep,
  mergeSweep,
  redrawFigures,
  runScript,
  runSweep,
  slurmScript,
  sweepStatus,
  writeTextAtomic,
} from "./src/run/mod.ts";

export type { AnyScriptSpec };

const USAGE = `saddle: theory of deep learning, runnable.

Usage:
  saddle list                                 scripts with their descriptions
  saddle <script> [--key=value ...]           run a script (--help lists its keys)
  saddle sweep <grid.json> [--shard=i/n] [--quiet] [--backend=name]
                                              run this process's share of a sweep
  saddle sweep <grid.json> --list             every run with its id and state
                                              (shard from SLURM_ARRAY_TASK_ID/COUNT or
                                              JOB_COMPLETION_INDEX [+ SADDLE_SHARD_COUNT]
                                              when not given)
  saddle plot <run-dir> [--quiet]             redraw a run's figures from its results.json
  saddle merge <sweepdir>                     finished runs -> merged.csv + merged.jsonl
  saddle slurm <grid.json> [--shards=N] [--parallel=K] [--cpus=C] [--time=HH:MM:SS]
               [--partition=P] [--mem=M] [--runner=CMD]
                                              write <out>/sweep.sbatch (a job array)

Grid file: {"script": "demo", "base": {...}, "axes": {"key": [values]}, "seeds": [0, 1],
            "out": "out/sweeps/demo"}
`;

function strictFlags(
  cmd: string,
  args: string[],
  options: Record<string, { type: "string" | "boolean" }>,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const r = parseArgs({ args, options, strict: true, allowPositionals: true });
    return {
      values: r.values as Record<string, string | boolean | undefined>,
      positionals: r.positionals,
    };
  } catch (e) {
    throw new Error(
      `${cmd}: ${(e as Error).message}. Valid flags: ${
        Object.keys(options).map((k) => `--${k}`).join(", ")
      }`,
    );
  }
}

function onePositional(cmd: string, positionals: string[], what: string): string {
  if (positionals.length !== 1) {
    throw new Error(
      `${cmd}: expected one argument (${what}), got ${positionals.length}: ${
        positionals.join(" ")
      }`,
    );
  }
  return positionals[0];
}

function positiveInt(
  cmd: string,
  flag: string,
  v: string | boolean | undefined,
): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`${cmd}: --${flag} must be a positive integer, got "${v}"`);
  }
  return n;
}

/**
 * Redraw the figures of the run in `runDir` with its script's `figures` (the script is named in
 * the run's metadata.json). Returns the figure names.
 */
export async function redrawRun(
  runDir: string,
  registry: Readonly<Record<string, AnyScriptSpec>> = scripts,
  quiet = false,
): Promise<string[]> {
  let meta: { script?: unknown };
  const path = join(runDir, "metadata.json");
  try {
    meta = JSON.parse(await Deno.readTextFile(path));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Error(`plot: ${path} not found (is ${runDir} a run directory?)`);
    }
    throw new Error(`plot: ${path} is not readable JSON (${(e as Error).message})`);
  }
  const name = meta.script;
  if (typeof name !== "string" || !(name in registry)) {
    throw new Error(
      `plot: ${path} names script ${JSON.stringify(name)}, not one of ${
        Object.keys(registry).join(", ")
      }`,
    );
  }
  return await redrawFigures(registry[name], runDir, { quiet });
}

/** Run the CLI with `args` against `registry`. Throws named errors; {@link cliMain} reports them. */
export async function cli(
  args: string[],
  registry: Readonly<Record<string, AnyScriptSpec>> = scripts,
): Promise<void> {
  const [cmd, ...rest] = args;
  switch (cmd) {
    case undefined:
    case "help":
    case "--help":
    case "-h":
      console.log(USAGE);
      return;
    case "list": {
      const w = Math.max(...Object.keys(registry).map((k) => k.length));
      for (const [name, spec] of Object.entries(registry)) {
        console.log(`${name.padEnd(w)}  ${spec.description.split("\n")[0]}`);
      }
      return;
    }
    case "plot": {
      const { values, positionals } = strictFlags("plot", rest, { quiet: { type: "boolean" } });
      const runDir = onePositional("plot", positionals, "a run directory");
      const names = await redrawRun(runDir, registry, values.quiet === true);
      if (values.quiet !== true) console.log(`redrew ${names.length} figures in ${runDir}`);
      return;
    }
    case "sweep": {
      const { values, positionals } = strictFlags("sweep", rest, {
        shard: { type: "string" },
        quiet: { type: "boolean" },
        backend: { type: "string" },
        list: { type: "boolean" },
      });
      const grid = onePositional("sweep", positionals, "a grid file");
      if (values.list === true) {
        const st = await sweepStatus(grid, registry);
        for (const r of st) {
          console.log(
            `${String(r.index).padStart(4)}  ${r.id}  ${r.state.padEnd(11)}  ${
              JSON.stringify(r.point)
            }${r.detail ? `  ${r.detail}` : ""}`,
          );
        }
        const done = st.filter((r) => r.state === "done").length;
        console.log(`${done}/${st.length} done`);
        return;
      }
      const report = await runSweep(grid, {
        registry,
        shard: values.shard as string | undefined,
        quiet: values.quiet === true,
        backend: values.backend as string | undefined,
      });
      console.log(JSON.stringify({
        out: report.out,
        shard: `${report.shard.index}/${report.shard.count}`,
        ran: report.ran.length,
        skipped: report.skipped.length,
        failed: report.failed.length,
      }));
      if (report.failed.length > 0) {
        throw new Error(
          `sweep: ${report.failed.length} run(s) failed: ${
            report.failed.map((f) => `${f.id} (${f.error})`).join("; ")
          }`,
        );
      }
      return;
    }
    case "merge": {
      const { positionals } = strictFlags("merge", rest, {});
      const dir = onePositional("merge", positionals, "a sweep directory");
      const r = await mergeSweep(dir);
      console.log(
        `merged ${r.rows}/${r.total} runs -> ${r.csvPath}, ${r.jsonlPath}` +
          (r.unfinished.length
            ? `; not finished: ${r.unfinished.map((u) => `${u.id} (${u.state})`).join(", ")}`
            : ""),
      );
      if (r.corrupt.length > 0) {
        throw new Error(
          `merge: ${r.corrupt.length} run(s) corrupt, not merged: ${
            r.corrupt.map((c) => `${c.id} (${c.detail})`).join("; ")
          }`,
        );
      }
      return;
    }
    case "slurm": {
      const { values, positionals } = strictFlags("slurm", rest, {
        shards: { type: "string" },
        parallel: { type: "string" },
        cpus: { type: "string" },
        time: { type: "string" },
        partition: { type: "string" },
        mem: { type: "string" },
        runner: { type: "string" },
      });
      const gridPath = resolve(onePositional("slurm", positionals, "a grid file"));
      const { grid, runs } = await loadSweep(gridPath, registry);
      const out = resolve(grid.out);
      const shards = positiveInt("slurm", "shards", values.shards) ?? runs.length;
      if (shards > runs.length) {
        throw new Error(
          `slurm: --shards=${shards} is more than the ${runs.length} runs of the grid`,
        );
      }
      const text = slurmScript({
        gridPath,
        shards,
        runner: (values.runner as string | undefined) ?? defaultRunner(),
        workDir: Deno.cwd(),
        logDir: join(out, "logs"),
        jobName: `saddle-${grid.script}`,
        parallel: positiveInt("slurm", "parallel", values.parallel),
        cpusPerTask: positiveInt("slurm", "cpus", values.cpus),
        timeLimit: values.time as string | undefined,
        partition: values.partition as string | undefined,
        memory: values.mem as string | undefined,
      });
      try {
        await Deno.mkdir(join(out, "logs"), { recursive: true });
        await writeTextAtomic(join(out, "sweep.sbatch"), text);
      } catch (e) {
        throw new Error(`slurm: cannot write to "${out}": ${(e as Error).message}`);
      }
      console.log(`${join(out, "sweep.sbatch")} (${runs.length} runs in ${shards} array tasks)`);
      console.log(`submit: sbatch ${join(out, "sweep.sbatch")}; then: saddle merge ${out}`);
      return;
    }
    default: {
      const spec = registry[cmd];
      if (spec === undefined) {
        throw new Error(
          `saddle: unknown command or script "${cmd}" (scripts: ${
            Object.keys(registry).join(", ")
          }; commands: list, plot, sweep, merge, slurm, help)`,
        );
      }
      await runScript(spec, rest);
    }
  }
}

if (import.meta.main) await cliMain(() => cli(Deno.args));
