/**
 * Config checks and the memory estimate of the kinetic_glass script (Zavatone-Veth & Pehlevan,
 * arXiv:2507.18461; PAPERS.md "Kinetic glass"): every numeric key checked before the run
 * directory exists, and the bytes of the largest simulation so that a config that cannot fit is
 * refused before any work.
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

/** The scalar numeric keys of the script. */
export type KineticGlassNumberKey =
  | "sigma"
  | "N"
  | "T"
  | "t0"
  | "samples"
  | "chains"
  | "maxLag"
  | "g"
  | "k3Gain"
  | "k3Decay"
  | "gaussGamma0"
  | "gaussRho"
  | "sphScale"
  | "sphRho"
  | "sphStrongScale"
  | "sphStrongRho"
  | "sphStrongSigma"
  | "designK"
  | "designRatio"
  | "designIsingQ0"
  | "designSphQ0"
  | "pottsStates"
  | "pottsBeta"
  | "pottsN"
  | "pottsT"
  | "pottsMcSamples"
  | "symLambda"
  | "symPaths"
  | "tailSamples"
  | "tailFromLag"
  | "seed";

/** The keys of the kinetic_glass script that the checks and the estimate read. */
export type KineticGlassScriptConfig =
  & { [K in KineticGlassNumberKey]: number }
  & {
    /** A matrix of the config (see the script's help). */
    gamma: number[][];
    /** A list of the config (see the script's help). */
    rhos: number[];
    /** A list of the config (see the script's help). */
    scalingNs: number[];
    /** A list of the config (see the script's help). */
    tailNs: number[];
    /** A list of names (see the script's help). */
    experiments: string[];
  };

/**
 * Check every numeric key of the script's config; throws an {@link ArgumentError} naming the
 * first bad key (list entries as `key[i]`). Sizes, times and counts are positive integers with
 * t0 + maxLag < T (and < pottsT); Γ is a symmetric K×K matrix with Γ_kk ≥ 0 and
 * |Γ_kl| ≤ √(Γ_kk Γ_ll) (necessary for a covariance); gains, scales, field variances and β are
 * positive, σ ≥ 0, correlations ρ and the reciprocity symLambda in [−1, 1], the Toeplitz decay in
 * [0, 1], the design ratio in (0, 1), q ≥ 2 Potts states, tailFromLag in [1, maxLag], and the
 * lists of the selected experiments (scalingNs, tailNs, rhos) non-empty.
 */
export function validateKineticGlass(c: KineticGlassScriptConfig): void {
  const fn = "kinetic_glass";
  for (
    const k of [
      "N",
      "T",
      "t0",
      "samples",
      "chains",
      "maxLag",
      "designK",
      "pottsN",
      "pottsT",
      "pottsMcSamples",
      "symPaths",
      "tailSamples",
      "tailFromLag",
    ] as const
  ) checkPositiveInt(fn, k, c[k]);
  checkSize(fn, "seed", c.seed);
  for (
    const k of [
      "g",
      "k3Gain",
      "gaussGamma0",
      "sphScale",
      "sphStrongScale",
      "designIsingQ0",
      "designSphQ0",
      "pottsBeta",
    ] as const
  ) checkPositive(fn, k, c[k]);
  for (const k of ["sigma", "sphStrongSigma"] as const) checkNonNegative(fn, k, c[k]);
  for (const k of ["gaussRho", "sphRho", "sphStrongRho", "symLambda"] as const) {
    checkInRange(fn, k, c[k], -1, 1);
  }
  c.rhos.forEach((r, i) => checkInRange(fn, `rhos[${i}]`, r, -1, 1));
  checkInRange(fn, "k3Decay", c.k3Decay, 0, 1);
  if (!(c.designRatio > 0 && c.designRatio < 1)) {
    throw new ArgumentError(fn, "designRatio", "a number in (0, 1)", c.designRatio);
  }
  for (const k of ["scalingNs", "tailNs"] as const) {
    c[k].forEach((n, i) => checkPositiveInt(fn, `${k}[${i}]`, n));
  }
  if (!Number.isInteger(c.pottsStates) || c.pottsStates < 2) {
    throw new ArgumentError(fn, "pottsStates", "an integer ≥ 2", c.pottsStates);
  }
  checkCovariance(fn, c.gamma);
  if (c.t0 + c.maxLag >= c.T) {
    throw new ArgumentError(fn, "t0", `t0 + maxLag < T = ${c.T} (maxLag ${c.maxLag})`, c.t0);
  }
  if (c.experiments.includes("potts") && c.t0 + c.maxLag >= c.pottsT) {
    const want = `an integer > t0 + maxLag = ${c.t0 + c.maxLag}`;
    throw new ArgumentError(fn, "pottsT", want, c.pottsT);
  }
  for (const [e, k] of [["scaling", "scalingNs"], ["tail", "tailNs"], ["a1", "rhos"]] as const) {
    if (c.experiments.includes(e) && c[k].length === 0) {
      throw new ArgumentError(fn, k, `a non-empty list (experiment ${e} is selected)`, c[k]);
    }
  }
  if (c.tailFromLag > c.maxLag) {
    throw new ArgumentError(
      fn,
      "tailFromLag",
      `an integer in [1, maxLag = ${c.maxLag}]`,
      c.tailFromLag,
    );
  }
}

/** Γ symmetric K×K with Γ_kk ≥ 0 and |Γ_kl| ≤ √(Γ_kk Γ_ll) (every 2×2 minor PSD). */
function checkCovariance(fn: string, gamma: number[][]): void {
  const K = gamma.length;
  if (K === 0) throw new ArgumentError(fn, "gamma", "a non-empty K×K matrix", gamma);
  for (let k = 0; k < K; k++) {
    if (gamma[k].length !== K) {
      throw new ArgumentError(fn, `gamma[${k}]`, `a row of length K = ${K}`, gamma[k]);
    }
    for (let l = 0; l < K; l++) checkFinite(fn, `gamma[${k}][${l}]`, gamma[k][l]);
    checkNonNegative(fn, `gamma[${k}][${k}]`, gamma[k][k]);
  }
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < k; l++) {
      const v = gamma[k][l];
      if (v !== gamma[l][k] || v * v > gamma[k][k] * gamma[l][l] * (1 + 1e-12)) {
        const want =
          `symmetric with |gamma[${k}][${l}]| ≤ √(gamma[${k}][${k}]·gamma[${l}][${l}]) ` +
          `(a covariance)`;
        throw new ArgumentError(fn, `gamma[${k}][${l}]`, want, v);
      }
    }
  }
}

/**
 * Peak bytes of the script for `c` and the key that drives them (all f64). The simulations run
 * one after another; one simulation of N sites, K lags, A = T + K times, S coupling samples and
 * C chains holds
 *
 * - 8·2K·min(S, 3)·N²: the couplings J (N × KN) and their K N×N normal draws, for up to three
 *   coupling samples: each sample's are garbage once it is done, and the measurement below shows
 *   about that many uncollected at the peak (key: the N of that simulation: N, scalingNs, tailNs,
 *   or pottsN with N → q·pottsN for the Potts embedding);
 * - 8CAN: the token history of the chains (key chains);
 * - 8(S + 2)A²: the S overlap grids kept for the per-sample errors, their mean and the DMFT's
 *   two-time grid (key T, or pottsT);
 *
 * and the reaction-term DMFT of `sym` holds 8(3A·symPaths + 2A²) (key symPaths), the Potts
 * DMFT closure 32·q·pottsMcSamples (two q-vectors of normals per sample and their random bits). K is the
 * largest of Γ's size, 3 (Fig A2, the tail study) and designK among the selected experiments.
 * Measured (max RSS of the script with experiments main, T 100, defaults otherwise): N = 500 →
 * 2000 grew 212 → 542 MB, by 330 MB; this estimate grows by 362 MB (1.1×; counting one sample's
 * J and draw only, it grew by 90 MB, 0.27×). With samples 1 the RSS grew by 80 MB and this
 * estimate by 120 MB (1.5×).
 */
export function kineticGlassMemoryBytes(
  c: KineticGlassScriptConfig,
): { bytes: number; key: keyof KineticGlassScriptConfig & string } {
  type Key = keyof KineticGlassScriptConfig & string;
  const has = (e: string) => c.experiments.includes(e);
  const sims: { N: number; K: number; S: number; T: number; C: number; nKey: Key; tKey: Key }[] =
    [];
  const at = { S: c.samples, T: c.T, C: c.chains, nKey: "N" as Key, tKey: "T" as Key };
  let K = 0;
  if (has("main")) K = c.gamma.length;
  if (["a1", "a3", "a4", "a5", "sym"].some(has)) K = Math.max(K, 2);
  if (has("a2")) K = Math.max(K, 3);
  if (has("a6")) K = Math.max(K, c.designK);
  if (K > 0) sims.push({ ...at, N: c.N, K });
  if (has("scaling")) sims.push({ ...at, N: Math.max(...c.scalingNs), K: 2, nKey: "scalingNs" });
  if (has("tail")) {
    sims.push({ ...at, N: Math.max(...c.tailNs), K: 3, S: c.tailSamples, nKey: "tailNs" });
  }
  if (has("potts")) {
    const N = c.pottsStates * c.pottsN;
    sims.push({ N, K: 2, S: c.samples, T: c.pottsT, C: 1, nKey: "pottsN", tKey: "pottsT" });
  }
  let best = { bytes: 0, key: "N" as Key };
  const consider = (terms: [number, Key][]) => {
    const bytes = terms.reduce((a, [b]) => a + b, 0);
    if (bytes > best.bytes) best = { bytes, key: terms.reduce((a, t) => (t[0] > a[0] ? t : a))[1] };
  };
  for (const s of sims) {
    const A = s.T + s.K;
    consider([
      [8 * 2 * s.K * Math.min(s.S, 3) * s.N * s.N, s.nKey],
      [8 * s.C * A * s.N, "chains"],
      [8 * (s.S + 2) * A * A, s.tKey],
    ]);
  }
  if (has("potts")) consider([[32 * c.pottsStates * c.pottsMcSamples, "pottsMcSamples"]]);
  if (has("sym")) {
    const A = c.T + 2;
    consider([[8 * 3 * A * c.symPaths, "symPaths"], [8 * 2 * A * A, "T"]]);
  }
  return best;
}
