/**
 * Normalized SGD: θ ← θ − η·g/(‖g‖₂ + ε) with the global gradient norm (the NSGD of the Seesaw
 * analysis, arXiv:2510.14717, Corollary 1), optionally with heavy-ball momentum on the normalized direction.
 * @module
 */
import { ArgumentError } from "../array/errors.ts";
import { NDArray } from "../array/ndarray.ts";
import { allocTyped } from "../array/dtype.ts";
import { type Tree, treeUnflatten } from "../autodiff/tree.ts";
import { add, div, minimum, mul, sub } from "../array/elementwise.ts";
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

/** Options of {@link nsgd}. */
export interface NsgdOptions extends CommonOptions {
  /** Added to the norm (default 1e-12). */
  eps?: number;
  /** Momentum on the normalized direction (default 0). */
  momentum?: number;
}

/** Normalized SGD on the global gradient norm. */
export function nsgd(opts: NsgdOptions = {}): Optimizer {
  const eps = opts.eps ?? 1e-12, mu = opts.momentum ?? 0;
  if (!(mu >= 0 && mu < 1)) throw new ArgumentError("nsgd", "momentum", "a number in [0, 1)", mu);
  return {
    name: "nsgd",
    init: (params) => ({
      step: 0,
      slots: mu > 0 ? { v: zerosTree(params) } : ({} as Record<string, Tree>),
    }),
    update<T extends Tree>(params: T, grads: T, { state, lr }: UpdateOptions): UpdateResult<T> {
      checkState("nsgd.update", state, mu > 0 ? ["v"] : []);
      if (onDevice("nsgd.update", params)) {
        // the same update composed of device array ops: l.g is already clipped, and the
        // clipped gradient's norm is min(‖g‖, clipNorm)
        const { leaves, norm, slot, rebuild } = prepareDevice(
          "nsgd.update",
          params,
          grads,
          opts,
          lr,
        );
        const c = opts.clipNorm;
        const den = add(c !== undefined ? minimum(norm, c) : norm, eps);
        const vl = mu > 0 ? slot(state.slots.v) : [];
        const nv: NDArray[] = [];
        const ps = leaves.map((l, i) => {
          let d = div(l.g, den);
          if (mu > 0) {
            d = add(mul(vl[i], mu), d);
            nv.push(d);
          }
          return sub(l.param, mul(d, lr * l.scale.lr));
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
      const { leaves, norm, clip } = prepare("nsgd.update", params, grads, opts, lr);
      const inv = clip / (norm * clip + eps);
      const vs = mu > 0 ? slotData(state.slots.v) : [];
      const newV: NDArray[] = [];
      const out = leaves.map((l, i) => {
        const n = l.p.length, p = allocTyped(l.param.dtype, n);
        const v = mu > 0 ? allocTyped(l.param.dtype, n) : null;
        const eta = lr * l.scale.lr;
        for (let j = 0; j < n; j++) {
          let d = l.g[j] * inv;
          if (v) d = v[j] = mu * vs[i][j] + d;
          p[j] = l.p[j] - eta * d;
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
