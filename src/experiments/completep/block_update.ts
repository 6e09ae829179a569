/**
 * Per-block update size after one AdamW step (CompleteP desideratum 2, Dey et al. 2025,
 * arXiv:2505.01618 §3; B.5 measurement 3 in PAPERS.md): for each block l,
 * u_l = RMS over coordinates of m_L^{−α}·(F_l(θ_l + Δθ_l; h_l) − F_l(θ_l; h_l)), the change of
 * the block's contribution to the residual stream caused by its own parameters, evaluated on the
 * residual stream h_l of the initial network (probe inputs). With Adam the first step moves
 * every parameter by ≈ η_group = η·m_L^{α−1}, so u_l ∝ m_L^{α−1}·m_L^{−α} = 1/m_L for the
 * general-α column, while μP (no depth control) keeps u_l flat and the summed update ∝ L.
 * @module
 */
import { abs, mean as meanArr, mul, sub } from "../../array/mod.ts";
import type { NDArray } from "../../array/ndarray.ts";
import { valueAndGrad } from "../../autodiff/grad.ts";
import type { RegressionBatch } from "../../data/deep_teacher.ts";
import { checkPositiveInt } from "../../errors/mod.ts";
import type { ResidualMlpParams } from "../../models/residual_mlp.ts";
import { foldIn, key } from "../../random/key.ts";
import { fitLogLogSlope, mean } from "../../stats/mod.ts";
import { type CompletePParam, residualSetup, type ResidualSetupConfig } from "./setup.ts";
import { mseLoss } from "./train_run.ts";

/** Configuration of {@link blockUpdate}. */
export interface BlockUpdateConfig extends ResidualSetupConfig {
  /** Seed of the initialisation and the batch. */
  seed: number;
  /** Training batch of the one step (default 32). */
  batch?: number;
  /** Probe inputs the update is measured on (default 256). */
  probe?: number;
}

/** Result of {@link blockUpdate}. */
export interface BlockUpdateResult {
  /** RMS update of each block's contribution u_l, l = 0 … L−1. */
  perBlock: number[];
  /** Mean over blocks of u_l. */
  meanPerBlock: number;
  /** Mean |Δh_L| of the final residual stream (all blocks together, incl. propagation). */
  total: number;
  /** Mean |Δθ|/η_group over hidden weights (≈ 1 on Adam's first step when ε ≪ |g|). */
  adamRatio: number;
}

const rms = (x: NDArray): number => Math.sqrt(meanArr(mul(x, x)).item());

/** One AdamW step from initialisation at η_base = cfg.lr, then the per-block update sizes. */
export function blockUpdate(cfg: BlockUpdateConfig): BlockUpdateResult {
  const fn = "blockUpdate";
  const batch = checkPositiveInt(fn, "batch", cfg.batch ?? 32);
  const probe = checkPositiveInt(fn, "probe", cfg.probe ?? 256);
  const { model, optimizer, teacher, param } = residualSetup(cfg);
  const p0 = model.init(foldIn(key(cfg.seed), 0));
  const b: RegressionBatch = teacher.sample(foldIn(foldIn(key(cfg.seed), 1), 0), batch);
  const g = valueAndGrad((p: ResidualMlpParams) => mseLoss(model.apply, p, b))(p0).grad;
  const p1 = optimizer.update(p0, g, { state: optimizer.init(p0), lr: cfg.lr }).params;
  const x = teacher.sample(foldIn(key(cfg.teacherSeed ?? 0), 2), probe).x;
  const hs = model.residualStream(p0, x), hs1 = model.residualStream(p1, x);
  const s = param.achieved.residualScale;
  const perBlock = p0.blocks.map((bl, l) =>
    rms(mul(sub(model.branch(p1.blocks[l], hs[l]), model.branch(bl, hs[l])), s))
  );
  const eta = param.achieved.lr.hidden_weight;
  const ratios = p0.blocks.map((bl, l) =>
    meanArr(abs(sub(p1.blocks[l].up.w, bl.up.w))).item() / eta
  );
  return {
    perBlock,
    meanPerBlock: mean(perBlock),
    total: meanArr(abs(sub(hs1[hs1.length - 1], hs[hs.length - 1]))).item(),
    adamRatio: mean(ratios),
  };
}

/** Configuration of {@link blockUpdateSweep}. */
export interface BlockUpdateSweepConfig
  extends Omit<BlockUpdateConfig, "param" | "depth" | "seed"> {
  /** Parameterizations. */
  params: CompletePParam[];
  /** Depths L (≥ 2 distinct values for the slope). */
  depths: number[];
  /** Seeds (the point is their mean). */
  seeds: number[];
}

/** One point of the sweep and, per parameterization, the fitted log-log slopes. */
export interface BlockUpdatePoint {
  /** Parameterization. */
  param: CompletePParam;
  /** Depth L. */
  depth: number;
  /** Seed-mean of the per-block update (mean over blocks). */
  perBlock: number;
  /** Seed-mean of the total update of h_L. */
  total: number;
}

/** Result of {@link blockUpdateSweep}. */
export interface BlockUpdateSweepResult {
  /** Seed-averaged points. */
  points: BlockUpdatePoint[];
  /** Per parameterization: log-log slopes of the per-block and total update against L. */
  slopes: { param: CompletePParam; perBlock: number; total: number }[];
}

/**
 * The per-block and total update after one step for every (param, depth), seed-averaged, with
 * the log-log slopes against L (B.5 criterion 3: per-block slope −1 for α ∈ {½, 1}, 0 for μP).
 */
export function blockUpdateSweep(cfg: BlockUpdateSweepConfig): BlockUpdateSweepResult {
  const { params, depths, seeds, ...shared } = cfg;
  const points: BlockUpdatePoint[] = [];
  const slopes = params.map((param) => {
    const ps = depths.map((depth) => {
      const rs = seeds.map((seed) => blockUpdate({ ...shared, param, depth, seed }));
      return {
        param,
        depth,
        perBlock: mean(rs.map((r) => r.meanPerBlock)),
        total: mean(rs.map((r) => r.total)),
      };
    });
    points.push(...ps);
    return {
      param,
      perBlock: fitLogLogSlope(depths, ps.map((p) => p.perBlock)).slope,
      total: fitLogLogSlope(depths, ps.map((p) => p.total)).slope,
    };
  });
  return { points, slopes };
}
