/**
 * The B.5 "what counts as faithful" criteria of the CompleteP reproduction (PAPERS.md; Dey et
 * al. 2025, arXiv:2505.01618), evaluated on measured results. Each criterion reports the numbers
 * it was decided on and `pass`; a criterion whose measurement is missing (not run) is absent.
 * @module
 */
import type { BlockUpdateSweepResult } from "./block_update.ts";
import type { CoordCurve } from "./depth_coord_check.ts";
import type { LinearizationSweepResult } from "./linearization.ts";
import type { LrOptimum } from "./lr_transfer.ts";

/** The measured results the criteria read (any subset). */
export interface CriteriaInput {
  /** Optima of the LR-transfer curves. */
  lrOptima?: LrOptimum[];
  /** Depth coordinate-check curves. */
  coordCheck?: CoordCurve[];
  /** Per-block update sweep. */
  blockUpdate?: BlockUpdateSweepResult;
  /** Linearization sweep. */
  linearization?: LinearizationSweepResult;
}

/** A criterion's verdict with the numbers behind it. */
export interface Criterion {
  /** True when the measured numbers meet the criterion. */
  pass: boolean;
  /** What was measured. */
  measured: Record<string, number | boolean | null>;
}

/**
 * Criteria (1)–(4) of B.5:
 * (1) CompleteP's optimal log₂ η moves ≤ 1 grid step between the smallest and largest depth,
 *     μP's moves down ≥ 2 steps or the base optimum diverges at the largest depth (`lrTransfer`);
 *     and, at the best η, CompleteP's seed-mean loss falls monotonically with depth and is ≤
 *     α = ½'s at the largest depth (`lrBestLoss`; its `maxRiseSe` is the largest rise between
 *     consecutive depths in units of the two points' combined standard error over seeds);
 * (2) final-residual |h_L| within 2× across L after step 3 for α ∈ {½, 1}, μP grows ≥ 10×
 *     from the smallest to the largest depth at the last step;
 * (3) per-block update slope −1 ± 0.15 for α ∈ {½, 1};
 * (4) relative linearization distance slope α − 1 ± 0.15 (μP, whose LR has no depth factor: 0).
 */
export function completepCriteria(r: CriteriaInput, opts: { lrDiverged?: boolean } = {}): {
  [K in "lrTransfer" | "lrBestLoss" | "coordCheck" | "blockUpdate" | "linearization"]?: Criterion;
} {
  const out: ReturnType<typeof completepCriteria> = {};
  if (r.lrOptima && r.lrOptima.length > 0) {
    const shift = (p: string) => {
      const os = r.lrOptima!.filter((o) => o.param === p).sort((a, b) => a.depth - b.depth);
      return os.length >= 2 ? os[os.length - 1].log2Lr - os[0].log2Lr : null;
    };
    const cp = shift("completep"), mup = shift("mup");
    const m = {
      completepShift: cp,
      mupShift: mup,
      mupBaseDivergesAtDepth: opts.lrDiverged ?? false,
      depthMupShift: shift("depth-mup"),
    };
    out.lrTransfer = {
      pass: cp !== null && Math.abs(cp) <= 1 && mup !== null &&
        (mup <= -2 || (opts.lrDiverged ?? false)),
      measured: m,
    };
    const best = (p: string) =>
      r.lrOptima!.filter((o) => o.param === p).sort((a, b) => a.depth - b.depth);
    const cps = best("completep"), dms = best("depth-mup");
    if (cps.length >= 2) {
      const measured: Record<string, number | boolean | null> = {};
      for (const o of cps) measured[`completepLossL${o.depth}`] = o.loss;
      let monotone = true, maxRiseSe: number | null = null;
      for (let i = 1; i < cps.length; i++) {
        const rise = cps[i].loss - cps[i - 1].loss;
        if (!(rise < 0)) monotone = false;
        const [a, b] = [cps[i].lossSe, cps[i - 1].lossSe];
        if (a !== null && b !== null && a + b > 0) {
          const z = rise / Math.hypot(a, b);
          maxRiseSe = maxRiseSe === null ? z : Math.max(maxRiseSe, z);
        }
      }
      const top = cps[cps.length - 1];
      const dmTop = dms.find((o) => o.depth === top.depth);
      measured.completepMonotone = monotone;
      measured.maxRiseSe = maxRiseSe;
      measured.depthMupLossAtMax = dmTop?.loss ?? null;
      const leq = dmTop !== undefined && top.loss <= dmTop.loss;
      measured.completepLeqDepthMupAtMax = leq;
      out.lrBestLoss = { pass: monotone && leq, measured };
    }
  }
  if (r.coordCheck && r.coordCheck.length > 0) {
    const measured: Record<string, number> = {};
    let pass = true;
    for (const p of new Set(r.coordCheck.map((c) => c.param))) {
      const cs = r.coordCheck.filter((c) => c.param === p).sort((a, b) => a.depth - b.depth);
      const last = Math.min(...cs.map((c) => c.meanAbsHL.length)) - 1;
      if (p === "mup" || p === "sp") {
        const g = cs[cs.length - 1].meanAbsHL[last] / cs[0].meanAbsHL[last];
        measured[`${p}Growth`] = g;
        pass &&= g >= 10;
      } else {
        let worst = 1;
        for (let t = 3; t <= last; t++) {
          const v = cs.map((c) => c.meanAbsHL[t]);
          worst = Math.max(worst, Math.max(...v) / Math.min(...v));
        }
        measured[`${p}MaxRatio`] = worst;
        pass &&= worst <= 2;
      }
    }
    out.coordCheck = { pass, measured };
  }
  if (r.blockUpdate) {
    const measured: Record<string, number> = {};
    let pass = true;
    for (const s of r.blockUpdate.slopes) {
      measured[`${s.param}PerBlockSlope`] = s.perBlock;
      measured[`${s.param}TotalSlope`] = s.total;
      if (s.param === "depth-mup" || s.param === "completep") {
        pass &&= Math.abs(s.perBlock + 1) <= 0.15;
      }
    }
    out.blockUpdate = { pass, measured };
  }
  if (r.linearization) {
    const measured: Record<string, number> = {};
    let pass = true;
    for (const s of r.linearization.slopes) {
      measured[`${s.param}Slope`] = s.relNorm;
      measured[`${s.param}PaperNormSlope`] = s.relNormPaper;
      pass &&= Math.abs(s.relNorm - s.expectedSlope) <= 0.15;
    }
    out.linearization = { pass, measured };
  }
  return out;
}
