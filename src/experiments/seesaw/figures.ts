/**
 * The figures of the Seesaw reproduction (arXiv:2510.14717 Figures 1–3 analogues; PAPERS.md,
 * Seesaw), drawn only from the parsed results.json: theory as lines, simulation as markers with
 * ±SE bars in the same colour, log axes where risks span decades.
 * @module
 */
import type { FigureSpec } from "../../run/mod.ts";
import { type SimPoint, type TheoryPoint, theoryVsSim } from "../../plot/mod.ts";
import { mean, standardError } from "../../stats/mod.ts";
import type { RiskCurve } from "./curves.ts";
import type { FamilyRow } from "./phase_families.ts";
import type { SweepRow } from "./batch_sweep.ts";
import type { McRow } from "./mc_check.ts";
import type { LmResult } from "./lm_experiment.ts";

/** What the figures read from results.json (every part optional: a partial run redraws). */
export interface SeesawStored {
  /** Risk curves of the theory part. */
  curves?: Record<string, { theory: RiskCurve; mc?: RiskCurve }>;
  /** NSGD family rows. */
  nsgd?: FamilyRow[];
  /** B₀ sweep rows. */
  sweep?: SweepRow[];
  /** Monte-Carlo rows. */
  mc?: McRow[];
  /** The LM part. */
  lm?: LmResult | { ran: false; reason: string };
}

const positive = <T extends { x: number }>(p: T) => p.x > 0;

/** A stored number (NaN is stored as null) with `d` decimals, or "n/a". */
function fmt(x: number | null | undefined, d: number): string {
  return typeof x === "number" && Number.isFinite(x) ? x.toFixed(d) : "n/a";
}

function curvePoints(c: RiskCurve, axis: "samples" | "steps", series: string): TheoryPoint[] {
  return c[axis].map((x, k) => ({ x, y: c.risk[k], series })).filter(positive);
}

/** Theory-part figures. */
function theoryFigures(r: SeesawStored): FigureSpec[] {
  const out: FigureSpec[] = [];
  const curves = r.curves ?? {};
  if (r.mc?.length) {
    const theory: TheoryPoint[] = [], sim: SimPoint[] = [];
    for (const m of r.mc) {
      const c = curves[m.name];
      if (!c?.mc) continue;
      theory.push(...curvePoints(c.theory, "samples", m.name));
      sim.push(
        ...c.mc.samples.map((x, k) => ({ x, y: c.mc!.risk[k], se: c.mc!.se![k], series: m.name }))
          .filter(positive),
      );
    }
    out.push({
      name: "risk_vs_samples_mc",
      plot: theoryVsSim({
        theory,
        sim,
        logX: true,
        logY: true,
        xLabel: "samples",
        yLabel: "excess risk",
        title: "Step decay vs batch ramp: exact recursion (lines) and Monte-Carlo (points ± SE)",
        subtitle: r.mc.map((m) => `${m.name}: z = ${m.z.toFixed(2)}`).join("; "),
      }),
    });
  }
  if (r.nsgd?.length) {
    out.push({
      name: "nsgd_family",
      plot: theoryVsSim({
        theory: r.nsgd.flatMap((v) =>
          curves[`nsgd ${v.name}`]
            ? curvePoints(curves[`nsgd ${v.name}`].theory, "samples", v.name)
            : []
        ),
        logX: true,
        logY: true,
        xLabel: "samples",
        yLabel: "excess risk (NSGD)",
        title: "NSGD along α√β = 2 (Figure 2 analogue): α ≥ √β tracks step decay",
        subtitle: r.nsgd.map((v) => `${v.name} ${(100 * v.relToStepDecay).toFixed(1)}%`)
          .join(", "),
      }),
    });
  }
  if (r.sweep?.length) {
    for (const axis of ["samples", "steps"] as const) {
      const theory: TheoryPoint[] = [];
      for (const row of r.sweep) {
        for (const s of ["cosine", "seesaw"]) {
          const c = curves[`nsgd ${s} B0=${row.B0}`];
          if (c) theory.push(...curvePoints(c.theory, axis, `${s} B₀=${row.B0}`));
        }
      }
      out.push({
        name: `risk_vs_${axis}`,
        plot: theoryVsSim({
          theory,
          logX: true,
          logY: true,
          xLabel: axis,
          yLabel: "excess risk (NSGD)",
          title: `Cosine vs Seesaw against ${axis} (Figure 1 analogue, exact recursion)`,
        }),
      });
    }
    const names = { cosine: "cosine", seesaw: "Seesaw", fixedLr: "fixed-LR ramp" } as const;
    const theory: TheoryPoint[] = [];
    for (const row of r.sweep) {
      for (const [k, series] of Object.entries(names)) {
        theory.push({ x: row.B0, y: row[k as keyof typeof names], series });
      }
    }
    out.push({
      name: "final_vs_B0",
      plot: theoryVsSim({
        theory,
        logX: true,
        logY: true,
        xLabel: "initial batch B₀",
        yLabel: "final excess risk (NSGD)",
        title: "Final risk vs B₀ at equal samples (Figure 3 analogue, exact recursion)",
      }),
    });
  }
  return out;
}

/** Mean and standard error over seeds (0 with one seed) of the values at one evaluation. */
function meanSe(xs: number[]): { y: number; se: number } {
  return { y: mean(xs), se: xs.length > 1 ? standardError(xs) : 0 };
}

/** Display names of the LM schedules. */
const lmNames: Record<string, string> = {
  cosine: "cosine",
  seesaw: "Seesaw",
  fixedLr: "fixed-LR ramp",
};

/**
 * LM-part figures: the Figure 1 analogue (validation loss against tokens and steps, mean ± SE
 * over seeds as points joined per run, one panel per B₀ when there are several, the validation
 * split's unigram and bigram entropies as reference lines) and the final loss against B₀ per
 * schedule (mean ± SE over seeds).
 */
function lmFigures(lm: LmResult): FigureSpec[] {
  const out: FigureSpec[] = [];
  const refs = [
    { y: lm.entropy.unigram, series: "unigram entropy (validation)" },
    { y: lm.entropy.bigram, series: "bigram entropy (validation)" },
  ];
  const shownB0 = [...new Set(lm.rows.map((r) => r.B0))].sort((a, b) => a - b);
  const panelled = shownB0.length > 1;
  // the runs of each (schedule, B₀) at its chosen LR, grouped over seeds
  const groups = new Map<string, { B0: number; schedule: string; runs: LmResult["runs"] }>();
  for (const r of lm.runs) {
    if (!lm.rows.some((w) => w.B0 === r.B0 && w.schedule === r.schedule && w.lr === r.lr)) continue;
    const k = `${r.schedule} ${r.B0}`;
    const g = groups.get(k) ?? { B0: r.B0, schedule: r.schedule, runs: [] };
    g.runs.push(r);
    groups.set(k, g);
  }
  const deltas = lm.rows.filter((w) => w.schedule === "seesaw").map((w) => {
    const c = lm.rows.find((v) => v.B0 === w.B0 && v.schedule === "cosine");
    return c ? `${w.B0}: ${fmt(w.meanLoss - c.meanLoss, 3)}` : "";
  }).filter((x) => x !== "");
  for (const axis of ["tokens", "steps"] as const) {
    const sim: SimPoint[] = [];
    const theory: TheoryPoint[] = [];
    for (const g of groups.values()) {
      const n = Math.min(...g.runs.map((r) => r.curve.loss.length));
      for (let k = 0; k < n; k++) {
        sim.push({
          x: g.runs[0].curve[axis][k],
          ...meanSe(g.runs.map((r) => r.curve.loss[k])),
          series: lmNames[g.schedule] ?? g.schedule,
          ...(panelled ? { panel: g.B0 } : {}),
        });
      }
    }
    for (const B0 of panelled ? shownB0 : [undefined]) {
      const xs = sim.filter((p) => p.x > 0 && (B0 === undefined || p.panel === B0)).map((p) => p.x);
      const lo = Math.min(...xs), hi = Math.max(...xs);
      for (const ref of refs) {
        for (const x of [lo, hi]) {
          theory.push({ x, ...ref, ...(B0 === undefined ? {} : { panel: B0 }) });
        }
      }
    }
    out.push({
      name: `lm_loss_vs_${axis}`,
      plot: theoryVsSim({
        theory,
        sim: sim.filter(positive),
        linesAre: "the validation split's unigram and bigram entropies (reference levels)",
        connectSim: true,
        // the first evaluations of the large-batch runs sit far above the unigram level: clip
        // them (they are counted in the caption) so the end of training stays readable
        yDomain: [
          Math.min(lm.entropy.bigram, ...sim.map((p) => p.y - (p.se ?? 0))) - 0.05,
          lm.entropy.unigram + 0.3,
        ],
        logX: axis === "tokens",
        xLabel: axis,
        yLabel: "validation loss (nats/char)",
        ...(panelled ? { panelLabel: "B₀" } : {}),
        title: `Char LM, cosine vs Seesaw against ${axis} (Figure 1 analogue): ${lm.text}`,
        subtitle: `${lm.params} parameters, ${lm.tokens} tokens per run; Seesaw − cosine = ${
          panelled
            ? deltas.join(", ") + " nats (B₀: Δ, seed means)"
            : `${fmt(lm.headline.deltaLoss, 4)} nats at B₀ = ${lm.headline.B0}`
        }; step ratio ${fmt(lm.headline.stepRatio, 3)}`,
      }),
    });
  }
  if (panelled) {
    const sim: SimPoint[] = lm.rows.map((w) => ({
      x: w.B0,
      y: w.meanLoss,
      se: typeof w.se === "number" && Number.isFinite(w.se) ? w.se : 0,
      series: lmNames[w.schedule] ?? w.schedule,
    }));
    const lo = shownB0[0], hi = shownB0[shownB0.length - 1];
    out.push({
      name: "lm_final_vs_B0",
      plot: theoryVsSim({
        theory: [{ x: lo, ...refs[1] }, { x: hi, ...refs[1] }],
        sim,
        linesAre: "the validation split's bigram entropy (reference level)",
        connectSim: true,
        logX: true,
        xLabel: "initial batch B₀ (sequences)",
        yLabel: "final validation loss (nats/char)",
        title: "Char LM: final loss vs B₀ per schedule (mean ± SE over seeds)",
        subtitle: `critical batch ${lm.cbs ?? "not measured"}; ${
          Math.max(...lm.rows.map((w) => w.seeds))
        } seed(s); LR tuned for cosine at each B₀ and reused`,
      }),
    });
  }
  if (lm.lrSearch?.length) {
    // one panel per batch: final cosine loss against the LRs tried (seed 0), the chosen LR
    // interior when the search resolved; the bigram entropy as the reference line
    const sim: SimPoint[] = lm.lrSearch.flatMap((t) =>
      t.grid.map((g) => ({ x: g.lr, y: g.loss, series: "cosine, seed 0", panel: t.B }))
    );
    const lrs = sim.map((p) => p.x);
    const theory = lm.lrSearch.flatMap((t) =>
      [Math.min(...lrs), Math.max(...lrs)].map((x) => ({
        x,
        y: lm.entropy.bigram,
        series: "bigram entropy",
        panel: t.B,
      }))
    );
    out.push({
      name: "lm_lr_search",
      plot: theoryVsSim({
        theory,
        sim,
        linesAre: "the validation split's bigram entropy (reference level)",
        connectSim: true,
        logX: true,
        panelLabel: "batch B",
        xLabel: "peak LR",
        yLabel: "final validation loss (nats/char)",
        title: "Char LM: the cosine LR search at each batch (widened until the best is interior)",
        subtitle: `chosen: ${
          lm.lrSearch.map((t) => `B = ${t.B}: ${t.lr}${t.interior ? "" : " (edge)"}`).join(", ")
        }`,
      }),
    });
  }
  return out;
}

/**
 * Every figure of a Seesaw run, from its parsed results.json (pure).
 *
 * @param r the stored results (any subset)
 * @returns the figure list
 */
export function seesawFigures(r: SeesawStored): FigureSpec[] {
  const out = theoryFigures(r);
  if (r.lm && "runs" in r.lm && r.lm.runs.length > 0) out.push(...lmFigures(r.lm));
  return out;
}
