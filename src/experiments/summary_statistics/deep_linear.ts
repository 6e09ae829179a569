/**
 * E3 of the summary-statistics study (arXiv:2504.16920; PAPERS.md "Summary statistics"): a deep
 * linear network's mode strengths a_α = u_αᵀ W₂W₁ v_α as summary statistics, against the sigmoidal
 * Saxe et al. solution a(t) = s e^{2st}/(e^{2st} − 1 + s/a₀), with each mode's effective a₀ fitted
 * from its measured half time t½ = (1/2s) ln(s/a₀ − 1).
 * @module
 */
import { saxeModeStrength } from "../../theory/mod.ts";
import { simulateDeepLinear } from "../../models/mod.ts";
import { foldIn, type Key } from "../../random/mod.ts";
import type { RunContext } from "../../run/mod.ts";

/** Config of {@link deepLinearModes}. */
export interface DeepLinearConfig {
  /** Teacher singular values s_α. */
  strengths: readonly number[];
  /** Input dimension. */
  inputs: number;
  /** Hidden width. */
  hidden: number;
  /** Output dimension. */
  outputs: number;
  /** Initial weight SD. */
  initStd: number;
  /** Training time in units of τ (81 checkpoints). */
  tMax: number;
  /** Root key (the run uses foldIn(root, 3)). */
  root: Key;
}

/** Result of {@link deepLinearModes} (results.json "e3"). */
export interface DeepLinearResult {
  /** Checkpoint times t/τ. */
  times: number[];
  /** s_α. */
  strengths: number[];
  /** Fitted a₀ per mode. */
  effectiveA0: number[];
  /** Simulated mode strengths [time][mode]. */
  sim: number[][];
  /** Saxe sigmoids [time][mode]. */
  theory: number[][];
  /** max |a_sim − a_theory|/s. */
  maxRelDeviation: number;
}

/** E3: mode strengths vs the Saxe sigmoids. */
export function deepLinearModes(cfg: DeepLinearConfig, ctx: RunContext): Promise<DeepLinearResult> {
  const strengths = [...cfg.strengths];
  const times = Array.from({ length: 81 }, (_, i) => (cfg.tMax * i) / 80);
  const sim = simulateDeepLinear(foldIn(cfg.root, 3), {
    strengths,
    inputs: cfg.inputs,
    hidden: cfg.hidden,
    outputs: cfg.outputs,
    initStd: cfg.initStd,
    dt: 0.005,
    times,
  });
  // effective a₀ of each mode from its measured half time t½ = (1/2s) ln(s/a₀ − 1)
  const a0 = strengths.map((s, m) => {
    const i = sim.modes.findIndex((v) => v[m] >= s / 2);
    if (i <= 0) return NaN;
    const [t1, t2] = [times[i - 1], times[i]], [y1, y2] = [sim.modes[i - 1][m], sim.modes[i][m]];
    const th = t1 + ((s / 2 - y1) * (t2 - t1)) / (y2 - y1);
    return s / (1 + Math.exp(2 * s * th));
  });
  const theory = times.map((t) =>
    strengths.map((s, m) => saxeModeStrength(t, { strength: s, initial: a0[m] }))
  );
  let maxDev = 0;
  times.forEach((_, i) =>
    strengths.forEach((s, m) => {
      maxDev = Math.max(maxDev, Math.abs(sim.modes[i][m] - theory[i][m]) / s);
    })
  );
  ctx.log(
    `summary_statistics: E3 deep linear modes: max |a_sim − a_Saxe|/s = ${maxDev.toFixed(4)}`,
  );
  return Promise.resolve({
    times,
    strengths,
    effectiveA0: a0,
    sim: sim.modes,
    theory,
    maxRelDeviation: maxDev,
  });
}
