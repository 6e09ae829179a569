/**
 * `results.json`: rewritten atomically on every change, so a killed run leaves a valid file with
 * everything finished so far. The reserved key `done` is `false` until the run finishes. Values
 * are stored as JSON: typed arrays become number arrays, NaN and ±Infinity become `null`.
 * @module
 */
import { writeJsonAtomic } from "./atomic_write.ts";
import { ArgumentError } from "../errors/mod.ts";

/** Incremental results of one run. */
export interface ResultsWriter {
  /** Set `key` to `value` (JSON-serializable) and rewrite results.json. */
  set(key: string, value: unknown): Promise<void>;
  /** Append `item` to the array at `key` (created if missing) and rewrite results.json. */
  append(key: string, item: unknown): Promise<void>;
  /** Current value at `key` (undefined if unset). */
  get(key: string): unknown;
  /** A copy of all results so far (without `done`). */
  snapshot(): Record<string, unknown>;
}

/**
 * A {@link ResultsWriter} backed by `path` (or in memory when `path` is undefined). Writes are
 * serialized in call order. `markDone()` sets `done: true`.
 */
export class JsonResults implements ResultsWriter {
  #data: Record<string, unknown> = {};
  #done = false;
  #chain: Promise<void> = Promise.resolve();
  /** The file kept up to date (undefined: in memory). */
  readonly path: string | undefined;

  /** `path`: file to keep up to date, or undefined for an in-memory writer. */
  constructor(path: string | undefined) {
    this.path = path;
  }

  #checkKey(fn: string, key: string): void {
    if (typeof key !== "string" || key === "") {
      throw new ArgumentError(`results.${fn}`, "key", "a non-empty string", key);
    }
    if (key === "done") {
      throw new ArgumentError(
        `results.${fn}`,
        "key",
        'a key other than "done" (reserved: it marks a finished run)',
        key,
      );
    }
  }

  #pending: Promise<void> | null = null;

  // Writes are chained (never two renames racing) and coalesced: while a write is queued but
  // not started, further changes ride along with it, so a burst of appends costs one write.
  // Every returned promise resolves once a file containing that change is in place.
  #flush(): Promise<void> {
    const path = this.path;
    if (path === undefined) return Promise.resolve();
    if (this.#pending !== null) return this.#pending;
    const p = this.#chain.then(() => {
      this.#pending = null;
      return writeJsonAtomic(path, { done: this.#done, ...this.#data });
    });
    this.#pending = p;
    this.#chain = p.catch(() => {});
    return p;
  }

  /** Set `key` to `value` and rewrite the file. */
  set(key: string, value: unknown): Promise<void> {
    this.#checkKey("set", key);
    this.#data[key] = structuredClone(value);
    return this.#flush();
  }

  /** Append `item` to the array at `key` and rewrite the file. */
  append(key: string, item: unknown): Promise<void> {
    this.#checkKey("append", key);
    const cur = this.#data[key];
    if (cur === undefined) this.#data[key] = [];
    else if (!Array.isArray(cur)) {
      throw new ArgumentError(
        "results.append",
        "key",
        `a key holding an array (or unset); "${key}" holds a ${typeof cur}`,
        key,
      );
    }
    (this.#data[key] as unknown[]).push(structuredClone(item));
    return this.#flush();
  }

  /** Current value at `key`. */
  get(key: string): unknown {
    return this.#data[key];
  }

  /** Copy of all results. */
  snapshot(): Record<string, unknown> {
    return structuredClone(this.#data);
  }

  /** Write the initial file `{"done": false}` (a restarted run starts from scratch). */
  init(): Promise<void> {
    this.#data = {};
    this.#done = false;
    return this.#flush();
  }

  /** Mark the run finished (`done: true`) and rewrite the file. */
  markDone(): Promise<void> {
    this.#done = true;
    return this.#flush();
  }
}
