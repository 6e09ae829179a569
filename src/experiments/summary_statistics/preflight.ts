/**
 * Config checks and the memory estimate of the summary_statistics script (online SGD summary
 * statistics: Saad & Solla committee machines, perceptrons, deep linear modes; PAPERS.md): every
 * numeric key checked before the run directory exists, and the bytes of the held-out sets, so
 * that a config that cannot fit is refused before any work.
 * @module
 */
import {
  ArgumentError,
  checkNonNegative,
  checkPositive,
  checkPositiveInt,
  checkSize,
} from "../../errors/mod.ts";

/** The scalar numeric keys of the script. */
export type SummaryStatisticsNumberKey =
  | "K"
  | "M"
  | "eta"
  | "N"
  | "alphaMax"
  | "alphaStep"
  | "seeds"
  | "testSize"
  | "studentInitStd"
  | "noiseStd"
  | "odeDAlpha"
  | "compareUpTo"
  | "percN"
  | "percEta"
  | "percAlphaMax"
  | "percTestSize"
  | "driftAlphaMax"
  | "driftEvery"
  | "driftGivens"
  | "subsampleReps"
  | "dlnInputs"
  | "dlnHidden"
  | "dlnOutputs"
  | "dlnInitStd"
  | "dlnTMax"
  | "seed";

/** The keys of the summary_statistics script that the checks and the estimate read. */
export type SummaryStatisticsScriptConfig =
  & { [K in SummaryStatisticsNumberKey]: number }
  & {
    /** A list of the config (see the script's help). */
    plateauEtas: number[];
    /** A list of the config (see the script's help). */
    subsampleNs: number[];
    /** A list of the config (see the script's help). */
    dlnStrengths: number[];
  };

/**
 * Check every numeric key of the script's config; throws an {@link ArgumentError} naming the
 * first bad key (list entries as `key[i]`): sizes, counts and held-out set sizes (≥ 2, for a
 * standard error) are positive integers, learning rates, α ranges, steps and times positive,
 * initial and noise SDs ≥ 0 (the deep linear network's initial SD > 0), alphaMax ≥ alphaStep.
 */
export function validateSummaryStatistics(c: SummaryStatisticsScriptConfig): void {
  const fn = "summary_statistics";
  for (
    const k of [
      "K",
      "M",
      "N",
      "seeds",
      "percN",
      "driftGivens",
      "subsampleReps",
      "dlnInputs",
      "dlnHidden",
      "dlnOutputs",
    ] as const
  ) checkPositiveInt(fn, k, c[k]);
  for (const k of ["testSize", "percTestSize"] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 2) {
      throw new ArgumentError(fn, k, "an integer ≥ 2 (a held-out mean with an error)", c[k]);
    }
  }
  checkSize(fn, "seed", c.seed);
  for (
    const k of [
      "eta",
      "alphaMax",
      "alphaStep",
      "odeDAlpha",
      "compareUpTo",
      "percEta",
      "percAlphaMax",
      "driftAlphaMax",
      "driftEvery",
      "dlnInitStd",
      "dlnTMax",
    ] as const
  ) checkPositive(fn, k, c[k]);
  for (const k of ["studentInitStd", "noiseStd"] as const) checkNonNegative(fn, k, c[k]);
  c.plateauEtas.forEach((v, i) => checkPositive(fn, `plateauEtas[${i}]`, v));
  c.dlnStrengths.forEach((v, i) => checkPositive(fn, `dlnStrengths[${i}]`, v));
  c.subsampleNs.forEach((v, i) => checkPositiveInt(fn, `subsampleNs[${i}]`, v));
  if (c.alphaMax < c.alphaStep) {
    throw new ArgumentError(fn, "alphaMax", `≥ alphaStep = ${c.alphaStep}`, c.alphaMax);
  }
}

/**
 * Peak bytes of the script for `c` and the key that drives them (all f64):
 *
 * - E2, 2·min(seeds, 2)·8·testSize·N: the held-out inputs (testSize × N) of the committee run
 *   with the draw's random bits (as large as the draw), twice with two or more seeds: the
 *   previous seed's set is still uncollected when the next seed draws its own (key: the larger
 *   of N and testSize);
 * - 8·(alphaMax/alphaStep + 1)·2(K + M)·N: the student and teacher weights recorded at every
 *   checkpoint, of the current seed and of seed 0's run kept for E4/E5 (key alphaStep);
 * - 2·8·4·10⁶: one chunk of SGD inputs and its bits (at most 4·10⁶ numbers);
 * - E1, 2·8·percTestSize·percN: the perceptron's held-out inputs and their bits (key: the larger
 *   of percN and percTestSize);
 * - E3, 2·8·2(h(nᵢ + nₒ) + nᵢnₒ): the deep linear network's weights and gradients, and the
 *   product and error matrices, with their draws (key the largest of dlnHidden, dlnInputs,
 *   dlnOutputs).
 *
 * Measured (max RSS of the script with experiments e2, alphaMax 20, compareUpTo 20): N = 500 →
 * 4000 grew 358 → 969 MB, by 610 MB; this estimate grows by 560 MB (0.92×). At N = 4000,
 * alphaMax 5, seeds 1 → 2 grew 691 → 876 MB (one more 160 MB test set alive, as counted).
 */
export function summaryStatisticsMemoryBytes(
  c: SummaryStatisticsScriptConfig,
): { bytes: number; key: keyof SummaryStatisticsScriptConfig & string } {
  type Key = keyof SummaryStatisticsScriptConfig & string;
  const checkpoints = Math.floor(Math.max(c.alphaMax, c.driftAlphaMax) / c.alphaStep) + 1;
  const terms: [number, Key][] = [
    [2 * Math.min(c.seeds, 2) * 8 * c.testSize * c.N, c.N >= c.testSize ? "N" : "testSize"],
    [8 * checkpoints * 2 * (c.K + c.M) * c.N, "alphaStep"],
    [2 * 8 * 4e6, "N"],
  ];
  const e2 = terms.reduce((a, [b]) => a + b, 0);
  const e1 = 2 * 8 * (c.percTestSize * c.percN + 2e6);
  if (e1 > e2) return { bytes: e1, key: c.percN >= c.percTestSize ? "percN" : "percTestSize" };
  const { dlnInputs: ni, dlnHidden: h, dlnOutputs: no } = c;
  const e3 = 2 * 8 * 2 * (h * (ni + no) + ni * no);
  if (e3 > e2) {
    return {
      bytes: e3,
      key: h >= Math.max(ni, no) ? "dlnHidden" : ni >= no ? "dlnInputs" : "dlnOutputs",
    };
  }
  return { bytes: e2, key: terms.reduce((a, t) => (t[0] > a[0] ? t : a))[1] };
}
