/**
 * The honest state of a run directory, read from its files: `done`, `running` (its process is
 * alive, or on another host and cannot be checked), `stale` (metadata says running but the
 * process that wrote it, on this host, is gone: it was killed with SIGKILL or the machine lost
 * power), `interrupted` (stopped by SIGINT or SIGTERM), `failed`, `pending` (nothing written) or
 * `corrupt` (a file that does not parse, or results of another config). Used by `saddle sweep
 * --list` and `saddle merge`, so a killed run is never reported as running forever and a corrupt
 * file never as merely unfinished.
 * @module
 */
import { join } from "node:path";
import { canonicalJson } from "./run_id.ts";

/** The state of one run directory. */
export type RunState =
  | "done"
  | "running"
  | "stale"
  | "interrupted"
  | "failed"
  | "pending"
  | "corrupt";

/** A run's state with a one-line explanation (empty for done and pending). */
export interface RunStateInfo {
  /** The state. */
  state: RunState;
  /** Why (the corrupt file and its parse error, the dead pid, the error of a failed run, ...). */
  detail: string;
  /** For "running": true when its process was checked and is alive on this host. */
  alive?: boolean;
}

/** This machine's host name, or null without permission. */
export function thisHost(): string | null {
  try {
    return Deno.hostname();
  } catch {
    return null;
  }
}

/**
 * Whether process `pid` on this machine is alive: true, false, or undefined where that cannot be
 * checked (no /proc: not Linux, or no read permission).
 */
export function pidAlive(pid: number): boolean | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === Deno.pid) return true;
  if (Deno.build.os !== "linux") return undefined;
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    return undefined;
  }
}

type Read = { kind: "missing" } | { kind: "corrupt"; error: string } | {
  kind: "ok";
  value: unknown;
};

async function readJson(path: string): Promise<Read> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return { kind: "missing" };
    return { kind: "corrupt", error: (e as Error).message };
  }
  try {
    return { kind: "ok", value: JSON.parse(text) };
  } catch (e) {
    const msg = text.trim() === "" ? "empty file" : (e as Error).message;
    return { kind: "corrupt", error: msg };
  }
}

/**
 * Read the state of the run in `dir` from results.json, config.json and metadata.json. With
 * `config`, a config.json of another configuration is `corrupt` (it is not this run's data).
 */
export async function readRunState(dir: string, config?: unknown): Promise<RunStateInfo> {
  const results = await readJson(join(dir, "results.json"));
  const cfg = await readJson(join(dir, "config.json"));
  const meta = await readJson(join(dir, "metadata.json"));
  for (const [name, r] of [["results.json", results], ["config.json", cfg]] as const) {
    if (r.kind === "corrupt") {
      return { state: "corrupt", detail: `${join(dir, name)} is corrupt: ${r.error}` };
    }
  }
  if (results.kind === "missing") {
    return { state: "pending", detail: "" };
  }
  const res = (results as { value: unknown }).value;
  if (res === null || typeof res !== "object" || Array.isArray(res)) {
    return {
      state: "corrupt",
      detail: `${join(dir, "results.json")} is corrupt: not a JSON object`,
    };
  }
  if (cfg.kind === "missing") {
    return {
      state: "corrupt",
      detail: `${join(dir, "results.json")} has no config.json beside it`,
    };
  }
  if (
    config !== undefined &&
    canonicalJson((cfg as { value: unknown }).value) !== canonicalJson(config)
  ) {
    return {
      state: "corrupt",
      detail: `${join(dir, "config.json")} holds another config than this run's`,
    };
  }
  const m = meta.kind === "ok" && meta.value !== null && typeof meta.value === "object"
    ? meta.value as Record<string, unknown>
    : undefined;
  if ((res as Record<string, unknown>).done === true) return { state: "done", detail: "" };
  if (meta.kind === "corrupt") {
    return { state: "corrupt", detail: `${join(dir, "metadata.json")} is corrupt: ${meta.error}` };
  }
  const status = m?.status;
  const error = typeof m?.error === "string" ? m.error : "";
  if (status === "failed") return { state: "failed", detail: error };
  if (status === "cancelled" || status === "interrupted") {
    return { state: "interrupted", detail: error || `status ${status}` };
  }
  if (status === "done") {
    return {
      state: "corrupt",
      detail: `${join(dir, "metadata.json")} says done but results.json says done: false`,
    };
  }
  const pid = typeof m?.pid === "number" ? m.pid : undefined;
  const host = typeof m?.hostname === "string" ? m.hostname : null;
  const alive = pid !== undefined && host !== null && host === thisHost()
    ? pidAlive(pid)
    : undefined;
  if (alive === false) {
    return {
      state: "stale",
      detail: `metadata says running, but its process ${pid} on ${host} is gone (killed?)`,
    };
  }
  return {
    state: "running",
    detail: pid !== undefined ? `pid ${pid} on ${host ?? "an unknown host"}` : "",
    ...(alive === true ? { alive } : {}),
  };
}
