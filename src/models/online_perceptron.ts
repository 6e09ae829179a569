/**
 * Online learning of a sign perceptron from a sign-perceptron teacher with the Hebbian and
 * perceptron rules (example E1 of the summary-statistics perspective, arXiv:2504.16920;
 * PAPERS.md, "Summary statistics"): x ~ N(0, I_N), y = sign(w⋆·x), ‖w⋆‖² = N (T = 1); Hebb w ← w + (η/√N) y x;
 * perceptron rule the same update only when sign(w·x) ≠ y.
 *
 * @module
 */

import { foldIn, type Key, normalF64, split } from "../random/mod.ts";

/** Options of {@link simulateOnlinePerceptron}. */
export interface OnlinePerceptronOptions {
  /** "hebb" or "perceptron". */
  rule: "hebb" | "perceptron";
  /** Input dimension N. */
  size: number;
  /** Learning rate η. */
  learningRate: number;
  /** Record at these α (ascending). */
  alphas: readonly number[];
  /** Standard deviation of the initial student weights (default 0: w = 0). */
  initStd?: number;
  /** Held-out inputs for a direct test-error estimate (default 0: none). */
  testSize?: number;
}

/** Result of {@link simulateOnlinePerceptron}. */
export interface OnlinePerceptronResult {
  /** Checkpoints α. */
  alpha: number[];
  /** Measured R = w·w⋆/N. */
  R: number[];
  /** Measured Q = w·w/N. */
  Q: number[];
  /** Held-out error rate with its standard error (empty without testSize). */
  heldOut: { mean: number; se: number }[];
}

/**
 * Simulates online perceptron learning (arXiv:2504.16920; PAPERS.md "Summary statistics") and
 * records the summary statistics R, Q and,
 * optionally, the held-out error rate at the requested α. The teacher is w⋆ ~ N(0, I)
 * rescaled to ‖w⋆‖² = N.
 */
export function simulateOnlinePerceptron(
  k: Key,
  options: OnlinePerceptronOptions,
): OnlinePerceptronResult {
  const fn = "simulateOnlinePerceptron";
  const { size: N, learningRate: eta, rule, alphas } = options;
  if (!Number.isInteger(N) || N < 1) {
    throw new Error(`${fn}: option "size" must be a positive integer, got ${N}`);
  }
  if (rule !== "hebb" && rule !== "perceptron") {
    throw new Error(`${fn}: option "rule" must be "hebb" or "perceptron", got "${rule}"`);
  }
  const [kT, kS, kData, kTest] = split(k, 4);
  const teacher = normalF64(kT, N);
  let tn = 0;
  for (let i = 0; i < N; i++) tn += teacher[i] * teacher[i];
  for (let i = 0; i < N; i++) teacher[i] *= Math.sqrt(N / tn);
  const w = (options.initStd ?? 0) > 0
    ? normalF64(kS, N, { std: options.initStd })
    : new Float64Array(N);
  const P = options.testSize ?? 0;
  const test = P > 0 ? normalF64(kTest, P * N) : null;
  const out: OnlinePerceptronResult = { alpha: [], R: [], Q: [], heldOut: [] };
  const record = (a: number): void => {
    let r = 0, q = 0;
    for (let i = 0; i < N; i++) {
      r += w[i] * teacher[i];
      q += w[i] * w[i];
    }
    out.alpha.push(a);
    out.R.push(r / N);
    out.Q.push(q / N);
    if (test) {
      let errs = 0;
      for (let p = 0; p < P; p++) {
        let a1 = 0, b1 = 0;
        for (let i = 0; i < N; i++) {
          a1 += w[i] * test[p * N + i];
          b1 += teacher[i] * test[p * N + i];
        }
        if ((a1 >= 0) !== (b1 >= 0)) errs++;
      }
      const m = errs / P;
      out.heldOut.push({ mean: m, se: Math.sqrt(m * (1 - m) / P) });
    }
  };
  const total = Math.round((alphas[alphas.length - 1] ?? 0) * N);
  const chunk = Math.max(1, Math.min(total, Math.floor(2_000_000 / N)));
  const c0 = eta / Math.sqrt(N);
  let xs: Float64Array = new Float64Array(0);
  let mark = 0;
  for (let step = 0; step <= total; step++) {
    while (mark < alphas.length && Math.round(alphas[mark] * N) === step) record(alphas[mark++]);
    if (step === total) break;
    const c = step % chunk;
    if (c === 0) xs = normalF64(foldIn(kData, step / chunk), chunk * N);
    const o = c * N;
    let lam = 0, nu = 0;
    for (let i = 0; i < N; i++) {
      lam += w[i] * xs[o + i];
      nu += teacher[i] * xs[o + i];
    }
    const y = nu >= 0 ? 1 : -1;
    if (rule === "perceptron" && (lam >= 0 ? 1 : -1) === y) continue;
    const f = c0 * y;
    for (let i = 0; i < N; i++) w[i] += f * xs[o + i];
  }
  return out;
}
