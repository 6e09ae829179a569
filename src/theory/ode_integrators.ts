/**
 * Explicit integrators for ordinary differential equations dy/dt = f(t, y) on Float64Array states
 * (Euler and classical fourth-order Runge–Kutta), used by the order-parameter ODEs of online
 * learning (Saad–Solla, perceptron) and any other theory that integrates a flow.
 *
 * @module
 */

/** Right-hand side: writes f(t, y) into `out` (same length as y). */
export type OdeRhs = (t: number, y: Float64Array, out: Float64Array) => void;

/** Options of {@link integrateOde}. */
export interface IntegrateOdeOptions {
  /** Final time (≥ start time). */
  tEnd: number;
  /** Start time (default 0). */
  tStart?: number;
  /** Step size dt > 0 (the last step is shortened to land on tEnd). */
  dt: number;
  /** "rk4" (default) or "euler". */
  method?: "rk4" | "euler";
  /** Record the state at these times (sorted ascending, within [tStart, tEnd]); default: only the end. */
  recordAt?: readonly number[];
}

/** Result of {@link integrateOde}. */
export interface OdeTrajectory {
  /** Recorded times. */
  times: number[];
  /** Recorded states (copies). */
  states: Float64Array[];
  /** State at tEnd. */
  final: Float64Array;
}

/** One classical RK4 step of size dt from (t, y), written into `out` (may alias y). */
export function rk4Step(
  f: OdeRhs,
  t: number,
  y: Float64Array,
  dt: number,
  out: Float64Array,
): void {
  const n = y.length;
  const k1 = new Float64Array(n), k2 = new Float64Array(n), k3 = new Float64Array(n);
  const k4 = new Float64Array(n), tmp = new Float64Array(n);
  f(t, y, k1);
  for (let i = 0; i < n; i++) tmp[i] = y[i] + 0.5 * dt * k1[i];
  f(t + 0.5 * dt, tmp, k2);
  for (let i = 0; i < n; i++) tmp[i] = y[i] + 0.5 * dt * k2[i];
  f(t + 0.5 * dt, tmp, k3);
  for (let i = 0; i < n; i++) tmp[i] = y[i] + dt * k3[i];
  f(t + dt, tmp, k4);
  for (let i = 0; i < n; i++) out[i] = y[i] + (dt / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
}

/**
 * Integrates dy/dt = f(t, y) from y0 with fixed steps (RK4 or Euler), recording the state at
 * the requested times (steps are shortened to hit them exactly).
 */
export function integrateOde(
  f: OdeRhs,
  y0: ArrayLike<number>,
  options: IntegrateOdeOptions,
): OdeTrajectory {
  const fn = "integrateOde";
  const t0 = options.tStart ?? 0;
  const { tEnd, dt } = options;
  if (!(dt > 0) || !Number.isFinite(dt)) {
    throw new Error(`${fn}: option "dt" must be a positive finite number, got ${dt}`);
  }
  if (!(tEnd >= t0)) {
    throw new Error(`${fn}: option "tEnd" must be >= tStart=${t0}, got ${tEnd}`);
  }
  const method = options.method ?? "rk4";
  if (method !== "rk4" && method !== "euler") {
    throw new Error(`${fn}: option "method" must be "rk4" or "euler", got "${method}"`);
  }
  const marks = [...(options.recordAt ?? []), tEnd];
  for (let i = 0; i < marks.length; i++) {
    if (!(marks[i] >= t0 && marks[i] <= tEnd) || (i > 0 && marks[i] < marks[i - 1])) {
      throw new Error(
        `${fn}: option "recordAt" must be ascending within [${t0}, ${tEnd}], got ${marks[i]}`,
      );
    }
  }
  const y = Float64Array.from(y0);
  const d = new Float64Array(y.length);
  const times: number[] = [], states: Float64Array[] = [];
  let t = t0;
  for (let mi = 0; mi < marks.length; mi++) {
    const target = marks[mi];
    while (t < target - 1e-12 * Math.max(1, Math.abs(target))) {
      const h = Math.min(dt, target - t);
      if (method === "rk4") rk4Step(f, t, y, h, y);
      else {
        f(t, y, d);
        for (let i = 0; i < y.length; i++) y[i] += h * d[i];
      }
      t += h;
    }
    t = target;
    if (mi < marks.length - 1) {
      times.push(target);
      states.push(y.slice());
    }
  }
  return { times, states, final: y };
}
