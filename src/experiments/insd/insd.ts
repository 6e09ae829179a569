/**
 * The INSD experiment on one task (Qian & Pehlevan, arXiv:2509.21504): train standard networks
 * (several initial gains g), take one as the reference, train alternatives alt-1, alt-2, … from
 * scratch with the deflation penalty λ Σ_{i<k} r²(R⊥_k → R⊥_i) against every earlier solution
 * (reference first), evaluate all of them on held-out trials and under out-of-distribution
 * noise / load, and analyse them: predictivity matrices (full and readout-null activity),
 * fixed points, DSA, and for MemoryPro cross-temporal decoding of θ.
 * Networks that do not solve the task are reported (`solved: false`) and left out of the
 * analyses.
 * @module
 */
import { fromTyped } from "../../array/mod.ts";
import { ArgumentError, checkNonNegative, checkPositiveInt } from "../../errors/mod.ts";
import {
  crossTemporalDecoding,
  linearCka,
  predictivity,
  procrustesAngle,
} from "../../metrics/mod.ts";
import { foldIn, key } from "../../random/mod.ts";
import type { RunContext } from "../../run/mod.ts";
import { mean } from "../../stats/mod.ts";
import {
  dsaAnalysis,
  type FixedPointSummary,
  fixedPointSummary,
  flattenRates,
  nullActivity,
  predictivityMatrix,
} from "./analysis.ts";
import { evaluateNetwork } from "./evaluate.ts";
import { insdTask, type InsdTaskName } from "./tasks.ts";
import { type TrainedRnn, trainRateRnn } from "./train.ts";

/** Configuration of {@link runInsdTask}. */
export interface InsdConfig {
  /** Task. */
  task: InsdTaskName;
  /** Units N. */
  hidden: number;
  /** α = dt/τ. */
  alpha: number;
  /** Trial length T (flip-flop, CDI). */
  steps: number;
  /** MemoryPro period length (stimulus = memory = response). */
  periodSteps: number;
  /** Training input noise σ. */
  inputNoise: number;
  /** Flip-flop pulse probability. */
  pulseProb: number;
  /** Initial gains of the standard networks (one network each). */
  gains: number[];
  /** Index in `gains` of the reference network. */
  refIndex: number;
  /** Number of INSD alternatives (alt-1, alt-2, …). */
  alternatives: number;
  /** Penalty weight λ. */
  lambda: number;
  /** Warm-up fraction of λ. */
  lambdaWarmup: number;
  /** Relative ridge c of the predictivity in the training penalty, ρ = c·tr(XᵀX)/N. */
  penaltyRidge: number;
  /** Time stride of the samples pooled by the training penalty. */
  penaltyStride: number;
  /** Relative ridge c of the predictivity in the analyses. */
  analysisRidge: number;
  /** λ values of the sweep on alt-1 (each a fresh alt-1 against the reference; empty = none). */
  lambdaSweep: number[];
  /** Adam steps per standard network. */
  trainSteps: number;
  /** Adam steps per alternative (the penalised networks learn the task more slowly). */
  altSteps: number;
  /** Learning-rate schedule. */
  schedule: "constant" | "cosine";
  /** Trials per batch. */
  batch: number;
  /** Adam learning rate. */
  lr: number;
  /** Gradient-norm clip. */
  clipNorm: number;
  /** Held-out trials. */
  evalTrials: number;
  /** Sign accuracy a network needs to count as solving a ±1 task. */
  solvedAccuracy: number;
  /** MSE a MemoryPro network needs to count as solving it. */
  solvedMse: number;
  /** OOD input-noise levels. */
  oodNoise: number[];
  /** OOD load factors (MemoryPro delay, CDI length; 1 = training). */
  oodLoad: number[];
  /** Fixed-point initial states per network (0 = skip). */
  fixedPointInits: number;
  /** Fixed-point Adam iterations. */
  fixedPointIters: number;
  /** DSA principal components (0 = skip DSA). */
  dsaPcs: number;
  /** DSA delays. */
  dsaDelays: number;
  /** Seed. */
  seed: number;
}

/** One trained network's record. */
export interface NetworkRecord {
  /** "std-g1.0-0", "alt-1", … */
  name: string;
  /** "standard" or "alternative". */
  kind: "standard" | "alternative";
  /** Whether this is the reference. */
  reference: boolean;
  /** Initial gain. */
  gain: number;
  /** λ used (0 for standard). */
  lambda: number;
  /** Training log (task MSE, penalty). */
  log: { step: number; task: number; penalty: number }[];
  /** Held-out MSE. */
  mse: number;
  /** Held-out sign accuracy (NaN for MemoryPro). */
  signAccuracy: number;
  /** Whether it solves the task. */
  solved: boolean;
  /** Fixed points (solved networks only). */
  fixedPoints?: Omit<FixedPointSummary, "trajectories"> & { trajectories?: number[][][] };
  /** OOD curves: one entry per (noise, load). */
  ood: { noise: number; load: number; mse: number; signAccuracy: number }[];
}

/** Result of {@link runInsdTask}. */
export interface InsdTaskResult {
  /** Task. */
  task: InsdTaskName;
  /** Every network. */
  networks: NetworkRecord[];
  /** Names of the analysed (solved) networks, in matrix order. */
  analysed: string[];
  /** r²(i → j) on full activity. */
  predictivityFull: number[][];
  /** r²(i → j) on readout-null activity. */
  predictivityNull: number[][];
  /** Linear CKA on readout-null activity. */
  ckaNull: number[][];
  /** Angular Procrustes distance on readout-null activity. */
  procrustesNull: number[][];
  /** DSA distances and MDS embedding (empty when skipped). */
  dsa: { distances: number[][]; mds: number[][] };
  /** MemoryPro: cross-temporal decoding matrices of (cos θ, sin θ) by network name. */
  decoding?: Record<string, number[][]>;
  /** λ sweep on alt-1: held-out MSE, sign accuracy and r²(alt-1 → ref) on readout-null activity. */
  lambdaSweep: {
    lambda: number;
    mse: number;
    signAccuracy: number;
    solved: boolean;
    altRefR2: number;
  }[];
}

/** Check a config; throws naming the bad key. */
export function checkInsdConfig(c: InsdConfig): void {
  const fn = "runInsdTask";
  for (
    const k of ["hidden", "steps", "periodSteps", "trainSteps", "batch", "evalTrials"] as const
  ) {
    checkPositiveInt(fn, k, c[k]);
  }
  for (
    const k of ["lambda", "penaltyRidge", "analysisRidge", "inputNoise", "lambdaWarmup"] as const
  ) {
    checkNonNegative(fn, k, c[k]);
  }
  if (!Array.isArray(c.gains) || c.gains.length === 0) {
    throw new ArgumentError(fn, "gains", "a non-empty list of gains", c.gains);
  }
  c.gains.forEach((g, i) => checkNonNegative(fn, `gains[${i}]`, g));
  if (!Number.isInteger(c.refIndex) || c.refIndex < 0 || c.refIndex >= c.gains.length) {
    throw new ArgumentError(
      fn,
      "refIndex",
      `an index into gains (0..${c.gains.length - 1})`,
      c.refIndex,
    );
  }
  if (!Number.isInteger(c.alternatives) || c.alternatives < 0) {
    throw new ArgumentError(fn, "alternatives", "an integer ≥ 0", c.alternatives);
  }
}

/** Run INSD on one task; results are also stored under `tasks.<task>` of `ctx.results`. */
export async function runInsdTask(c: InsdConfig, ctx: RunContext): Promise<InsdTaskResult> {
  checkInsdConfig(c);
  const task = insdTask(c.task, c);
  const root = foldIn(key(c.seed), ["flipflop", "memorypro", "cdi"].indexOf(c.task));
  const specOf = (gain: number) => ({
    inDim: task.inDim,
    outDim: task.outDim,
    hidden: c.hidden,
    alpha: c.alpha,
    gain,
  });
  const train = {
    sample: task.sample,
    steps: c.trainSteps,
    batch: c.batch,
    lr: c.lr,
    clipNorm: c.clipNorm,
    schedule: c.schedule,
  };
  const altTrain = { ...train, steps: c.altSteps };
  const nets: TrainedRnn[] = [];
  const records: NetworkRecord[] = [];
  const total = c.gains.length + c.alternatives;
  const bar = ctx.progress(
    `insd ${c.task}: train ${total} networks`,
    c.gains.length * c.trainSteps + c.alternatives * c.altSteps,
  );
  const onLog = () => bar.tick(Math.min(50, c.trainSteps));
  for (const [i, gain] of c.gains.entries()) {
    const { net, log } = trainRateRnn(specOf(gain), foldIn(root, i), {
      ...train,
      onLog,
      logEvery: 50,
    });
    nets.push(net);
    records.push(blank(`std-g${gain.toFixed(1)}-${i}`, "standard", i === c.refIndex, gain, 0, log));
  }
  const frozen = [nets[c.refIndex]];
  for (let a = 1; a <= c.alternatives; a++) {
    const gain = c.gains[c.refIndex];
    const { net, log } = trainRateRnn(specOf(gain), foldIn(root, 1000 + a), {
      ...altTrain,
      onLog,
      logEvery: 50,
      frozen: [...frozen],
      lambda: c.lambda,
      lambdaWarmup: c.lambdaWarmup,
      relativeRidge: c.penaltyRidge,
      penaltyStride: c.penaltyStride,
    });
    nets.push(net);
    frozen.push(net);
    records.push(blank(`alt-${a}`, "alternative", false, gain, c.lambda, log));
  }
  bar.done();
  // held-out evaluation
  const kEval = foldIn(root, 2000);
  const evalBatch = task.sampleOod(kEval, c.evalTrials, c.inputNoise);
  const rates = nets.map((net, i) => {
    const e = evaluateNetwork(net, evalBatch);
    records[i].mse = e.mse;
    records[i].signAccuracy = e.signAccuracy;
    records[i].solved = task.signTargets
      ? e.signAccuracy >= c.solvedAccuracy
      : e.mse <= c.solvedMse;
    if (!records[i].solved) {
      ctx.log(`insd ${c.task}: ${records[i].name} does not solve the task (not analysed)`);
    }
    return e.rates;
  });
  // OOD curves
  for (const [i, net] of nets.entries()) {
    for (const load of c.oodLoad) {
      for (const noise of c.oodNoise) {
        const b = task.sampleOod(foldIn(kEval, 7), Math.max(8, c.evalTrials >> 1), noise, load);
        const e = evaluateNetwork(net, b);
        records[i].ood.push({ noise, load, mse: e.mse, signAccuracy: e.signAccuracy });
      }
    }
  }
  const keep = nets.map((_, i) => i).filter((i) => records[i].solved);
  const full = keep.map((i) => flattenRates(rates[i]));
  const nul = keep.map((i) => nullActivity(nets[i], rates[i]));
  const result: InsdTaskResult = {
    task: c.task,
    networks: records,
    analysed: keep.map((i) => records[i].name),
    predictivityFull: predictivityMatrix(full, c.analysisRidge),
    predictivityNull: predictivityMatrix(nul, c.analysisRidge),
    ckaNull: nul.map((x) => nul.map((y) => linearCka(x, y))),
    procrustesNull: nul.map((x) => nul.map((y) => procrustesAngle(x, y))),
    dsa: { distances: [], mds: [] },
    lambdaSweep: [],
  };
  if (c.fixedPointInits > 0) {
    const input = new Array(task.inDim).fill(0);
    if (c.task === "memorypro") input[0] = 1; // fixation on: the memory period
    if (c.task === "cdi") input[2] = 1; // context 1, no evidence
    for (const i of keep) {
      records[i].fixedPoints = fixedPointSummary(nets[i], rates[i], foldIn(root, 3000 + i), {
        input,
        inits: c.fixedPointInits,
        iters: c.fixedPointIters,
      });
    }
  }
  if (c.dsaPcs > 0 && keep.length >= 2) {
    result.dsa = dsaAnalysis(keep.map((i) => rates[i]), foldIn(root, 4000), {
      pcs: c.dsaPcs,
      delays: c.dsaDelays,
    });
  }
  if (c.task === "memorypro") {
    const theta = (evalBatch as unknown as { theta: { dataSync(): ArrayLike<number> } }).theta
      .dataSync();
    const y = fromTyped(
      Float64Array.from(
        { length: theta.length * 2 },
        (_, j) => (j % 2 ? Math.sin : Math.cos)(theta[j >> 1]),
      ),
      [theta.length, 2],
    );
    result.decoding = {};
    for (const i of keep) {
      if (!(records[i].reference || records[i].kind === "alternative")) continue;
      const D = crossTemporalDecoding(rates[i], y, {}).dataSync(), T = rates[i].shape[1];
      result.decoding[records[i].name] = Array.from(
        { length: T },
        (_, t) => Array.from(D.subarray(t * T, (t + 1) * T)),
      );
    }
  }
  const refNull = nullActivity(nets[c.refIndex], rates[c.refIndex]);
  for (const [j, lambda] of c.lambdaSweep.entries()) {
    const { net } = trainRateRnn(specOf(c.gains[c.refIndex]), foldIn(root, 5000 + j), {
      ...altTrain,
      frozen: [nets[c.refIndex]],
      lambda,
      lambdaWarmup: c.lambdaWarmup,
      relativeRidge: c.penaltyRidge,
      penaltyStride: c.penaltyStride,
    });
    const e = evaluateNetwork(net, evalBatch);
    result.lambdaSweep.push({
      lambda,
      mse: e.mse,
      signAccuracy: e.signAccuracy,
      solved: task.signTargets ? e.signAccuracy >= c.solvedAccuracy : e.mse <= c.solvedMse,
      altRefR2: predictivity(nullActivity(net, e.rates), refNull, {
        relativeRidge: c.analysisRidge,
      }),
    });
    ctx.log(`insd ${c.task}: λ = ${lambda}: ${JSON.stringify(result.lambdaSweep.at(-1))}`);
  }
  await ctx.results.set(`tasks.${c.task}`, result);
  return result;
}

/** Mean of `xs`, NaN when empty (a criterion with no analysed networks to compare). */
function meanOrNaN(xs: number[]): number {
  return xs.length ? mean(xs) : NaN;
}

function blank(
  name: string,
  kind: NetworkRecord["kind"],
  reference: boolean,
  gain: number,
  lambda: number,
  log: NetworkRecord["log"],
): NetworkRecord {
  return {
    name,
    kind,
    reference,
    gain,
    lambda,
    log,
    mse: NaN,
    signAccuracy: NaN,
    solved: false,
    ood: [],
  };
}

/** Acceptance criteria of the scaled-down reproduction on a flip-flop result (INSD, arXiv:2509.21504; PAPERS.md). */
export interface InsdCriteria {
  /** 1: every network solves the task (sign accuracy ≥ threshold) and INSD MSE ≤ 1.5× standard. */
  allSolved: boolean;
  /** Largest alt MSE / mean standard MSE. */
  altMseRatio: number;
  /** 2: mean r²(std_i → std_j), i ≠ j, readout-null activity. */
  stdStdR2: number;
  /** max over alts of r²(alt → ref), readout-null. */
  altRefR2: number;
  /** r²(alt-2 → alt-1), readout-null (NaN without alt-2). */
  alt2Alt1R2: number;
  /** Criterion 2 holds: stdStd ≥ 0.8, altRef ≤ 0.4, alt2Alt1 ≤ 0.5. */
  predictivityOk: boolean;
  /** 3: stable corner points of each standard network. */
  stdStableCorners: number[];
  /** Stable points of each alternative. */
  altStable: number[];
  /** Some alternative has fewer stable points than 8 and a complex unstable mode. */
  fixedPointsOk: boolean;
  /** 4: mean DSA alt–standard distance / mean standard–standard distance. */
  dsaRatio: number;
  /** 5: some alternative has lower OOD error than the mean standard at the highest noise. */
  oodCrossing: boolean;
}

/** Evaluate the acceptance criteria on a {@link InsdTaskResult} (pure). */
export function insdCriteria(r: InsdTaskResult, opts: { mseFactor?: number } = {}): InsdCriteria {
  const nets = r.networks, idx = (n: string) => r.analysed.indexOf(n);
  const std = nets.filter((n) => n.kind === "standard"),
    alts = nets.filter((n) => n.kind === "alternative");
  const stdMse = meanOrNaN(std.map((n) => n.mse));
  const altMseRatio = Math.max(...alts.map((n) => n.mse)) / stdMse;
  const allSolved = nets.every((n) => n.solved) && altMseRatio <= (opts.mseFactor ?? 1.5);
  const P = r.predictivityNull;
  const si = std.map((n) => idx(n.name)).filter((i) => i >= 0);
  const pairs: number[] = [];
  for (const i of si) for (const j of si) if (i !== j) pairs.push(P[i][j]);
  const ref = nets.find((n) => n.reference)!;
  const ri = idx(ref.name);
  const ai = alts.map((n) => idx(n.name));
  const altRefR2 = ri < 0 || ai.some((i) => i < 0) ? NaN : Math.max(...ai.map((i) => P[i][ri]));
  const alt2Alt1R2 = ai.length >= 2 && ai[0] >= 0 && ai[1] >= 0 ? P[ai[1]][ai[0]] : NaN;
  const stdStdR2 = pairs.length ? meanOrNaN(pairs) : NaN;
  const stdStableCorners = std.map((n) => n.fixedPoints?.stableCorners ?? NaN);
  const altStable = alts.map((n) => n.fixedPoints?.stable ?? NaN);
  const fixedPointsOk = alts.some((n) =>
    n.fixedPoints !== undefined && n.fixedPoints.stable < 8 &&
    n.fixedPoints.complexUnstablePoints > 0
  );
  let dsaRatio = NaN;
  const D = r.dsa.distances;
  if (D.length) {
    const ss: number[] = [], as: number[] = [];
    for (const i of si) for (const j of si) if (i < j) ss.push(D[i][j]);
    for (const a of ai) if (a >= 0) { for (const j of si) as.push(D[a][j]); }
    dsaRatio = meanOrNaN(as) / meanOrNaN(ss);
  }
  const hi = Math.max(...(nets[0]?.ood.map((o) => o.noise) ?? [NaN]));
  const at = (n: NetworkRecord) =>
    n.ood.filter((o) => o.noise === hi && o.load === 1).map((o) => o.mse)[0] ?? NaN;
  const oodCrossing = alts.some((a) => at(a) < meanOrNaN(std.map(at)));
  return {
    allSolved,
    altMseRatio,
    stdStdR2,
    altRefR2,
    alt2Alt1R2,
    predictivityOk: stdStdR2 >= 0.8 && altRefR2 <= 0.4 && !(alt2Alt1R2 > 0.5),
    stdStableCorners,
    altStable,
    fixedPointsOk,
    dsaRatio,
    oodCrossing,
  };
}
