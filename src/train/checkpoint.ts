/**
 * Training checkpoints: parameters, optimizer state, step and progress, written as a raw binary
 * file of the arrays' bytes plus a JSON manifest (config, shapes, dtypes, offsets). Arrays are
 * stored bit-exactly, so a resumed run continues bit-identically. Writes are crash-safe: the
 * new binary gets a fresh name, then the manifest is replaced atomically, then the old binary
 * is removed. Loading checks the run configuration and the parameter tree.
 * @module
 */
import { join } from "node:path";
import { allocTyped, type DType } from "../array/dtype.ts";
import { describe } from "../array/errors.ts";
import { NDArray } from "../array/ndarray.ts";
import { type Tree, treeLeaves, treeUnflatten } from "../autodiff/tree.ts";
import type { OptState } from "../optim/optimizer.ts";
import { writeTextAtomic } from "../run/atomic_write.ts";
import { canonicalJson } from "../run/run_id.ts";

/** Everything needed to continue training. */
export interface TrainState<P extends Tree> {
  /** Current parameters. */
  params: P;
  /** Optimizer state. */
  opt: OptState;
  /** Optimizer steps taken. */
  step: number;
  /** Progress in samples (or tokens) seen. */
  seen: number;
}

/** The checkpoint belongs to another run (different config or parameter tree). */
export class CheckpointMismatchError extends Error {
  /** Build `fn: <message>`. */
  constructor(fn: string, message: string) {
    super(`${fn}: ${message}`);
    this.name = "CheckpointMismatchError";
  }
}

interface Entry {
  name: string;
  dtype: DType;
  shape: number[];
  byteOffset: number;
  byteLength: number;
}

interface Manifest {
  format: "saddle-checkpoint-1";
  config: string;
  step: number;
  seen: number;
  optStep: number;
  slots: string[];
  bin: string;
  entries: Entry[];
}

const MANIFEST = "checkpoint.json";

function entriesOf<P extends Tree>(st: TrainState<P>): { name: string; x: NDArray }[] {
  const out = treeLeaves(st.params).map((l) => ({ name: `params/${l.path}`, x: l.value }));
  for (const s of Object.keys(st.opt.slots).sort()) {
    for (const l of treeLeaves(st.opt.slots[s])) {
      out.push({ name: `opt.${s}/${l.path}`, x: l.value });
    }
  }
  return out;
}

/** Write a checkpoint of `state` for the run described by `config` into `dir`. */
export async function saveCheckpoint<P extends Tree>(
  dir: string,
  state: TrainState<P>,
  opts: { config: unknown },
): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  const items = entriesOf(state);
  let total = 0;
  const entries: Entry[] = items.map(({ name, x }) => {
    const bytes = x.size * (x.dtype === "f64" ? 8 : 4);
    total += (8 - (total % 8)) % 8;
    const e = { name, dtype: x.dtype, shape: [...x.shape], byteOffset: total, byteLength: bytes };
    total += bytes;
    return e;
  });
  const buf = new Uint8Array(total);
  items.forEach(({ x }, i) => {
    const d = x.dataSync();
    buf.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), entries[i].byteOffset);
  });
  let old: Manifest | null = null;
  try {
    old = JSON.parse(await Deno.readTextFile(join(dir, MANIFEST)));
  } catch { /* no previous checkpoint */ }
  const bin = `checkpoint-${state.step}-${Date.now().toString(36)}.bin`;
  await Deno.writeFile(join(dir, bin), buf);
  const manifest: Manifest = {
    format: "saddle-checkpoint-1",
    config: canonicalJson(opts.config ?? null),
    step: state.step,
    seen: state.seen,
    optStep: state.opt.step,
    slots: Object.keys(state.opt.slots).sort(),
    bin,
    entries,
  };
  await writeTextAtomic(join(dir, MANIFEST), JSON.stringify(manifest));
  if (old && old.bin !== bin) await Deno.remove(join(dir, old.bin)).catch(() => {});
}

function diffKeys(a: unknown, b: unknown, prefix = ""): string[] {
  if (canonicalJson(a) === canonicalJson(b)) return [];
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a)) {
    const ka = Object.keys(a as object), kb = Object.keys(b as object);
    return [...new Set([...ka, ...kb])].sort().flatMap((k) =>
      diffKeys(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        prefix ? `${prefix}.${k}` : k,
      )
    );
  }
  return [
    `${prefix || "(root)"}: ${canonicalJson(b)} in the checkpoint vs ${canonicalJson(a)} now`,
  ];
}

/**
 * Load the checkpoint in `dir`, or null if there is none. `like` gives the parameter tree and
 * the optimizer state layout (e.g. fresh `params` and `optimizer.init(params)`); `config` must
 * equal the saved run configuration, else a {@link CheckpointMismatchError} lists the
 * differing keys.
 */
export async function loadCheckpoint<P extends Tree>(
  dir: string,
  opts: { config: unknown; like: { params: P; opt: OptState } },
): Promise<TrainState<P> | null> {
  const fn = "loadCheckpoint";
  let text: string;
  try {
    text = await Deno.readTextFile(join(dir, MANIFEST));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
  } catch (e) {
    throw new CheckpointMismatchError(
      fn,
      `${join(dir, MANIFEST)} is corrupt (${(e as Error).message}); remove the checkpoint ` +
        `directory to start over`,
    );
  }
  if (m.format !== "saddle-checkpoint-1") {
    throw new CheckpointMismatchError(
      fn,
      `unknown checkpoint format ${describe(m.format)} in ${dir}`,
    );
  }
  const now = canonicalJson(opts.config ?? null);
  if (m.config !== now) {
    const d = diffKeys(JSON.parse(now), JSON.parse(m.config));
    throw new CheckpointMismatchError(
      fn,
      `checkpoint in ${dir} is from a different config (${d.join("; ")})`,
    );
  }
  const like: TrainState<P> = { ...opts.like, step: 0, seen: 0 };
  const want = entriesOf(like);
  const have = new Map(m.entries.map((e) => [e.name, e]));
  if (want.length !== m.entries.length) {
    throw new CheckpointMismatchError(
      fn,
      `checkpoint has ${m.entries.length} arrays, the model and optimizer have ${want.length}`,
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(join(dir, m.bin));
  } catch (e) {
    throw new CheckpointMismatchError(
      fn,
      `cannot read ${join(dir, m.bin)} named by ${MANIFEST} (${(e as Error).message})`,
    );
  }
  const arrays = want.map(({ name, x }) => {
    const e = have.get(name);
    if (!e) throw new CheckpointMismatchError(fn, `checkpoint lacks the array "${name}"`);
    if (e.dtype !== x.dtype || canonicalJson(e.shape) !== canonicalJson(x.shape)) {
      throw new CheckpointMismatchError(
        fn,
        `array "${name}" is ${e.dtype} ${describe(e.shape)} in the checkpoint but ${x.dtype} ${
          describe([...x.shape])
        } in the model`,
      );
    }
    if (
      e.byteOffset + e.byteLength > bytes.length ||
      e.byteLength !== x.size * (x.dtype === "f64" ? 8 : 4)
    ) {
      throw new CheckpointMismatchError(
        fn,
        `${join(dir, m.bin)} is truncated or corrupt: array "${name}" needs bytes ` +
          `[${e.byteOffset}, ${e.byteOffset + e.byteLength}), the file has ${bytes.length}`,
      );
    }
    const out = allocTyped(e.dtype, x.size);
    new Uint8Array(out.buffer).set(bytes.subarray(e.byteOffset, e.byteOffset + e.byteLength));
    return new NDArray(out, e.shape);
  });
  let i = 0;
  const take = (t: Tree) => treeUnflatten(t, treeLeaves(t).map(() => arrays[i++]));
  const params = take(opts.like.params) as P;
  const slots: Record<string, Tree> = {};
  for (const s of Object.keys(opts.like.opt.slots).sort()) slots[s] = take(opts.like.opt.slots[s]);
  return { params, opt: { step: m.optStep, slots }, step: m.step, seen: m.seen };
}
