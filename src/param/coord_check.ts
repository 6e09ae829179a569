/**
 * Coordinate check (Yang et al. 2021, "Tensor Programs V", §D; arXiv:2505.01618 Fig. 7):
 * train a model of each size for a few steps and record the RMS size of chosen activations and
 * of their change since initialisation; under a correct parameterization both stay O(1) as
 * width (or depth) grows, so their log-log slopes against the size are ≈ 0.
 * @module
 */
import { ArgumentError } from "../array/errors.ts";
import type { NDArray } from "../array/ndarray.ts";
import { valueAndGrad } from "../autodiff/grad.ts";
import type { Tree } from "../autodiff/tree.ts";
import type { Optimizer } from "../optim/optimizer.ts";

/** What one model size needs for a coordinate check. */
export interface CoordCheckSetup<P extends Tree> {
  /** Initial parameters. */
  params: P;
  /** Training loss (size-1 array). */
  loss: (params: P) => NDArray;
  /** Optimizer (with the parameterization's groups). */
  optimizer: Optimizer;
  /** Base learning rate. */
  lr: number;
  /** Named activations to measure (same names at every size). */
  probe: (params: P) => Record<string, NDArray>;
}

/** One measurement: RMS of activation `name` (`act:`) or of its change since step 0 (`delta:`). */
export interface CoordCheckRow {
  /** Model size (width or depth). */
  size: number;
  /** Optimizer steps taken. */
  step: number;
  /** `act:<probe>` or `delta:<probe>`. */
  name: string;
  /** Root-mean-square over entries, averaged over seeds. */
  rms: number;
}

/** Least-squares slope of log y against log x. */
export function logLogSlope(x: readonly number[], y: readonly number[]): number {
  const lx = x.map(Math.log), ly = y.map(Math.log);
  const mx = lx.reduce((a, b) => a + b) / lx.length, my = ly.reduce((a, b) => a + b) / ly.length;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < lx.length; i++) {
    sxy += (lx[i] - mx) * (ly[i] - my);
    sxx += (lx[i] - mx) ** 2;
  }
  return sxy / sxx;
}

function rms(x: NDArray, base?: NDArray): number {
  const d = x.dataSync(), b = base?.dataSync();
  let s = 0;
  for (let i = 0; i < d.length; i++) {
    const v = b ? d[i] - b[i] : d[i];
    s += v * v;
  }
  return Math.sqrt(s / d.length);
}

/**
 * Run the coordinate check over `sizes` for `steps` optimizer steps and `seeds` seeds; returns
 * every measurement and, per measurement name, the log-log slope against size at the last step.
 */
export function coordCheck<P extends Tree>(opts: {
  sizes: number[];
  steps: number;
  seeds?: number;
  setup: (size: number, seed: number) => CoordCheckSetup<P>;
}): { rows: CoordCheckRow[]; slopes: Record<string, number> } {
  if (!Array.isArray(opts.sizes) || opts.sizes.length < 2) {
    throw new ArgumentError("coordCheck", "sizes", "at least two model sizes", opts.sizes);
  }
  if (!Number.isInteger(opts.steps) || opts.steps < 1) {
    throw new ArgumentError("coordCheck", "steps", "a positive integer", opts.steps);
  }
  const seeds = opts.seeds ?? 1;
  const acc = new Map<string, number>();
  for (const size of opts.sizes) {
    for (let seed = 0; seed < seeds; seed++) {
      const s = opts.setup(size, seed);
      let params = s.params, state = s.optimizer.init(params);
      const vg = valueAndGrad(s.loss);
      const p0 = s.probe(params);
      const add = (step: number, name: string, v: number) => {
        const k = `${size}|${step}|${name}`;
        acc.set(k, (acc.get(k) ?? 0) + v / seeds);
      };
      for (const [n, a] of Object.entries(p0)) add(0, `act:${n}`, rms(a));
      for (let t = 1; t <= opts.steps; t++) {
        const r = s.optimizer.update(params, vg(params).grad, { state, lr: s.lr });
        params = r.params;
        state = r.state;
        const pt = s.probe(params);
        for (const [n, a] of Object.entries(pt)) {
          add(t, `act:${n}`, rms(a));
          add(t, `delta:${n}`, rms(a, p0[n]));
        }
      }
    }
  }
  const rows: CoordCheckRow[] = [...acc].map(([k, v]) => {
    const [size, step, name] = k.split("|");
    return { size: Number(size), step: Number(step), name, rms: v };
  });
  const slopes: Record<string, number> = {};
  const last = rows.filter((r) => r.step === opts.steps);
  for (const name of new Set(last.map((r) => r.name))) {
    const rs = last.filter((r) => r.name === name);
    slopes[name] = logLogSlope(rs.map((r) => r.size), rs.map((r) => r.rms));
  }
  return { rows, slopes };
}
