/**
 * Prompt (context) generator for in-context linear regression, covering both conventions:
 *
 * - Lu et al. / Letey et al. (arXiv:2405.11751, 2509.26551; "Parts A/B" below): `x ~ N(0, I/d)`
 *   (`covariateScale = 1/d`), `y = ⟨x, w⟩ + ε`, `w ~ N(0, C)` or uniform on the sphere of radius
 *   √d, a finite pool of k tasks or a fresh task per context, one query.
 * - Bordelon, Letey, Pehlevan (arXiv:2510.01098; "Part C" below): `x ~ N(0, Σ_c)` with no 1/D
 *   (`covariateScale = 1`), `y = β·x/√D + σε` (`labelScale = 1/√D`), `β ~ N(0, Ω_c)`, K queries,
 *   fixed-structured (FS) or randomly-rotated (RRS: `Σ_c = O_cΛO_cᵀ`, `Ω_c = O_cΩO_cᵀ` with a
 *   fresh Haar O_c per context) covariances.
 *
 * Tokens are stored row-major: `x[c, i, :]` is token i of context c.
 *
 * @module
 */

import { type Key, normalF64, orthogonal, split, uniformF64 } from "../random/mod.ts";
import { ArgumentError } from "../errors/mod.ts";

/** How task vectors are drawn. */
export type IclTaskLaw = "gaussian" | "sphere";

/** Options of {@linkcode sampleIclPrompts}. */
export interface IclPromptOptions {
  /** dimension d (or D). */
  dim: number;
  /** labelled tokens per context: ℓ = αd (Parts A/B) or P = αD (Part C). */
  contextLength: number;
  /** query tokens per context (default 1; K in Part C). */
  queries?: number;
  /** variance multiplier of the covariates: 1/d for Parts A/B, 1 for Part C. */
  covariateScale: number;
  /** eigenvalues of the covariate covariance Σ before scaling (default all 1). */
  covariateSpectrum?: ArrayLike<number>;
  /** eigenvalues of the task covariance (C_train, or Ω; default all 1). */
  taskSpectrum?: ArrayLike<number>;
  /** task law (default "gaussian"); "sphere" draws `w = sqrt(ω) ⊙ (√d g/‖g‖)`. */
  taskLaw?: IclTaskLaw;
  /** multiplier of ⟨x, w⟩ in the label: 1 for Parts A/B, 1/√D for Part C (default 1). */
  labelScale?: number;
  /** label-noise variance (ρ or σ²). */
  noiseVariance: number;
  /** "none" (fixed basis) or "haar-per-context" (RRS; default "none"). */
  rotation?: "none" | "haar-per-context";
  /** fixed orthogonal basis O (row-major d×d) for the structured covariances (default identity). */
  basis?: Float64Array;
  /** finite task pool (row-major k×d, from {@linkcode sampleTaskPool}); default: fresh task per context. */
  taskPool?: Float64Array;
}

/** A batch of contexts. */
export interface IclPromptBatch {
  /** number of contexts. */
  count: number;
  /** dimension. */
  dim: number;
  /** labelled tokens per context. */
  contextLength: number;
  /** queries per context. */
  queries: number;
  /** covariates, `count × contextLength × dim`. */
  x: Float64Array;
  /** labels, `count × contextLength`. */
  y: Float64Array;
  /** query covariates, `count × queries × dim`. */
  xq: Float64Array;
  /** query labels (with noise), `count × queries`. */
  yq: Float64Array;
  /** task vector of each context in the standard basis, `count × dim`. */
  tasks: Float64Array;
}

function checkInt(fn: string, name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) {
    throw new ArgumentError(fn, name, `an integer ≥ ${min}`, v);
  }
}

function checkSpectrum(
  fn: string,
  name: string,
  s: ArrayLike<number> | undefined,
  d: number,
): void {
  if (s === undefined) return;
  if (s.length !== d) {
    throw new Error(`${fn}: argument "${name}" must have length dim = ${d}, got ${s.length}`);
  }
  for (let i = 0; i < d; i++) {
    if (!(s[i] >= 0)) {
      throw new Error(`${fn}: argument "${name}" must be ≥ 0, got ${name}[${i}] = ${s[i]}`);
    }
  }
}

/**
 * Haar-distributed random orthogonal matrix as a row-major n×n Float64Array (the typed-array
 * form of {@link orthogonal} from src/random: QR of a Gaussian matrix with the sign of diag R
 * fixed positive, which makes Q exactly Haar).
 *
 * @param key random key
 * @param n order
 * @returns Q with QᵀQ = I
 */
export function haarOrthogonal(key: Key, n: number): Float64Array {
  checkInt("haarOrthogonal", "n", n, 1);
  // one Haar sampler in the toolkit: src/random's Householder QR with the sign fix
  return orthogonal(key, n).dataSync() as Float64Array;
}

function drawTask(
  out: Float64Array,
  off: number,
  g: Float64Array,
  goff: number,
  d: number,
  spec: ArrayLike<number> | undefined,
  law: IclTaskLaw,
): void {
  let scale = 1;
  if (law === "sphere") {
    let s = 0;
    for (let i = 0; i < d; i++) s += g[goff + i] * g[goff + i];
    scale = Math.sqrt(d / s);
  }
  for (let i = 0; i < d; i++) out[off + i] = g[goff + i] * scale * Math.sqrt(spec ? spec[i] : 1);
}

/**
 * Draw a finite pool of k task vectors (row-major k×d) in the eigenbasis of the task covariance
 * (rotate with `basis` / per-context rotations in {@linkcode sampleIclPrompts}).
 *
 * @param key random key
 * @param k pool size (k = κd)
 * @param options `dim`, `taskSpectrum` (default all 1), `taskLaw` (default "gaussian")
 * @returns the pool
 */
export function sampleTaskPool(
  key: Key,
  k: number,
  options: { dim: number; taskSpectrum?: ArrayLike<number>; taskLaw?: IclTaskLaw },
): Float64Array {
  const fn = "sampleTaskPool";
  checkInt(fn, "k", k, 1);
  checkInt(fn, "dim", options.dim, 1);
  checkSpectrum(fn, "taskSpectrum", options.taskSpectrum, options.dim);
  const d = options.dim;
  const g = normalF64(key, k * d);
  const pool = new Float64Array(k * d);
  for (let j = 0; j < k; j++) {
    drawTask(pool, j * d, g, j * d, d, options.taskSpectrum, options.taskLaw ?? "gaussian");
  }
  return pool;
}

/** out[0..d) = O · v (O row-major d×d) */
function rotate(
  o: Float64Array,
  v: Float64Array,
  voff: number,
  out: Float64Array,
  ooff: number,
  d: number,
) {
  for (let r = 0; r < d; r++) {
    let s = 0;
    for (let c = 0; c < d; c++) s += o[r * d + c] * v[voff + c];
    out[ooff + r] = s;
  }
}

/**
 * Sample `count` in-context regression prompts (see the module doc for the two conventions).
 * Covariates are `x = sqrt(covariateScale) · O (sqrt(λ) ⊙ g)`, tasks `w = O (sqrt(ω) ⊙ g')`
 * (or a pool row rotated by O), labels `y = labelScale·⟨x, w⟩ + sqrt(noiseVariance)·ε`, where O
 * is the fixed `basis`, or a fresh Haar rotation per context with `rotation: "haar-per-context"`.
 * Queries are drawn like covariates and labelled with noise.
 *
 * @param key random key (the batch is a deterministic function of it)
 * @param count number of contexts
 * @param options the instance
 * @returns the batch
 */
export function sampleIclPrompts(
  key: Key,
  count: number,
  options: IclPromptOptions,
): IclPromptBatch {
  const fn = "sampleIclPrompts";
  checkInt(fn, "count", count, 0);
  const d = options.dim;
  checkInt(fn, "dim", d, 1);
  const ell = options.contextLength;
  checkInt(fn, "contextLength", ell, 0);
  const kq = options.queries ?? 1;
  checkInt(fn, "queries", kq, 0);
  if (!(options.covariateScale > 0)) {
    throw new Error(
      `${fn}: argument "covariateScale" must be positive, got ${options.covariateScale}`,
    );
  }
  if (!(options.noiseVariance >= 0)) {
    throw new Error(`${fn}: argument "noiseVariance" must be ≥ 0, got ${options.noiseVariance}`);
  }
  checkSpectrum(fn, "covariateSpectrum", options.covariateSpectrum, d);
  checkSpectrum(fn, "taskSpectrum", options.taskSpectrum, d);
  const pool = options.taskPool;
  if (pool !== undefined && (pool.length === 0 || pool.length % d !== 0)) {
    throw new Error(
      `${fn}: argument "taskPool" must have length k·dim (dim = ${d}), got ${pool.length}`,
    );
  }
  if (options.basis !== undefined && options.basis.length !== d * d) {
    throw new Error(
      `${fn}: argument "basis" must have length dim² = ${d * d}, got ${options.basis.length}`,
    );
  }
  const rotation = options.rotation ?? "none";
  const law = options.taskLaw ?? "gaussian";
  const labelScale = options.labelScale ?? 1;
  const sx = Math.sqrt(options.covariateScale);
  const sn = Math.sqrt(options.noiseVariance);
  const cs = options.covariateSpectrum;
  const sqrtCs = new Float64Array(d);
  for (let i = 0; i < d; i++) sqrtCs[i] = sx * Math.sqrt(cs ? cs[i] : 1);
  const [kx, kq2, kw, kn, kp, kr] = split(key, 6);
  const tokens = ell + kq;
  const gx = normalF64(kx, count * ell * d);
  const gq = normalF64(kq2, count * kq * d);
  const gw = pool === undefined ? normalF64(kw, count * d) : new Float64Array(0);
  const eps = normalF64(kn, count * tokens);
  const pick = pool === undefined ? new Float64Array(0) : uniformF64(kp, count);
  const rotKeys = rotation === "haar-per-context" ? split(kr, Math.max(1, count)) : [];
  const x = new Float64Array(count * ell * d);
  const xq = new Float64Array(count * kq * d);
  const y = new Float64Array(count * ell);
  const yq = new Float64Array(count * kq);
  const tasks = new Float64Array(count * d);
  const wBase = new Float64Array(d);
  const tmp = new Float64Array(d);
  const k = pool === undefined ? 0 : pool.length / d;
  for (let c = 0; c < count; c++) {
    const o = rotation === "haar-per-context" ? haarOrthogonal(rotKeys[c], d) : options.basis;
    if (pool === undefined) drawTask(wBase, 0, gw, c * d, d, options.taskSpectrum, law);
    else {
      const j = Math.min(k - 1, Math.floor(pick[c] * k));
      for (let i = 0; i < d; i++) wBase[i] = pool[j * d + i];
    }
    if (o) rotate(o, wBase, 0, tasks, c * d, d);
    else tasks.set(wBase, c * d);
    for (let t = 0; t < tokens; t++) {
      const isQ = t >= ell;
      const src = isQ ? gq : gx;
      const soff = isQ ? (c * kq + t - ell) * d : (c * ell + t) * d;
      const dst = isQ ? xq : x;
      for (let i = 0; i < d; i++) tmp[i] = src[soff + i] * sqrtCs[i];
      if (o) rotate(o, tmp, 0, dst, soff, d);
      else dst.set(tmp, soff);
      let s = 0;
      for (let i = 0; i < d; i++) s += dst[soff + i] * tasks[c * d + i];
      const lab = labelScale * s + sn * eps[c * tokens + t];
      if (isQ) yq[c * kq + t - ell] = lab;
      else y[c * ell + t] = lab;
    }
  }
  return { count, dim: d, contextLength: ell, queries: kq, x, y, xq, yq, tasks };
}
