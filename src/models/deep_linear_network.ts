/**
 * Two-layer deep linear network y = W2 W1 x trained by full-batch gradient flow on whitened
 * inputs towards a teacher map Σ_yx = Σ_α s_α u_α v_αᵀ (Saxe et al. 2014; example E3 of the
 * summary-statistics perspective, arXiv:2504.16920; PAPERS.md "Summary statistics"). The summary
 * statistics are the
 * mode strengths a_α = u_αᵀ W2 W1 v_α. The teacher's singular vectors are the coordinate axes
 * (u_α = e_α, v_α = e_α), which loses no generality for rotation-invariant initialisations.
 *
 * @module
 */

import { type Key, normalF64, split } from "../random/mod.ts";

/** Options of {@link simulateDeepLinear}. */
export interface DeepLinearOptions {
  /** Teacher singular values s_α (one per mode; modes = length ≤ min(inputs, outputs)). */
  strengths: readonly number[];
  /** Input dimension. */
  inputs: number;
  /** Hidden width. */
  hidden: number;
  /** Output dimension. */
  outputs: number;
  /** Initial weight standard deviation (default 1e-3). */
  initStd?: number;
  /** Time constant τ (default 1). */
  timeConstant?: number;
  /** Euler step dt (default 1e-3·τ). */
  dt?: number;
  /** Record times (ascending). */
  times: readonly number[];
}

/**
 * Gradient flow τ dW1/dt = W2ᵀ(Σ_yx − W2W1), τ dW2/dt = (Σ_yx − W2W1)W1ᵀ (loss ½‖Σ_yx − W2W1‖²_F
 * with whitened inputs) from small random weights, by Euler steps; returns the mode strengths
 * a_α(t) = (W2W1)_{αα} at the requested times.
 */
export function simulateDeepLinear(
  k: Key,
  options: DeepLinearOptions,
): { times: number[]; modes: number[][] } {
  const fn = "simulateDeepLinear";
  const { inputs: ni, hidden: h, outputs: no, strengths } = options;
  for (const [name, v] of [["inputs", ni], ["hidden", h], ["outputs", no]] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new Error(`${fn}: option "${name}" must be a positive integer, got ${v}`);
    }
  }
  if (strengths.length > Math.min(ni, no)) {
    throw new Error(
      `${fn}: option "strengths" may have at most min(inputs, outputs)=${
        Math.min(ni, no)
      } entries, got ${strengths.length}`,
    );
  }
  const tau = options.timeConstant ?? 1;
  const dt = options.dt ?? 1e-3 * tau;
  const std = options.initStd ?? 1e-3;
  const [k1, k2] = split(k, 2);
  const W1 = normalF64(k1, h * ni, { std }), W2 = normalF64(k2, no * h, { std });
  const S = new Float64Array(no * ni);
  strengths.forEach((s, a) => (S[a * ni + a] = s));
  const E = new Float64Array(no * ni), g1 = new Float64Array(h * ni), g2 = new Float64Array(no * h);
  const out = { times: [] as number[], modes: [] as number[][] };
  let t = 0;
  const record = (): void => {
    const m: number[] = [];
    for (let a = 0; a < strengths.length; a++) {
      let s = 0;
      for (let j = 0; j < h; j++) s += W2[a * h + j] * W1[j * ni + a];
      m.push(s);
    }
    out.times.push(t);
    out.modes.push(m);
  };
  for (const target of options.times) {
    while (t < target - 1e-12) {
      const step = Math.min(dt, target - t);
      // E = Σ_yx − W2 W1
      for (let o = 0; o < no; o++) {
        for (let i = 0; i < ni; i++) {
          let s = 0;
          for (let j = 0; j < h; j++) s += W2[o * h + j] * W1[j * ni + i];
          E[o * ni + i] = S[o * ni + i] - s;
        }
      }
      for (let j = 0; j < h; j++) {
        for (let i = 0; i < ni; i++) {
          let s = 0;
          for (let o = 0; o < no; o++) s += W2[o * h + j] * E[o * ni + i];
          g1[j * ni + i] = s;
        }
      }
      for (let o = 0; o < no; o++) {
        for (let j = 0; j < h; j++) {
          let s = 0;
          for (let i = 0; i < ni; i++) s += E[o * ni + i] * W1[j * ni + i];
          g2[o * h + j] = s;
        }
      }
      const f = step / tau;
      for (let p = 0; p < g1.length; p++) W1[p] += f * g1[p];
      for (let p = 0; p < g2.length; p++) W2[p] += f * g2[p];
      t += step;
    }
    record();
  }
  return out;
}
