/**
 * Scripts: a typed `defaults` block with a comment per key, named `presets`, a `main(cfg, ctx)`
 * that composes experiments and stores results, a pure `figures(results, cfg)` that draws them,
 * and the CLI block `runScript(spec, Deno.args)` that parses overrides, opens the run directory,
 * runs main, draws the figures and closes the run. {@link redrawFigures} redraws a finished
 * run's figures from its results.json (`saddle plot <run-dir>`).
 * @module
 */
import { join } from "node:path";
import type { Choices, Config, Presets } from "./config.ts";
import { coerceValue, formatHelp, kindOf, parseCliArgs, validatePresets } from "./config.ts";
import { createContext, type RunContext } from "./context.ts";
import { runId } from "./run_id.ts";
import { defaultBackendName, setDefaultBackend } from "../backend/mod.ts";
import type { BackendName } from "../backend/mod.ts";
import { type Gpu, requestGpu } from "../backend/webgpu/mod.ts";
import type { PlotSpec } from "../plot/svg.ts";
import { writeFigure } from "../plot/write_figure.ts";
import { ArgumentError } from "../errors/mod.ts";

/** One figure of a script: its file name (without extension) and its Plot specification. */
export interface FigureSpec {
  /** File name stem: `<outDir>/<name>.svg` and `.png`. */
  name: string;
  /** The Observable Plot options (see src/plot). */
  plot: PlotSpec;
}

/** A runnable script: name, description, typed defaults with a comment per key, and main. */
export interface ScriptSpec<C extends Config = Config> {
  /** Name used on the command line and in `out/<name>/`. */
  name: string;
  /** One paragraph shown by `--help` and `saddle list` (first line). */
  description: string;
  /** Every knob with its default; the defaults' types are the CLI's types. */
  defaults: C;
  /** A comment per key of `defaults` (a missing key does not compile). */
  help: { [K in keyof C]: string };
  /**
   * The experiment. Results go through `ctx.results`; if it returns a plain object, its keys
   * not already set are stored in results.json too.
   */
  main: (cfg: C, ctx: RunContext) => Promise<unknown>;
  /**
   * Named presets: partial configs applied before explicit `--key=value` overrides
   * (`--preset=NAME`; `--full` applies `full`). config.json records the effective config.
   */
  presets?: Presets<C>;
  /** Allowed values of enumerated string keys (checked on parse, listed by `--help`). */
  choices?: Choices<C>;
  /**
   * Draw the figures from results.json's parsed contents and the config: pure (no I/O, no
   * randomness), so `saddle plot <run-dir>` redraws a finished run without rerunning it.
   * `runScript` calls it after `main` and writes each figure as SVG and PNG.
   */
  // deno-lint-ignore no-explicit-any
  figures?: (results: any, config: C) => FigureSpec[];
  /**
   * Check a config before anything is written: throw a named error (an `ArgumentError` naming
   * the key) for invalid or degenerate values. `executeScript` calls it before the memory
   * preflight and before opening the run directory; `main` may call it again.
   */
  validate?: (cfg: C) => void;
  /**
   * Memory preflight: an estimate of the bytes `main` allocates at its peak for `cfg` and the key
   * that drives it (e.g. `{ bytes: 8 * d * d * 3, key: "d" }`). `executeScript` calls it before
   * opening the run directory and refuses a config whose estimate exceeds the machine's
   * available memory (`Deno.systemMemoryInfo().available`) with an error naming the key, the
   * estimate and what is available, instead of growing until the machine kills the process.
   */
  memoryBytes?: (cfg: C) => { bytes: number; key: keyof C & string };
  /**
   * True if `main` can run its training on a WebGPU device (`ctx.gpu`, passed to `fit`'s
   * `device`). `--backend=webgpu` on a script without it is an error, never a silent CPU run.
   */
  webgpu?: boolean;
}

/** Any script spec (for registries). */
// deno-lint-ignore no-explicit-any
export type AnyScriptSpec = ScriptSpec<any>;

/** Check a spec's shape; throws a named error describing the first problem. */
export function validateSpec(spec: AnyScriptSpec): void {
  const where = `script ${JSON.stringify(spec?.name)}`;
  if (typeof spec?.name !== "string" || !/^[a-z][a-z0-9_-]*$/.test(spec.name)) {
    throw new Error(
      `validateSpec: name must be lower-case letters, digits, "_" or "-", got ${
        JSON.stringify(spec?.name)
      }`,
    );
  }
  if (typeof spec.main !== "function") {
    throw new Error(`validateSpec: ${where} has no main function`);
  }
  for (const k of Object.keys(spec.defaults ?? {})) {
    if (typeof spec.help?.[k] !== "string" || spec.help[k].trim() === "") {
      throw new Error(`validateSpec: ${where} has no help comment for key "${k}"`);
    }
  }
  for (const k of Object.keys(spec.help ?? {})) {
    if (!(k in spec.defaults)) {
      throw new Error(`validateSpec: ${where} has a help comment for unknown key "${k}"`);
    }
  }
  if (spec.figures !== undefined && typeof spec.figures !== "function") {
    throw new Error(`validateSpec: ${where} has a "figures" that is not a function`);
  }
  if (spec.validate !== undefined && typeof spec.validate !== "function") {
    throw new Error(`validateSpec: ${where} has a "validate" that is not a function`);
  }
  if (spec.memoryBytes !== undefined && typeof spec.memoryBytes !== "function") {
    throw new Error(`validateSpec: ${where} has a "memoryBytes" that is not a function`);
  }
  validatePresets(spec.defaults, spec.presets, spec.choices, `validateSpec: ${where}`);
}

/** JSON round trip: what figures see is exactly what a later redraw reads from disk. */
function asStored(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null));
}

/** Call `spec.figures` and check what it returns; a named error for a malformed figure list. */
function callFigures(spec: AnyScriptSpec, results: unknown, config: Config): FigureSpec[] {
  if (spec.figures === undefined) return [];
  let figs: FigureSpec[];
  try {
    figs = spec.figures(results, config);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    throw new Error(
      `${spec.name}: figures() failed on these results (${err.name}: ${err.message}); a partial ` +
        `or older results.json may lack what it draws`,
    );
  }
  if (!Array.isArray(figs)) {
    throw new Error(`${spec.name}: figures() must return an array of {name, plot}`);
  }
  const seen = new Set<string>();
  for (const f of figs) {
    if (typeof f?.name !== "string" || !/^[A-Za-z0-9_.-]+$/.test(f.name)) {
      throw new Error(
        `${spec.name}: figures() returned a figure name ${JSON.stringify(f?.name)}; ` +
          `expected letters, digits, "_", "-" or "."`,
      );
    }
    if (seen.has(f.name)) throw new Error(`${spec.name}: figures() returned "${f.name}" twice`);
    seen.add(f.name);
  }
  return figs;
}

/**
 * Redraw a finished (or partial) run's figures from `<runDir>/results.json` and
 * `<runDir>/config.json` with `spec.figures`, rewriting each `<name>.svg` and `.png`
 * atomically. Returns the names drawn. Throws a named error when a file is missing or corrupt.
 */
export async function redrawFigures(
  spec: AnyScriptSpec,
  runDir: string,
  options: { quiet?: boolean } = {},
): Promise<string[]> {
  const read = async (file: string): Promise<unknown> => {
    const path = join(runDir, file);
    let text: string;
    try {
      text = await Deno.readTextFile(path);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) {
        throw new Error(`plot: ${path} not found (is ${runDir} a run directory?)`);
      }
      throw e;
    }
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new Error(`plot: ${path} is not valid JSON (${(e as Error).message})`);
    }
  };
  if (spec.figures === undefined) {
    throw new Error(`plot: script "${spec.name}" has no figures() to redraw`);
  }
  const stored = await read("config.json") as Record<string, unknown>;
  const config = { ...spec.defaults, ...stored } as Config;
  const results = await read("results.json");
  const names: string[] = [];
  for (const f of callFigures(spec, results, config)) {
    const out = await writeFigure(runDir, f.name, { spec: f.plot });
    if (!options.quiet) console.error(`figure ${out.pngPath} (${out.widthPx}×${out.heightPx})`);
    names.push(f.name);
  }
  return names;
}

/**
 * Check a config built in code (what `runScript` guarantees by parsing): only keys of
 * `spec.defaults`, each of its default's kind (finite numbers, rectangular matrices, listed
 * choices). Missing keys take their defaults. Returns the complete config; throws an
 * {@link ArgumentError} naming the first bad key.
 */
export function checkConfigKinds(spec: AnyScriptSpec, config: Config): Config {
  const fn = spec.name;
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw new ArgumentError(fn, "config", "an object of config values", config);
  }
  const defaults = spec.defaults as Config;
  for (const k of Object.keys(config)) {
    if (!(k in defaults)) {
      throw new ArgumentError(
        fn,
        `config.${k}`,
        `a key of the script (${Object.keys(defaults).join(", ")})`,
        k,
      );
    }
  }
  const full: Config = { ...defaults, ...config };
  for (const [k, d] of Object.entries(defaults)) {
    const kind = kindOf(k, d);
    const v = full[k];
    // values in code are typed: no "1,2" strings for numbers or lists (that is the CLI's form)
    const r = coerceValue(kind, typeof v === "string" && kind !== "string" ? undefined : v);
    if (!r.ok) throw new ArgumentError(fn, `config.${k}`, r.expected, v);
    const list = (spec.choices as Record<string, readonly string[] | undefined> | undefined)?.[k];
    if (list !== undefined) {
      for (const x of Array.isArray(v) ? v : [v]) {
        if (!list.includes(x as string)) {
          throw new ArgumentError(
            fn,
            `config.${k}`,
            `one of ${list.map((c) => `"${c}"`).join(", ")}`,
            x,
          );
        }
      }
    }
  }
  return full;
}

/** Bytes as a short human-readable string (`1.5 GB`). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const units = ["B", "kB", "MB", "GB", "TB", "PB"];
  let v = bytes, u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v >= 100 || u === 0 ? v.toFixed(0) : v.toPrecision(3)} ${units[u]}`;
}

function readNumber(path: string): number | undefined {
  try {
    const t = Deno.readTextFileSync(path).trim();
    if (t === "max") return Infinity;
    const v = Number(t);
    return Number.isFinite(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Memory left under this process's cgroup limit (a SLURM `--mem`, a container limit), in bytes:
 * limit − usage from cgroup v2 (`memory.max`, `memory.current`) or v1 (`memory.limit_in_bytes`,
 * `memory.usage_in_bytes`); undefined when there is no limit or it cannot be read.
 */
export function cgroupAvailableBytes(): number | undefined {
  const m = cgroupMemory();
  return m === undefined ? undefined : Math.max(0, m.limit - m.usage);
}

/** This process's cgroup memory limit and usage in bytes, or undefined (no limit, not Linux). */
export function cgroupMemory(): { limit: number; usage: number } | undefined {
  if (Deno.build.os !== "linux") return undefined;
  let lines: string[] = [];
  try {
    lines = Deno.readTextFileSync("/proc/self/cgroup").split("\n");
  } catch {
    return undefined;
  }
  const v2 = lines.find((l) => l.startsWith("0::"))?.slice(3);
  const v1 = lines.map((l) => l.split(":")).find((f) => f[1]?.split(",").includes("memory"))?.[2];
  const tries: [string, string][] = [];
  if (v2 !== undefined) {
    tries.push([`/sys/fs/cgroup${v2}/memory.max`, `/sys/fs/cgroup${v2}/memory.current`]);
    tries.push(["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"]);
  }
  if (v1 !== undefined) {
    const d = `/sys/fs/cgroup/memory${v1 === "/" ? "" : v1}`;
    tries.push([`${d}/memory.limit_in_bytes`, `${d}/memory.usage_in_bytes`]);
    tries.push([
      "/sys/fs/cgroup/memory/memory.limit_in_bytes",
      "/sys/fs/cgroup/memory/memory.usage_in_bytes",
    ]);
  }
  for (const [limitPath, usagePath] of tries) {
    const limit = readNumber(limitPath);
    const usage = readNumber(usagePath);
    if (limit === undefined || usage === undefined) continue;
    if (!(limit < 2 ** 60)) return undefined; // no limit
    return { limit, usage };
  }
  return undefined;
}

/**
 * Memory available to a new allocation (bytes): the machine's available memory, or less when a
 * cgroup limit (SLURM `--mem`, a container) leaves less; undefined if unknown.
 */
export function availableMemoryBytes(): number | undefined {
  let host: number | undefined;
  try {
    const m = Deno.systemMemoryInfo();
    host = m.available > 0 ? m.available : m.free > 0 ? m.free : undefined;
  } catch {
    host = undefined;
  }
  const cg = cgroupAvailableBytes();
  if (host === undefined) return cg;
  return cg === undefined ? host : Math.min(host, cg);
}

/**
 * The memory preflight of {@link ScriptSpec.memoryBytes}: throw an {@link ArgumentError} naming
 * the driving key when the estimate for `config` exceeds `availableBytes`.
 */
export function checkMemory(
  spec: AnyScriptSpec,
  config: Config,
  availableBytes: number | undefined = availableMemoryBytes(),
): void {
  if (spec.memoryBytes === undefined || availableBytes === undefined) return;
  const est = spec.memoryBytes(config);
  if (!est || typeof est.key !== "string" || typeof est.bytes !== "number") {
    throw new Error(`${spec.name}: memoryBytes() must return { bytes: number, key: string }`);
  }
  if (!(est.bytes <= availableBytes)) {
    throw new ArgumentError(
      spec.name,
      est.key,
      `small enough for the run to fit in memory (this config needs about ${
        formatBytes(est.bytes)
      }, ${formatBytes(availableBytes)} available)`,
      config[est.key],
    );
  }
}

/**
 * The config keys most likely behind a memory problem, as `--key=value (default d)`: the memory
 * preflight's key, then numbers raised furthest above their default, negative or fractional
 * where the default is an integer (at most three).
 */
function suspectKeys(spec: AnyScriptSpec, config: Config): string[] {
  const suspects: string[] = [];
  try {
    const k = spec.memoryBytes?.(config)?.key;
    if (typeof k === "string") suspects.push(k);
  } catch { /* the estimate itself failed: fall back to the heuristics */ }
  const defaults = spec.defaults as Config;
  const scored: [string, number][] = [];
  for (const [k, v] of Object.entries(config)) {
    const d = defaults[k];
    if (typeof v !== "number" || typeof d !== "number") continue;
    if (Number.isInteger(d) && (!Number.isInteger(v) || v < 0)) scored.push([k, Infinity]);
    else if (v > d && d > 0) scored.push([k, v / d]);
  }
  scored.sort((a, b) => b[1] - a[1]);
  for (const [k] of scored) if (!suspects.includes(k)) suspects.push(k);
  return suspects.slice(0, 3).map((k) => `--${k}=${config[k]} (default ${defaults[k]})`);
}

/**
 * Turn an allocation failure deep inside `main` (V8's RangeError "Array buffer allocation
 * failed", "Invalid array length", "Invalid typed array length") into an error that names the
 * config keys most likely responsible: the memory preflight's key, then numbers raised above
 * their default, negative or fractional where the default is an integer. Other errors pass.
 */
export function explainAllocationError(spec: AnyScriptSpec, config: Config, e: unknown): unknown {
  if (!(e instanceof RangeError)) return e;
  if (!/Array buffer allocation failed|Invalid (typed )?array length/.test(e.message)) return e;
  const named = suspectKeys(spec, config);
  const err = new Error(
    `${spec.name}: ran out of memory or got an impossible size (${e.message}); ${
      named.length
        ? `the keys most likely responsible: ${named.join(", ")}`
        : "lower the sizes of the config"
    }`,
  );
  err.name = "AllocationError";
  return err;
}

/** Options for {@link executeScript}. */
export interface ExecuteOptions {
  /** Run directory (default `out/<script>/<timestamp>-<hash>/`). */
  outDir?: string;
  /** Suppress progress and logs. */
  quiet?: boolean;
  /** Backend to make the default before main runs. */
  backend?: string;
  /** Command-line arguments, recorded in metadata. */
  args?: string[];
  /** Memory the preflight compares against (default: the machine's available memory). */
  availableBytes?: number;
  /**
   * The memory watchdog (see {@link MemoryWatch}); `false` turns it off. By default it checks
   * every second and stops a run that has driven the machine (or its cgroup) to its last 5%.
   */
  memoryWatch?: MemoryWatch | false;
}

/**
 * The memory watchdog of {@link executeScript}: a run whose own memory (RSS) is above
 * `minRssBytes` while the machine's available memory is below `minAvailableBytes` is stopped
 * with a named error naming the config keys most likely responsible, before the kernel's
 * out-of-memory killer ends it (or a neighbour) without a word. Catches runs that grow without
 * bound, which the preflight of {@link ScriptSpec.memoryBytes} did not foresee.
 */
export interface MemoryWatch {
  /** Period of the check in ms (default 1000). */
  everyMs?: number;
  /**
   * Stop when less than this is available (default max(256 MB, 5% of the machine's memory, or of
   * the cgroup limit when that is smaller)).
   */
  minAvailableBytes?: number;
  /** ... and this run uses more than this (default 1 GB). */
  minRssBytes?: number;
  /** Available memory now (default `Deno.systemMemoryInfo().available`). */
  available?: () => number | undefined;
  /** This process's resident memory now (default `Deno.memoryUsage().rss`). */
  rss?: () => number;
}

/** Wait until `p` settles or `ms` pass, whichever is first (the timer is cleared). */
async function settle(p: Promise<unknown>, ms: number): Promise<void> {
  let t: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    p.then(() => {}, () => {}),
    new Promise<void>((r) => {
      t = setTimeout(r, ms);
    }),
  ]);
  clearTimeout(t);
}

/**
 * Start the memory watchdog: resolves never, rejects with a named error once the run must stop
 * (and aborts `onStop`'s signal); call the returned `stop` to end the watch.
 */
function watchMemory(
  spec: AnyScriptSpec,
  config: Config,
  watch: MemoryWatch,
  onStop: (e: Error) => void,
): { stopped: Promise<never>; stop: () => void } {
  let total = 0;
  try {
    total = Deno.systemMemoryInfo().total;
  } catch { /* unknown */ }
  const limit = cgroupMemory()?.limit;
  if (limit !== undefined && (total === 0 || limit < total)) total = limit;
  const minAvail = watch.minAvailableBytes ?? Math.max(256e6, 0.05 * total);
  const minRss = watch.minRssBytes ?? 1e9;
  const available = watch.available ?? availableMemoryBytes;
  const rss = watch.rss ?? (() => Deno.memoryUsage().rss);
  let timer: ReturnType<typeof setInterval> | undefined;
  const stopped = new Promise<never>((_, reject) => {
    const t = setInterval(() => {
      const a = available();
      const r = rss();
      if (a === undefined || a >= minAvail || r <= minRss) return;
      clearInterval(t);
      const named = suspectKeys(spec, config);
      const err = new Error(
        `${spec.name}: stopped before the machine ran out of memory (this run uses ${
          formatBytes(r)
        }, ${formatBytes(a)} left); ${
          named.length
            ? `the keys most likely responsible: ${named.join(", ")}`
            : "lower the sizes of the config"
        }`,
      );
      err.name = "MemoryLimitError";
      onStop(err);
      reject(err);
    }, watch.everyMs ?? 1000);
    Deno.unrefTimer(t);
    timer = t;
  });
  stopped.catch(() => {}); // observed by the race in executeScript
  return { stopped, stop: () => clearInterval(timer) };
}

/**
 * Run `spec.main` with `config` in a run directory: open the context, run, store a returned
 * plain object, mark done. On failure the error is recorded in metadata.json and rethrown.
 * Returns main's return value and the run directory.
 */
export async function executeScript(
  spec: AnyScriptSpec,
  config: Config,
  options: ExecuteOptions = {},
): Promise<{ value: unknown; outDir: string }> {
  config = checkConfigKinds(spec, config);
  spec.validate?.(config);
  checkMemory(spec, config, options.availableBytes ?? availableMemoryBytes());
  let gpu: Gpu | undefined;
  if (options.backend === "webgpu") {
    if (!spec.webgpu) {
      throw new Error(
        `${spec.name}: --backend=webgpu is not supported by this script (its work runs on host ` +
          `kernels only); use --backend=wasm or --backend=cpu`,
      );
    }
    gpu = await requestGpu();
  } else if (options.backend !== undefined) setDefaultBackend(options.backend as BackendName);
  let outDir = options.outDir;
  if (outDir === undefined) {
    const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
    outDir = `out/${spec.name}/${stamp}-${(await runId(spec.name, config)).slice(0, 6)}`;
  }
  const ctx = await createContext({
    outDir,
    quiet: options.quiet,
    config,
    script: spec.name,
    backend: gpu ? "webgpu" : defaultBackendName(),
    args: options.args,
    gpu,
  });
  // A scheduler stops a job with SIGTERM (scancel, time limit), a user with Ctrl-C (SIGINT):
  // record it before exiting, so metadata.json says "cancelled"/"interrupted" rather than
  // "running". results.json keeps what finished. (SIGKILL cannot be caught: readRunState reports
  // such a run as stale from its recorded pid.)
  const onTerm = () => {
    try {
      ctx.cancelSync("SIGTERM");
    } finally {
      Deno.exit(143);
    }
  };
  const onInt = () => {
    try {
      ctx.cancelSync("SIGINT");
    } finally {
      Deno.exit(130);
    }
  };
  const listen = Deno.build.os !== "windows";
  if (listen) {
    Deno.addSignalListener("SIGTERM", onTerm);
    Deno.addSignalListener("SIGINT", onInt);
  }
  const watch = options.memoryWatch === false
    ? undefined
    : watchMemory(spec, config, options.memoryWatch ?? {}, (e) => ctx.abort(e));
  let value: unknown;
  try {
    const running = spec.main(config, ctx);
    // On a watchdog stop, give a main that checks ctx.signal a moment to return, then fail.
    const stopped = watch?.stopped.catch(async (e) => {
      await settle(running, 2000);
      throw e;
    });
    value = await (stopped ? Promise.race([running, stopped]) : running);
    // a main that returned early because the watchdog aborted it did not finish
    if (ctx.signal.aborted) throw ctx.signal.reason;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (k !== "done" && ctx.results.get(k) === undefined && v !== undefined) {
          await ctx.results.set(k, v);
        }
      }
    }
    for (const f of callFigures(spec, asStored(ctx.results.snapshot()), config)) {
      await ctx.figure(f.name, f.plot);
    }
  } catch (e) {
    const err = explainAllocationError(spec, config, e);
    await ctx.fail(err);
    throw err;
  } finally {
    watch?.stop();
    if (listen) {
      Deno.removeSignalListener("SIGTERM", onTerm);
      Deno.removeSignalListener("SIGINT", onInt);
    }
    gpu?.destroy();
  }
  await ctx.finish();
  return { value, outDir };
}

/**
 * The CLI block of a script: parse `args` (`--key=value`, `--help`, `--out`, `--quiet`,
 * `--backend`) against `spec.defaults`, run main in the run directory, print where results went.
 * Errors (bad arguments, unwritable --out, a directory of another config) propagate as `Error`s
 * with a message naming the problem; {@link cliMain} turns them into exit code 1.
 */
export async function runScript<C extends Config>(
  spec: ScriptSpec<C>,
  args: readonly string[],
): Promise<void> {
  validateSpec(spec);
  const parsed = parseCliArgs(spec.defaults, args, {
    script: spec.name,
    presets: spec.presets,
    choices: spec.choices,
  });
  if (parsed.help) {
    console.log(formatHelp(spec));
    return;
  }
  const { outDir } = await executeScript(spec, parsed.config, {
    outDir: parsed.out,
    quiet: parsed.quiet,
    backend: parsed.backend,
    args: [...args],
  });
  if (!parsed.quiet) console.error(`results in ${outDir}/`);
}

/**
 * Run `fn` as a command-line program: print an error's message (no stack) to stderr and exit
 * with code 1 on failure.
 */
export async function cliMain(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    Deno.exit(1);
  }
}
