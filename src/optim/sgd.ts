/**
 * Stochastic gradient descent with optional heavy-ball or Nesterov momentum and coupled L2
 * weight decay (PyTorch `torch.optim.SGD` conventions: v ← μv + g, step = v or g + μv).
 * @module
 */
import { ArgumentError } from "../array/errors.ts";
import { NDArray } from "../array/ndarray.ts";
import { allocTyped } from "../array/dtype.ts";
import type { Tree } from "../autodiff/tree.ts";
import { treeUnflatten } from "../autodiff/tree.ts";
import { add, mul, sub } from "../array/elementwise.ts";
import {
  checkState,
  type CommonOptions,
  onDevice,
  type Optimizer,
  prepare,
  prepareDevice,
  slotData,
  type UpdateOptions,
  type UpdateResult,
  zerosTree,
} from "./optimizer.ts";

/** Options of {@link sgd}. */
export interface SgdOptions extends CommonOptions {
  /** Momentum μ ∈ [0, 1) (default 0). */
  momentum?: number;
  /** Nesterov momentum (default false). */
  nesterov?: boolean;
  /** Coupled L2 weight decay λ: g ← g + λθ (default 0). */
  weightDecay?: number;
}

/** SGD: θ ← θ − η·step. */
export function sgd(opts: SgdOptions = {}): Optimizer {
  const mu = opts.momentum ?? 0, wd = opts.weightDecay ?? 0;
  if (!(mu >= 0 && mu < 1)) throw new ArgumentError("sgd", "momentum", "a number in [0, 1)", mu);
  if (opts.nesterov && mu === 0) {
    throw new ArgumentError("sgd", "nesterov", "used with momentum > 0", opts.nesterov);
  }
  return {
    name: opts.nesterov ? "sgd-nesterov" : mu > 0 ? "sgd-momentum" : "sgd",
    init: (params) => ({
      step: 0,
      slots: mu > 0 ? { v: zerosTree(params) } : ({} as Record<string, Tree>),
    }),
    update<T extends Tree>(params: T, grads: T, { state, lr }: UpdateOptions): UpdateResult<T> {
      checkState("sgd.update", state, mu > 0 ? ["v"] : []);
      if (onDevice("sgd.update", params)) {
        // the same update composed of device array ops (no readback)
        const { leaves, norm, slot, rebuild } = prepareDevice(
          "sgd.update",
          params,
          grads,
          opts,
          lr,
        );
        const vl = mu > 0 ? slot(state.slots.v) : [];
        const nv: NDArray[] = [];
        const ps = leaves.map((l, i) => {
          const eta = lr * l.scale.lr, lam = wd * l.scale.wd;
          let g = lam !== 0 ? add(l.g, mul(l.param, lam)) : l.g;
          if (mu > 0) {
            const v = add(mul(vl[i], mu), g);
            nv.push(v);
            g = opts.nesterov ? add(g, mul(v, mu)) : v;
          }
          return sub(l.param, mul(g, eta));
        });
        return {
          params: rebuild<T>(ps),
          state: {
            step: state.step + 1,
            slots: mu > 0 ? { v: rebuild(nv) } : ({} as Record<string, Tree>),
          },
          gradNorm: NaN,
          gradNormArray: norm,
        };
      }
      const { leaves, norm, clip } = prepare("sgd.update", params, grads, opts, lr);
      const vs = mu > 0 ? slotData(state.slots.v) : [];
      const newV: NDArray[] = [];
      const out = leaves.map((l, i) => {
        const n = l.p.length, p = allocTyped(l.param.dtype, n);
        const eta = lr * l.scale.lr, lam = wd * l.scale.wd;
        const v = mu > 0 ? allocTyped(l.param.dtype, n) : null;
        for (let j = 0; j < n; j++) {
          let g = l.g[j] * clip + lam * l.p[j];
          if (v) {
            const vj = mu * vs[i][j] + g;
            v[j] = vj;
            g = opts.nesterov ? g + mu * vj : vj;
          }
          p[j] = l.p[j] - eta * g;
        }
        if (v) newV.push(new NDArray(v, l.param.shape));
        return new NDArray(p, l.param.shape);
      });
      return {
        params: treeUnflatten(params, out),
        state: {
          step: state.step + 1,
          slots: mu > 0 ? { v: treeUnflatten(params, newV) } : ({} as Record<string, Tree>),
        },
        gradNorm: norm,
      };
    },
  };
}
