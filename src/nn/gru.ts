/**
 * Gated recurrent unit (Cho et al. 2014; PyTorch's gate convention):
 * z = σ(x W_z + h U_z + b_z), r = σ(x W_r + h U_r + b_r), n = tanh(x W_n + b_n + r ⊙ (h U_n + c_n)),
 * h' = (1 − z) ⊙ n + z ⊙ h. Input [batch, T, in] → hidden states [batch, T, N].
 * @module
 */
import { ArgumentError } from "../array/errors.ts";
import { zeros } from "../array/creation.ts";
import type { NDArray } from "../array/ndarray.ts";
import { add, concat, matmul, mul, reshape, sigmoid, slice, sub, tanh } from "../autodiff/ops.ts";
import { split } from "../random/key.ts";
import { uniform } from "../random/uniform.ts";
import { checkDim, type DTypeOpt, type Layer } from "./layer.ts";

/** Parameters of {@link gru}: input weights [in, 3N], recurrent [N, 3N], biases [3N] (z, r, n). */
export type GruParams = { wx: NDArray; wh: NDArray; bx: NDArray; bh: NDArray };

/** A GRU over sequences [batch, T, in] → [batch, T, hidden], h_0 = 0. */
export function gru(cfg: { inDim: number; hidden: number } & DTypeOpt): Layer<GruParams> {
  const inDim = checkDim("gru", "inDim", cfg.inDim);
  const n = checkDim("gru", "hidden", cfg.hidden);
  const dtype = cfg.dtype ?? "f32";
  const k = 1 / Math.sqrt(n);
  return {
    init(key) {
      const ks = split(key, 4);
      const u = (kk: typeof key, s: number[]) => uniform(kk, s, { dtype, low: -k, high: k });
      return {
        wx: u(ks[0], [inDim, 3 * n]),
        wh: u(ks[1], [n, 3 * n]),
        bx: u(ks[2], [3 * n]),
        bh: u(ks[3], [3 * n]),
      };
    },
    apply(p, x) {
      if (x.ndim !== 3 || x.shape[2] !== inDim) {
        throw new ArgumentError("gru.apply", "x", `shape [batch, T, ${inDim}]`, x);
      }
      const [bs, T] = x.shape;
      let h: NDArray = zeros([bs, n], { dtype: p.wx.dtype });
      const gx = add(matmul(reshape(x, [bs * T, inDim]), p.wx), p.bx);
      const gx3 = reshape(gx, [bs, T, 3 * n]);
      const out: NDArray[] = [];
      for (let t = 0; t < T; t++) {
        const gi = slice(gx3, null, t);
        const gh = add(matmul(h, p.wh), p.bh);
        const part = (g: NDArray, i: number) => slice(g, null, [i * n, (i + 1) * n]);
        const z = sigmoid(add(part(gi, 0), part(gh, 0)));
        const r = sigmoid(add(part(gi, 1), part(gh, 1)));
        const c = tanh(add(part(gi, 2), mul(r, part(gh, 2))));
        h = add(c, mul(z, sub(h, c)));
        out.push(reshape(h, [bs, 1, n]));
      }
      return concat(out, { axis: 1 });
    },
  };
}
