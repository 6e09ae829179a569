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

/** JSON replacer: typed arrays (Float64Array, ...) as plain number arrays. */
function typedArraysAsArrays(_key: string, v: unknown): unknown {
  return ArrayBuffer.isView(v) && !(v instanceof DataView)
    ? Array.from(v as unknown as ArrayLike<number>)
    : v;
}

/**
 * Atomically replace `path` with `value` as pretty-printed JSON (typed arrays become number
 * arrays; non-finite numbers become null).
 */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeTextAtomic(path, JSON.stringify(value, typedArraysAsArrays, 2) + "\n");
}
