/**
 * Adam (Kingma & Ba 2015, Algorithm 1 with bias correction) with coupled L2 weight decay, and
 * AdamW (Loshchilov & Hutter 2019) with decoupled weight decay, both in PyTorch's conventions:
 * AdamW first decays θ ← θ(1 − η·λ) then steps θ ← θ − η·m̂/(√v̂ + ε), where η, λ and ε carry
 * the parameter's group multipliers (arXiv:2505.01618, Table 1).
 * @module
 */
import { ArgumentError } from "../array/errors.ts";
import { backendOf, NDArray, storageOf } from "../array/ndarray.ts";
import { contiguous, copy } from "../array/shape_ops.ts";
import { allocTyped } from "../array/dtype.ts";
import { type Tree, treeUnflatten } from "../autodiff/tree.ts";
import { defaultBackend } from "../backend/registry.ts";
import {
  checkState,
  type CommonOptions,
  onDevice,
  type Optimizer,
  type OptState,
  prepare,
  prepareDevice,
  slotData,
  type UpdateOptions,
  type UpdateResult,
  zerosTree,
} from "./optimizer.ts";

/** Options of {@link adam} and {@link adamw}. */
export interface AdamOptions extends CommonOptions {
  /** β₁ (default 0.9). */
  beta1?: number;
  /** β₂ (default 0.999). */
  beta2?: number;
  /** ε (default 1e-8). */
  eps?: number;
  /** Weight decay λ (default 0; adam: coupled L2, adamw: decoupled). */
  weightDecay?: number;
}

function make(name: "adam" | "adamw", opts: AdamOptions): Optimizer {
  const b1 = opts.beta1 ?? 0.9, b2 = opts.beta2 ?? 0.999;
  const eps = opts.eps ?? 1e-8, wd = opts.weightDecay ?? 0;
  for (const [k, v] of [["beta1", b1], ["beta2", b2]] as const) {
    if (!(v >= 0 && v < 1)) throw new ArgumentError(name, k, "a number in [0, 1)", v);
  }
  if (!(eps >= 0)) throw new ArgumentError(name, "eps", "a number ≥ 0", eps);
  if (!(wd >= 0)) throw new ArgumentError(name, "weightDecay", "a number ≥ 0", wd);
  const decoupled = name === "adamw";
  /**
   * The update of device parameters: the backend's `adamwStep` (the same contract kernel as the
   * host path below) on fresh copies, with the gradient already clipped on the device.
   */
  const deviceUpdate = <T extends Tree>(params: T, grads: T, state: OptState, lr: number) => {
    const fn = `${name}.update`;
    const { leaves, norm, slot, rebuild } = prepareDevice(fn, params, grads, opts, lr);
    const ms = slot(state.slots.m), vs = slot(state.slots.v);
    const t = state.step + 1;
    const newM: NDArray[] = [], newV: NDArray[] = [];
    const out = leaves.map((l, i) => {
      const eta = lr * l.scale.lr, lam = wd * l.scale.wd;
      const p = copy(l.param), m = copy(ms[i]), v = copy(vs[i]), g = contiguous(l.g);
      backendOf(fn, p, g, m, v).adamwStep({
        n: p.size,
        params: storageOf(p),
        offParams: p.offset,
        grads: storageOf(g),
        offGrads: g.offset,
        m: storageOf(m),
        offM: m.offset,
        v: storageOf(v),
        offV: v.offset,
        lr: eta,
        beta1: b1,
        beta2: b2,
        eps: eps * l.scale.eps,
        weightDecay: decoupled ? lam : 0,
        l2: decoupled ? 0 : lam,
        gradScale: 1,
        step: t,
      });
      newM.push(m);
      newV.push(v);
      return p;
    });
    return {
      params: rebuild<T>(out),
      state: { step: t, slots: { m: rebuild(newM), v: rebuild(newV) } },
      gradNorm: NaN,
      gradNormArray: norm,
    };
  };
  return {
    name,
    init: (params) => ({ step: 0, slots: { m: zerosTree(params), v: zerosTree(params) } }),
    update<T extends Tree>(params: T, grads: T, { state, lr }: UpdateOptions): UpdateResult<T> {
      const fn = `${name}.update`;
      checkState(fn, state, ["m", "v"]);
      if (onDevice(fn, params)) return deviceUpdate(params, grads, state, lr);
      const { leaves, norm, clip } = prepare(fn, params, grads, opts, lr);
      const ms = slotData(state.slots.m), vs = slotData(state.slots.v);
      const t = state.step + 1;
      const newM: NDArray[] = [], newV: NDArray[] = [];
      // host arrays: one Backend.adamwStep per leaf of the default (host) backend on fresh
      // copies (inputs are not mutated); the wasm kernel is bitwise equal to the cpu reference
      const be = defaultBackend();
      const out = leaves.map((l, i) => {
        const n = l.p.length, dt = l.param.dtype;
        const own = (src: ArrayLike<number>) => {
          const a = allocTyped(dt, n);
          a.set(src);
          return a;
        };
        const p = own(l.p), m = own(ms[i]), v = own(vs[i]);
        const g = l.g.constructor === p.constructor ? l.g : own(l.g);
        const eta = lr * l.scale.lr, lam = wd * l.scale.wd;
        be.adamwStep({
          n,
          params: p,
          offParams: 0,
          grads: g,
          offGrads: 0,
          m,
          offM: 0,
          v,
          offV: 0,
          lr: eta,
          beta1: b1,
          beta2: b2,
          eps: eps * l.scale.eps,
          weightDecay: decoupled ? lam : 0,
          l2: decoupled ? 0 : lam,
          gradScale: clip,
          step: t,
        });
        newM.push(new NDArray(m, l.param.shape));
        newV.push(new NDArray(v, l.param.shape));
        return new NDArray(p, l.param.shape);
      });
      return {
        params: treeUnflatten(params, out),
        state: {
          step: t,
          slots: { m: treeUnflatten(params, newM), v: treeUnflatten(params, newV) },
        },
        gradNorm: norm,
      };
    },
  };
}

/** Adam with bias correction; `weightDecay` adds λθ to the gradient (coupled L2). */
export function adam(opts: AdamOptions = {}): Optimizer {
  return make("adam", opts);
}

/** AdamW: Adam with decoupled weight decay θ ← θ(1 − ηλ) (PyTorch `torch.optim.AdamW`). */
export function adamw(opts: AdamOptions = {}): Optimizer {
  return make("adamw", opts);
}
