/**
 * Depth-wise learning-rate transfer (Dey et al. 2025, arXiv:2505.01618, Fig. 1 left and
 * Figs. 2–3; B.5 measurement 1 in PAPERS.md): final test loss against η_base for every
 * (parameterization, depth, seed), and per (parameterization, depth) the optimal η_base from a
 * parabola fit in log₂ η around the grid minimum of the seed-averaged loss.
 * @module
 */
import { checkFinite, checkPositiveInt } from "../../errors/mod.ts";
import { ArgumentError } from "../../errors/mod.ts";
import type { RunContext } from "../../run/context.ts";
import { mean, standardError } from "../../stats/mod.ts";
import type { ParamGroup } from "../../param/parameterization.ts";
import type { CompletePParam } from "./setup.ts";
import { trainRun, type TrainRunConfig } from "./train_run.ts";

/** Configuration of {@link lrTransfer}: the grid axes and the shared run settings. */
export interface LrTransferConfig extends Omit<TrainRunConfig, "param" | "depth" | "lr" | "seed"> {
  /** Parameterizations. */
  params: CompletePParam[];
  /** Depths L. */
  depths: number[];
  /** log₂ η_base grid (equally spaced). */
  log2Lrs: number[];
  /** Seeds. */
  seeds: number[];
  /**
   * Groups whose η_base stays at `2^fixedLog2Lr` (times their Table 1 multipliers) while the
   * others follow the grid (default none: every group swept, as in the paper's η_base sweeps).
   */
  fixedGroups?: ParamGroup[];
  /** log₂ η_base of the `fixedGroups` (default −12). */
  fixedLog2Lr?: number;
}

/** The in-block groups, the only ones Table 1 scales with depth (arXiv:2505.01618). */
export const IN_BLOCK_GROUPS: readonly ParamGroup[] = ["hidden_weight", "hidden_ln", "hidden_bias"];

/** The groups outside the blocks: embedding, final LayerNorm, unembedding. */
export const OUTER_GROUPS: readonly ParamGroup[] = ["emb", "final_ln", "unemb"];

/** One run of the grid. */
export interface LrTransferRow {
  /** Parameterization. */
  param: CompletePParam;
  /** Depth L. */
  depth: number;
  /** log₂ η_base. */
  log2Lr: number;
  /** Seed. */
  seed: number;
  /** Final test MSE (null when diverged). */
  testLoss: number | null;
  /** True when the run diverged. */
  diverged: boolean;
}

/** The optimum of one (parameterization, depth) curve. */
export interface LrOptimum {
  /** Parameterization. */
  param: CompletePParam;
  /** Depth L. */
  depth: number;
  /** Parabola-refined optimal log₂ η_base (the grid argmin at an edge). */
  log2Lr: number;
  /** Grid index of the minimum. */
  index: number;
  /** Seed-averaged loss at the grid minimum. */
  loss: number;
  /** Standard error over seeds of the loss at the grid minimum (null with fewer than 2 seeds). */
  lossSe: number | null;
  /** Number of seeds at the grid minimum. */
  seeds: number;
}

/**
 * The optimum of a loss curve on an equally spaced log₂ η grid: the grid minimum, refined by
 * the vertex of the parabola through it and its two neighbours (kept within them). Non-finite
 * losses (diverged runs) count as +∞; an all-diverged curve is a named error.
 */
export function optimalLog2Lr(
  log2Lrs: readonly number[],
  losses: readonly number[],
): { log2Lr: number; index: number; loss: number } {
  if (log2Lrs.length !== losses.length || log2Lrs.length === 0) {
    throw new ArgumentError("optimalLog2Lr", "losses", `${log2Lrs.length} values`, losses.length);
  }
  const y = losses.map((v) => (Number.isFinite(v) ? v : Infinity));
  let i = 0;
  for (let j = 1; j < y.length; j++) if (y[j] < y[i]) i = j;
  if (!Number.isFinite(y[i])) {
    throw new ArgumentError("optimalLog2Lr", "losses", "at least one finite loss", losses);
  }
  let x = log2Lrs[i];
  if (i > 0 && i < y.length - 1 && Number.isFinite(y[i - 1]) && Number.isFinite(y[i + 1])) {
    const h = (log2Lrs[i + 1] - log2Lrs[i - 1]) / 2, curv = y[i + 1] - 2 * y[i] + y[i - 1];
    if (curv > 0) {
      const dx = -h * (y[i + 1] - y[i - 1]) / (2 * curv);
      x += Math.max(-h, Math.min(h, dx));
    }
  }
  return { log2Lr: x, index: i, loss: y[i] };
}

/** One seed-averaged loss curve of {@link meanLossCurves}. */
export interface MeanLossCurve {
  /** Parameterization. */
  param: CompletePParam;
  /** Depth L. */
  depth: number;
  /** log₂ η_base, ascending. */
  log2Lrs: number[];
  /** Seed-mean final test loss per η (+∞ if any seed diverged). */
  losses: number[];
  /** Standard error over seeds per η (null when diverged or fewer than 2 seeds). */
  ses: (number | null)[];
  /** Number of seeds per η. */
  seeds: number[];
}

/** Seed-averaged loss per (param, depth, log₂ η): +∞ if any seed diverged; with its SE. */
export function meanLossCurves(rows: readonly LrTransferRow[]): Map<string, MeanLossCurve> {
  const out = new Map<string, MeanLossCurve>();
  const groups = new Map<string, LrTransferRow[]>();
  for (const r of rows) {
    const k = `${r.param}|${r.depth}|${r.log2Lr}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  for (const rs of groups.values()) {
    const { param, depth, log2Lr } = rs[0];
    const k = `${param}|${depth}`;
    if (!out.has(k)) out.set(k, { param, depth, log2Lrs: [], losses: [], ses: [], seeds: [] });
    const c = out.get(k)!;
    const diverged = rs.some((r) => r.diverged), ls = rs.map((r) => r.testLoss!);
    c.log2Lrs.push(log2Lr);
    c.losses.push(diverged ? Infinity : mean(ls));
    c.ses.push(diverged || ls.length < 2 ? null : standardError(ls));
    c.seeds.push(rs.length);
  }
  for (const c of out.values()) {
    const order = c.log2Lrs.map((_, i) => i).sort((a, b) => c.log2Lrs[a] - c.log2Lrs[b]);
    c.log2Lrs = order.map((i) => c.log2Lrs[i]);
    c.losses = order.map((i) => c.losses[i]);
    c.ses = order.map((i) => c.ses[i]);
    c.seeds = order.map((i) => c.seeds[i]);
  }
  return out;
}

/** The optimum of every (param, depth) curve in `rows` (curves with no finite loss skipped). */
export function lrOptima(rows: readonly LrTransferRow[]): LrOptimum[] {
  const out: LrOptimum[] = [];
  for (const c of meanLossCurves(rows).values()) {
    if (!c.losses.some(Number.isFinite)) continue;
    const o = optimalLog2Lr(c.log2Lrs, c.losses);
    out.push({
      param: c.param,
      depth: c.depth,
      ...o,
      lossSe: c.ses[o.index],
      seeds: c.seeds[o.index],
    });
  }
  return out;
}

/**
 * Run the grid params × depths × log₂ η × seeds (appending each row to `results.lrRuns` as it
 * finishes) and return the rows and the optima.
 */
export async function lrTransfer(
  cfg: LrTransferConfig,
  ctx?: RunContext,
): Promise<{ rows: LrTransferRow[]; optima: LrOptimum[] }> {
  const fn = "lrTransfer";
  for (const d of cfg.depths) checkPositiveInt(fn, "depths[]", d);
  for (const e of cfg.log2Lrs) checkFinite(fn, "log2Lrs[]", e);
  const { params, depths, log2Lrs, seeds, fixedGroups = [], fixedLog2Lr = -12, ...shared } = cfg;
  checkFinite(fn, "fixedLog2Lr", fixedLog2Lr);
  const bar = ctx?.progress(
    "completep: LR transfer",
    params.length * depths.length *
      log2Lrs.length * seeds.length,
  );
  const rows: LrTransferRow[] = [];
  for (const param of params) {
    for (const depth of depths) {
      for (const log2Lr of log2Lrs) {
        for (const seed of seeds) {
          const groupLr = fixedGroups.length === 0 ? undefined : Object.fromEntries(
            fixedGroups.map((g) => [g, 2 ** (fixedLog2Lr - log2Lr)]),
          );
          const r = await trainRun({ ...shared, param, depth, lr: 2 ** log2Lr, seed, groupLr });
          const row = {
            param,
            depth,
            log2Lr,
            seed,
            testLoss: r.diverged ? null : r.testLoss,
            diverged: r.diverged,
          };
          rows.push(row);
          await ctx?.results.append("lrRuns", row);
          bar?.tick();
        }
      }
    }
  }
  bar?.done();
  return { rows, optima: lrOptima(rows) };
}

/**
 * The LR-transfer rows of a merged sweep: the text of `saddle merge`'s merged.jsonl (one JSON
 * object per run, whose `results.lrRuns` holds that run's rows), concatenated in file order.
 * A line that is not such an object is a named error naming the line.
 */
export function lrRowsFromMerged(jsonl: string): LrTransferRow[] {
  const rows: LrTransferRow[] = [];
  jsonl.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let run: { results?: { lrRuns?: LrTransferRow[] } };
    try {
      run = JSON.parse(line);
    } catch {
      throw new ArgumentError("lrRowsFromMerged", `line ${i + 1}`, "a JSON object", line);
    }
    const rs = run?.results?.lrRuns;
    if (!Array.isArray(rs)) {
      throw new ArgumentError(
        "lrRowsFromMerged",
        `line ${i + 1}`,
        "a run with results.lrRuns",
        line,
      );
    }
    rows.push(...rs);
  });
  return rows;
}

/**
 * Whether μP "diverges at depth" in the sense of B.5 (1): some seed of μP at the largest depth
 * diverged at the grid η nearest the optimum of μP at the smallest depth.
 */
export function mupBaseDivergesAtDepth(rows: readonly LrTransferRow[]): boolean {
  const mup = rows.filter((r) => r.param === "mup");
  if (mup.length === 0) return false;
  const depths = mup.map((r) => r.depth);
  const lo = Math.min(...depths), hi = Math.max(...depths);
  const base = lrOptima(mup.filter((r) => r.depth === lo))[0];
  if (!base) return false;
  const grid = [...new Set(mup.map((r) => r.log2Lr))];
  const near = grid.reduce((a, b) => Math.abs(b - base.log2Lr) < Math.abs(a - base.log2Lr) ? b : a);
  return mup.some((r) => r.depth === hi && r.log2Lr === near && r.diverged);
}
