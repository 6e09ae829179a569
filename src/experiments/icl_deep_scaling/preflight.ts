/**
 * Config checks and the memory estimate of the icl_deep_scaling script (Bordelon, Letey,
 * Pehlevan, arXiv:2510.01098; PAPERS.md): every key checked before the run directory exists, and
 * the bytes of the largest SGD run, so that a config that cannot fit is refused before any work.
 * @module
 */
import {
  ArgumentError,
  checkFinite,
  checkInRange,
  checkNonNegative,
  checkPositive,
  checkPositiveInt,
  checkSize,
} from "../../errors/mod.ts";
import type { FixedStructureConfig } from "./fixed_structure.ts";
import type { IsoConfig } from "./iso_depth.ts";
import type { RrsConfig } from "./rrs_depth.ts";
import type { ScalingLawsConfig } from "./scaling_laws.ts";

/** Every key of the script that the checks and the estimate read. */
export type IclDeepScalingScriptConfig =
  & IsoConfig
  & RrsConfig
  & FixedStructureConfig
  & ScalingLawsConfig;

/**
 * Check every numeric key of the script's config; throws an {@link ArgumentError} naming the
 * first bad key (list entries as `key[i]`): sizes, counts, steps and depths are positive
 * integers, α, η, ν, β and times positive, σ² ≥ 0, the tail fraction in [0, 1], angles and the
 * learning-rate depth power finite, and each context length of the context law below `modes`.
 */
export function validateIclDeepScaling(c: IclDeepScalingScriptConfig): void {
  const fn = "icl_deep_scaling";
  for (
    const k of [
      "dim",
      "steps",
      "batch",
      "queries",
      "seeds",
      "riskSamples",
      "curveDepth",
      "rrsSteps",
      "rrsBatch",
      "modes",
    ] as const
  ) checkPositiveInt(fn, k, c[k]);
  checkSize(fn, "seed", c.seed);
  for (const k of ["lr", "nu", "beta", "rrsAlpha", "rrsLr", "computeWidthExponent"] as const) {
    checkPositive(fn, k, c[k]);
  }
  checkNonNegative(fn, "sigma2", c.sigma2);
  checkFinite(fn, "lrDepthPower", c.lrDepthPower);
  checkInRange(fn, "tailFraction", c.tailFraction, 0, 1);
  for (const k of ["depths", "rrsDepths", "lawDepths"] as const) {
    c[k].forEach((v, i) => checkPositiveInt(fn, `${k}[${i}]`, v));
  }
  for (const k of ["alphas", "fsTimes", "lawWidths", "lawContexts", "lawTimes"] as const) {
    c[k].forEach((v, i) => checkPositive(fn, `${k}[${i}]`, v));
  }
  c.oodThetas.forEach((v, i) => checkFinite(fn, `oodThetas[${i}]`, v));
  for (const k of ["alphas", "depths", "rrsDepths"] as const) {
    if (c[k].length === 0) throw new ArgumentError(fn, k, "a non-empty list", c[k]);
  }
  for (const k of ["lawDepths", "lawWidths", "lawContexts", "lawTimes"] as const) {
    if (c[k].length < 3) throw new ArgumentError(fn, k, "at least 3 sizes (a scaling claim)", c[k]);
  }
  c.lawContexts.forEach((P, i) => {
    if (P >= c.modes) {
      throw new ArgumentError(fn, `lawContexts[${i}]`, `below modes = ${c.modes}`, P);
    }
  });
}

/**
 * Peak bytes of the script for `c` and the key that drives them (all f64). With D = dim,
 * P = round(α_max·D) over `alphas` and `rrsAlpha`, K = queries, B = max(batch, rrsBatch) and
 * L = the largest depth trained:
 *
 * - 2·8B(2PD + 2KD + 2P + 2K): one SGD batch of contexts (the normals and the covariates,
 *   labels and queries of `sampleIclPrompts`), twice because the previous step's batch is still
 *   uncollected garbage when the next is drawn; key the largest of its factors (dim,
 *   batch/rrsBatch, alphas/rrsAlpha, queries);
 * - 8(L + 16)D²: the L per-layer gradients, Γ, its tail average, and the ten D×D buffers of the
 *   population risk and the FS matrix exponential, key dim;
 * - 8·2PD: the risk's covariate draw; 8·2·steps: the loss trace and the mean-field path (key
 *   steps); 8·2·modes: the spectra of the scaling-law sums (key modes).
 *
 * Measured (max RSS of the script at steps 20, rrsSteps 20, seeds 1, riskSamples 2, depths 1,2,
 * rrsDepths 1): dim 16 → 160 grew 240 → 346 MB, by 106 MB; this estimate grows by 112 MB
 * (without the factor 2 on the batch it was 60 MB, 0.57×).
 */
export function iclDeepScalingMemoryBytes(
  c: IclDeepScalingScriptConfig,
): { bytes: number; key: keyof IclDeepScalingScriptConfig & string } {
  type Key = keyof IclDeepScalingScriptConfig & string;
  const D = c.dim, K = c.queries;
  const alpha = Math.max(c.rrsAlpha, ...c.alphas);
  const P = Math.round(alpha * D);
  const B = Math.max(c.batch, c.rrsBatch);
  const L = Math.max(c.curveDepth, ...c.depths, ...c.rrsDepths);
  const steps = Math.max(c.steps, c.rrsSteps);
  const factors: [number, Key][] = [
    [D, "dim"],
    [B, c.batch >= c.rrsBatch ? "batch" : "rrsBatch"],
    [alpha, c.rrsAlpha >= Math.max(...c.alphas) ? "rrsAlpha" : "alphas"],
  ];
  if (K > P) factors.push([K, "queries"]);
  const terms: [number, Key][] = [
    [
      16 * B * (2 * P * D + 2 * K * D + 2 * P + 2 * K),
      factors.reduce((a, f) => f[0] > a[0] ? f : a)[1],
    ],
    [8 * (L + 16) * D * D + 16 * P * D, "dim"],
    [16 * steps, c.steps >= c.rrsSteps ? "steps" : "rrsSteps"],
    [16 * c.modes, "modes"],
  ];
  const bytes = terms.reduce((a, [b]) => a + b, 0);
  return { bytes, key: terms.reduce((a, t) => (t[0] > a[0] ? t : a))[1] };
}
