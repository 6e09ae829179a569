/**
 * completep: depth-wise hyperparameter transfer and laziness, after "Don't be lazy: CompleteP
 * enables compute-efficient deep transformers" (Dey, Zhang, Noci, Li, Bordelon, Bergsma,
 * Pehlevan, Hanin, Hestness; arXiv:2505.01618), at toy scale (PAPERS.md, CompleteP section):
 *
 * 1. LR transfer: a pre-LN residual MLP (width 64, m_N = 1) with the Table 1 groups learns a
 *    He₂ multi-index teacher (4 directions in 64 dimensions; `--teacher=deep-tanh --inDim=16
 *    --alphaIn=0.25` is B.5's deep tanh teacher); final test loss against η_base per depth for
 *    μP, α = ½ and CompleteP;
 * 2. depth coordinate check: mean |h_L| of the last residual stream over the first steps;
 * 3. per-block update after one AdamW step against L (slope −1 for α ∈ {½, 1});
 * 4. relative linearization distance of the Fig. 6 toy against L (slope α − 1).
 *
 * `deno run -A scripts/completep.ts` (smoke grid), `--full` (the B.5 grid; a sweep:
 * scripts/grids/completep.json splits the LR grid into single runs for SLURM arrays),
 * `--preset=depthgain` (16 directions at width 32, where the best loss falls with depth),
 * `--teacher=brown-lm --alphaIn=1` (a transformer LM on the Brown corpus; grid completep_lm.json).
 * @module
 */
import {
  blockUpdateSweep,
  completepCriteria,
  completepFigures,
  depthCoordCheck,
  linearizationSweep,
  LM_LABELS,
  lrOptima,
  lrRowsFromMerged,
  lrTransfer,
  mupBaseDivergesAtDepth,
  OUTER_GROUPS,
} from "../src/experiments/completep/mod.ts";
import type {
  CompletePParam,
  CompletePStored,
  CompletePTeacher,
  LrTransferRow,
} from "../src/experiments/completep/mod.ts";
import { cliMain, type FigureSpec, type RunContext, runScript } from "../src/run/mod.ts";
import type { ScriptSpec } from "../src/run/mod.ts";

/** Every knob of the script (the smoke grid). */
export const defaults = {
  parts: ["lr", "coord", "update", "linearization"],
  params: ["mup", "depth-mup", "completep"],
  depths: [2, 8, 32],
  log2Lrs: [-16, -14, -12, -10, -8],
  seeds: 1,
  seed: 0,
  steps: 400,
  batch: 32,
  warmupFrac: 0.05,
  decayFrac: 0,
  sweepGroups: "all",
  fixedLog2Lr: -12,
  width: 64,
  sigma: 0.02,
  alphaIn: 0.125,
  teacher: "hermite-index",
  teacherDirections: 4,
  inDim: 64,
  lmContext: 32,
  lmHeads: 2,
  eps: 1e-8,
  weightDecay: 1,
  coordDepths: [2, 4, 8, 16, 32, 64],
  coordSteps: 10,
  coordLog2Lr: -12,
  updateDepths: [2, 4, 8, 16, 32],
  updateLog2Lr: -12,
  linDepths: [2, 4, 8, 16, 32, 64],
  linSeeds: 5,
  linWidth: 128,
  linActivation: "gelu",
  lrMerged: "",
};

/** A comment per knob. */
export const help: { [K in keyof typeof defaults]: string } = {
  parts: "measurements to run: lr (LR transfer), coord, update (per-block), linearization",
  params: "parameterizations: mup, depth-mup (α = ½), completep (α = 1); sp = mup at m_N = 1",
  depths: "depths L of the LR-transfer grid (L_base = 2)",
  log2Lrs: "log₂ η_base grid of the LR-transfer curves (equally spaced)",
  seeds: "seeds per LR-transfer point (seed, seed+1, …)",
  seed: "first seed (init and batch order; the teacher and test set are fixed)",
  steps: "AdamW steps per LR-transfer run",
  batch: "batch size (fresh teacher samples every step)",
  warmupFrac: "fraction of the steps with linear LR warmup (then constant)",
  sweepGroups:
    "LR-transfer groups that follow η_base: all (the paper's sweep) or inblock (hidden weights, in-block LN, biases; the outer groups stay at fixedLog2Lr)",
  fixedLog2Lr:
    "log₂ η_base of the outer groups (embedding, final LN, unembedding) when sweepGroups = inblock",
  decayFrac: "LR-transfer runs: fraction of the steps with a final linear decay to 0 (0: constant)",
  width: "width N = N_base (m_N = 1 throughout)",
  sigma: "σ_base, init std",
  alphaIn:
    "α_in, embedding forward multiplier; 1/√inDim (0.125 at inDim = 64; 0.25 for the deep tanh teacher at 16) gives a unit-norm input as nanoGPT's one-hot token, so h_0 has coordinates of std σ_base",
  teacher:
    "task: deep-tanh (B.5's deep tanh teacher), hermite-index (y = Σ_j He₂(u_j·x)/√(2k), k directions in inDim dimensions) or brown-lm (a transformer LM, dim = width, on the Brown corpus's characters; lr part only; set alphaIn = 1)",
  teacherDirections: "directions k of the hermite-index teacher",
  inDim: "teacher input dimension D (set alphaIn = 1/√D for a unit-norm input)",
  lmContext: "brown-lm: context length in characters",
  lmHeads: "brown-lm: attention heads (must divide width)",
  eps: "ε_base of AdamW",
  weightDecay:
    "λ_base (decoupled; hidden weights get λ·m_N); 1 puts η·λ·steps at O(1) near the optimum, as in LLM runs; 0 leaves the LayerNorm-ed net LR-insensitive",
  coordDepths: "depths of the coordinate check",
  coordSteps: "steps of the coordinate check (constant LR)",
  coordLog2Lr: "log₂ η_base of the coordinate check (the base depth's optimum)",
  updateDepths: "depths of the per-block update measurement",
  updateLog2Lr: "log₂ η_base of the one-step update measurement",
  linDepths: "depths of the linearization toy (each ≥ 2)",
  linSeeds: "seeds of the linearization toy (medians)",
  linWidth: "width N of the linearization toy",
  linActivation: "branch nonlinearity of the toy (relu: exactly linear between kinks)",
  lrMerged: "a sweep's merged.jsonl (saddle merge): LR-transfer rows read from it, not trained",
};

/** `--full`: the B.5 grid (9 LRs × 5 depths × 2 seeds × 400 steps; toy to L = 256, 20 seeds). */
export const presets = {
  full: {
    depths: [2, 4, 8, 16, 32],
    log2Lrs: [-16, -15, -14, -13, -12, -11, -10, -9, -8],
    seeds: 2,
    steps: 400,
    coordSteps: 10,
    linDepths: [2, 4, 8, 16, 32, 64, 128, 256],
    linSeeds: 20,
  },
  /** The depthgain task (PAPERS.md), 1 seed: a first look; criterion (1) needs its 3-seed sweeps. */
  depthgain: {
    parts: ["lr"],
    depths: [2, 4, 8, 16, 32],
    log2Lrs: [-15, -14, -13, -12, -11, -10, -9, -8],
    teacherDirections: 16,
    width: 32,
    batch: 128,
    steps: 800,
    decayFrac: 0.2,
    weightDecay: 0,
  },
};

const seedList = (c: typeof defaults) => Array.from({ length: c.seeds }, (_, i) => c.seed + i);

/** Run the selected measurements; each stores its rows/points in results.json as it goes. */
export async function main(cfg: typeof defaults, ctx: RunContext): Promise<unknown> {
  const params = cfg.params as CompletePParam[];
  const shared = {
    width: cfg.width,
    baseWidth: cfg.width,
    sigma: cfg.sigma,
    alphaIn: cfg.alphaIn,
    teacher: cfg.teacher as CompletePTeacher,
    teacherDirections: cfg.teacherDirections,
    inDim: cfg.inDim,
    lmContext: cfg.lmContext,
    lmHeads: cfg.lmHeads,
    eps: cfg.eps,
    weightDecay: cfg.weightDecay,
    batch: cfg.batch,
  };
  const stored: Parameters<typeof completepCriteria>[0] = {};
  let lrDiverged = false;
  if (cfg.parts.includes("lr")) {
    let rows: LrTransferRow[];
    if (cfg.lrMerged) {
      rows = lrRowsFromMerged(await Deno.readTextFile(cfg.lrMerged));
      await ctx.results.set("lrRuns", rows);
    } else {
      rows = (await lrTransfer({
        ...shared,
        params,
        depths: cfg.depths,
        log2Lrs: cfg.log2Lrs,
        seeds: seedList(cfg),
        steps: cfg.steps,
        warmupFrac: cfg.warmupFrac,
        decayFrac: cfg.decayFrac,
        fixedGroups: cfg.sweepGroups === "inblock" ? [...OUTER_GROUPS] : [],
        fixedLog2Lr: cfg.fixedLog2Lr,
      }, ctx)).rows;
    }
    stored.lrOptima = lrOptima(rows);
    await ctx.results.set("lrOptima", stored.lrOptima);
    lrDiverged = mupBaseDivergesAtDepth(rows);
  }
  if (cfg.parts.includes("coord")) {
    stored.coordCheck = await depthCoordCheck({
      ...shared,
      params,
      depths: cfg.coordDepths,
      seeds: seedList(cfg),
      steps: cfg.coordSteps,
      lr: 2 ** cfg.coordLog2Lr,
    }, ctx);
  }
  if (cfg.parts.includes("update")) {
    stored.blockUpdate = blockUpdateSweep({
      ...shared,
      params,
      depths: cfg.updateDepths,
      seeds: seedList(cfg),
      lr: 2 ** cfg.updateLog2Lr,
    });
    await ctx.results.set("blockUpdate", stored.blockUpdate);
  }
  if (cfg.parts.includes("linearization")) {
    stored.linearization = linearizationSweep({
      params: params.filter((p) => p !== "sp") as ("mup" | "depth-mup" | "completep")[],
      depths: cfg.linDepths,
      seeds: Array.from({ length: cfg.linSeeds }, (_, i) => cfg.seed + i),
      width: cfg.linWidth,
      activation: cfg.linActivation as "gelu",
    });
    await ctx.results.set("linearization", stored.linearization);
  }
  const criteria = completepCriteria(stored, { lrDiverged });
  for (const [k, v] of Object.entries(criteria)) {
    ctx.log(`completep: ${k} ${v.pass ? "PASS" : "FAIL"} ${JSON.stringify(v.measured)}`);
  }
  return { criteria };
}

/** LR-transfer panels, optimum vs depth, coordinate check, per-block update, linearization. */
export function figures(r: CompletePStored, cfg: typeof defaults): FigureSpec[] {
  return completepFigures(r, cfg.teacher === "brown-lm" ? LM_LABELS : {});
}

/** The experiment as a runnable script. */
export const spec: ScriptSpec<typeof defaults> = {
  name: "completep",
  description:
    "CompleteP (arXiv:2505.01618): depth-wise LR transfer for μP / α = ½ / CompleteP on a residual MLP, depth coordinate check, per-block update and linearization distance vs depth.",
  defaults,
  help,
  presets,
  choices: {
    parts: ["lr", "coord", "update", "linearization"],
    params: ["sp", "mup", "depth-mup", "completep"],
    linActivation: ["gelu", "relu", "tanh"],
    sweepGroups: ["all", "inblock"],
    teacher: ["deep-tanh", "hermite-index", "brown-lm"],
  },
  figures,
  main,
};

if (import.meta.main) await cliMain(() => runScript(spec, Deno.args));
