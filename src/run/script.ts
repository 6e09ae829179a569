/**
 * Scripts: a typed `defaults` block with a comment per key, a `main(cfg, ctx)`, and the CLI
 * block `runScript(spec, Deno.args)` that parses overrides, opens the run directory, runs main
 * and closes the run.
 * @module
 */
import type { Config } from "./config.ts";
import { formatHelp, parseCliArgs } from "./config.ts";
import { createContext, type RunContext } from "./context.ts";
import { runId } from "./run_id.ts";
import { defaultBackendName, setDefaultBackend } from "../backend/mod.ts";
import type { BackendName } from "../backend/mod.ts";
import { type Gpu, requestGpu } from "../backend/webgpu/mod.ts";

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
  // A scheduler stops a job with SIGTERM (scancel, time limit): record it before exiting, so
  // metadata.json says "cancelled" rather than "running". results.json keeps what finished.
  const onTerm = () => {
    try {
      ctx.cancelSync("SIGTERM");
    } finally {
      Deno.exit(143);
    }
  };
  const listen = Deno.build.os !== "windows";
  if (listen) Deno.addSignalListener("SIGTERM", onTerm);
  let value: unknown;
  try {
    value = await spec.main(config, ctx);
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (k !== "done" && ctx.results.get(k) === undefined && v !== undefined) {
          await ctx.results.set(k, v);
        }
      }
    }
  } catch (e) {
    await ctx.fail(e);
    throw e;
  } finally {
    if (listen) Deno.removeSignalListener("SIGTERM", onTerm);
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
  const parsed = parseCliArgs(spec.defaults, args, { script: spec.name });
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
