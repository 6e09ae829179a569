/**
 * The run context handed to a script's `main`: run directory, incremental results, progress,
 * logging and figures.
 * @module
 */
import { join } from "node:path";
import { JsonResults, type ResultsWriter } from "./results.ts";
import { createProgress, type Progress, writeStderr } from "./progress.ts";
import { writeJsonAtomic } from "./atomic_write.ts";
import { ArgumentError } from "../errors/mod.ts";
import { type RunMetadata, startMetadata } from "./metadata.ts";
import { canonicalJson } from "./run_id.ts";
import { type PlotSpec, renderSvg } from "../plot/svg.ts";
import { writeFigure } from "../plot/write_figure.ts";
import type { Gpu } from "../backend/webgpu/gpu.ts";

/** What a script's `main` receives besides its config. */
export interface RunContext {
  /** Run directory (absolute or relative to the cwd); "" for an in-memory context. */
  outDir: string;
  /** True when progress and logs are suppressed. */
  quiet: boolean;
  /** The run's seed (the config's `seed` key when it has one). */
  seed?: number;
  /** results.json, rewritten atomically on every change. */
  results: ResultsWriter;
  /** A progress counter on stderr (bar on a TTY, periodic lines otherwise, nothing when quiet). */
  progress(label: string, total: number): Progress;
  /** A message on stderr (unless quiet). */
  log(msg: string): void;
  /**
   * The WebGPU device when the run was started with `--backend=webgpu` (only for scripts whose
   * spec sets `webgpu: true`); pass it to `fit({ device })`. Destroyed when the run ends.
   */
  gpu?: Gpu;
  /** Write `<outDir>/<name>.svg` and `.png` (in-memory contexts only validate the plot). */
  figure(name: string, plot: PlotSpec): Promise<void>;
  /**
   * Aborted when the run is being stopped (the memory watchdog of `executeScript`): long loops
   * may check `ctx.signal.aborted` and return early; the run is recorded as failed either way.
   */
  signal: AbortSignal;
}

/** A {@link RunContext} plus the calls that close a run (used by runScript and sweeps). */
export interface RunHandle extends RunContext {
  /** Mark results.json `done: true` and record end time and wall time in metadata.json. */
  finish(): Promise<void>;
  /** Record a failure (message) in metadata.json; results.json keeps `done: false`. */
  fail(error: unknown): Promise<void>;
  /**
   * Record synchronously that the run was stopped by `signal` (status "interrupted" for SIGINT,
   * "cancelled" for SIGTERM and others); for signal handlers, which cannot wait for promises.
   * results.json keeps `done: false`.
   */
  cancelSync(signal: string): void;
  /** The metadata written so far. */
  readonly metadata: RunMetadata;
  /** Abort {@link RunContext.signal} with `reason`. */
  abort(reason: Error): void;
}

/** Options for {@link createContext}. */
export interface CreateContextOptions {
  /** Run directory; omit for an in-memory context that writes nothing (for tests). */
  outDir?: string;
  /** Suppress progress and logs. */
  quiet?: boolean;
  /** The run's configuration (written to config.json). */
  config?: unknown;
  /** Script name (metadata). */
  script?: string;
  /** Seed; defaults to `config.seed` when that is a number. */
  seed?: number;
  /** Backend name recorded in metadata (default "cpu"). */
  backend?: string;
  /** Command-line arguments (metadata). */
  args?: string[];
  /** WebGPU device of the run (see {@link RunContext.gpu}). */
  gpu?: Gpu;
  /** Progress display; default from quiet and whether stderr is a terminal. */
  progressMode?: "tty" | "lines" | "quiet";
}

async function readJsonIfExists(path: string): Promise<{ found: boolean; value?: unknown }> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return { found: false };
    throw e;
  }
  try {
    return { found: true, value: JSON.parse(text) };
  } catch {
    return { found: true, value: undefined };
  }
}

function firstDifference(a: unknown, b: unknown): string {
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") {
    return `${canonicalJson(a)} vs ${canonicalJson(b)}`;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    if (canonicalJson(ra[k]) !== canonicalJson(rb[k])) {
      return `key "${k}": existing ${canonicalJson(ra[k])}, new ${canonicalJson(rb[k])}`;
    }
  }
  return "(no difference)";
}

/**
 * Open a run: create `outDir` (named error if that fails or it is not writable), refuse a
 * directory holding results of a different config (nothing is overwritten), write config.json,
 * an empty results.json (`done: false`) and metadata.json.
 */
export async function createContext(options: CreateContextOptions = {}): Promise<RunHandle> {
  const quiet = options.quiet ?? false;
  const config = options.config ?? {};
  const seedFromConfig = (config as Record<string, unknown>)?.seed;
  const seed = options.seed ?? (typeof seedFromConfig === "number" ? seedFromConfig : undefined);
  const outDir = options.outDir;
  if (outDir !== undefined && (typeof outDir !== "string" || outDir === "")) {
    throw new ArgumentError("createContext", "outDir", "a non-empty path", outDir);
  }
  if (outDir !== undefined) {
    try {
      await Deno.mkdir(outDir, { recursive: true });
    } catch (e) {
      throw new Error(
        `createContext: --out "${outDir}" cannot be created: ${(e as Error).message}`,
      );
    }
    const prevConfig = await readJsonIfExists(join(outDir, "config.json"));
    const prevResults = await readJsonIfExists(join(outDir, "results.json"));
    if (prevResults.found && !prevConfig.found) {
      throw new Error(
        `createContext: ${
          join(outDir, "results.json")
        } exists without config.json (results of an ` +
          `unknown config); choose another --out or remove it`,
      );
    }
    if (prevConfig.found && canonicalJson(prevConfig.value) !== canonicalJson(config)) {
      throw new Error(
        `createContext: ${outDir} holds results of another config (${
          firstDifference(prevConfig.value, config)
        }); choose another --out — nothing was overwritten`,
      );
    }
    try {
      await writeJsonAtomic(join(outDir, "config.json"), config);
    } catch (e) {
      throw new Error(`createContext: --out "${outDir}" is not writable: ${(e as Error).message}`);
    }
  }
  const results = new JsonResults(outDir === undefined ? undefined : join(outDir, "results.json"));
  const metadata = await startMetadata({
    script: options.script,
    backend: options.backend ?? "cpu",
    seed,
    args: options.args,
  });
  const t0 = performance.now();
  const writeMeta = () =>
    outDir === undefined
      ? Promise.resolve()
      : writeJsonAtomic(join(outDir, "metadata.json"), metadata);
  try {
    await results.init();
  } catch (e) {
    throw new Error(`createContext: --out "${outDir}" is not writable: ${(e as Error).message}`);
  }
  await writeMeta();
  let isTty = false;
  try {
    isTty = Deno.stderr.isTerminal();
  } catch { /* no terminal info */ }
  const mode = options.progressMode ?? (quiet ? "quiet" : isTty ? "tty" : "lines");
  const controller = new AbortController();
  return {
    outDir: outDir ?? "",
    quiet,
    seed,
    signal: controller.signal,
    abort: (reason: Error) => controller.abort(reason),
    gpu: options.gpu,
    results,
    progress: (label, total) => createProgress(label, total, { mode }),
    log(msg: string): void {
      if (quiet) return;
      // On a terminal, clear a progress bar drawn on the current line first.
      const clear = mode === "tty" ? "\r\x1b[2K" : "";
      writeStderr(clear + (msg.endsWith("\n") ? msg : msg + "\n"));
    },
    async figure(name: string, plot: PlotSpec): Promise<void> {
      if (outDir === undefined) {
        renderSvg(plot);
        return;
      }
      const f = await writeFigure(outDir, name, { spec: plot });
      if (!metadata.figures.includes(name)) metadata.figures.push(name);
      await writeMeta();
      if (!quiet) writeStderr(`figure ${f.pngPath} (${f.widthPx}×${f.heightPx})\n`);
    },
    async finish(): Promise<void> {
      await results.markDone();
      metadata.status = "done";
      metadata.finishedAt = new Date().toISOString();
      metadata.wallSeconds = (performance.now() - t0) / 1000;
      await writeMeta();
    },
    async fail(error: unknown): Promise<void> {
      metadata.status = "failed";
      metadata.error = error instanceof Error ? error.message : String(error);
      metadata.finishedAt = new Date().toISOString();
      metadata.wallSeconds = (performance.now() - t0) / 1000;
      await writeMeta();
    },
    cancelSync(signal: string): void {
      metadata.status = signal === "SIGINT" ? "interrupted" : "cancelled";
      metadata.error = `stopped by ${signal}`;
      metadata.finishedAt = new Date().toISOString();
      metadata.wallSeconds = (performance.now() - t0) / 1000;
      if (outDir === undefined) return;
      const path = join(outDir, "metadata.json");
      const tmp = `${path}.${Deno.pid}.cancel.tmp`;
      Deno.writeTextFileSync(tmp, JSON.stringify(metadata, null, 2) + "\n");
      Deno.renameSync(tmp, path);
    },
    metadata,
  };
}
