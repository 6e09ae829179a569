/**
 * Run metadata: where and how a run was produced (git commit, Deno/V8 versions, backend and GPU
 * adapter, seed, scheduler ids, start/end and wall time).
 * @module
 */

import { bundledCommit } from "./build_info.ts";

/** Contents of metadata.json. */
export interface RunMetadata {
  /** Script name. */
  script: string | null;
  /** Command-line arguments of the run. */
  args: string[];
  /** `git rev-parse HEAD` of the source tree, or null outside git. */
  gitCommit: string | null;
  /** Tracked files differ from the commit (null outside git). */
  gitDirty: boolean | null;
  /** Deno version. */
  deno: string;
  /** V8 version. */
  v8: string;
  /** TypeScript version. */
  typescript: string;
  /** Operating system (Deno.build.os). */
  os: string;
  /** CPU architecture (Deno.build.arch). */
  arch: string;
  /** Host name, or null without permission. */
  hostname: string | null;
  /** Process id of the run (with `hostname`: a "running" run whose process is gone is stale). */
  pid: number;
  /** Compute backend name. */
  backend: string;
  /** WebGPU adapter info when the backend is webgpu, else null. */
  adapter: Record<string, string> | null;
  /** The run's seed, or null. */
  seed: number | null;
  /** SLURM / Kubernetes variables identifying the task. */
  scheduler: Record<string, string>;
  /** Start time (ISO 8601). */
  startedAt: string;
  /** End time (ISO 8601), null while running. */
  finishedAt: string | null;
  /** Wall time in seconds, null while running. */
  wallSeconds: number | null;
  /**
   * Run state: "interrupted" after SIGINT (Ctrl-C), "cancelled" after SIGTERM (scancel, a time
   * limit); a "running" whose process is gone is reported stale by `readRunState`.
   */
  status: "running" | "done" | "failed" | "cancelled" | "interrupted";
  /** Error message of a failed run. */
  error: string | null;
  /** Names of the figures written (name.svg, name.png). */
  figures: string[];
}

async function git(args: string[], cwd: string): Promise<string | null> {
  try {
    const out = await new Deno.Command("git", {
      args,
      cwd,
      stdout: "piped",
      stderr: "null",
      stdin: "null",
    }).output();
    return out.success ? new TextDecoder().decode(out.stdout).trim() : null;
  } catch {
    return null; // no git binary (e.g. a cluster node running the bundle)
  }
}

/**
 * The git commit of the source tree (the directory of the main module, falling back to the
 * working directory) and whether tracked files differ from it. Outside a git work tree (a
 * bundle on a cluster node) the commit stamped into the bundle by `deno task bundle`, else null.
 */
export async function gitInfo(): Promise<{ commit: string | null; dirty: boolean | null }> {
  let dir = Deno.cwd();
  try {
    const main = new URL(Deno.mainModule);
    if (main.protocol === "file:") dir = decodeURIComponent(main.pathname).replace(/\/[^/]*$/, "");
  } catch { /* keep cwd */ }
  const commit = await git(["rev-parse", "HEAD"], dir);
  if (commit === null) return { commit: bundledCommit(), dirty: null };
  const status = await git(["status", "--porcelain", "--untracked-files=no"], dir);
  return { commit, dirty: status === null ? null : status.length > 0 };
}

/** WebGPU adapter info (vendor, architecture, device, description), or null without WebGPU. */
export async function gpuAdapterInfo(): Promise<Record<string, string> | null> {
  try {
    // deno-lint-ignore no-explicit-any
    const gpu = (globalThis.navigator as any)?.gpu;
    if (!gpu) return null;
    const adapter = await gpu.requestAdapter();
    if (!adapter) return null;
    const info = adapter.info ?? {};
    return {
      vendor: String(info.vendor ?? ""),
      architecture: String(info.architecture ?? ""),
      device: String(info.device ?? ""),
      description: String(info.description ?? ""),
    };
  } catch {
    return null;
  }
}

/** Scheduler variables that identify this task (SLURM array/job ids, Kubernetes index). */
export function schedulerEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  const names = [
    "SLURM_JOB_ID",
    "SLURM_ARRAY_JOB_ID",
    "SLURM_ARRAY_TASK_ID",
    "SLURM_ARRAY_TASK_COUNT",
    "SLURM_NODELIST",
    "JOB_COMPLETION_INDEX",
  ];
  for (const n of names) {
    try {
      const v = Deno.env.get(n);
      if (v !== undefined) out[n] = v;
    } catch { /* no env permission */ }
  }
  return out;
}

/** Initial metadata for a run starting now. */
export async function startMetadata(
  opts: { script?: string; backend: string; seed?: number; args?: string[] },
): Promise<RunMetadata> {
  const g = await gitInfo();
  let hostname: string | null = null;
  try {
    hostname = Deno.hostname();
  } catch { /* no sys permission */ }
  return {
    script: opts.script ?? null,
    args: opts.args ?? [],
    gitCommit: g.commit,
    gitDirty: g.dirty,
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    typescript: Deno.version.typescript,
    os: Deno.build.os,
    arch: Deno.build.arch,
    hostname,
    pid: Deno.pid,
    backend: opts.backend,
    adapter: opts.backend === "webgpu" ? await gpuAdapterInfo() : null,
    seed: opts.seed ?? null,
    scheduler: schedulerEnv(),
    startedAt: new Date().toISOString(),
    finishedAt: null,
    wallSeconds: null,
    status: "running",
    error: null,
    figures: [],
  };
}
