/**
 * Claims on units of work shared through a directory, so that several processes started on the
 * same run directory (two shells on one machine, or the tasks of a SLURM array given the same
 * `--out`) split an adaptive plan between them instead of repeating it: a unit is claimed by
 * creating `<unit>.lock` exclusively, the owner refreshes the lock's modification time while it
 * works (a heartbeat), and releases it by removing it. A lock whose process is gone (same host,
 * no such pid) or whose heartbeat is older than `staleMs` is taken over, so a killed process never
 * blocks the others for longer than that.
 * @module
 */
import { pidAlive, thisHost } from "./run_state.ts";
import { ArgumentError } from "../errors/mod.ts";

/** A held claim; release it (in a `finally`) when the work is done or abandoned. */
export interface Claim {
  /** The lock file. */
  readonly path: string;
  /** Stop the heartbeat and remove the lock file (idempotent). */
  release(): Promise<void>;
}

/** Options of {@link tryClaim}. */
export interface ClaimOptions {
  /** A lock not refreshed for this long is stale (default 120 000 ms). */
  staleMs?: number;
  /** Heartbeat period of a held lock (default 15 000 ms; must be below staleMs). */
  heartbeatMs?: number;
}

/** What a lock file records. */
export interface LockInfo {
  /** Process id of the owner. */
  pid: number;
  /** Host of the owner (null when it could not be read). */
  hostname: string | null;
  /** When the claim was made (ISO 8601). */
  since: string;
}

async function readLock(path: string): Promise<{ info: LockInfo | null; mtime: number } | null> {
  let text: string, mtime: number;
  try {
    const st = await Deno.stat(path);
    mtime = st.mtime?.getTime() ?? 0;
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
  try {
    const v = JSON.parse(text) as LockInfo;
    return { info: typeof v?.pid === "number" ? v : null, mtime };
  } catch {
    return { info: null, mtime }; // being written, or corrupt: judged by its age alone
  }
}

/**
 * Whether the lock at `path` is held by a live owner: false when it is missing, when its owner
 * ran on this host and its pid is gone, or when its heartbeat is older than `staleMs`.
 */
export async function lockHeld(path: string, staleMs = 120_000): Promise<boolean> {
  const l = await readLock(path);
  if (l === null) return false;
  if (l.info && l.info.hostname !== null && l.info.hostname === thisHost()) {
    if (l.info.pid === Deno.pid) return true;
    if (pidAlive(l.info.pid) === false) return false;
  }
  return Date.now() - l.mtime <= staleMs;
}

/**
 * Try to claim the unit of work whose lock file is `path`: create it exclusively (recording pid,
 * host and time) and keep its modification time fresh every `heartbeatMs` until released. A stale
 * lock (see {@link lockHeld}) is moved aside and the claim retried once.
 *
 * @param path lock file (its directory must exist)
 * @param options staleness and heartbeat periods
 * @returns the claim, or null when another live process holds it
 */
export async function tryClaim(path: string, options: ClaimOptions = {}): Promise<Claim | null> {
  const staleMs = options.staleMs ?? 120_000;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  if (!(staleMs > 0)) throw new ArgumentError("tryClaim", "staleMs", "> 0", staleMs);
  if (!(heartbeatMs > 0 && heartbeatMs < staleMs)) {
    throw new ArgumentError("tryClaim", "heartbeatMs", `in (0, staleMs = ${staleMs})`, heartbeatMs);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    let file: Deno.FsFile;
    try {
      file = await Deno.open(path, { write: true, createNew: true });
    } catch (e) {
      if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
      if (attempt > 0 || await lockHeld(path, staleMs)) return null;
      // stale: move it aside under a unique name (only one process wins the rename), then retry
      const aside = `${path}.stale.${Deno.pid}.${Date.now()}`;
      try {
        await Deno.rename(path, aside);
        await Deno.remove(aside);
      } catch (e2) {
        if (!(e2 instanceof Deno.errors.NotFound)) throw e2;
      }
      continue;
    }
    const info: LockInfo = { pid: Deno.pid, hostname: thisHost(), since: new Date().toISOString() };
    try {
      await file.write(new TextEncoder().encode(JSON.stringify(info) + "\n"));
    } finally {
      file.close();
    }
    let released = false;
    const beat = setInterval(() => {
      const now = new Date();
      Deno.utime(path, now, now).catch(() => {});
    }, heartbeatMs);
    return {
      path,
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(beat);
        await Deno.remove(path).catch((e) => {
          if (!(e instanceof Deno.errors.NotFound)) throw e;
        });
      },
    };
  }
  return null;
}

/**
 * Wait `ms` milliseconds, or reject with the signal's reason as soon as `signal` aborts (the
 * timer is cleared either way, so test sanitizers see no leak).
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
