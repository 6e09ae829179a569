/**
 * Config checks and the memory estimate of the icl_linear_attention script (Lu et al.,
 * arXiv:2405.11751; Letey et al., arXiv:2509.26551; PAPERS.md): every key checked before the run
 * directory exists, and the bytes of the largest simulation so that a config that cannot fit is
 * refused before any work.
 * @module
 */
import {
  ArgumentError,
  checkInRange,
  checkNonNegative,
  checkPositive,
  checkPositiveInt,
  checkSize,
} from "../../errors/mod.ts";
import type { AlignmentConfig } from "./alignment.ts";
import type { ContextLengthConfig } from "./context_length.ts";
import type { DoubleDescentConfig } from "./double_descent.ts";
import type { ExtrapolationConfig } from "./extrapolation.ts";
import type { HeatMapConfig } from "./heat_map.ts";
import type { MetricRankingConfig } from "./metric_ranking.ts";
import type { TaskDiversityConfig } from "./task_diversity.ts";

/** Every key of the script that the checks and the estimate read (the task law is a choice). */
export type IclLinearAttentionScriptConfig =
  & Omit<
    & DoubleDescentConfig
    & TaskDiversityConfig
    & ContextLengthConfig
    & AlignmentConfig
    & HeatMapConfig
    & MetricRankingConfig
    & ExtrapolationConfig,
    "taskLaw"
  >
  & { ddYMax: number };

/**
 * Check every numeric key of the script's config; throws an {@link ArgumentError} naming the
 * first bad key (list entries as `key[i]`). Sizes and counts are positive integers; α, τ, κ, λ
 * and ρ positive (the dMMSE posterior needs ρ > 0); exponents p ≥ 0; fractions in [0, 1]; at
 * least two extrapolation dimensions (paired with as many seed counts); at least one context
 * token ℓ = round(αd) at the smallest simulated d.
 */
export function validateIclLinearAttention(c: IclLinearAttentionScriptConfig): void {
  const fn = "icl_linear_attention";
  for (
    const k of [
      "d",
      "seeds",
      "gapD",
      "dmmseDraws",
      "hurtWeakDirections",
      "heatD",
      "metricD",
      "chunk",
    ] as const
  ) checkPositiveInt(fn, k, c[k]);
  checkSize(fn, "seed", c.seed);
  for (
    const k of [
      "alpha",
      "rho",
      "lambda",
      "kappa",
      "ddYMax",
      "gapAlpha",
      "gapTau",
      "alphaTau",
      "alignTau",
      "heatTau",
    ] as const
  ) checkPositive(fn, k, c[k]);
  for (const k of ["ridgeSimLambda", "alphaRho", "pTrain", "hurtPTrain", "heatPTest"] as const) {
    checkNonNegative(fn, k, c[k]);
  }
  checkInRange(fn, "weakFraction", c.weakFraction, 0, 1);
  const lists = {
    positive: ["taus", "ridges", "gapKappas", "alphaKappas", "alignKappas", "extrapKappas"],
    positiveInt: ["extrapDims", "extrapSeeds"],
  } as const;
  for (const k of [...lists.positive, "extrapTaus"] as const) {
    c[k].forEach((v, i) => checkPositive(fn, `${k}[${i}]`, v));
  }
  for (const k of lists.positiveInt) c[k].forEach((v, i) => checkPositiveInt(fn, `${k}[${i}]`, v));
  c.rankFractions.forEach((v, i) => checkInRange(fn, `rankFractions[${i}]`, v, 0, 1));
  if (c.extrapDims.length !== c.extrapSeeds.length) {
    const want = `an array of length ${c.extrapDims.length} (as extrapDims)`;
    throw new ArgumentError(fn, "extrapSeeds", want, c.extrapSeeds);
  }
  if (c.extrapDims.length < 2) {
    const want = "at least 2 dimensions (the fit e(d) = e∞ + c/d)";
    throw new ArgumentError(fn, "extrapDims", want, c.extrapDims);
  }
  for (
    const [k, alpha, D] of [["alpha", c.alpha, Math.min(c.d, ...c.extrapDims)], [
      "gapAlpha",
      c.gapAlpha,
      c.gapD,
    ]] as const
  ) {
    if (Math.round(alpha * D) < 1) {
      throw new ArgumentError(fn, k, `large enough for ℓ = round(α·${D}) ≥ 1 token`, alpha);
    }
  }
  if (c.extrapKappas.length !== c.extrapTaus.length) {
    const want = `an array of length ${c.extrapKappas.length} (as extrapKappas)`;
    throw new ArgumentError(fn, "extrapTaus", want, c.extrapTaus);
  }
}

/**
 * Peak bytes of the script for `c` and the key that drives them. The simulations run one at a
 * time, so the peak is that of the largest closed-form Γ* fit (arXiv:2405.11751 §2): with
 * p = D(D+1), ℓ = round(αD), B = chunk contexts per GEMM, all f64,
 *
 * - 2·8p²: the normal matrix G = Σ vec(H)vec(H)ᵀ (p × p, factored in place), key: the
 *   dimension (d for the double descent and alignment, gapD, extrapDims, checkD48 for D = 48);
 *   twice, because the previous fit's G is still uncollected garbage when the next fit allocates
 *   its own (max RSS grows by 2 G, measured below);
 * - 16pB: Φ and Φᵀ of one chunk, key chunk;
 * - 8B(2ℓD + 2ℓ + 4D): one chunk of prompts (the normals and the covariates, labels, queries);
 * - task diversity only, 16·dmmseDraws·(2ℓD + 2ℓ + 4D): the two dMMSE test batches, key
 *   dmmseDraws.
 *
 * The theory panels run alone and hold about eight O(d) spectra and work arrays, 64·max(heatD,
 * metricD) bytes (key heatD or metricD). Measured (max RSS of the script at
 * a tiny config, seeds 1, τ 0.2, gapD 8, extrapDims 8,10, α 1, alignTau 0.2): d = 16 → 48 → 64
 * grew 251 → 380 → 590 MB, i.e. by 129 and 339 MB; this estimate grows by 111 and 338 MB
 * (ratio 0.86 and 1.0).
 */
export function iclLinearAttentionMemoryBytes(
  c: IclLinearAttentionScriptConfig,
): { bytes: number; key: keyof IclLinearAttentionScriptConfig & string } {
  type Key = keyof IclLinearAttentionScriptConfig & string;
  const sims: { D: number; alpha: number; key: Key; draws: number }[] = [
    { D: c.d, alpha: c.alpha, key: "d", draws: 0 },
    { D: c.gapD, alpha: c.gapAlpha, key: "gapD", draws: c.dmmseDraws },
    { D: Math.max(0, ...c.extrapDims), alpha: c.alpha, key: "extrapDims", draws: 0 },
  ];
  if (c.checkD48) sims.push({ D: 48, alpha: c.alpha, key: "checkD48", draws: 0 });
  // theory panels: about eight O(d) spectra and work arrays per E_ICL evaluation
  const dTheory = Math.max(c.heatD, c.metricD);
  let best = { bytes: 8 * 8 * dTheory, key: (c.heatD >= c.metricD ? "heatD" : "metricD") as Key };
  for (const s of sims) {
    const p = s.D * (s.D + 1), ell = Math.round(s.alpha * s.D);
    const prompt = 2 * ell * s.D + 2 * ell + 4 * s.D;
    const terms: [number, Key][] = [
      [16 * p * p, s.key],
      [16 * p * c.chunk + 8 * c.chunk * prompt, "chunk"],
      [16 * s.draws * prompt, "dmmseDraws"],
    ];
    const bytes = terms.reduce((a, [b]) => a + b, 0);
    if (bytes > best.bytes) {
      best = { bytes, key: terms.reduce((a, t) => (t[0] > a[0] ? t : a))[1] };
    }
  }
  return best;
}
