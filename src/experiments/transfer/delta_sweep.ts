/**
 * The linear Bayesian δ sweep (arXiv:2507.04448 v1 §3; PAPERS.md "Transfer learning", plan
 * item 1): target population loss of the sequential elastic-transfer posterior against δ, for
 * each source size P₁, target size P₂, source–target alignment α_s and source richness γ₁,
 * averaged over seeds, beside the δ → ∞ limit (ridgeless readout on the frozen source kernel)
 * and the checks of the faithful conditions.
 * @module
 */
import {
  alignedTeachers,
  kernelReadoutWeights,
  linearBayesSingleTask,
  linearBayesTransfer,
  linearPopulationLoss,
  linearTeacherData,
} from "../../theory/mod.ts";
import { foldIn, key } from "../../random/mod.ts";
import { meanAndSe } from "../../stats/mod.ts";
import type { RunContext } from "../../run/mod.ts";

/** Configuration of {@link deltaSweep}. */
export interface DeltaSweepConfig {
  /** Input dimension D. */
  d: number;
  /** Source sample sizes P₁. */
  p1s: number[];
  /** Target sample sizes P₂ (≤ D: ridgeless). */
  p2s: number[];
  /** Source–target alignments α_s. */
  alphas: number[];
  /** Source strengths γ₁. */
  gamma1s: number[];
  /** Target strength γ₂. */
  gamma2: number;
  /** Elastic couplings δ (include 0 for the single-task baseline). */
  deltas: number[];
  /** Number of data seeds averaged. */
  seeds: number;
  /** Root seed. */
  seed: number;
  /** Transfer model reading. */
  mode?: "sequential" | "joint";
  /** Elastic prior reading. */
  prior?: "add" | "replace";
}

/** One (P₁, P₂, α_s, γ₁) curve of loss against δ. */
export interface DeltaCurve {
  /** Source size. */
  p1: number;
  /** Target size. */
  p2: number;
  /** Alignment α_s. */
  alpha: number;
  /** Source strength γ₁. */
  gamma1: number;
  /** δ values. */
  deltas: number[];
  /** Mean target loss per δ (relative to predicting zero). */
  loss: number[];
  /** Standard error over seeds per δ. */
  se: number[];
  /** Mean loss of the ridgeless readout on the frozen source kernel (δ → ∞ limit). */
  readout: number;
  /** Its standard error. */
  readoutSe: number;
}

/** The faithful conditions of plan item 1, measured. */
export interface DeltaSweepChecks {
  /** Curves with α_s ≥ 0.9 whose mean loss increases anywhere along δ (by more than 1e-9). */
  nonMonotoneAligned: number;
  /** Number of α_s ≥ 0.9 curves. */
  alignedCurves: number;
  /** Largest rise max_{j>i}(L_j − L_i) along δ over α_s ≥ 0.9 curves, relative to L(δ = 0). */
  maxRelativeRiseAligned: number;
  /** Largest |L(δ_max) − L_readout| / L_readout over α_s ≥ 0.9 curves. */
  maxReadoutGap: number;
  /** Largest spread of L(δ = 0) across γ₁ at fixed (P₁, P₂, α_s). */
  maxDelta0Spread: number;
  /** Over α_s = 0 curves: the largest gain L(0) − min_δ L (≈ 0 or negative: no transfer). */
  maxGainUnaligned: number;
  /** Benefit L(0) − min_δ L of every curve at the largest α_s. */
  benefits: { p1: number; p2: number; gamma1: number; benefit: number }[];
  /** True if at the largest α_s the benefit falls with P₂ at every (P₁, γ₁). */
  benefitFallsWithP2: boolean;
  /** True if at the largest α_s the benefit grows with γ₁ at every (P₁, P₂). */
  benefitGrowsWithGamma1: boolean;
  /**
   * Spread of the benefit across γ₁ (max − min) at the largest α_s, per (P₁, P₂): "richer
   * pretraining helps most at small P₂ and the curves merge as P₂ grows".
   */
  gamma1Spread: { p1: number; p2: number; spread: number }[];
  /** True if that spread falls with P₂ at every P₁. */
  gamma1SpreadFallsWithP2: boolean;
}

/** Result of {@link deltaSweep}. */
export interface DeltaSweepResult {
  /** One curve per (P₁, P₂, α_s, γ₁). */
  curves: DeltaCurve[];
  /** The faithful conditions. */
  checks: DeltaSweepChecks;
}

/**
 * Run the δ sweep: one source solve per (seed, P₁, γ₁), one target solve per δ. Curves are
 * appended to `ctx.results` under `deltaCurves` as they finish (when a context is given).
 */
export async function deltaSweep(
  cfg: DeltaSweepConfig,
  ctx?: RunContext,
): Promise<DeltaSweepResult> {
  const d = cfg.d;
  const acc = new Map<string, { losses: number[][]; readout: number[] }>();
  const keyOf = (p1: number, p2: number, a: number, g: number) => `${p1}|${p2}|${a}|${g}`;
  const total = cfg.seeds * cfg.p1s.length * cfg.gamma1s.length;
  const bar = ctx?.progress("δ sweep (source solves)", total);
  for (let s = 0; s < cfg.seeds; s++) {
    const ks = foldIn(key(cfg.seed), s);
    for (const p1 of cfg.p1s) {
      for (const gamma1 of cfg.gamma1s) {
        // Teachers depend on the seed only: β_s is shared by every α_s.
        const base = alignedTeachers(foldIn(ks, 1), d, 0);
        const source = linearTeacherData(foldIn(foldIn(ks, 2), p1), {
          p: p1,
          teacher: base.source,
        });
        const src = linearBayesSingleTask({ data: source, d, gamma: gamma1 });
        const sigma1 = src.covariance();
        for (const alpha of cfg.alphas) {
          const { target: betaT } = alignedTeachers(foldIn(ks, 1), d, alpha);
          for (const p2 of cfg.p2s) {
            const target = linearTeacherData(foldIn(foldIn(ks, 3), p2), { p: p2, teacher: betaT });
            const k = keyOf(p1, p2, alpha, gamma1);
            if (!acc.has(k)) acc.set(k, { losses: cfg.deltas.map(() => []), readout: [] });
            const entry = acc.get(k)!;
            cfg.deltas.forEach((delta, i) => {
              const tr = linearBayesTransfer({
                source,
                target,
                d,
                gamma1,
                gamma2: cfg.gamma2,
                delta,
                mode: cfg.mode,
                prior: cfg.prior,
                sourceSolution: cfg.mode === "joint" ? undefined : src,
              });
              entry.losses[i].push(linearPopulationLoss(tr.weights, betaT) / (dotSelf(betaT) / d));
            });
            const wr = kernelReadoutWeights(sigma1, target, d);
            entry.readout.push(linearPopulationLoss(wr, betaT) / (dotSelf(betaT) / d));
          }
        }
        bar?.tick();
      }
    }
  }
  bar?.done();
  const curves: DeltaCurve[] = [];
  for (const p1 of cfg.p1s) {
    for (const p2 of cfg.p2s) {
      for (const alpha of cfg.alphas) {
        for (const gamma1 of cfg.gamma1s) {
          const e = acc.get(keyOf(p1, p2, alpha, gamma1))!;
          const stats = e.losses.map((l) => meanAndSe(l));
          const r = meanAndSe(e.readout);
          const curve: DeltaCurve = {
            p1,
            p2,
            alpha,
            gamma1,
            deltas: cfg.deltas,
            loss: stats.map((x) => x.mean),
            se: stats.map((x) => (Number.isFinite(x.se) ? x.se : 0)),
            readout: r.mean,
            readoutSe: Number.isFinite(r.se) ? r.se : 0,
          };
          curves.push(curve);
          await ctx?.results.append("deltaCurves", curve);
        }
      }
    }
  }
  return { curves, checks: deltaSweepChecks(curves) };
}

function dotSelf(v: Float64Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return s;
}

/** Evaluate the faithful conditions of plan item 1 on a set of curves. */
export function deltaSweepChecks(curves: DeltaCurve[]): DeltaSweepChecks {
  const aligned = curves.filter((c) => c.alpha >= 0.9);
  const i0 = curves.length > 0 ? Math.max(0, curves[0].deltas.indexOf(0)) : 0;
  let nonMono = 0, gap = 0, rise = 0;
  for (const c of aligned) {
    if (c.loss.some((l, i) => i > 0 && l > c.loss[i - 1] + 1e-9)) nonMono++;
    let runMin = Infinity;
    for (const l of c.loss) {
      runMin = Math.min(runMin, l);
      rise = Math.max(rise, (l - runMin) / c.loss[i0]);
    }
    const last = c.loss[c.loss.length - 1];
    gap = Math.max(gap, Math.abs(last - c.readout) / c.readout);
  }
  let spread = 0;
  const groups = new Map<string, number[]>();
  for (const c of curves) {
    const k = `${c.p1}|${c.p2}|${c.alpha}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(c.loss[i0]);
  }
  for (const v of groups.values()) spread = Math.max(spread, Math.max(...v) - Math.min(...v));
  const benefit = (c: DeltaCurve) => c.loss[i0] - Math.min(...c.loss);
  const unaligned = curves.filter((c) => c.alpha === 0);
  const maxGainUnaligned = unaligned.length ? Math.max(...unaligned.map(benefit)) : NaN;
  const aMax = Math.max(...curves.map((c) => c.alpha));
  const top = curves.filter((c) => c.alpha === aMax);
  const benefits = top.map((c) => ({ p1: c.p1, p2: c.p2, gamma1: c.gamma1, benefit: benefit(c) }));
  const monotone = (by: "p2" | "gamma1", sign: 1 | -1) => {
    const other = (b: (typeof benefits)[number]) =>
      by === "p2" ? `${b.p1}|${b.gamma1}` : `${b.p1}|${b.p2}`;
    const g = new Map<string, typeof benefits>();
    for (const b of benefits) {
      if (!g.has(other(b))) g.set(other(b), []);
      g.get(other(b))!.push(b);
    }
    for (const list of g.values()) {
      list.sort((a, b) => a[by] - b[by]);
      for (let i = 1; i < list.length; i++) {
        if (sign * (list[i].benefit - list[i - 1].benefit) < 0) return false;
      }
    }
    return true;
  };
  const spreads: { p1: number; p2: number; spread: number }[] = [];
  for (const p1 of [...new Set(benefits.map((b) => b.p1))]) {
    for (const p2 of [...new Set(benefits.map((b) => b.p2))].sort((a, b) => a - b)) {
      const v = benefits.filter((b) => b.p1 === p1 && b.p2 === p2).map((b) => b.benefit);
      if (v.length) spreads.push({ p1, p2, spread: Math.max(...v) - Math.min(...v) });
    }
  }
  const spreadFalls = spreads.every((x, i) =>
    i === 0 || spreads[i - 1].p1 !== x.p1 || x.spread <= spreads[i - 1].spread
  );
  return {
    gamma1Spread: spreads,
    gamma1SpreadFallsWithP2: spreadFalls,
    nonMonotoneAligned: nonMono,
    alignedCurves: aligned.length,
    maxRelativeRiseAligned: rise,
    maxReadoutGap: gap,
    maxDelta0Spread: spread,
    maxGainUnaligned,
    benefits,
    benefitFallsWithP2: monotone("p2", -1),
    benefitGrowsWithGamma1: monotone("gamma1", 1),
  };
}
