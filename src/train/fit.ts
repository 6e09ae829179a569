/**
 * The one training loop. Progress is counted in samples (or tokens) seen, not steps,
 * so a schedule may change the batch size every step (Seesaw, arXiv:2510.14717). Each step:
 * lr = schedule.lr(seen), B = schedule.batch(seen), batch = data.batch(step, B), gradient of the
 * mean loss (accumulated over micro-batches of ≤ `microBatch` items, weighted by their size),
 * one optimizer update, seen += B·unitsPerItem. Loss curves are appended to a JSON-lines file
 * as they happen; eval hooks run every `everySamples`; checkpoints make a killed run resume
 * bit-identically (the data source must be a deterministic function of the step, e.g. keyed by
 * `foldIn(key, step)`). With `device` (a WebGPU `Gpu`) the whole step — forward, backward and
 * optimizer update — runs on the GPU inside a memory scope, and the only readback is the logged
 * loss and gradient norm of each step (issue 6).
 * @module
 */
import { allocTyped } from "../array/dtype.ts";
import { ArgumentError } from "../array/errors.ts";
import { NDArray } from "../array/ndarray.ts";
import { add, mul } from "../array/elementwise.ts";
import { concat, reshape } from "../array/shape_ops.ts";
import { valueAndGrad } from "../autodiff/grad.ts";
import { type Tree, treeLeaves, treeUnflatten } from "../autodiff/tree.ts";
import type { Optimizer } from "../optim/optimizer.ts";
import { createProgress, type Progress } from "../run/progress.ts";
import { writeTextAtomic } from "../run/atomic_write.ts";
import { loadCheckpoint, saveCheckpoint, type TrainState } from "./checkpoint.ts";

/** Where batches come from. */
export interface DataSource<B> {
  /** The batch of `size` items used at optimizer step `step` (a pure function of both). */
  batch(step: number, size: number): B;
  /** Items [start, end) of a batch; needed for gradient accumulation (`microBatch`). */
  slice?(batch: B, start: number, end: number): B;
}

/** Learning rate and batch size as functions of progress (a `TrainingSchedule`). */
export interface FitSchedule {
  /** Learning rate at progress `seen`. */
  lr(seen: number): number;
  /** Batch size in items at progress `seen` (a positive integer). */
  batch(seen: number): number;
}

/** One training step's record (also one line of the curve file). */
export interface StepRecord {
  /** Step number (1-based: after this many updates). */
  step: number;
  /** Progress after the step. */
  seen: number;
  /** Learning rate used. */
  lr: number;
  /** Batch size used (items). */
  batch: number;
  /** Mean training loss of the batch (before the update). */
  loss: number;
  /** Global gradient norm (before clipping). */
  gradNorm: number;
}

/** One evaluation record. */
export interface EvalRecord {
  /** Step at which it ran. */
  step: number;
  /** Progress at which it ran. */
  seen: number;
  /** The metrics returned by the hook. */
  metrics: Record<string, number>;
}

/**
 * A device to train on (the `Gpu` of src/backend/webgpu is one): `upload` copies a host array to
 * it, `scope(fn)` frees every device buffer `fn` allocated except those reachable from its result.
 */
export interface FitDevice {
  /** Copy a host array to the device. */
  upload(x: NDArray): NDArray;
  /** Run `fn`, then free the device memory it allocated that its result does not reference. */
  scope<T>(fn: () => T): T;
}

/** Options of {@link fit}. */
export interface FitOptions<P extends Tree, B> {
  /** Initial parameters (ignored when resuming from a checkpoint). */
  params: P;
  /** Mean loss over a batch; must return a size-1 array. */
  loss: (params: P, batch: B) => NDArray;
  /** The optimizer. */
  optimizer: Optimizer;
  /** LR and batch size as functions of progress. */
  schedule: FitSchedule;
  /** Batches by step. */
  data: DataSource<B>;
  /** Stop once progress ≥ this (samples or tokens; the last batch may overshoot). */
  totalSamples: number;
  /** Progress units per batch item (e.g. the sequence length when counting tokens; default 1). */
  unitsPerItem?: number;
  /** Split batches larger than this into micro-batches (gradient accumulation). */
  microBatch?: number;
  /**
   * Stop after this many steps in this call (e.g. a time-sliced job; a checkpoint of the stopping
   * point is written when `checkpoint` is set); default no limit.
   */
  maxSteps?: number;
  /** Evaluation hook, run every `everySamples` of progress and at the end. */
  eval?: {
    everySamples: number;
    fn: (params: P, info: { step: number; seen: number }) => Record<string, number>;
  };
  /** Checkpointing: directory, period in steps, the run configuration and whether to resume. */
  checkpoint?: { dir: string; everySteps: number; config: unknown; resume?: boolean };
  /** JSON-lines file receiving each step and eval record as it happens. */
  curvePath?: string;
  /** Called after every step (e.g. to feed a results writer). */
  onStep?: (rec: StepRecord) => void;
  /** Called after every evaluation. */
  onEval?: (rec: EvalRecord) => void;
  /** Progress bar mode (default "quiet"), or a ready {@link Progress}. */
  progress?: "tty" | "lines" | "quiet" | Progress;
  /** Label of the progress bar (default "fit"). */
  label?: string;
  /**
   * Train on this device (e.g. `await requestGpu()`): host parameters are uploaded once,
   * optimizer state is created there, every batch's NDArray leaves are uploaded (integer ids such
   * as token arrays stay on the host: the gather kernel takes them), and each step runs inside
   * `device.scope`, so device memory stays flat. Nothing is read back inside a step; after the
   * step is enqueued the loss and gradient norm are read together (one 8-byte readback). The
   * returned parameters and optimizer state live on the device (read them with `toHost`).
   * Checkpointing is not supported on a device.
   */
  device?: FitDevice;
  /**
   * On a device: read the losses and gradient norms of this many steps at once (default 1), so
   * the device runs that many steps without waiting for the host; step records, `onStep` and
   * the curve file then arrive in bursts (always before an eval hook and at the end).
   */
  readEverySteps?: number;
  /**
   * Stop training once this signal is aborted: it is checked before every step, and the loop
   * lets the event loop run (a zero-delay timer) at least every {@link FIT_YIELD_MS} ms so that
   * signal listeners and timers can fire mid-run. On abort, a checkpoint of the exact stopping
   * point is written when `checkpoint` is set (a rerun resumes from it bit-identically), the
   * pending device losses are read, and `fit` rejects with the signal's reason.
   */
  signal?: AbortSignal;
}

/** Longest stretch (ms) a {@link fit} given a `signal` runs without yielding to the event loop. */
export const FIT_YIELD_MS = 50;

/** Result of {@link fit}. */
export interface FitResult<P extends Tree> extends TrainState<P> {
  /** Step records of this call (after a resume: only the new steps). */
  history: StepRecord[];
  /** Evaluations of this call. */
  evals: EvalRecord[];
  /** True if the run was resumed from a checkpoint. */
  resumed: boolean;
  /** True if progress reached `totalSamples`. */
  finished: boolean;
}

function checkPos(name: string, v: unknown, integer = false): void {
  if (
    typeof v !== "number" || !(v > 0) || !Number.isFinite(v) || (integer && !Number.isInteger(v))
  ) {
    throw new ArgumentError("fit", name, integer ? "a positive integer" : "a finite number > 0", v);
  }
}

/**
 * Throw a named error if a batch holds an empty array (size-0 NDArray or typed array, or a
 * `batchSize`/`batch` field of 0), or declares a `batchSize` other than the one asked for:
 * training on it would record a NaN loss, or count samples that were never seen.
 */
function checkNotEmpty(batch: unknown, step: number, size: number): void {
  const empty = (x: unknown, depth: number): boolean => {
    if (x instanceof NDArray) return x.size === 0;
    if (ArrayBuffer.isView(x)) return (x as unknown as ArrayLike<number>).length === 0;
    if (depth > 3 || x === null || typeof x !== "object") return false;
    if (Array.isArray(x)) return x.some((e) => empty(e, depth + 1));
    const o = x as Record<string, unknown>;
    if (o.batchSize === 0 || o.batch === 0) return true;
    return Object.values(o).some((e) => empty(e, depth + 1));
  };
  if (empty(batch, 0)) {
    throw new ArgumentError(
      "fit",
      "data.batch",
      `a function returning ${size} items for step ${step}`,
      "an empty batch",
    );
  }
  const declared = (batch as { batchSize?: unknown } | null)?.batchSize;
  if (typeof declared === "number" && declared !== size) {
    throw new ArgumentError(
      "fit",
      "data.batch",
      `a function returning ${size} items for step ${step} (progress counts ${size})`,
      `a batch with batchSize ${declared}`,
    );
  }
}

/** Weighted accumulation acc += w·g over matching trees (acc arrays are owned by the loop). */
function accumulate(acc: NDArray[] | null, g: Tree, w: number): NDArray[] {
  const gl = treeLeaves(g);
  if (!acc) {
    return gl.map((l) => {
      const d = l.value.dataSync(), o = allocTyped(l.value.dtype, d.length);
      for (let i = 0; i < d.length; i++) o[i] = w * d[i];
      return new NDArray(o, l.value.shape);
    });
  }
  gl.forEach((l, k) => {
    const d = l.value.dataSync(), o = acc[k].buffer;
    for (let i = 0; i < d.length; i++) o[i] += w * d[i];
  });
  return acc;
}

/** Copy the host NDArray leaves of a batch or parameter tree to `dev` (other values kept). */
function uploadTree<T>(x: T, dev: FitDevice): T {
  if (x instanceof NDArray) return (x.device ? x : dev.upload(x)) as T;
  if (Array.isArray(x)) return x.map((e) => uploadTree(e, dev)) as T;
  if (x !== null && typeof x === "object" && Object.getPrototypeOf(x) === Object.prototype) {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) o[k] = uploadTree(v, dev);
    return o as T;
  }
  return x;
}

/** Release the device leaves of `old` that `fit` created and that `keep` no longer uses. */
function releaseStale(old: NDArray[], keep: NDArray[], owned: Set<NDArray>): void {
  const live = new Set(keep.map((a) => a.device));
  for (const a of old) {
    if (owned.has(a) && !live.has(a.device)) a.device?.release();
    owned.delete(a);
  }
  for (const a of keep) owned.add(a);
}

/** Keep only the curve lines with step ≤ `step` (after a resume). */
async function truncateCurve(path: string, step: number): Promise<void> {
  let text = "";
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    throw e;
  }
  const keep = text.split("\n").filter((l) => l.trim() !== "" && JSON.parse(l).step <= step);
  await writeTextAtomic(path, keep.map((l) => l + "\n").join(""));
}

/**
 * One training step on a device: gradient (with micro-batch accumulation), optimizer update and
 * the [loss, gradient norm] pair, all enqueued inside `dev.scope` (nothing is read here).
 */
function deviceStep<P extends Tree, B>(
  opts: FitOptions<P, B>,
  vg: ReturnType<typeof valueAndGrad<P, [B]>>,
  dev: FitDevice,
  st: TrainState<P>,
  batch: B,
  bsz: number,
  lr: number,
): { params: P; state: TrainState<P>["opt"]; stats: NDArray; hasNorm: boolean } {
  return dev.scope(() => {
    let lossArr: NDArray;
    let grads: P;
    const mb = opts.microBatch;
    if (mb !== undefined && bsz > mb) {
      let acc: NDArray[] | null = null;
      let la: NDArray | null = null;
      for (let s = 0; s < bsz; s += mb) {
        const e = Math.min(bsz, s + mb), w = (e - s) / bsz;
        const r = vg(st.params, uploadTree(opts.data.slice!(batch, s, e), dev));
        const gl = treeLeaves(r.grad).map((l) => mul(l.value, w));
        acc = acc ? acc.map((a, k) => add(a, gl[k])) : gl;
        la = la ? add(la, mul(r.value, w)) : mul(r.value, w);
      }
      grads = treeUnflatten(st.params, acc!);
      lossArr = la!;
    } else {
      const r = vg(st.params, uploadTree(batch, dev));
      lossArr = r.value;
      grads = r.grad;
    }
    const u = opts.optimizer.update(st.params, grads, { state: st.opt, lr });
    const gn = u.gradNormArray ?? mul(lossArr, NaN);
    const stats = concat([reshape(lossArr, [1]), reshape(gn, [1])]);
    return { params: u.params, state: u.state, stats, hasNorm: !!u.gradNormArray };
  });
}

/**
 * Train `params` on `loss` with `optimizer` under `schedule` until `totalSamples` of progress
 * (see the module doc). Resumes from `checkpoint.dir` when it holds a checkpoint of the same
 * config (a different config raises `CheckpointMismatchError`).
 */
export async function fit<P extends Tree, B>(opts: FitOptions<P, B>): Promise<FitResult<P>> {
  checkPos("totalSamples", opts.totalSamples);
  const upi = opts.unitsPerItem ?? 1;
  checkPos("unitsPerItem", upi);
  if (opts.microBatch !== undefined) {
    checkPos("microBatch", opts.microBatch, true);
    if (!opts.data.slice) {
      throw new ArgumentError("fit", "data.slice", "a function when microBatch is set", undefined);
    }
  }
  if (opts.readEverySteps !== undefined) checkPos("readEverySteps", opts.readEverySteps, true);
  if (opts.maxSteps !== undefined && !(Number.isInteger(opts.maxSteps) && opts.maxSteps >= 0)) {
    throw new ArgumentError("fit", "maxSteps", "a non-negative integer", opts.maxSteps);
  }
  if (opts.eval) checkPos("eval.everySamples", opts.eval.everySamples);
  if (opts.checkpoint) checkPos("checkpoint.everySteps", opts.checkpoint.everySteps, true);
  const dev = opts.device;
  if (dev) {
    if (typeof dev.upload !== "function" || typeof dev.scope !== "function") {
      throw new ArgumentError("fit", "device", "an object with upload and scope (a Gpu)", dev);
    }
    if (opts.checkpoint) {
      throw new ArgumentError("fit", "checkpoint", "unset when training on a device", "a dir");
    }
  }
  const params0 = dev ? uploadTree(opts.params, dev) : opts.params;
  const owned = new Set<NDArray>(
    dev
      ? treeLeaves(params0).map((l) => l.value).filter((a, i) =>
        a !== treeLeaves(opts.params)[i].value
      )
      : [],
  );

  let st: TrainState<P> = {
    params: params0,
    opt: opts.optimizer.init(params0),
    step: 0,
    seen: 0,
  };
  // the optimizer state made here on the device is fit's to free once replaced
  if (dev) { for (const l of treeLeaves(st.opt.slots)) if (l.value.device) owned.add(l.value); }
  let resumed = false;
  const ck = opts.checkpoint;
  if (ck && ck.resume !== false) {
    const loaded = await loadCheckpoint(ck.dir, { config: ck.config, like: st });
    if (loaded) {
      st = loaded;
      resumed = true;
    }
  }
  if (opts.curvePath) {
    if (resumed) await truncateCurve(opts.curvePath, st.step);
    else await Deno.writeTextFile(opts.curvePath, "");
  }
  const write = (rec: unknown) => {
    if (opts.curvePath) {
      Deno.writeTextFileSync(opts.curvePath, JSON.stringify(rec) + "\n", { append: true });
    }
  };
  const prog: Progress = typeof opts.progress === "object"
    ? opts.progress
    : createProgress(opts.label ?? "fit", opts.totalSamples, { mode: opts.progress ?? "quiet" });
  if (st.seen > 0) prog.tick(Math.min(st.seen, opts.totalSamples));

  const vg = valueAndGrad(opts.loss);
  const history: StepRecord[] = [], evals: EvalRecord[] = [];
  const runEval = () => {
    if (!opts.eval) return;
    const metrics = opts.eval.fn(st.params, { step: st.step, seen: st.seen });
    const rec = { step: st.step, seen: st.seen, metrics };
    evals.push(rec);
    write({ ...rec, kind: "eval" });
    opts.onEval?.(rec);
  };
  let stepsThisCall = 0;
  // device steps whose [loss, grad norm] is not read yet (read together every readEvery steps)
  const readEvery = opts.readEverySteps ?? 1;
  let pending: { stats: NDArray; hasNorm: boolean; rec: StepRecord }[] = [];
  const flush = async (d: FitDevice) => {
    if (pending.length === 0) return;
    const all = pending.length === 1
      ? pending[0].stats
      : d.scope(() => concat(pending.map((p) => p.stats)));
    const vals = await all.data();
    all.device?.release();
    for (const p of pending) p.stats.device?.release();
    const done = pending;
    pending = [];
    done.forEach((p, i) => {
      const rec = { ...p.rec, loss: vals[2 * i], gradNorm: p.hasNorm ? vals[2 * i + 1] : NaN };
      if (p.hasNorm && !Number.isFinite(rec.gradNorm)) {
        throw new Error(
          `fit: the gradient norm is not finite (${rec.gradNorm}) at step ${rec.step} on the device`,
        );
      }
      history.push(rec);
      write(rec);
      opts.onStep?.(rec);
    });
  };
  const signal = opts.signal;
  signal?.throwIfAborted();
  let lastYield = performance.now();
  while (st.seen < opts.totalSamples) {
    if (opts.maxSteps !== undefined && stepsThisCall >= opts.maxSteps) break;
    if (signal) {
      if (performance.now() - lastYield >= FIT_YIELD_MS) {
        await new Promise((r) => setTimeout(r, 0));
        lastYield = performance.now();
      }
      if (signal.aborted) break;
    }
    const lr = opts.schedule.lr(st.seen);
    const bsz = opts.schedule.batch(st.seen);
    if (!Number.isInteger(bsz) || bsz < 1) {
      throw new ArgumentError("fit", "schedule.batch", "a positive integer batch size", bsz);
    }
    if (typeof lr !== "number" || !Number.isFinite(lr) || lr < 0) {
      throw new ArgumentError("fit", "schedule.lr", `a finite number ≥ 0 at seen=${st.seen}`, lr);
    }
    const batch = opts.data.batch(st.step, bsz);
    checkNotEmpty(batch, st.step, bsz);
    if (dev) {
      const prevSt = st;
      const r = deviceStep(opts, vg, dev, st, batch, bsz, lr);
      const leavesOf = (s: TrainState<P>) =>
        [...treeLeaves(s.params), ...treeLeaves(s.opt.slots)].map((l) => l.value);
      st = { params: r.params, opt: r.state, step: st.step + 1, seen: st.seen + bsz * upi };
      releaseStale(leavesOf(prevSt), leavesOf(st), owned);
      pending.push({
        stats: r.stats,
        hasNorm: r.hasNorm,
        rec: { step: st.step, seen: st.seen, lr, batch: bsz, loss: NaN, gradNorm: NaN },
      });
      stepsThisCall++;
      prog.tick(Math.min(st.seen, opts.totalSamples) - Math.min(prevSt.seen, opts.totalSamples));
      const ev = opts.eval?.everySamples;
      const evalNow = !!ev && Math.floor(st.seen / ev) > Math.floor(prevSt.seen / ev) &&
        st.seen < opts.totalSamples;
      if (pending.length >= readEvery || evalNow) await flush(dev);
      if (evalNow) runEval();
      continue;
    }
    let loss = 0;
    let grads: P;
    const mb = opts.microBatch;
    if (mb !== undefined && bsz > mb) {
      let acc: NDArray[] | null = null;
      for (let s = 0; s < bsz; s += mb) {
        const e = Math.min(bsz, s + mb), w = (e - s) / bsz;
        const r = vg(st.params, opts.data.slice!(batch, s, e));
        loss += w * r.value.item();
        acc = accumulate(acc, r.grad, w);
      }
      grads = treeUnflatten(st.params, acc!);
    } else {
      const r = vg(st.params, batch);
      loss = r.value.item();
      grads = r.grad;
    }
    const u = opts.optimizer.update(st.params, grads, { state: st.opt, lr });
    const prevSeen = st.seen;
    st = { params: u.params, opt: u.state, step: st.step + 1, seen: st.seen + bsz * upi };
    stepsThisCall++;
    const rec: StepRecord = {
      step: st.step,
      seen: st.seen,
      lr,
      batch: bsz,
      loss,
      gradNorm: u.gradNorm,
    };
    history.push(rec);
    write(rec);
    opts.onStep?.(rec);
    prog.tick(Math.min(st.seen, opts.totalSamples) - Math.min(prevSeen, opts.totalSamples));
    const ev = opts.eval?.everySamples;
    if (ev && Math.floor(st.seen / ev) > Math.floor(prevSeen / ev) && st.seen < opts.totalSamples) {
      runEval();
    }
    if (ck && st.step % ck.everySteps === 0) {
      await saveCheckpoint(ck.dir, st, { config: ck.config });
    }
  }
  if (dev) await flush(dev);
  const finished = st.seen >= opts.totalSamples;
  const aborted = !finished && !!signal?.aborted;
  if (finished) runEval();
  // leave a checkpoint of the exact stopping point (finished, or stopped by maxSteps)
  if (ck && stepsThisCall > 0 && st.step % ck.everySteps !== 0) {
    await saveCheckpoint(ck.dir, st, { config: ck.config });
  }
  prog.done();
  if (aborted) throw signal!.reason;
  return { ...st, history, evals, resumed, finished };
}
