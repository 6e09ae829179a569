/**
 * Relative distance from linearization after one Adam step — the toy of Fig. 6 of Dey et al.
 * 2025 (arXiv:2505.01618; B.3 "laziness" in PAPERS.md). A residual network without LayerNorm:
 * read-in u_0 = x W_in/√D, L branches of K layers each (z ← φ(z); z ← √(2/N)·z W_k, W ~ N(0, 1)),
 * u_{b+1} = u_b + m_L^{−α}·z_b, readout u_L W_out/N, cross-entropy on C classes. Only the first
 * weight W of branch 1 is trained, for one Adam step on a batch, with the parameterization's
 * hidden LR and ε (η_base·m_L^{α−1}, ε_base·m_L^{−α} for the general column; depth-free for μP).
 * For the branch output a(W) (a function of W alone: the branch input does not change) we
 * measure, with the exact first-order term lin = ⟨∇_W a(W₀), ΔW⟩ (a directional derivative):
 *
 *   relative nonlinearity  r = |a(W₀+ΔW) − a(W₀) − lin| / |lin|   (slope α − 1 in L, B.3),
 *   the paper's normalisation  r' = |a(W₀+ΔW) − (a(W₀) + lin)| / |a(W₀) + lin|,
 *
 * both at coordinate [sample 0, unit 0] (the notebook's choice) and as Frobenius norms over
 * the whole branch output [B, N]. Everything runs in f64 (the second-order term is ~1e-10).
 * @module
 */
import { argmax, matmul as matmulArr, mul as mulArr, sub as subArr } from "../../array/mod.ts";
import { add as addArr, norm } from "../../array/mod.ts";
import type { NDArray } from "../../array/ndarray.ts";
import { grad, valueAndGrad } from "../../autodiff/grad.ts";
import { add, crossEntropy, matmul, mean, mul, sum } from "../../autodiff/ops.ts";
import { checkChoice, checkPositiveInt } from "../../errors/mod.ts";
import { type Activation, activation } from "../../nn/activations.ts";
import { adam } from "../../optim/adam.ts";
import { parameterize } from "../../param/parameterization.ts";
import { foldIn, key, split } from "../../random/key.ts";
import { normal } from "../../random/normal.ts";
import { fitLogLogSlope } from "../../stats/mod.ts";

/** Configuration of {@link linearizationDistance}. */
export interface LinearizationConfig {
  /** Parameterization: mup (no depth control), depth-mup (α = ½) or completep (α = 1). */
  param: "mup" | "depth-mup" | "completep";
  /** Override of α (general column only), in [0, 1]. */
  alpha?: number;
  /** Number of branches L. */
  depth: number;
  /** Base depth L_base (default 2). */
  baseDepth?: number;
  /** Width N (default 128). */
  width?: number;
  /** Input dimension D (default 64). */
  inDim?: number;
  /** Classes C (default 10). */
  classes?: number;
  /** Layers per branch K (default 2). */
  branchLayers?: number;
  /** Batch of the Adam step (default 128). */
  batch?: number;
  /** Branch nonlinearity (default "gelu"; with "relu" a is piecewise linear in W, see PAPERS.md). */
  activation?: Activation;
  /** η_base before the width factor N^{−1/2} (default 1e-4, the notebook's). */
  lr?: number;
  /** ε_base (default 1e-8). */
  eps?: number;
  /** Seed of weights and data. */
  seed: number;
}

/** Result of {@link linearizationDistance}. */
export interface LinearizationResult {
  /** |a₁ − a₀ − lin|/|lin| at [0, 0]. */
  relCoord: number;
  /** ‖a₁ − a₀ − lin‖/‖lin‖ over the branch output. */
  relNorm: number;
  /** |a₁ − (a₀ + lin)|/|a₀ + lin| at [0, 0] (the notebook's normalisation). */
  relCoordPaper: number;
  /** ‖a₁ − (a₀ + lin)‖/‖a₀ + lin‖ over the branch output. */
  relNormPaper: number;
  /** η and ε of the trained weight. */
  lr: number;
  /** ε of the trained weight. */
  eps: number;
}

/** Gaussian inputs [B, D] with labels argmax(x T) of a random linear teacher T [D, C]. */
function classificationBatch(k: ReturnType<typeof key>, b: number, d: number, c: number) {
  const [kx, kt] = split(k, 2);
  const x = normal(kx, [b, d], { dtype: "f64" });
  const t = normal(kt, [d, c], { dtype: "f64" });
  return { x, y: Int32Array.from(argmax(matmulArr(x, t), { axis: 1 }).dataSync()) };
}

/** One Adam step on branch 1's first weight, then the relative linearization distances. */
export function linearizationDistance(cfg: LinearizationConfig): LinearizationResult {
  const fn = "linearizationDistance";
  checkChoice(fn, "param", cfg.param, ["mup", "depth-mup", "completep"] as const);
  const L = checkPositiveInt(fn, "depth", cfg.depth);
  if (L < 2) throw new RangeError(`${fn}: "depth" must be ≥ 2 (branch 1 is trained), got ${L}`);
  const N = checkPositiveInt(fn, "width", cfg.width ?? 128);
  const D = checkPositiveInt(fn, "inDim", cfg.inDim ?? 64);
  const C = checkPositiveInt(fn, "classes", cfg.classes ?? 10);
  const K = checkPositiveInt(fn, "branchLayers", cfg.branchLayers ?? 2);
  const B = checkPositiveInt(fn, "batch", cfg.batch ?? 128);
  const p = parameterize(cfg.param, {
    width: N,
    depth: L,
    baseDepth: cfg.baseDepth ?? 2,
    lr: (cfg.lr ?? 1e-4) / Math.sqrt(N),
    eps: cfg.eps ?? 1e-8,
    alpha: cfg.alpha,
    dtype: "f64",
  });
  const s = p.achieved.residualScale, lr = p.achieved.lr.hidden_weight;
  const eps = p.achieved.eps.hidden_weight;
  const act = activation(cfg.activation ?? "gelu");
  const c = Math.sqrt(2 / N);
  const root = key(cfg.seed);
  const w = (b: number, k: number) =>
    normal(foldIn(foldIn(root, 10 + b), k), [N, N], { dtype: "f64" });
  const wIn = normal(foldIn(root, 1), [D, N], { dtype: "f64", std: 1 / Math.sqrt(D) });
  const wOut = normal(foldIn(root, 2), [N, C], { dtype: "f64", std: 1 / N });
  const weights = Array.from({ length: L }, (_, b) => Array.from({ length: K }, (_, k) => w(b, k)));
  const data = classificationBatch(foldIn(root, 3), B, D, C);
  const branch = (u: NDArray, ws: NDArray[]) => {
    let z = u;
    for (const wk of ws) z = mul(matmul(act(z), wk), c);
    return z;
  };
  const u0 = matmulArr(data.x, wIn);
  const u1 = addArr(u0, mulArr(branch(u0, weights[0]), s));
  const loss = (q: { w: NDArray }) => {
    let u = add(u1, mul(branch(u1, [q.w, ...weights[1].slice(1)]), s));
    for (let b = 2; b < L; b++) u = add(u, mul(branch(u, weights[b]), s));
    return mean(crossEntropy(matmul(u, wOut), data.y));
  };
  const w0 = weights[1][0];
  const g = valueAndGrad(loss)({ w: w0 }).grad;
  const opt = adam({ eps });
  const dW = subArr(opt.update({ w: w0 }, g, { state: opt.init({ w: w0 }), lr }).params.w, w0);
  // a(W) = tail(c·φ(u₁) W): the branch output as a function of the trained weight alone
  const rest = weights[1].slice(1);
  const h = act(u1);
  const pre0 = mulArr(matmulArr(h, w0), c), dPre = mulArr(matmulArr(h, dW), c);
  const tail = (z: NDArray) => {
    let y = z;
    for (const wk of rest) y = mulArr(matmulArr(act(y), wk), c);
    return y;
  };
  const a0 = tail(pre0), a1 = tail(addArr(pre0, dPre));
  // lin = d/dt a(W₀ + t·ΔW) at t = 0, exact: pre-activations are linear in W, so forward-mode
  // through the remaining layers of the branch gives ⟨∇_W a, ΔW⟩ for every output at once
  const lin = jvpTail(pre0, dPre, rest, act, c);
  const dev = subArr(subArr(a1, a0), lin);
  const aLin = addArr(a0, lin);
  const at = (x: NDArray) => x.dataSync()[0];
  return {
    relCoord: Math.abs(at(dev)) / Math.abs(at(lin)),
    relNorm: norm(dev).item() / norm(lin).item(),
    relCoordPaper: Math.abs(at(subArr(a1, aLin))) / Math.abs(at(aLin)),
    relNormPaper: norm(subArr(a1, aLin)).item() / norm(aLin).item(),
    lr,
    eps,
  };
}

/**
 * Forward-mode derivative of y = tail(pre) (layers y ← c·φ(y) W_k) in the direction dPre:
 * dy ← c·(φ'(y) ⊙ dy) W_k, with φ' from the autodiff gradient of Σ φ(y).
 */
function jvpTail(
  pre: NDArray,
  dPre: NDArray,
  ws: NDArray[],
  act: (x: NDArray) => NDArray,
  c: number,
): NDArray {
  let y = pre, dy = dPre;
  for (const wk of ws) {
    const d = grad((q: { y: NDArray }) => sum(act(q.y)))({ y }).y;
    dy = mulArr(matmulArr(mulArr(d, dy), wk), c);
    y = mulArr(matmulArr(act(y), wk), c);
  }
  return dy;
}

/** Configuration of {@link linearizationSweep}. */
export interface LinearizationSweepConfig
  extends Omit<LinearizationConfig, "param" | "depth" | "seed"> {
  /** Parameterizations. */
  params: LinearizationConfig["param"][];
  /** Depths L (each ≥ 2). */
  depths: number[];
  /** Seeds (points are medians over seeds, as in the notebook). */
  seeds: number[];
}

/** Median (and quartiles) over seeds of each distance at one (param, depth). */
export interface LinearizationPoint {
  /** Parameterization. */
  param: LinearizationConfig["param"];
  /** Depth L. */
  depth: number;
  /** Median relNorm (the criterion's measure) and its quartiles. */
  relNorm: number;
  /** First quartile of relNorm. */
  relNormQ1: number;
  /** Third quartile of relNorm. */
  relNormQ3: number;
  /** Median relCoord. */
  relCoord: number;
  /** Median relNormPaper. */
  relNormPaper: number;
  /** Median relCoordPaper. */
  relCoordPaper: number;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b), i = q * (s.length - 1), lo = Math.floor(i);
  return lo + 1 < s.length ? s[lo] + (i - lo) * (s[lo + 1] - s[lo]) : s[lo];
}

/** Result of {@link linearizationSweep}. */
export interface LinearizationSweepResult {
  /** Seed medians per (param, depth). */
  points: LinearizationPoint[];
  /** Per parameterization: α used and the log-log slopes of the medians against L. */
  slopes: {
    param: LinearizationConfig["param"];
    alpha: number;
    /** The slope theory predicts: the exponent of the trained weight's LR in L (α − 1; μP: 0). */
    expectedSlope: number;
    relNorm: number;
    relCoord: number;
    relNormPaper: number;
  }[];
}

/**
 * Every (param, depth) over seeds, with per-parameterization log-log slopes of the medians
 * against L (B.5 criterion 4: relNorm slope α − 1; the paper's normalisation gives 2(α − 1)
 * with an exact first-order term, see PAPERS.md).
 */
export function linearizationSweep(cfg: LinearizationSweepConfig): LinearizationSweepResult {
  const { params, depths, seeds, ...shared } = cfg;
  const points: LinearizationPoint[] = [];
  const slopes = params.map((param) => {
    const ps = depths.map((depth) => {
      const rs = seeds.map((seed) => linearizationDistance({ ...shared, param, depth, seed }));
      const col = (k: keyof LinearizationResult) => rs.map((r) => r[k]);
      return {
        param,
        depth,
        relNorm: quantile(col("relNorm"), 0.5),
        relNormQ1: quantile(col("relNorm"), 0.25),
        relNormQ3: quantile(col("relNorm"), 0.75),
        relCoord: quantile(col("relCoord"), 0.5),
        relNormPaper: quantile(col("relNormPaper"), 0.5),
        relCoordPaper: quantile(col("relCoordPaper"), 0.5),
      };
    });
    points.push(...ps);
    const sl = (k: "relNorm" | "relCoord" | "relNormPaper") =>
      fitLogLogSlope(depths, ps.map((p) => p[k])).slope;
    return {
      param,
      alpha: cfg.alpha ?? (param === "mup" ? 0 : param === "depth-mup" ? 0.5 : 1),
      expectedSlope: param === "mup" ? 0 : (cfg.alpha ?? (param === "depth-mup" ? 0.5 : 1)) - 1,
      relNorm: sl("relNorm"),
      relCoord: sl("relCoord"),
      relNormPaper: sl("relNormPaper"),
    };
  });
  return { points, slopes };
}
