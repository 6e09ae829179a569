/**
 * summary_statistics: a few order parameters predict learning, after Zavatone-Veth, Bordelon &
 * Pehlevan, "Summary statistics of learning link changing neural representations to behavior"
 * (arXiv:2504.16920; spec: summary_statistics.md — canonical stand-in examples, see its §D).
 *
 * What it computes (theory and simulation side by side in results.json):
 * - E1: sign perceptron, Hebbian closed form and perceptron-rule ODE vs online simulation;
 *   held-out error vs arccos(ρ̂)/π of the measured overlaps;
 * - E2: soft committee machine (erf), Saad–Solla ODEs started from each seed's measured
 *   overlaps vs online SGD through the plateau (mean relative ε_g error on α ≤ 100, target 5%;
 *   |R_sim − R_ode| before specialisation; escape time α*), sufficiency (held-out error vs
 *   ε_g(Q̂, R̂, T̂)), and the symmetric plateau fixed points;
 * - E3: deep linear network mode strengths vs the Saxe sigmoids (effective a₀ from the half time);
 * - E4: drift by random Givens rotations: overlaps invariant, ε_g still follows the ODE while the
 *   single-coordinate tuning correlation decays;
 * - E5: subsampled overlaps: ε_g error and SD(R̂) vs the number of recorded coordinates n.
 *
 * `deno run -A scripts/summary_statistics.ts` (about 1–3 min on 2 busy cores); `--full`: N = 1000,
 * 5 seeds, 20 000 held-out samples.
 * @module
 */
import {
  committeeGeneralizationError,
  type CommitteeOverlaps,
  hebbianGeneralizationError,
  hebbianOverlaps,
  integratePerceptronRule,
  integrateSaadSolla,
  perceptronGeneralizationError,
  saxeModeStrength,
  symmetricPlateau,
} from "../src/theory/mod.ts";
import {
  applyGivensRotations,
  coordinateCorrelation,
  measureOverlaps,
  randomSubset,
  simulateCommitteeSgd,
  simulateDeepLinear,
  simulateOnlinePerceptron,
  subsampledOverlaps,
  subsampledOverlapStandardError,
} from "../src/models/mod.ts";
import { foldIn, key, split } from "../src/random/mod.ts";
import { cliMain, type RunContext, runScript, type ScriptSpec } from "../src/run/mod.ts";
import { type SimPoint, type TheoryPoint, theoryVsSim } from "../src/plot/mod.ts";

/** Every knob of the script. */
export const defaults = {
  K: 2,
  M: 2,
  eta: 0.5,
  N: 500,
  alphaMax: 250,
  alphaStep: 5,
  seeds: 2,
  testSize: 5000,
  studentInitStd: 0.1,
  noiseStd: 0,
  odeDAlpha: 0.05,
  compareUpTo: 100,
  plateauEtas: "0.1,0.5,1",
  percN: 500,
  percEta: 1,
  percAlphaMax: 18,
  percTestSize: 2000,
  driftAlphaMax: 60,
  driftEvery: 1,
  driftGivens: 2000,
  subsampleNs: "10,30,100,300",
  subsampleReps: 200,
  dlnStrengths: "3,2,1",
  dlnInputs: 10,
  dlnHidden: 50,
  dlnOutputs: 10,
  dlnInitStd: 0.001,
  dlnTMax: 8,
  seed: 0,
  experiments: "e1,e2,e3,e4,e5",
  full: false,
  figure: true,
};

/** A comment per knob. */
export const help: { [K in keyof typeof defaults]: string } = {
  K: "E2 student hidden units K",
  M: "E2 teacher hidden units M",
  eta: "E2 learning rate η",
  N: "E2/E4/E5 input dimension N",
  alphaMax: "E2 largest α = samples/N",
  alphaStep: "E2 checkpoint spacing in α",
  seeds: "E2 independent seeds (teacher, init, data)",
  testSize: "E2 held-out inputs for the sufficiency check",
  studentInitStd: "E2 initial student weight SD (N(0, std²))",
  noiseStd: "E2 teacher output-noise SD σ_noise",
  odeDAlpha: "E2 RK4 step of the ODE",
  compareUpTo: "E2 α range [0, compareUpTo] of the 5% ODE-vs-SGD criterion (plateau included)",
  plateauEtas: "learning rates of the symmetric plateau table (K = M = 2 and 3)",
  percN: "E1 input dimension",
  percEta: "E1 learning rate",
  percAlphaMax: "E1 largest α",
  percTestSize: "E1 held-out inputs",
  driftAlphaMax: "E4 largest α of the drift run",
  driftEvery: "E4 apply a random rotation every driftEvery in α",
  driftGivens: "E4 Givens rotations per drift event",
  subsampleNs: "E5 numbers of recorded coordinates n (comma-separated; N is added)",
  subsampleReps: "E5 random subsets per n",
  dlnStrengths: "E3 teacher singular values (comma-separated)",
  dlnInputs: "E3 input dimension",
  dlnHidden: "E3 hidden width",
  dlnOutputs: "E3 output dimension",
  dlnInitStd: "E3 initial weight SD (small: rich regime)",
  dlnTMax: "E3 training time in units of τ",
  seed: "root seed",
  experiments: "comma-separated subset of e1,e2,e3,e4,e5",
  full: "full run: N = 1000, seeds = 5, testSize = 20000, percN = 1000",
  figure: "write the figures (SVG + PNG)",
};

function parseList(name: string, text: string): number[] {
  const v = text.split(",").map((s) => Number(s.trim()));
  if (v.length === 0 || v.some((x) => !Number.isFinite(x))) {
    throw new Error(`summary_statistics: "${name}" must be comma-separated numbers, got "${text}"`);
  }
  return v;
}

const plain = (o: CommitteeOverlaps) => ({
  Q: Array.from(o.Q),
  R: Array.from(o.R),
  T: Array.from(o.T),
});

/** Headline numbers returned by {@link main}. */
export interface SummaryStatisticsSummary {
  /** E1 max |ε_sim − ε_theory| for Hebb and perceptron rule, and max |z| of the held-out check. */
  e1?: { hebbMaxAbs: number; perceptronMaxAbs: number; heldOutMaxZ: number };
  /** E2 errors. */
  e2?: {
    meanRelErrorPerSeed: number[];
    meanRelError: number;
    seedAveragedRelError: number;
    maxRErrorBeforeSpecialisation: number;
    escapeSim: number;
    escapeOde: number;
    heldOutMaxZ: number;
    heldOutFractionWithin3Se: number;
  };
  /** Symmetric plateau fixed points. */
  plateaus?: {
    K: number;
    eta: number;
    r: number;
    q: number;
    c: number;
    eg: number;
    residual: number;
  }[];
  /** E3 max |a_sim − a_theory|/s over modes and times. */
  e3?: { maxRelDeviation: number };
  /** E4 drift. */
  e4?: {
    overlapChangeAtRotation: number;
    meanRelErrorVsOde: number;
    finalTuningCorrelation: number;
    finalTuningCorrelationNoDrift: number;
  };
  /** E5 subsampling. */
  e5?: { n: number[]; meanEgError: number[]; sdR: number[]; seR: number[]; slope: number };
}

/** First checkpoint α ≥ 20 at which ε_g falls below 0.8 × its value at α = 20 (plateau exit). */
function escapeAlpha(alpha: number[], eg: number[]): number {
  const i20 = alpha.findIndex((a) => a >= 20);
  if (i20 < 0) return NaN;
  const ref = eg[i20];
  for (let i = i20; i < alpha.length; i++) if (eg[i] < 0.8 * ref) return alpha[i];
  return NaN;
}

/** The experiment. */
export async function main(
  cfg: typeof defaults,
  ctx: RunContext,
): Promise<SummaryStatisticsSummary> {
  const c = cfg.full
    ? {
      ...cfg,
      N: 1000,
      seeds: Math.max(cfg.seeds, 5),
      testSize: 20000,
      percN: 1000,
      alphaMax: 250,
    }
    : cfg;
  for (
    const k of ["K", "M", "N", "seeds", "percN", "dlnInputs", "dlnHidden", "dlnOutputs"] as const
  ) {
    if (!Number.isInteger(c[k]) || c[k] < 1) {
      throw new Error(`summary_statistics: "${k}" must be a positive integer, got ${c[k]}`);
    }
  }
  if (!(c.eta > 0) || !(c.alphaStep > 0) || !(c.alphaMax >= c.alphaStep)) {
    throw new Error(
      `summary_statistics: need eta > 0 and alphaMax >= alphaStep > 0, got eta=${c.eta}, alphaStep=${c.alphaStep}, alphaMax=${c.alphaMax}`,
    );
  }
  const exps = new Set(c.experiments.split(",").map((s) => s.trim()));
  const root = key(c.seed);
  const summary: SummaryStatisticsSummary = {};

  if (exps.has("e1")) {
    const alphas = Array.from({ length: Math.round(c.percAlphaMax / 2) + 1 }, (_, i) => 2 * i);
    const hebb = simulateOnlinePerceptron(foldIn(root, 1), {
      rule: "hebb",
      size: c.percN,
      learningRate: c.percEta,
      alphas,
      testSize: c.percTestSize,
    });
    const perc = simulateOnlinePerceptron(foldIn(root, 2), {
      rule: "perceptron",
      size: c.percN,
      learningRate: c.percEta,
      alphas,
      initStd: 0.1,
      testSize: c.percTestSize,
    });
    const ode = integratePerceptronRule({ R: perc.R[0], Q: perc.Q[0] }, {
      learningRate: c.percEta,
      alphas,
    });
    const hebbTheory = alphas.map((a) => hebbianGeneralizationError(a));
    const hebbSim = hebb.R.map((r, i) => perceptronGeneralizationError({ R: r, Q: hebb.Q[i] }));
    const percSim = perc.R.map((r, i) => perceptronGeneralizationError({ R: r, Q: perc.Q[i] }));
    let hebbMaxAbs = 0, percMaxAbs = 0, maxZ = 0;
    alphas.forEach((a, i) => {
      if (a > 0) hebbMaxAbs = Math.max(hebbMaxAbs, Math.abs(hebbSim[i] - hebbTheory[i]));
      percMaxAbs = Math.max(percMaxAbs, Math.abs(percSim[i] - ode.generalizationError[i]));
      for (
        const [h, f] of [[hebb.heldOut[i], hebbSim[i]], [perc.heldOut[i], percSim[i]]] as const
      ) {
        if (a > 0 && h.se > 0) maxZ = Math.max(maxZ, Math.abs(h.mean - f) / h.se);
      }
    });
    summary.e1 = { hebbMaxAbs, perceptronMaxAbs: percMaxAbs, heldOutMaxZ: maxZ };
    await ctx.results.set("e1", {
      alpha: alphas,
      hebb: {
        theory: hebbTheory,
        theoryR: alphas.map((a) => hebbianOverlaps(a, { learningRate: c.percEta }).R),
        sim: hebbSim,
        R: hebb.R,
        Q: hebb.Q,
        heldOut: hebb.heldOut,
      },
      perceptron: {
        ode: ode.generalizationError,
        odeR: ode.R,
        odeQ: ode.Q,
        sim: percSim,
        R: perc.R,
        Q: perc.Q,
        heldOut: perc.heldOut,
      },
      ...summary.e1,
    });
    ctx.log(
      `summary_statistics: E1 max|ε_sim − ε_theory| Hebb ${hebbMaxAbs.toFixed(4)}, perceptron ${
        percMaxAbs.toFixed(4)
      }, held-out max |z| ${maxZ.toFixed(2)}`,
    );
    if (c.figure) {
      const th: TheoryPoint[] = [], sim: SimPoint[] = [];
      alphas.forEach((a, i) => {
        if (a === 0) return;
        th.push({ x: a, y: hebbTheory[i], series: "Hebb" }, {
          x: a,
          y: ode.generalizationError[i],
          series: "perceptron rule",
        });
        sim.push({ x: a, y: hebb.heldOut[i].mean, se: hebb.heldOut[i].se, series: "Hebb" });
        sim.push({
          x: a,
          y: perc.heldOut[i].mean,
          se: perc.heldOut[i].se,
          series: "perceptron rule",
        });
      });
      await ctx.figure(
        "e1_perceptron",
        theoryVsSim({
          theory: th,
          sim,
          xLabel: "α",
          yLabel: "ε_g",
          title: `E1 perceptron (N = ${c.percN}): theory vs held-out error`,
        }),
      );
    }
  }

  let e2Keep: {
    alpha: number[];
    student: Float64Array[];
    teacher: Float64Array[];
    eg: number[];
    overlaps: CommitteeOverlaps[];
  } | null = null;
  if (exps.has("e2") || exps.has("e4") || exps.has("e5")) {
    const alphas: number[] = [];
    for (let a = 0; a <= c.alphaMax + 1e-9; a += c.alphaStep) alphas.push(+a.toFixed(9));
    const seeds = exps.has("e2") ? c.seeds : 1;
    const perSeed: Record<string, unknown>[] = [];
    const relPerSeed: number[] = [];
    const simCurves: number[][] = [], odeCurves: number[][] = [];
    let maxRErr = 0, maxZ = 0, within = 0, count = 0;
    const escSim: number[] = [], escOde: number[] = [];
    const bar = ctx.progress("summary_statistics: E2 committee-machine SGD seeds", seeds);
    for (let s = 0; s < seeds; s++) {
      const sim = simulateCommitteeSgd(foldIn(root, 100 + s), {
        students: c.K,
        teachers: c.M,
        size: c.N,
        learningRate: c.eta,
        noiseStd: c.noiseStd,
        alphas,
        studentInitStd: c.studentInitStd,
        testSize: c.testSize,
      });
      const ode = integrateSaadSolla(sim.overlaps[0], {
        learningRate: c.eta,
        noiseStd: c.noiseStd,
        alphas,
        dAlpha: c.odeDAlpha,
      });
      const egSim = sim.overlaps.map(committeeGeneralizationError);
      simCurves.push(egSim);
      odeCurves.push(ode.generalizationError);
      let rel = 0, n = 0;
      alphas.forEach((a, i) => {
        if (a <= c.compareUpTo) {
          rel += Math.abs(egSim[i] - ode.generalizationError[i]) / ode.generalizationError[i];
          n++;
        }
        if (a <= 0.9 * c.compareUpTo) {
          for (let j = 0; j < c.K * c.M; j++) {
            maxRErr = Math.max(maxRErr, Math.abs(sim.overlaps[i].R[j] - ode.overlaps[i].R[j]));
          }
        }
        const h = sim.heldOut[i];
        if (h && h.se > 0) {
          const z = Math.abs(h.mean - egSim[i]) / h.se;
          maxZ = Math.max(maxZ, z);
          if (z <= 3) within++;
          count++;
        }
      });
      relPerSeed.push(rel / n);
      escSim.push(escapeAlpha(alphas, egSim));
      escOde.push(escapeAlpha(alphas, ode.generalizationError));
      perSeed.push({
        egSim,
        egOde: ode.generalizationError,
        heldOut: sim.heldOut,
        overlapsSim: sim.overlaps.map(plain),
        overlapsOde: ode.overlaps.map(plain),
        meanRelError: rel / n,
      });
      if (s === 0) {
        e2Keep = {
          alpha: alphas,
          student: sim.studentWeights,
          teacher: sim.teacherWeights,
          eg: egSim,
          overlaps: sim.overlaps,
        };
      }
      bar.tick();
    }
    bar.done();
    if (exps.has("e2")) {
      const meanCurve = (cs: number[][]) =>
        alphas.map((_, i) => cs.reduce((a, v) => a + v[i], 0) / cs.length);
      const ms = meanCurve(simCurves), mo = meanCurve(odeCurves);
      let rel = 0, n = 0;
      alphas.forEach((a, i) => {
        if (a <= c.compareUpTo) {
          rel += Math.abs(ms[i] - mo[i]) / mo[i];
          n++;
        }
      });
      const avg = (v: number[]) =>
        v.filter(Number.isFinite).reduce((a, b) => a + b, 0) / v.filter(Number.isFinite).length;
      summary.e2 = {
        meanRelErrorPerSeed: relPerSeed,
        meanRelError: avg(relPerSeed),
        seedAveragedRelError: rel / n,
        maxRErrorBeforeSpecialisation: maxRErr,
        escapeSim: avg(escSim),
        escapeOde: avg(escOde),
        heldOutMaxZ: maxZ,
        heldOutFractionWithin3Se: within / Math.max(1, count),
      };
      await ctx.results.set("e2", {
        alpha: alphas,
        seeds: perSeed,
        escapeSimPerSeed: escSim,
        escapeOdePerSeed: escOde,
        ...summary.e2,
      });
      ctx.log(
        `summary_statistics: E2 mean relative ε_g error on α ≤ ${c.compareUpTo}: ${
          (100 * summary.e2.meanRelError).toFixed(2)
        }% (per seed ${relPerSeed.map((r) => (100 * r).toFixed(1)).join(", ")}%), max|ΔR| ${
          maxRErr.toFixed(3)
        }, α* sim ${summary.e2.escapeSim.toFixed(1)} vs ODE ${
          summary.e2.escapeOde.toFixed(1)
        }, held-out max |z| ${maxZ.toFixed(2)}`,
      );
      const plateaus: NonNullable<SummaryStatisticsSummary["plateaus"]> = [];
      for (const K of [2, 3]) {
        for (const eta of parseList("plateauEtas", c.plateauEtas)) {
          const p = symmetricPlateau(K, { learningRate: eta });
          plateaus.push({
            K,
            eta,
            r: p.r,
            q: p.q,
            c: p.c,
            eg: p.generalizationError,
            residual: p.residual,
          });
        }
      }
      summary.plateaus = plateaus;
      await ctx.results.set("plateaus", plateaus);
      if (c.figure) {
        const th: TheoryPoint[] = [], sim: SimPoint[] = [];
        alphas.forEach((a, i) => {
          if (a === 0) return;
          odeCurves.forEach((o, s) => th.push({ x: a, y: o[i], series: `ODE seed ${s}` }));
          simCurves.forEach((v, s) => sim.push({ x: a, y: v[i], series: `SGD seed ${s}` }));
        });
        const pl = plateaus.find((p) => p.K === c.K && Math.abs(p.eta - c.eta) < 1e-12);
        await ctx.figure(
          "e2_learning_curves",
          theoryVsSim({
            theory: th,
            sim,
            logX: true,
            logY: true,
            xLabel: "α",
            yLabel: "ε_g",
            title: `E2 soft committee machine K = ${c.K}, M = ${c.M}, η = ${c.eta}, N = ${c.N}`,
            subtitle:
              `mean relative error on α ≤ ${c.compareUpTo}: ${
                (100 * summary.e2.meanRelError).toFixed(1)
              }%` +
              (pl ? `; symmetric plateau ε_g = ${pl.eg.toFixed(4)}` : ""),
          }),
        );
        const s0 = perSeed[0] as { overlapsSim: { R: number[] }[]; overlapsOde: { R: number[] }[] };
        const thR: TheoryPoint[] = [], simR: SimPoint[] = [];
        alphas.forEach((a, i) => {
          for (let j = 0; j < c.K * c.M; j++) {
            const name = `R${Math.floor(j / c.M)}${j % c.M}`;
            thR.push({ x: a, y: s0.overlapsOde[i].R[j], series: name });
            simR.push({ x: a, y: s0.overlapsSim[i].R[j], series: name });
          }
        });
        await ctx.figure(
          "e2_overlaps",
          theoryVsSim({
            theory: thR,
            sim: simR,
            xLabel: "α",
            yLabel: "R_in",
            title: "E2 student–teacher overlaps: plateau and specialisation (seed 0)",
          }),
        );
        const sc: SimPoint[] = [], diag: TheoryPoint[] = [];
        perSeed.forEach((p, s) => {
          const q = p as { egSim: number[]; heldOut: { mean: number; se: number }[] };
          q.egSim.forEach((e, i) =>
            sc.push({ x: e, y: q.heldOut[i].mean, se: q.heldOut[i].se, series: `seed ${s}` })
          );
        });
        const xs = sc.map((p) => p.x).filter((x) => x > 0);
        for (const x of [Math.min(...xs), Math.max(...xs)]) diag.push({ x, y: x, series: "y = x" });
        await ctx.figure(
          "e2_sufficiency",
          theoryVsSim({
            theory: diag,
            sim: sc.filter((p) => p.x > 0 && p.y > 0),
            logX: true,
            logY: true,
            xLabel: "ε_g(Q̂, R̂, T̂)",
            yLabel: "held-out error",
            title: "Sufficiency: the summary statistics determine the test error",
          }),
        );
      }
    }
  }

  if (exps.has("e3")) {
    const strengths = parseList("dlnStrengths", c.dlnStrengths);
    const times = Array.from({ length: 81 }, (_, i) => (c.dlnTMax * i) / 80);
    const sim = simulateDeepLinear(foldIn(root, 3), {
      strengths,
      inputs: c.dlnInputs,
      hidden: c.dlnHidden,
      outputs: c.dlnOutputs,
      initStd: c.dlnInitStd,
      dt: 0.005,
      times,
    });
    // effective a₀ of each mode from its measured half time t½ = (1/2s) ln(s/a₀ − 1)
    const a0 = strengths.map((s, m) => {
      const i = sim.modes.findIndex((v) => v[m] >= s / 2);
      if (i <= 0) return NaN;
      const [t1, t2] = [times[i - 1], times[i]], [y1, y2] = [sim.modes[i - 1][m], sim.modes[i][m]];
      const th = t1 + ((s / 2 - y1) * (t2 - t1)) / (y2 - y1);
      return s / (1 + Math.exp(2 * s * th));
    });
    let maxDev = 0;
    const theory = times.map((t) =>
      strengths.map((s, m) => saxeModeStrength(t, { strength: s, initial: a0[m] }))
    );
    times.forEach((_, i) =>
      strengths.forEach((
        s,
        m,
      ) => (maxDev = Math.max(maxDev, Math.abs(sim.modes[i][m] - theory[i][m]) / s)))
    );
    summary.e3 = { maxRelDeviation: maxDev };
    await ctx.results.set("e3", {
      times,
      strengths,
      effectiveA0: a0,
      sim: sim.modes,
      theory,
      maxRelDeviation: maxDev,
    });
    ctx.log(
      `summary_statistics: E3 deep linear modes: max |a_sim − a_Saxe|/s = ${maxDev.toFixed(4)}`,
    );
    if (c.figure) {
      await ctx.figure(
        "e3_deep_linear_modes",
        theoryVsSim({
          theory: times.flatMap((t, i) =>
            strengths.map((s, m) => ({ x: t, y: theory[i][m], series: `s = ${s}` }))
          ),
          sim: times.filter((_, i) => i % 4 === 0).flatMap((t, j) =>
            strengths.map((s, m) => ({ x: t, y: sim.modes[4 * j][m], series: `s = ${s}` }))
          ),
          xLabel: "t/τ",
          yLabel: "mode strength a_α",
          title: "E3 deep linear network: mode strengths vs Saxe sigmoids (a₀ from t½)",
        }),
      );
    }
  }

  if (exps.has("e4") && e2Keep) {
    const alphas: number[] = [];
    for (let a = 0; a <= c.driftAlphaMax + 1e-9; a += c.alphaStep) alphas.push(+a.toFixed(9));
    const sim = simulateCommitteeSgd(foldIn(root, 100), {
      students: c.K,
      teachers: c.M,
      size: c.N,
      learningRate: c.eta,
      noiseStd: c.noiseStd,
      alphas,
      studentInitStd: c.studentInitStd,
      drift: { everyAlpha: c.driftEvery, givens: c.driftGivens },
    });
    const ode = integrateSaadSolla(sim.overlaps[0], {
      learningRate: c.eta,
      noiseStd: c.noiseStd,
      alphas,
      dAlpha: c.odeDAlpha,
    });
    const eg = sim.overlaps.map(committeeGeneralizationError);
    let rel = 0;
    alphas.forEach((
      _,
      i,
    ) => (rel += Math.abs(eg[i] - ode.generalizationError[i]) / ode.generalizationError[i]));
    rel /= alphas.length;
    const tuning = sim.studentWeights.map((w) =>
      coordinateCorrelation(w.subarray(0, c.N), sim.studentWeights[1].subarray(0, c.N))
    );
    const tuningNoDrift = alphas.map((a) => {
      const i = e2Keep!.alpha.indexOf(a);
      return i < 0 ? NaN : coordinateCorrelation(
        e2Keep!.student[i].subarray(0, c.N),
        e2Keep!.student[1].subarray(0, c.N),
      );
    });
    // invariance at one rotation event
    const dims = { students: c.K, teachers: c.M, size: c.N };
    const w = sim.studentWeights[alphas.length - 1].slice(),
      ws = sim.teacherWeights[alphas.length - 1].slice();
    const o0 = measureOverlaps(w, ws, dims);
    applyGivensRotations([w, ws], foldIn(root, 4), { size: c.N, rotations: c.driftGivens });
    const o1 = measureOverlaps(w, ws, dims);
    let change = 0;
    for (const f of ["Q", "R", "T"] as const) {
      o0[f].forEach((v, i) => (change = Math.max(change, Math.abs(v - o1[f][i]))));
    }
    summary.e4 = {
      overlapChangeAtRotation: change,
      meanRelErrorVsOde: rel,
      finalTuningCorrelation: tuning[tuning.length - 1],
      finalTuningCorrelationNoDrift: tuningNoDrift[tuningNoDrift.length - 1],
    };
    await ctx.results.set("e4", {
      alpha: alphas,
      egSim: eg,
      egOde: ode.generalizationError,
      tuning,
      tuningNoDrift,
      ...summary.e4,
    });
    ctx.log(
      `summary_statistics: E4 drift: overlap change per rotation ${
        change.toExponential(1)
      }, ε_g vs ODE ${(100 * rel).toFixed(1)}%, tuning corr ${
        summary.e4.finalTuningCorrelation.toFixed(3)
      } (no drift ${summary.e4.finalTuningCorrelationNoDrift.toFixed(3)})`,
    );
    if (c.figure) {
      await ctx.figure(
        "e4_drift",
        theoryVsSim({
          theory: [
            ...alphas.map((a, i) => ({
              x: a,
              y: ode.generalizationError[i] / ode.generalizationError[0],
              series: "ε_g ODE / ε_g(0)",
            })),
          ],
          sim: [
            ...alphas.map((a, i) => ({
              x: a,
              y: eg[i] / eg[0],
              series: "ε_g SGD with drift / ε_g(0)",
            })),
            ...alphas.slice(1).map((a, i) => ({
              x: a,
              y: tuning[i + 1],
              series: "tuning corr, drift",
            })),
            ...alphas.slice(1).map((a, i) => ({
              x: a,
              y: tuningNoDrift[i + 1],
              series: "tuning corr, no drift",
            })),
          ],
          xLabel: "α",
          yLabel: "value",
          title: "E4 drift: behaviour follows the ODE while single-unit tuning decorrelates",
        }),
      );
    }
  }

  if (exps.has("e5") && e2Keep) {
    const last = e2Keep.alpha.length - 1;
    const ns = [...parseList("subsampleNs", c.subsampleNs).filter((n) => n < c.N), c.N];
    const w = e2Keep.student[last], ws = e2Keep.teacher[last];
    const full = e2Keep.overlaps[last];
    const egFull = committeeGeneralizationError(full);
    const meanErr: number[] = [], sdR: number[] = [], seR: number[] = [];
    for (const n of ns) {
      const ks = split(foldIn(root, 5000 + n), c.subsampleReps);
      let e = 0, s = 0, s2 = 0;
      for (let r = 0; r < c.subsampleReps; r++) {
        const o = subsampledOverlaps({ student: w, teacher: ws }, {
          students: c.K,
          teachers: c.M,
          size: c.N,
          subset: randomSubset(ks[r], { size: c.N, count: n }),
        });
        e += Math.abs(committeeGeneralizationError(o) - egFull);
        s += o.R[0];
        s2 += o.R[0] ** 2;
      }
      meanErr.push(e / c.subsampleReps);
      sdR.push(Math.sqrt(Math.max(0, s2 / c.subsampleReps - (s / c.subsampleReps) ** 2)));
      seR.push(
        subsampledOverlapStandardError({ Q: full.Q[0], T: full.T[0], R: full.R[0] }, {
          count: n,
          size: c.N,
        }),
      );
    }
    const sub = ns.slice(0, -1);
    const lx = sub.map(Math.log), ly = meanErr.slice(0, -1).map(Math.log);
    const mx = lx.reduce((a, b) => a + b, 0) / lx.length,
      my = ly.reduce((a, b) => a + b, 0) / ly.length;
    let sxy = 0, sxx = 0;
    lx.forEach((x, i) => {
      sxy += (x - mx) * (ly[i] - my);
      sxx += (x - mx) ** 2;
    });
    // resolvability on the plateau: the change of R between α = 30 and the end of the plateau
    const i30 = e2Keep.alpha.findIndex((a) => a >= 30),
      i90 = e2Keep.alpha.findIndex((a) => a >= 90);
    let delta = NaN;
    if (i30 >= 0 && i90 > i30) {
      delta = 0;
      for (let j = 0; j < c.K * c.M; j++) {
        delta = Math.max(delta, Math.abs(e2Keep.overlaps[i90].R[j] - e2Keep.overlaps[i30].R[j]));
      }
    }
    const o30 = i30 >= 0 ? e2Keep.overlaps[i30] : full;
    const nNeeded = (o30.Q[0] * o30.T[0] + o30.R[0] ** 2) / (delta * delta);
    summary.e5 = { n: ns, meanEgError: meanErr, sdR, seR, slope: sxy / sxx };
    await ctx.results.set("e5", {
      ...summary.e5,
      egFull,
      plateauDeltaR: delta,
      nNeededToResolvePlateauChange: nNeeded,
    });
    ctx.log(
      `summary_statistics: E5 subsampling: |Δε_g| ${
        meanErr.map((e) => e.toExponential(1)).join(", ")
      } (slope ${summary.e5.slope.toFixed(2)}); SD(R̂)/SE ${
        sdR.slice(0, -1).map((s, i) => (s / seR[i]).toFixed(2)).join(", ")
      }; plateau ΔR ${delta.toFixed(4)} needs n ≳ ${nNeeded.toFixed(0)}`,
    );
    if (c.figure) {
      await ctx.figure(
        "e5_subsampling",
        theoryVsSim({
          theory: sub.map((n) => ({
            x: n,
            y: seR[ns.indexOf(n)],
            series: "SE(R̂) = √((QT+R²)/n)·fpc",
          })),
          sim: [
            ...sub.map((n, i) => ({ x: n, y: meanErr[i], series: "mean |ε_g(sub) − ε_g|" })),
            ...sub.map((n, i) => ({ x: n, y: sdR[i], series: "SD(R̂₀₀)" })),
          ],
          logX: true,
          logY: true,
          xLabel: "recorded coordinates n",
          yLabel: "error",
          title: `E5 subsampling (N = ${c.N}, α = ${e2Keep.alpha[last]})`,
          subtitle: `plateau change ΔR = ${delta.toFixed(4)} needs n ≳ (QT+R²)/ΔR² = ${
            nNeeded.toFixed(0)
          } (infinite population)`,
        }),
      );
    }
  }
  await ctx.results.set("summary", summary);
  return summary;
}

/** The experiment as a runnable script. */
export const spec: ScriptSpec<typeof defaults> = {
  name: "summary_statistics",
  description:
    "Summary statistics of learning (arXiv:2504.16920): perceptron and soft-committee-machine order-parameter ODEs vs online SGD, sufficiency, deep linear modes, drift invariance, neuron subsampling.",
  defaults,
  help,
  main,
};

if (import.meta.main) await cliMain(() => runScript(spec, Deno.args));
