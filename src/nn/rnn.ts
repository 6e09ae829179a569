/**
 * Continuous-time (leaky) tanh rate RNN, Euler-discretised with α = dt/τ (arXiv:2509.21504, the task-trained RNN;
 * PAPERS.md, "INSD"):
 * x_{t+1} = (1 − α) x_t + α (J r_t + B u_t + b) + √α·σ_rec·ξ_t,  r_t = tanh(x_t).
 * The input is a sequence u [batch, T, in]; the output is the rates r_1..r_T [batch, T, N].
 * @module
 */
import { ArgumentError } from "../array/errors.ts";
import { zeros } from "../array/creation.ts";
import type { NDArray } from "../array/ndarray.ts";
import { add, concat, matmul, mul, reshape, slice, tanh } from "../autodiff/ops.ts";
import { type Key, split } from "../random/key.ts";
import { normal } from "../random/normal.ts";
import { checkDim, checkNonNeg, type DTypeOpt, type Layer } from "./layer.ts";

/** Parameters of {@link ctRnn}: recurrent J [N, N] (row i = inputs of unit i), input B [in, N], bias b [N]. */
export type CtRnnParams = { J: NDArray; B: NDArray; b: NDArray };

/** Input of {@link ctRnn}: the sequence, and optionally an initial state and a noise key. */
export interface RnnInput {
  /** Inputs u [batch, T, in]. */
  u: NDArray;
  /** Initial state x_0 [batch, N] (default 0). */
  x0?: NDArray;
  /** Key for the recurrent noise ξ (needed when `noiseStd > 0`). */
  noiseKey?: Key;
}

/** Configuration of {@link ctRnn}. */
export interface CtRnnConfig extends DTypeOpt {
  /** Input size. */
  inDim: number;
  /** Number of units N. */
  hidden: number;
  /** α = dt/τ ∈ (0, 1]. */
  alpha: number;
  /** σ_rec of the recurrent noise (default 0). */
  noiseStd?: number;
  /** Init gain g of J ~ N(0, g²/N) (default 1). */
  gain?: number;
}

/** The leaky tanh RNN of arXiv:2509.21504 (PAPERS.md, "INSD") with BPTT through `apply`. */
export function ctRnn(cfg: CtRnnConfig): Layer<CtRnnParams, RnnInput> {
  const inDim = checkDim("ctRnn", "inDim", cfg.inDim);
  const n = checkDim("ctRnn", "hidden", cfg.hidden);
  const a = cfg.alpha;
  if (!(a > 0 && a <= 1)) throw new ArgumentError("ctRnn", "alpha", "a number in (0, 1]", a);
  const sig = checkNonNeg("ctRnn", "noiseStd", cfg.noiseStd ?? 0);
  const gain = checkNonNeg("ctRnn", "gain", cfg.gain ?? 1);
  const dtype = cfg.dtype ?? "f32";
  return {
    init(key) {
      const [k1, k2] = split(key, 2);
      return {
        J: normal(k1, [n, n], { dtype, std: gain / Math.sqrt(n) }),
        B: normal(k2, [inDim, n], { dtype, std: 1 / Math.sqrt(inDim) }),
        b: zeros([n], { dtype }),
      };
    },
    apply(p, inp) {
      const u = inp.u;
      if (u.ndim !== 3 || u.shape[2] !== inDim) {
        throw new ArgumentError("ctRnn.apply", "u", `shape [batch, T, ${inDim}]`, u);
      }
      if (sig > 0 && !inp.noiseKey) {
        throw new ArgumentError("ctRnn.apply", "noiseKey", "a key when noiseStd > 0", undefined);
      }
      const [bs, T] = u.shape;
      let x = inp.x0 ?? zeros([bs, n], { dtype: p.J.dtype });
      const keys = sig > 0 ? split(inp.noiseKey!, T) : [];
      const rates: NDArray[] = [];
      let r = tanh(x); // r_t = tanh(x_t), computed once per step
      for (let t = 0; t < T; t++) {
        const drive = add(
          add(matmul(r, p.J, { transB: true }), matmul(slice(u, null, t), p.B)),
          p.b,
        );
        x = add(mul(x, 1 - a), mul(drive, a));
        if (sig > 0) {
          x = add(x, normal(keys[t], [bs, n], { dtype: x.dtype, std: Math.sqrt(a) * sig }));
        }
        r = tanh(x);
        rates.push(reshape(r, [bs, 1, n]));
      }
      return concat(rates, { axis: 1 });
    },
  };
}
