/**
 * Atomic file replacement: write a temporary file beside the target, then rename it over the
 * target, so a reader (or a killed process) only ever sees the old or the new complete file.
 * @module
 */
import { basename, dirname, join } from "node:path";

let counter = 0;

/** Atomically replace `path` with `text` (write `path.<pid>.<n>.tmp`, then rename). */
export async function writeTextAtomic(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${Deno.pid}.${counter++}.tmp`);
  try {
    await Deno.writeTextFile(tmp, text);
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}

/** Atomically replace `path` with `value` as pretty-printed JSON (non-finite numbers → null). */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeTextAtomic(path, JSON.stringify(value, null, 2) + "\n");
}
