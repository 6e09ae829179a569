/**
 * Gradient-flow transfer: two-layer DMFT against finite-width μP networks (arXiv:2507.04448
 * v2 Fig. 3 and the polynomial-task experiments; PAPERS.md "Transfer learning", plan item 4).
 * Tasks are Hermite polynomials of one direction, y = He_k(s)/√(k!), s = β·x/√D, |β|² = D:
 * "he1-he2" (easy→hard) pretrains on He₁ and transfers to He₂; "he5-he2" (hard→easy, the
 * paper's pair) pretrains on He₅, whose direction gradient flow cannot find from few samples
 * (high information exponent), and transfers to He₂. Each target run
 * is compared with training on the target from scratch, for the DMFT population (S samples) and
 * for a network of width N drawn from an independent key.
 * @module
 */
import {
  alignedTeachers,
  type GradientFlowCurve,
  type GradientFlowStage,
  twoLayerDmft,
} from "../../theory/mod.ts";
import { twoLayerMupNetwork } from "../../models/mod.ts";
import { foldIn, key, normalF64 } from "../../random/mod.ts";
import type { RunContext } from "../../run/mod.ts";

/** Configuration of {@link gfTransfer}. */
export interface GfTransferConfig {
  /** Input dimension D. */
  d: number;
  /** Source training points P₁. */
  p1: number;
  /** Target training points P₂. */
  p2: number;
  /** Test points (shared by both tasks). */
  pTest: number;
  /** Source strengths γ₁. */
  gamma1s: number[];
  /** Target strengths γ₂ (0 = fine-tuning: frozen features, readout only). */
  gamma2s: number[];
  /** Weight decay λ. */
  lambda: number;
  /** Elastic coupling δ of the target stage. */
  delta: number;
  /** Source stage duration. */
  time1: number;
  /** Target stage duration. */
  time2: number;
  /** Euler step. */
  dt: number;
  /** Record every this many steps. */
  recordEvery: number;
  /** DMFT population size S. */
  samples: number;
  /** Network width N. */
  width: number;
  /** Source→target pairs "heA-heB" (He_A → He_B, orders 1–5), e.g. "he1-he2", "he5-he2". */
  directions: string[];
  /** Root seed. */
  seed: number;
}

/** One target-stage curve. */
export interface GfCurve extends GradientFlowCurve {
  /** The pair "heA-heB". */
  direction: string;
  /** γ₁ of the source stage (NaN for scratch). */
  gamma1: number;
  /** γ₂ of the target stage. */
  gamma2: number;
  /** "transfer" or "scratch". */
  kind: "transfer" | "scratch";
  /** "dmft" or "network". */
  model: "dmft" | "network";
}

/** Summary of one (direction, γ₁, γ₂) comparison. */
export interface GfSummary {
  /** Direction. */
  direction: string;
  /** γ₁. */
  gamma1: number;
  /** γ₂. */
  gamma2: number;
  /** Final target test loss: transfer and scratch, DMFT and network. */
  final: { transferDmft: number; scratchDmft: number; transferNet: number; scratchNet: number };
  /** Minimum over time (early stopping) of the target test loss, DMFT. */
  best: { transfer: number; scratch: number };
  /**
   * Forgetting (DMFT and network): the source task's test loss under the source head (readout,
   * centring and γ₁ frozen at the end of pretraining) on the features after the target stage,
   * minus the same loss before it; `sourceAfter` is the loss after. 0 at γ₂ = 0 (frozen features).
   */
  forgetting: { dmft: number; network: number; sourceBefore: number; sourceAfter: number };
  /**
   * Transfer score with forgetting (DMFT): final target test loss + source test loss after the
   * target stage (both tasks under their own heads; lower is better).
   */
  score: number;
  /** Largest |network − DMFT|/DMFT over the recorded target test losses. */
  maxRelTestError: number;
  /** Largest |network − DMFT| of the train losses, relative to the stage's initial train loss. */
  maxTrainError: number;
}

/** Result of {@link gfTransfer}. */
export interface GfTransferResult {
  /** Every target-stage curve. */
  curves: GfCurve[];
  /** One summary per (direction, γ₁, γ₂). */
  summary: GfSummary[];
}

function hermite(k: number, s: number): number {
  switch (k) {
    case 1:
      return s;
    case 2:
      return (s * s - 1) / Math.SQRT2;
    case 3:
      return (s * s * s - 3 * s) / Math.sqrt(6);
    case 4:
      return (s ** 4 - 6 * s * s + 3) / Math.sqrt(24);
    case 5:
      return (s ** 5 - 10 * s ** 3 + 15 * s) / Math.sqrt(120);
    default:
      throw new Error(`hermite: order ${k} not tabulated (1–5)`);
  }
}

/** Run the comparison; curves are appended to `ctx.results` under `gfCurves`. */
export async function gfTransfer(
  cfg: GfTransferConfig,
  ctx?: RunContext,
): Promise<GfTransferResult> {
  const { d, p1, p2, pTest } = cfg;
  const P = p1 + p2 + pTest;
  const root = key(cfg.seed);
  const x = normalF64(foldIn(root, 1), P * d);
  const beta = alignedTeachers(foldIn(root, 2), d, 0).source;
  const s = new Float64Array(P);
  for (let i = 0; i < P; i++) {
    let v = 0;
    for (let j = 0; j < d; j++) v += x[i * d + j] * beta[j];
    s[i] = v / Math.sqrt(d);
  }
  const he = (k: number) => s.map((v) => hermite(k, v));
  const idx = (a: number, n: number) => Array.from({ length: n }, (_, i) => a + i);
  const srcTrain = idx(0, p1), tgtTrain = idx(p1, p2), test = idx(p1 + p2, pTest);
  const curves: GfCurve[] = [];
  const summary: GfSummary[] = [];
  const stageOf = (
    train: number[],
    labels: Float64Array,
    gamma: number,
    delta: number,
    readout: "keep" | "fresh",
    time: number,
    previous?: { labels: Float64Array; test: number[] },
  ): GradientFlowStage => ({
    train,
    labels,
    test,
    gamma: gamma > 0 ? gamma : 1,
    freezeFeatures: gamma === 0,
    lambda: cfg.lambda,
    delta,
    readout,
    time,
    dt: cfg.dt,
    recordEvery: cfg.recordEvery,
    previous,
  });
  const models = [
    {
      name: "dmft" as const,
      make: () => twoLayerDmft(foldIn(root, 3), { x, d, samples: cfg.samples, activation: "relu" }),
    },
    {
      name: "network" as const,
      make: () =>
        twoLayerMupNetwork(foldIn(root, 4), { x, d, width: cfg.width, activation: "relu" }),
    },
  ];
  const total = cfg.directions.length * cfg.gamma2s.length * (cfg.gamma1s.length + 1) * 2;
  const bar = ctx?.progress("GF DMFT vs networks", total);
  for (const direction of cfg.directions) {
    const m = /^he([1-5])-he([1-5])$/.exec(direction);
    if (m === null) {
      throw new Error(
        `gfTransfer: argument "directions" must list pairs "heA-heB" (A, B in 1–5), got "${direction}"`,
      );
    }
    const kSrc = Number(m[1]), kTgt = Number(m[2]);
    const ySrc = he(kSrc), yTgt = he(kTgt);
    // Pretrain once per (γ₁, model); every γ₂ continues from a copy of that state.
    const pretrained = cfg.gamma1s.map((gamma1) =>
      models.map((m) => {
        const model = m.make();
        model.run(stageOf(srcTrain, ySrc, gamma1, 0, "keep", cfg.time1));
        return model;
      })
    );
    for (const gamma2 of cfg.gamma2s) {
      const scratch: Record<string, GradientFlowCurve> = {};
      for (const m of models) {
        const c = m.make().run(
          stageOf(tgtTrain, yTgt, gamma2 > 0 ? gamma2 : 1, 0, "keep", cfg.time2),
        );
        scratch[m.name] = c;
        const row: GfCurve = {
          ...c,
          direction,
          gamma1: NaN,
          gamma2,
          kind: "scratch",
          model: m.name,
        };
        curves.push(row);
        await ctx?.results.append("gfCurves", { ...row, gamma1: null });
        bar?.tick();
      }
      for (const [g, gamma1] of cfg.gamma1s.entries()) {
        const tr: Record<string, GradientFlowCurve> = {};
        for (const [j, m] of models.entries()) {
          const c = pretrained[g][j].clone().run(
            stageOf(tgtTrain, yTgt, gamma2, cfg.delta, "fresh", cfg.time2, { labels: ySrc, test }),
          );
          tr[m.name] = c;
          const row: GfCurve = { ...c, direction, gamma1, gamma2, kind: "transfer", model: m.name };
          curves.push(row);
          await ctx?.results.append("gfCurves", row);
          bar?.tick();
        }
        // Test losses: relative error. Train losses fall toward 0, so their error is measured
        // relative to the loss at the start of the stage.
        let errTest = 0, errTrain = 0;
        for (const [a, b] of [[tr.dmft, tr.network], [scratch.dmft, scratch.network]]) {
          for (let i = 0; i < a.t.length; i++) {
            errTest = Math.max(errTest, Math.abs(b.test[i] - a.test[i]) / a.test[i]);
            errTrain = Math.max(errTrain, Math.abs(b.train[i] - a.train[i]) / a.train[0]);
          }
        }
        const sm: GfSummary = {
          direction,
          gamma1,
          gamma2,
          final: {
            transferDmft: tr.dmft.test.at(-1)!,
            scratchDmft: scratch.dmft.test.at(-1)!,
            transferNet: tr.network.test.at(-1)!,
            scratchNet: scratch.network.test.at(-1)!,
          },
          best: { transfer: Math.min(...tr.dmft.test), scratch: Math.min(...scratch.dmft.test) },
          forgetting: {
            dmft: tr.dmft.previous!.at(-1)! - tr.dmft.previous![0],
            network: tr.network.previous!.at(-1)! - tr.network.previous![0],
            sourceBefore: tr.dmft.previous![0],
            sourceAfter: tr.dmft.previous!.at(-1)!,
          },
          score: tr.dmft.test.at(-1)! + tr.dmft.previous!.at(-1)!,
          maxRelTestError: errTest,
          maxTrainError: errTrain,
        };
        summary.push(sm);
        await ctx?.results.append("gfSummary", sm);
      }
    }
  }
  bar?.done();
  return { curves, summary };
}
