/**
 * Figures of the transfer paper's experiments, pure functions of results.json and the config.
 * @module
 */
import { lineChart, theoryVsSim } from "../../plot/mod.ts";
import type { FigureSpec } from "../../run/mod.ts";

/** The parsed results.json of a transfer run (only what the figures read is used). */
// deno-lint-ignore no-explicit-any
export type TransferResults = Record<string, any>;

/** The config keys the figures print in their subtitles. */
export interface TransferFigureConfig {
  /** Largest δ of the sweep (where the source-readout limit is drawn). */
  deltaMax: number;
  /** Dimension of the δ sweep. */
  d: number;
  /** Target feature-learning strength of the δ sweep. */
  gamma2: number;
  /** Transfer model reading. */
  mode: string;
  /** Prior reading. */
  prior: string;
  /** Dimension of the closed-form check. */
  cfD: number;
  /** Draws per closed-form point. */
  cfDraws: number;
  /** GF DMFT population size. */
  gfSamples: number;
  /** GF network width. */
  gfWidth: number;
  /** GF input dimension. */
  gfD: number;
  /** GF source samples. */
  gfP1: number;
  /** GF target samples. */
  gfP2: number;
  /** GF elastic coupling. */
  gfDelta: number;
  /** GF weight decay. */
  gfLambda: number;
}

/**
 * The transfer figures (arXiv:2507.04448; PAPERS.md, "Feature-learning transfer"), from
 * results.json alone: target loss vs δ per alignment and γ₁ (with the source-readout limit), the
 * closed-form phase diagram vs simulation, the finite-width Langevin error vs N, and GF DMFT vs
 * finite-width curves, transfer vs from scratch.
 */
export function transferFigures(
  results: TransferResults,
  cfg: TransferFigureConfig,
): FigureSpec[] {
  const figs: FigureSpec[] = [];
  const curves = (results.deltaCurves ?? []) as {
    p1: number;
    p2: number;
    alpha: number;
    gamma1: number;
    deltas: number[];
    loss: number[];
    se: number[];
    readout: number;
  }[];
  if (curves.length > 0) {
    const p1 = Math.max(...curves.map((c) => c.p1)), p2 = Math.min(...curves.map((c) => c.p2));
    const sel = curves.filter((c) => c.p1 === p1 && c.p2 === p2);
    const pts = (f: (c: (typeof sel)[number]) => string) =>
      sel.flatMap((c) =>
        c.deltas.map((x, i) => ({ x, y: c.loss[i], series: f(c), panel: `α_s = ${c.alpha}` }))
          .filter((p) => p.x > 0)
      );
    figs.push({
      name: "delta_sweep",
      plot: theoryVsSim({
        theory: pts((c) => `γ₁ = ${c.gamma1}`),
        sim: sel.map((c) => ({
          x: cfg.deltaMax * 3,
          y: c.readout,
          series: `γ₁ = ${c.gamma1}`,
          panel: `α_s = ${c.alpha}`,
        })),
        logX: true,
        panelLabel: "alignment",
        xLabel: "elastic coupling δ",
        yLabel: "target test loss (1 = predicting 0)",
        title: "Linear Bayesian transfer: target loss vs δ",
        subtitle:
          `D = ${cfg.d}, P₁ = ${p1}, P₂ = ${p2}, γ₂ = ${cfg.gamma2}, ${cfg.mode}/${cfg.prior}`,
        caption: "Points at the right edge: ridgeless readout on the frozen source kernel (δ → ∞).",
      }),
    });
    const aMax = Math.max(...curves.map((c) => c.alpha));
    const gMax = Math.max(...curves.map((c) => c.gamma1));
    const byP2 = curves.filter((c) => c.alpha === aMax && c.gamma1 === gMax);
    figs.push({
      name: "delta_sweep_p2",
      plot: theoryVsSim({
        theory: byP2.flatMap((c) =>
          c.deltas.map((x, i) => ({
            x,
            y: c.loss[i],
            series: `P₂ = ${c.p2}`,
            panel: `P₁ = ${c.p1}`,
          })).filter((p) => p.x > 0)
        ),
        logX: true,
        panelLabel: "source size",
        xLabel: "elastic coupling δ",
        yLabel: "target test loss",
        title: `Transfer benefit vs target size (α_s = ${aMax}, γ₁ = ${gMax})`,
      }),
    });
  }
  const phase = (results.phasePoints ?? []) as {
    nu2: number;
    alpha: number;
    gamma1: number;
    theory: number;
    sim: number;
    se: number;
  }[];
  if (phase.length > 0) {
    const nu = Array.from({ length: 49 }, (_, i) => 0.02 * (i + 1));
    const chi = (g: number) => Math.sqrt(1 + g * g) - 1;
    const keys = [...new Set(phase.map((p) => `${p.alpha}|${p.gamma1}`))];
    figs.push({
      name: "phase_diagram",
      plot: theoryVsSim({
        theory: keys.flatMap((k) => {
          const [a, g] = k.split("|").map(Number);
          return nu.map((x) => ({
            x,
            y: (1 - x) * (1 - a * a + (a * a) / (1 + chi(g) * x) ** 2),
            series: `α_s = ${a}`,
            panel: `γ₁ = ${g}`,
          }));
        }),
        sim: phase.map((p) => ({
          x: p.nu2,
          y: p.sim,
          se: p.se,
          series: `α_s = ${p.alpha}`,
          panel: `γ₁ = ${p.gamma1}`,
        })),
        panelLabel: "source richness",
        xLabel: "ν₂ = P₂/D",
        yLabel: "fine-tuning loss",
        title: "Fine-tuning loss L(ν₂, α_s, χ): closed form vs ridgeless regression",
        subtitle: `D = ${cfg.cfD}, ${cfg.cfDraws} draws per point, χ = √(1+γ₁²) − 1`,
      }),
    });
  }
  const lv = (results.langevinPoints ?? []) as {
    width: number;
    kernelError: number;
    lossError: number;
  }[];
  if (lv.length > 0) {
    const ref = lv[0];
    figs.push({
      name: "bayes_finite_width",
      plot: theoryVsSim({
        sim: [
          ...lv.map((p) => ({ x: p.width, y: p.kernelError, series: "‖Φ̂₂ − Φ₂‖/‖Φ₂‖" })),
          ...lv.map((p) => ({ x: p.width, y: p.lossError, series: "|MSE_N − MSE|/MSE" })),
        ],
        theory: lv.map((p) => ({
          x: p.width,
          y: ref.kernelError * Math.sqrt(ref.width / p.width),
          series: "N^−½ guide",
        })),
        logX: true,
        logY: true,
        xLabel: "width N",
        yLabel: "relative error vs the Bayesian theory",
        title: "Finite-width Langevin networks vs the sequential Bayesian theory",
      }),
    });
  }
  const gf = (results.gfCurves ?? []) as {
    direction: string;
    kind: string;
    model: string;
    gamma1: number | null;
    gamma2: number;
    t: number[];
    test: number[];
  }[];
  if (gf.length > 0) {
    const label = (c: (typeof gf)[number]) =>
      c.kind === "scratch" ? `scratch γ₂=${c.gamma2}` : `transfer γ₁=${c.gamma1} γ₂=${c.gamma2}`;
    const pts = (model: string) =>
      gf.filter((c) => c.model === model).flatMap((c) =>
        c.t.map((x, i) => ({ x, y: c.test[i], series: label(c), panel: c.direction }))
      );
    figs.push({
      name: "gf_dmft_vs_network",
      plot: theoryVsSim({
        theory: pts("dmft"),
        sim: pts("network"),
        panelLabel: "source → target",
        xLabel: "target training time",
        yLabel: "target test MSE",
        title: "Gradient flow: DMFT (lines) vs finite networks (points)",
        subtitle:
          `S = ${cfg.gfSamples}, N = ${cfg.gfWidth}, D = ${cfg.gfD}, P₁ = ${cfg.gfP1}, P₂ = ${cfg.gfP2}, δ = ${cfg.gfDelta}, λ = ${cfg.gfLambda}`,
      }),
    });
    const tr = gf.filter((c) => c.model === "dmft");
    figs.push({
      name: "gf_train_curves",
      plot: lineChart({
        data: tr.flatMap((c) =>
          c.t.map((x, i) => ({ x, y: c.test[i], series: `${c.direction} ${label(c)}` }))
        ),
        xLabel: "target training time",
        yLabel: "target test MSE (DMFT)",
        title: "Transfer vs from scratch (DMFT)",
      }),
    });
  }
  const sm = (results.gfSummary ?? []) as {
    direction: string;
    gamma1: number;
    gamma2: number;
    final: { transferDmft: number; transferNet: number };
    forgetting?: { dmft: number; network: number; sourceBefore: number; sourceAfter: number };
  }[];
  const withF = sm.filter((s) => s.forgetting !== undefined);
  if (withF.length > 0 && new Set(withF.map((s) => s.gamma2)).size > 1) {
    const panel = (s: (typeof withF)[number]) => `${s.direction}, γ₁ = ${s.gamma1}`;
    const rows = (s: (typeof withF)[number], model: "dmft" | "network") => {
      const f = s.forgetting!;
      const tgt = model === "dmft" ? s.final.transferDmft : s.final.transferNet;
      const src = f.sourceBefore + (model === "dmft" ? f.dmft : f.network);
      return [
        { x: s.gamma2, y: tgt, series: "target test loss", panel: panel(s) },
        { x: s.gamma2, y: src, series: "source test loss after (forgetting)", panel: panel(s) },
        { x: s.gamma2, y: tgt + src, series: "sum (score)", panel: panel(s) },
      ];
    };
    const order = [...withF].sort((a, b) => a.gamma2 - b.gamma2);
    figs.push({
      name: "gf_forgetting",
      plot: theoryVsSim({
        theory: order.flatMap((s) => rows(s, "dmft")),
        sim: order.flatMap((s) => rows(s, "network")),
        panelLabel: "pair and γ₁",
        xLabel: "target feature-learning strength γ₂",
        yLabel: "test MSE at the end of the target stage",
        title: "Transfer gain against forgetting: DMFT (lines) vs networks (points)",
        subtitle:
          `source scored with its frozen head; S = ${cfg.gfSamples}, N = ${cfg.gfWidth}, δ = ${cfg.gfDelta}, λ = ${cfg.gfLambda}`,
      }),
    });
  }
  return figs;
}
