/**
 * The cpu reference of `Backend.adamwStep`: one Adam/AdamW update in place (Kingma & Ba 2015,
 * Algorithm 1 with bias correction; Loshchilov & Hutter 2019, arXiv:1711.05101, decoupled weight
 * decay in PyTorch's convention), and the argument checks every backend shares.
 *
 * @module
 */
import type { AdamwStepArgs, DType, TypedArray } from "../types.ts";
import { checkElementwise, checkScalar, checkSize } from "../validate.ts";
import { ArgumentError } from "../../errors/mod.ts";

/** The per-call constants of an update, computed once (every backend uses these values). */
export interface AdamwConstants {
  /** `1 − beta1`. */
  c1: number;
  /** `1 − beta2`. */
  c2: number;
  /** `1 − lr·weightDecay`. */
  decay: number;
  /** `lr / (1 − beta1^t)`. */
  stepSize: number;
  /** `1 / √(1 − beta2^t)`. */
  sq2: number;
}

/**
 * Validates {@linkcode AdamwStepArgs} (same dtype, every span inside its array, β in [0, 1),
 * `step` a positive integer) and returns the dtype and the per-call constants.
 */
export function checkAdamwStep(
  fn: string,
  args: AdamwStepArgs<TypedArray>,
): { dtype: DType; k: AdamwConstants } {
  if (typeof args !== "object" || args === null) {
    throw new ArgumentError(fn, "args", "an object", args);
  }
  const { n, lr, beta1, beta2, eps, weightDecay, l2, gradScale, step } = args;
  const dtype = checkElementwise(fn, n, [
    ["params", args.params, args.offParams],
    ["grads", args.grads, args.offGrads],
    ["m", args.m, args.offM],
    ["v", args.v, args.offV],
  ]);
  for (const [name, x] of [["lr", lr], ["eps", eps], ["weightDecay", weightDecay]] as const) {
    checkScalar(fn, name, x);
  }
  checkScalar(fn, "l2", l2);
  checkScalar(fn, "gradScale", gradScale);
  for (const [name, b] of [["beta1", beta1], ["beta2", beta2]] as const) {
    checkScalar(fn, name, b);
    if (!(b >= 0 && b < 1)) throw new ArgumentError(fn, name, "a number in [0, 1)", b);
  }
  checkSize(fn, "step", step);
  if (step < 1) throw new ArgumentError(fn, "step", "an integer ≥ 1", step);
  return {
    dtype,
    k: {
      c1: 1 - beta1,
      c2: 1 - beta2,
      decay: 1 - lr * weightDecay,
      stepSize: lr / (1 - Math.pow(beta1, step)),
      sq2: 1 / Math.sqrt(1 - Math.pow(beta2, step)),
    },
  };
}

/** One Adam/AdamW update in place (see {@linkcode AdamwStepArgs}), in plain TypeScript. */
export function adamwStepCpu(args: AdamwStepArgs<TypedArray>): void {
  const { k } = checkAdamwStep("adamwStep", args);
  const { n, params: p, grads: gr, m, v, beta1: b1, beta2: b2, eps, l2, gradScale } = args;
  const { offParams: oP, offGrads: oG, offM: oM, offV: oV } = args;
  const { c1, c2, decay, stepSize, sq2 } = k;
  for (let j = 0; j < n; j++) {
    const pj = p[oP + j];
    const g = gr[oG + j] * gradScale + l2 * pj;
    const mj = b1 * m[oM + j] + c1 * g;
    const vj = b2 * v[oV + j] + c2 * g * g;
    m[oM + j] = mj;
    v[oV + j] = vj;
    p[oP + j] = pj * decay - stepSize * mj / (Math.sqrt(vj) * sq2 + eps);
  }
}
