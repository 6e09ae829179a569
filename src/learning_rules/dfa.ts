/**
 * Direct feedback alignment (Nøkland 2016), the fixed-random-feedback baseline of "Error Broadcast
 * and Decorrelation" (arXiv:2504.11558, Table 1 "DFA"): hidden layer k receives the output error
 * through a fixed random matrix B⁽ᵏ⁾ [N_k, N_L]; its update is {@link broadcastUpdate} with M = B⁽ᵏ⁾
 * and g = identity (the EBD closed form with R̂ frozen, App. I.6).
 * @module
 */
import type { NDArray } from "../array/ndarray.ts";
import { ArgumentError, checkChoice } from "../errors/mod.ts";
import { type Key, split } from "../random/key.ts";
import { uniform } from "../random/uniform.ts";

/**
 * Fixed DFA feedback matrices B⁽ᵏ⁾ ~ U(−1/√N_L, 1/√N_L), [N_k, N_L] for each hidden layer.
 *
 * @param k key (hidden layer k draws from `split(k, L−1)[k]`)
 * @param sizes widths [N_0, …, N_L]
 * @param opts `{ dtype = "f32" }`
 */
export function dfaFeedback(
  k: Key,
  sizes: number[],
  opts: { dtype?: "f32" | "f64" } = {},
): NDArray[] {
  const dtype = checkChoice("dfaFeedback", "dtype", opts.dtype ?? "f32", ["f32", "f64"] as const);
  const L = sizes.length - 1, nOut = sizes[L];
  if (L < 2) throw new ArgumentError("dfaFeedback", "sizes", "at least one hidden layer", sizes);
  const a = 1 / Math.sqrt(nOut);
  return split(k, L - 1).map((kk, i) =>
    uniform(kk, [sizes[i + 1], nOut], { low: -a, high: a, dtype })
  );
}
