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
 *   the fixed-LR ramp too where m ≥ 4, each with the cosine LR tuned at that B₀.
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
import { type RunContext, writeJsonAtomic } from "../../run/mod.ts";
import { join } from "node:path";
import { mean, standardError } from "../../stats/mod.ts";
import { checkChoice, checkPositiveInt } from "../../errors/mod.ts";
import { type LmText, lmText } from "./lm_text.ts";
import { lmModel, type LmModelConfig, type LmRun, trainLm } from "./lm_train.ts";

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
  cbsSearch: { B: number; loss: number; lr: number }[];
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
 * back instead of training them again.
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
    runs,
    rows: [],
    headline: { B0: NaN, deltaLoss: NaN, deltaSe: NaN, stepRatio: NaN, cosineBelowBigram: NaN },
    claims: {
      seesawMatchesCosine: false,
      seesawMatchesCosineAtOrBelowCbs: null,
      orderingAbove4Cbs: null,
      cbsInterior: null,
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
  const train = async (s: LmScheduleName, B0: number, lr: number, seed: number) => {
    const done = find(s, B0, lr, seed);
    if (done) return done;
    const cached = cacheDir && join(cacheDir, `${s}_B${B0}_lr${lr}_s${seed}.json`);
    if (cached) {
      const prev = await Deno.readTextFile(cached).then((t) => JSON.parse(t) as LmRun, () => null);
      if (prev && prev.tokens === tokens) {
        ctx.log(`seesaw lm: ${s} B0=${B0} lr=${lr} seed=${seed} read back from ${cached}`);
        runs.push(prev);
        await ctx.results.set("lm", out);
        return prev;
      }
    }
    const sch = lmSchedules(B0, lr, tokens, c.alpha)[s];
    const r = await trainLm(c, {
      text,
      schedule: sch,
      run: { schedule: s, B0, lr, seed, tokens },
      gpu: ctx.gpu,
      progress: ctx.progress(`seesaw lm: ${s} B0=${B0} lr=${lr} seed=${seed} (tokens)`, tokens),
    });
    runs.push(r);
    if (cached) await writeJsonAtomic(cached, r);
    await ctx.results.set("lm", out);
    return r;
  };
  // best cosine LR (seed 0) at a constant batch B over the grid
  const tuned = new Map<number, { loss: number; lr: number }>();
  const tune = async (B: number) => {
    if (!tuned.has(B)) {
      let best = { loss: Infinity, lr: NaN };
      for (const lr of c.lmLrGrid) {
        const r = await train("cosine", B, lr, 0);
        if (r.finalValLoss < best.loss) best = { loss: r.finalValLoss, lr };
      }
      tuned.set(B, best);
    }
    return tuned.get(B)!;
  };

  let b0s: number[];
  let lrAt: (B0: number) => number;
  if (plan === "plan") {
    if (c.lmLrGrid.length === 0 || c.lmCbsBatches.length < 3) {
      throw new Error(`${fn}: the plan needs an LR grid and at least 3 batches in lmCbsBatches`);
    }
    const searched = [...c.lmCbsBatches].sort((a, b) => a - b);
    const bar = ctx.progress("seesaw lm: critical-batch search", searched.length);
    for (const B of searched) {
      await tune(B);
      bar.tick();
    }
    // the CBS must be an interior point: widen the search (×2 up, ÷2 down) until it is
    let cbs = NaN;
    for (let widen = 0; widen < 4; widen++) {
      const top = Math.min(...searched.map((B) => tuned.get(B)!.loss));
      cbs = Math.max(...searched.filter((B) => tuned.get(B)!.loss <= 1.01 * top));
      const lo = searched[0], hi = searched[searched.length - 1];
      if (cbs === hi) searched.push(2 * hi);
      else if (cbs === lo && lo >= 2) searched.unshift(Math.floor(lo / 2));
      else break;
      ctx.log(
        `seesaw lm: CBS ${cbs} at the edge of the search; adding batch ${
          cbs === hi ? 2 * hi : Math.floor(lo / 2)
        }`,
      );
      await tune(cbs === hi ? 2 * hi : Math.floor(lo / 2));
    }
    out.cbs = cbs;
    out.cbsSearch = searched.map((B) => ({ B, ...tuned.get(B)! }));
    out.claims.cbsInterior = cbs > searched[0] && cbs < searched[searched.length - 1];
    b0s = c.lmB0Multiples.map((m) => Math.max(1, Math.round(m * cbs)));
    for (const B0 of b0s) await tune(B0);
    lrAt = (B0) => tuned.get(B0)!.lr;
  } else {
    b0s = [c.lmB0];
    lrAt = () => c.lmLr;
  }
  const schedulesAt = (B0: number): LmScheduleName[] =>
    out.cbs !== null && B0 >= 4 * out.cbs ? ["cosine", "seesaw", "fixedLr"] : ["cosine", "seesaw"];
  const total = b0s.reduce((a, B0) => a + schedulesAt(B0).length, 0) * c.lmSeeds;
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
      });
    }
  }
  // paired (same seed: same initialisation and data stream) Seesaw − cosine differences
  const delta = (B0: number) => {
    const d: number[] = [];
    for (let seed = 0; seed < c.lmSeeds; seed++) {
      d.push(
        find("seesaw", B0, lrAt(B0), seed)!.finalValLoss -
          find("cosine", B0, lrAt(B0), seed)!.finalValLoss,
      );
    }
    return { mean: mean(d), se: d.length > 1 ? standardError(d) : NaN };
  };
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
