/**
 * Config checks and the memory estimate of the insd script (INSD, arXiv:2509.21504; PAPERS.md):
 * every numeric key checked before the run directory exists, and the bytes of the training tape
 * and the held-out rates, so that a config that cannot fit is refused before any work.
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

/** The scalar numeric keys of the script. */
export type InsdNumberKey =
  | "hidden"
  | "alpha"
  | "steps"
  | "periodSteps"
  | "inputNoise"
  | "pulseProb"
  | "refIndex"
  | "alternatives"
  | "lambda"
  | "lambdaWarmup"
  | "penaltyRidge"
  | "penaltyStride"
  | "analysisRidge"
  | "trainSteps"
  | "altSteps"
  | "batch"
  | "lr"
  | "clipNorm"
  | "evalTrials"
  | "solvedAccuracy"
  | "solvedMse"
  | "fixedPointInits"
  | "fixedPointIters"
  | "dsaPcs"
  | "dsaDelays"
  | "seed";

/** The keys of the insd script that the checks and the estimate read. */
export type InsdScriptConfig =
  & { [K in InsdNumberKey]: number }
  & {
    /** A list of names (see the script's help). */
    tasks: string[];
    /** A list of the config (see the script's help). */
    gains: number[];
    /** A switch of the config (see the script's help). */
    sweepLambda: boolean;
    /** A list of the config (see the script's help). */
    lambdaSweep: number[];
    /** A list of the config (see the script's help). */
    oodNoise: number[];
    /** A list of the config (see the script's help). */
    oodLoad: number[];
  };

/**
 * Check every numeric key of the script's config; throws an {@link ArgumentError} naming the
 * first bad key (list entries as `key[i]`): sizes, steps and counts are positive integers (the
 * number of alternatives, fixed-point inits, DSA components and the seed may be 0), α in (0, 1],
 * probabilities, the warm-up fraction and the solved accuracy in [0, 1], λ, ridges, noise levels
 * and gains ≥ 0, learning rate, clip norm, solved MSE and load factors > 0, refIndex an index
 * into gains.
 */
export function validateInsd(c: InsdScriptConfig): void {
  const fn = "insd";
  for (
    const k of [
      "hidden",
      "steps",
      "periodSteps",
      "penaltyStride",
      "trainSteps",
      "altSteps",
      "batch",
      "evalTrials",
      "fixedPointIters",
      "dsaDelays",
    ] as const
  ) checkPositiveInt(fn, k, c[k]);
  for (const k of ["alternatives", "fixedPointInits", "dsaPcs", "seed"] as const) {
    checkSize(fn, k, c[k]);
  }
  if (!(c.alpha > 0 && c.alpha <= 1)) {
    throw new ArgumentError(fn, "alpha", "a number in (0, 1]", c.alpha);
  }
  for (const k of ["pulseProb", "lambdaWarmup", "solvedAccuracy"] as const) {
    checkInRange(fn, k, c[k], 0, 1);
  }
  for (const k of ["inputNoise", "lambda", "penaltyRidge", "analysisRidge"] as const) {
    checkNonNegative(fn, k, c[k]);
  }
  for (const k of ["lr", "clipNorm", "solvedMse"] as const) checkPositive(fn, k, c[k]);
  if (c.gains.length === 0) throw new ArgumentError(fn, "gains", "a non-empty list", c.gains);
  for (const k of ["gains", "lambdaSweep", "oodNoise"] as const) {
    c[k].forEach((v, i) => checkNonNegative(fn, `${k}[${i}]`, v));
  }
  c.oodLoad.forEach((v, i) => checkPositive(fn, `oodLoad[${i}]`, v));
  if (!Number.isInteger(c.refIndex) || c.refIndex < 0 || c.refIndex >= c.gains.length) {
    const want = `an index into gains (0..${c.gains.length - 1})`;
    throw new ArgumentError(fn, "refIndex", want, c.refIndex);
  }
}

/**
 * Peak bytes of the script for `c` and the key that drives them. With T the longest trial
 * (max(steps, 3·periodSteps) times the largest load), B = batch, N = hidden and
 * n = gains + alternatives (+ 1 for the λ sweep) networks:
 *
 * - TAPE·8·B·T·N: the autodiff tape of one training step (pre-activations, rates, the leaky
 *   update and their gradients, TAPE arrays of B × T × N; TAPE calibrated below), key the
 *   largest of batch, steps (or periodSteps) and hidden;
 * - 8·n·evalTrials·T·N: the held-out rates of every network, kept for the analyses (key
 *   evalTrials);
 * - 8·n·8N²: each network's recurrent weights with Adam's moments and gradient, and the
 *   penalty's N×N predictivity matrices (key hidden);
 * - TAPE·8·fixedPointInits·N: the fixed-point finder's tape (key fixedPointInits);
 * - 8·n·(4m² + evalTrials·T·m), m = dsaPcs·dsaDelays: DSA's delay embeddings and its m×m
 *   operators and their comparison (key dsaPcs or dsaDelays).
 *
 * Measured (max RSS of the script at hidden 256, trainSteps 2, altSteps 2, gains 1,1,
 * alternatives 1, evalTrials 16, fixedPointInits 0, dsaPcs 0): steps 50 → 500 grew 316 → 640 MB,
 * by 324 MB; this estimate (TAPE = 12) grows by 389 MB (1.2×).
 */
export function insdMemoryBytes(
  c: InsdScriptConfig,
): { bytes: number; key: keyof InsdScriptConfig & string } {
  type Key = keyof InsdScriptConfig & string;
  const load = Math.max(1, ...c.oodLoad);
  const tKey: Key = c.steps >= 3 * c.periodSteps ? "steps" : "periodSteps";
  const T = Math.max(c.steps, 3 * c.periodSteps) * load;
  const N = c.hidden, B = c.batch;
  const nets = c.gains.length + c.alternatives +
    (c.sweepLambda && c.lambdaSweep.length > 0 ? 1 : 0);
  const m = c.dsaPcs * c.dsaDelays;
  const factors: [number, Key][] = [[B, "batch"], [T, tKey], [N, "hidden"]];
  const terms: [number, Key][] = [
    [TAPE * 8 * B * T * N, factors.reduce((a, f) => f[0] > a[0] ? f : a)[1]],
    [8 * nets * c.evalTrials * T * N, "evalTrials"],
    [8 * nets * 8 * N * N, "hidden"],
    [TAPE * 8 * c.fixedPointInits * N, "fixedPointInits"],
    [
      8 * nets * (4 * m * m + c.evalTrials * T * m),
      c.dsaPcs >= c.dsaDelays ? "dsaPcs" : "dsaDelays",
    ],
  ];
  const bytes = terms.reduce((a, [b]) => a + b, 0);
  return { bytes, key: terms.reduce((a, t) => (t[0] > a[0] ? t : a))[1] };
}

/** B × T × N arrays alive on the training tape at its peak (calibrated on max RSS). */
const TAPE = 12;
