/**
 * The Seesaw language-model experiment (arXiv:2510.14717 §4, Figure 1 and Table 1 at
 * character level; PAPERS.md, Seesaw): AdamW with a cosine LR decay (10% linear warmup from
 * 0.1η₀, floor 0.1η₀) against Seesaw (LR ÷ √1.1, batch × 1.1 where the cosine crosses
 * η₀·1.1^{−k}) at equal tokens.
 *
 * - `compare`: one cosine/Seesaw pair at B₀ = lmB0 (per seed);
 * - `plan`: the critical batch first (constant-batch cosine over an LR grid at every batch of
 *   the search; CBS = the largest batch within 1% of the best loss, and the search widens until
 *   that batch is an interior point), then cosine and Seesaw at B₀ = m·CBS for each multiple m,
 *   the fixed-LR ramp too where m ≥ 4, each with the cosine LR tuned at that B₀. Every LR
 *   search widens the same way: where the best cosine LR at a batch is an edge of the grid, the
 *   grid is extended one geometric step past that edge until the best LR is interior
 *   ({@link searchUntilInterior}).
 * @module
 */
import { treeSize } from "../../autodiff/mod.ts";
import { key } from "../../random/mod.ts";
import {
  cosineDecay,
  fixedLrBatchRamp,
  linearWarmup,
  seesaw,
  type TrainingSchedule,
  withConstantBatch,
} from "../../schedules/mod.ts";
import { type Claim, type RunContext, sleep, tryClaim, writeJsonAtomic } from "../../run/mod.ts";
import { join } from "node:path";
import { mean, standardError } from "../../stats/mod.ts";
import { checkChoice, checkPositiveInt } from "../../errors/mod.ts";
import { type LmText, lmText } from "./lm_text.ts";
import { pickMin, roundSignificant, searchUntilInterior } from "./interior_search.ts";
import { lmModel, type LmModelConfig, type LmRun, trainLm } from "./lm_train.ts";

/** How often a process waiting for another's run looks for its result (ms). */
const CLAIM_POLL_MS = 5000;

/** Thrown (and caught by `prefetch`) when a run is held by another process and not awaited. */
class Deferred extends Error {
  constructor(run: string) {
    super(`${run} is held by another process`);
  }
}

/** The schedules compared. */
export type LmScheduleName = "cosine" | "seesaw" | "fixedLr";

/** Parameters of {@link seesawLm}. */
export interface LmConfig extends LmModelConfig {
  /** Text: brown | markov | fortunes. */
  text: string;
  /** Symbols of the Markov text. */
  lmVocab: number;
  /** compare | plan. */
  lmPlan: string;
  /** Token budget per run when lmTokensPerParam is 0. */
  lmTokens: number;
  /** Tokens per parameter (> 0 overrides lmTokens: budget = this × parameters). */
  lmTokensPerParam: number;
  /** Initial batch (sequences) of the compare plan. */
  lmB0: number;
  /** Peak LR of the compare plan. */
  lmLr: number;
  /** LR grid of the cosine runs (plan). */
  lmLrGrid: number[];
  /** Constant batches of the critical-batch search (plan). */
  lmCbsBatches: number[];
  /** B₀ as multiples of the critical batch (plan). */
  lmB0Multiples: number[];
  /** Seeds per configuration. */
  lmSeeds: number;
  /** Milestone factor of Seesaw (1.1). */
  alpha: number;
}

/** Mean final validation loss over seeds for one (B₀, schedule). */
export interface LmRow {
  /** Initial batch (sequences). */
  B0: number;
  /** Schedule. */
  schedule: LmScheduleName;
  /** Peak LR. */
  lr: number;
  /** Serial steps (seed 0). */
  steps: number;
  /** Tokens seen (seed 0). */
  tokens: number;
  /** Mean final validation loss (nats/char). */
  meanLoss: number;
  /** Its standard error over seeds (NaN with one seed). */
  se: number;
  /** Number of seeds. */
  seeds: number;
  /** The LR is an interior point of its searched grid (null: not searched, compare plan). */
  lrInterior: boolean | null;
}

/** The cosine LR search at one constant batch (seed 0). */
export interface LmLrSearch {
  /** Batch (sequences). */
  B: number;
  /** Chosen LR (best final validation loss). */
  lr: number;
  /** Its final validation loss. */
  loss: number;
  /** The chosen LR is strictly inside the searched LRs. */
  interior: boolean;
  /** Every LR tried, ascending, with its final validation loss. */
  grid: { lr: number; loss: number }[];
}

/** A paired (same seed) difference of final validation losses between two schedules. */
export interface LmPaired {
  /** Initial batch (sequences). */
  B0: number;
  /** Schedule subtracted from. */
  a: LmScheduleName;
  /** Schedule subtracted. */
  b: LmScheduleName;
  /** Mean over seeds of loss(a) − loss(b) (nats). */
  mean: number;
  /** Its standard error (NaN with one seed). */
  se: number;
  /** Seeds. */
  n: number;
}

/** Result of {@link seesawLm} (stored as results.json `lm`). */
export interface LmResult {
  /** Always true (a theory-only run stores `{ ran: false, reason }` instead). */
  ran: true;
  /** Which text. */
  text: string;
  /** Where it came from and its size. */
  source: string;
  /** Vocabulary size. */
  vocab: number;
  /** Validation split's unigram and bigram entropies (nats/char). */
  entropy: { unigram: number; bigram: number };
  /** Entropy rate of the Markov text (nats/char), when known. */
  entropyRate?: number;
  /** Parameters of the model. */
  params: number;
  /** Token budget per run. */
  tokens: number;
  /** The plan run. */
  plan: string;
  /** Critical batch (sequences) of the plan; null for the compare plan. */
  cbs: number | null;
  /** Batches searched for the critical batch, with the best loss and LR at each. */
  cbsSearch: { B: number; loss: number; lr: number; lrInterior: boolean }[];
  /** The cosine LR search at every batch tuned (plan only; empty for the compare plan). */
  lrSearch: LmLrSearch[];
  /** Paired differences per B₀: Seesaw − cosine, and at ≥ 4·CBS fixed-LR − cosine and − Seesaw. */
  paired: LmPaired[];
  /** Every training run (with its validation curve). */
  runs: LmRun[];
  /** Per (B₀, schedule) means over seeds. */
  rows: LmRow[];
  /** Headline numbers at the first B₀ of the plan. */
  headline: {
    B0: number;
    /** Seesaw − cosine final validation loss (nats). */
    deltaLoss: number;
    /** Standard error of the paired per-seed difference (NaN with one seed). */
    deltaSe: number;
    /** Seesaw serial steps / cosine serial steps. */
    stepRatio: number;
    /** Validation bigram entropy − cosine loss (nats; > 0: below the bigram level). */
    cosineBelowBigram: number;
  };
  /** Claims (null where the plan does not measure them). */
  claims: {
    /** At the headline B₀: |Δ| ≤ max(0.01, 2 SE). */
    seesawMatchesCosine: boolean;
    /** At every B₀ ≤ CBS: |Δ| ≤ max(0.01, 2 SE) (plan only). */
    seesawMatchesCosineAtOrBelowCbs: boolean | null;
    /** At every B₀ ≥ 4·CBS: cosine < Seesaw < fixed-LR (plan only). */
    orderingAbove4Cbs: boolean | null;
    /** The CBS is an interior point of the searched batches (plan only). */
    cbsInterior: boolean | null;
    /** Every tuned LR is an interior point of its (widened) grid (plan only). */
    lrInterior: boolean | null;
  };
}

/** The three schedules of a run at (B₀, η₀) with a budget of `tokens` (progress in tokens). */
export function lmSchedules(
  B0: number,
  lr: number,
  tokens: number,
  alpha: number,
): Record<LmScheduleName, TrainingSchedule> {
  const warm = 0.1 * tokens;
  return {
    cosine: withConstantBatch(
      linearWarmup(
        cosineDecay({ lr, totalSamples: tokens, startSamples: warm, minFactor: 0.1 }),
        { warmupSamples: warm, startFactor: 0.1 },
      ),
      { batch: B0 },
    ),
    seesaw: seesaw({ lr, batch: B0, totalSamples: tokens, milestoneDecay: alpha }),
    fixedLr: fixedLrBatchRamp({ lr, batch: B0, totalSamples: tokens, milestoneDecay: alpha }),
  };
}

/** Parameters of the model for a vocabulary (without building anything else). */
export function lmParamCount(c: LmModelConfig, vocab: number): number {
  return treeSize(lmModel(c, vocab).init(key(0)));
}

/**
 * Run the LM experiment (see the module doc); results.json `lm` is rewritten after every run,
 * so a killed run keeps what finished. Resumable: with a run directory, each finished training
 * run is also stored as `<outDir>/lm_runs/<schedule>_B<B0>_lr<lr>_s<seed>.json`, and rerunning the
 * same command with the same `--out` (which refuses a directory of another config) reads those
 * back instead of training them again; the run in progress checkpoints into
 * `<outDir>/lm_runs/<same name>.ckpt/` and continues from there. `ctx.signal` is checked after
 * every training step (a SIGTERM/SIGINT or an abort stops the run within a second). Several
 * processes started with the same `--out` (two shells, or the tasks of a SLURM array) share the
 * plan: each run is claimed through `<outDir>/lm_runs/<name>.lock` (src/run `tryClaim`), a process
 * skips runs another one holds while there is other work and waits for them where the plan needs
 * their result, so every run is trained once and every process ends with the whole result.
 *
 * @param c text, model, budget, plan and seeds
 * @param ctx run context (progress, results, optional WebGPU device)
 * @returns the LM result
 */
export async function seesawLm(c: LmConfig, ctx: RunContext): Promise<LmResult> {
  const fn = "seesawLm";
  const plan = checkChoice(fn, "lmPlan", c.lmPlan, ["compare", "plan"] as const);
  for (const k of ["lmB0", "lmSeeds", "lmContext", "lmTokens"] as const) {
    checkPositiveInt(fn, k, c[k]);
  }
  const T = c.lmContext;
  // the Markov text is generated at twice the largest budget it could need
  const markovChars = Math.max(
    2 * (c.lmTokensPerParam > 0 ? c.lmTokensPerParam * lmParamCount(c, c.lmVocab) : c.lmTokens),
    1 << 18,
  );
  const text: LmText = await lmText({ text: c.text, vocab: c.lmVocab, markovChars, seed: c.seed });
  const params = lmParamCount(c, text.vocab);
  const want = c.lmTokensPerParam > 0 ? c.lmTokensPerParam * params : c.lmTokens;
  const tokens = Math.max(1, Math.round(want / T)) * T;
  const runs: LmRun[] = [];
  const out: LmResult = {
    ran: true,
    text: text.name,
    source: text.source,
    vocab: text.vocab,
    entropy: text.entropy,
    entropyRate: text.entropyRate,
    params,
    tokens,
    plan,
    cbs: null,
    cbsSearch: [],
    lrSearch: [],
    paired: [],
    runs,
    rows: [],
    headline: { B0: NaN, deltaLoss: NaN, deltaSe: NaN, stepRatio: NaN, cosineBelowBigram: NaN },
    claims: {
      seesawMatchesCosine: false,
      seesawMatchesCosineAtOrBelowCbs: null,
      orderingAbove4Cbs: null,
      cbsInterior: null,
      lrInterior: null,
    },
  };
  ctx.log(
    `seesaw lm: ${text.source}; ${params} parameters, ${tokens} tokens per run; validation ` +
      `unigram ${text.entropy.unigram.toFixed(3)}, bigram ${text.entropy.bigram.toFixed(3)} nats`,
  );
  const find = (s: string, B0: number, lr: number, seed: number) =>
    runs.find((r) => r.schedule === s && r.B0 === B0 && r.lr === lr && r.seed === seed);
  const cacheDir = ctx.outDir === "" ? undefined : join(ctx.outDir, "lm_runs");
  if (cacheDir) await Deno.mkdir(cacheDir, { recursive: true });
  // A run is claimed through `<name>.lock` before it is trained, so several processes started
  // with the same --out split the plan: with `wait = false` a run another live process holds is
  // skipped (Deferred) so the caller can move on; with `wait = true` its result is awaited.
  let waitLogged = "";
  const train = async (
    s: LmScheduleName,
    B0: number,
    lr: number,
    seed: number,
    wait = true,
  ): Promise<LmRun> => {
    const done = find(s, B0, lr, seed);
    if (done) return done;
    const name = `${s}_B${B0}_lr${lr}_s${seed}`;
    const cached = cacheDir && join(cacheDir, `${name}.json`);
    const readBack = async () => {
      if (!cached) return null;
      const prev = await Deno.readTextFile(cached).then((t) => JSON.parse(t) as LmRun, () => null);
      if (!prev || prev.tokens !== tokens) return null;
      ctx.log(`seesaw lm: ${s} B0=${B0} lr=${lr} seed=${seed} read back from ${cached}`);
      runs.push(prev);
      await ctx.results.set("lm", out);
      return prev;
    };
    let claim: Claim | null = null;
    for (;;) {
      const prev = await readBack();
      if (prev) return prev;
      if (!cacheDir) break;
      claim = await tryClaim(join(cacheDir, `${name}.lock`));
      if (claim) {
        const again = await readBack(); // finished by another process since the first look
        if (again) {
          await claim.release();
          return again;
        }
        break;
      }
      if (!wait) throw new Deferred(name);
      if (waitLogged !== name) {
        waitLogged = name;
        ctx.log(`seesaw lm: ${name} is being trained by another process; waiting for it`);
      }
      await sleep(CLAIM_POLL_MS, ctx.signal);
    }
    try {
      const sch = lmSchedules(B0, lr, tokens, c.alpha)[s];
      const ckDir = cached ? cached.replace(/\.json$/, ".ckpt") : undefined;
      if (ckDir && await Deno.stat(join(ckDir, "checkpoint.json")).then(() => true, () => false)) {
        ctx.log(`seesaw lm: ${s} B0=${B0} lr=${lr} seed=${seed} resumes from ${ckDir}`);
      }
      const r = await trainLm(c, {
        text,
        schedule: sch,
        run: { schedule: s, B0, lr, seed, tokens },
        gpu: ctx.gpu,
        progress: ctx.progress(`seesaw lm: ${s} B0=${B0} lr=${lr} seed=${seed} (tokens)`, tokens),
        signal: ctx.signal,
        checkpointDir: ckDir,
      });
      runs.push(r);
      if (cached) await writeJsonAtomic(cached, r);
      if (ckDir) await Deno.remove(ckDir, { recursive: true }).catch(() => {});
      await ctx.results.set("lm", out);
      return r;
    } finally {
      await claim?.release();
    }
  };
  // Train what is free among `units` and skip what another process holds (it is awaited later,
  // where the plan needs it): one process alone trains them all in order.
  const prefetch = async (units: (() => Promise<unknown>)[]) => {
    for (const u of units) {
      try {
        await u();
      } catch (e) {
        if (!(e instanceof Deferred)) throw e;
      }
    }
  };
  // best cosine LR (seed 0) at a constant batch B: the grid, widened until the best is interior
  const tuned = new Map<number, LmLrSearch>();
  const tune = async (B: number, wait = true): Promise<LmLrSearch> => {
    if (!tuned.has(B)) {
      const r = await searchUntilInterior(
        c.lmLrGrid,
        async (lr) => (await train("cosine", B, lr, 0, wait)).finalValLoss,
        {
          pick: pickMin,
          round: roundSignificant,
          onWiden: (lr, best) =>
            ctx.log(`seesaw lm: B=${B}: best LR ${best} at the edge of the grid; adding LR ${lr}`),
        },
      );
      const best = r.points.find((p) => p.x === r.chosen)!;
      tuned.set(B, {
        B,
        lr: r.chosen,
        loss: best.value,
        interior: r.interior,
        grid: r.points.map((p) => ({ lr: p.x, loss: p.value })),
      });
    }
    return tuned.get(B)!;
  };

  let b0s: number[];
  let lrAt: (B0: number) => number;
  if (plan === "plan") {
    if (c.lmLrGrid.length === 0 || c.lmCbsBatches.length < 3) {
      throw new Error(`${fn}: the plan needs an LR grid and at least 3 batches in lmCbsBatches`);
    }
    await prefetch(c.lmCbsBatches.map((B) => () => tune(B, false)));
    const bar = ctx.progress("seesaw lm: critical-batch search", c.lmCbsBatches.length);
    // CBS = the largest batch within 1% of the best loss; it must be an interior point of the
    // searched batches, so the search widens (×2 up, ÷2 down, whole batches) until it is
    const search = await searchUntilInterior(
      c.lmCbsBatches,
      async (B) => {
        const t = await tune(B);
        bar.tick();
        return t.loss;
      },
      {
        pick: (ps) => {
          const top = Math.min(...ps.map((p) => p.value));
          return Math.max(...ps.filter((p) => p.value <= 1.01 * top).map((p) => p.x));
        },
        ratio: 2,
        round: Math.floor,
        min: 1,
        onWiden: (B, cbs) =>
          ctx.log(`seesaw lm: CBS ${cbs} at the edge of the search; adding batch ${B}`),
      },
    );
    bar.done();
    const cbs = search.chosen;
    out.cbs = cbs;
    out.cbsSearch = search.points.map((p) => {
      const t = tuned.get(p.x)!;
      return { B: p.x, loss: t.loss, lr: t.lr, lrInterior: t.interior };
    });
    out.claims.cbsInterior = search.interior;
    b0s = c.lmB0Multiples.map((m) => Math.max(1, Math.round(m * cbs)));
    await prefetch(b0s.map((B0) => () => tune(B0, false)));
    for (const B0 of b0s) await tune(B0);
    out.lrSearch = [...tuned.values()].sort((a, b) => a.B - b.B);
    out.claims.lrInterior = out.lrSearch.every((t) => t.interior);
    lrAt = (B0) => tuned.get(B0)!.lr;
  } else {
    b0s = [c.lmB0];
    lrAt = () => c.lmLr;
  }
  const schedulesAt = (B0: number): LmScheduleName[] =>
    out.cbs !== null && B0 >= 4 * out.cbs ? ["cosine", "seesaw", "fixedLr"] : ["cosine", "seesaw"];
  const total = b0s.reduce((a, B0) => a + schedulesAt(B0).length, 0) * c.lmSeeds;
  await prefetch(
    Array.from(
      { length: c.lmSeeds },
      (_, seed) =>
        b0s.flatMap((B0) => schedulesAt(B0).map((s) => () => train(s, B0, lrAt(B0), seed, false))),
    ).flat(),
  );
  const bar = ctx.progress("seesaw lm: cosine vs Seesaw", total);
  // seed-major: a run stopped early still has every B₀ and schedule at its first seeds
  for (let seed = 0; seed < c.lmSeeds; seed++) {
    for (const B0 of b0s) {
      for (const s of schedulesAt(B0)) {
        await train(s, B0, lrAt(B0), seed);
        bar.tick();
      }
    }
  }
  bar.done();

  // summaries
  const get = (B0: number, s: string) => out.rows.find((r) => r.B0 === B0 && r.schedule === s)!;
  for (const B0 of b0s) {
    for (const s of schedulesAt(B0)) {
      const rs = runs.filter((r) => r.schedule === s && r.B0 === B0 && r.lr === lrAt(B0))
        .filter((r) => r.seed < c.lmSeeds);
      const xs = rs.map((r) => r.finalValLoss);
      out.rows.push({
        B0,
        schedule: s,
        lr: lrAt(B0),
        steps: rs[0].steps,
        tokens: rs[0].tokens,
        meanLoss: mean(xs),
        se: xs.length > 1 ? standardError(xs) : NaN,
        seeds: xs.length,
        lrInterior: tuned.get(B0)?.interior ?? null,
      });
    }
  }
  // paired (same seed: same initialisation and data stream) differences a − b
  const pairedAt = (B0: number, a: LmScheduleName, b: LmScheduleName): LmPaired => {
    const d: number[] = [];
    for (let seed = 0; seed < c.lmSeeds; seed++) {
      d.push(
        find(a, B0, lrAt(B0), seed)!.finalValLoss - find(b, B0, lrAt(B0), seed)!.finalValLoss,
      );
    }
    return { B0, a, b, mean: mean(d), se: d.length > 1 ? standardError(d) : NaN, n: d.length };
  };
  const delta = (B0: number) => pairedAt(B0, "seesaw", "cosine");
  for (const B0 of b0s) {
    out.paired.push(delta(B0));
    if (schedulesAt(B0).includes("fixedLr")) {
      out.paired.push(pairedAt(B0, "fixedLr", "cosine"), pairedAt(B0, "fixedLr", "seesaw"));
    }
  }
  const matches = (B0: number) => {
    const d = delta(B0);
    return Math.abs(d.mean) <= Math.max(0.01, 2 * (Number.isNaN(d.se) ? 0 : d.se));
  };
  const h = b0s.includes(c.lmB0) ? c.lmB0 : (out.cbs ?? b0s[0]);
  const d = delta(h);
  out.headline = {
    B0: h,
    deltaLoss: d.mean,
    deltaSe: d.se,
    stepRatio: get(h, "seesaw").steps / get(h, "cosine").steps,
    cosineBelowBigram: text.entropy.bigram - get(h, "cosine").meanLoss,
  };
  out.claims.seesawMatchesCosine = matches(h);
  if (out.cbs !== null) {
    const cbs = out.cbs;
    const below = b0s.filter((B0) => B0 <= cbs);
    const above = b0s.filter((B0) => B0 >= 4 * cbs);
    out.claims.seesawMatchesCosineAtOrBelowCbs = below.length ? below.every(matches) : null;
    out.claims.orderingAbove4Cbs = above.length
      ? above.every((B0) =>
        get(B0, "cosine").meanLoss < get(B0, "seesaw").meanLoss &&
        get(B0, "seesaw").meanLoss < get(B0, "fixedLr").meanLoss
      )
      : null;
  }
  await ctx.results.set("lm", out);
  return out;
}
