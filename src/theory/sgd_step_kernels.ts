/**
 * WebAssembly SIMD (f64x2) kernels for the hot loop of the exact SGD second-moment recursion
 * (arXiv:2506.15535), with the plain TypeScript loops of `sgd_recursion.ts` as their slow twin.
 *
 * The kernels are AssemblyScript (kernels/wasm/sgd_step.ts, built by `deno task build:kernels`
 * into the committed, base64-embedded kernels/wasm/build/sgd_step_simd_wasm.ts):
 * - `stepFly(n, lam, m, η, k2, f) → s`: `m_i ← ((1−ηλ_i)² + k2 λ_i²) m_i + f λ_i`, returns
 *   `Σ λ_i m_i` (the general step; LR and batch may change every step);
 * - `stepD(n, lam, D, m, f) → s`: `m_i ← D_i m_i + f λ_i` with precomputed factors D (constant
 *   segments), returns `Σ λ_i m_i`;
 * - `stepAvg(n, lam, m, c, S, η, k2, f) → s`: the general step fused with the running-average
 *   update `c_i ← (1−ηλ_i)c_i + m_i`, `S_i ← S_i + 2c_i − m_i` (exact averaged iterates);
 * - `stepQ(n, lam, m, η, k2, f, qOut) → s`: the general step that also stores `Σ λ_i² m_i` (the
 *   NSGD normaliser's mean part, arXiv:2510.14717) at qOut.
 *
 * The arrays live in the instance's memory; callers get Float64Array views on them, so every other
 * part of the recursion (averaging, NSGD) runs unchanged on the same storage. The dimension is
 * padded to even with λ = m = D = 0, which stays 0. Summation runs in two lanes, so results agree
 * with the TypeScript loops to rounding (not bit for bit); the kernels use no FMA, so they give
 * the same bits on every engine.
 *
 * @module
 */

import { wasmBytes } from "../../kernels/wasm/build/sgd_step_simd_wasm.ts";
import { KERNEL_PAGES } from "../backend/wasm/kernels.ts";

let compiled: WebAssembly.Module | null | undefined;

/**
 * Whether the SIMD kernels compiled on this runtime (WebAssembly with SIMD); when false the
 * recursion uses its TypeScript loops.
 *
 * @returns true when the module compiled
 */
export function sgdStepKernelsAvailable(): boolean {
  return compiledModule() !== null;
}

function compiledModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(wasmBytes as BufferSource);
    } catch {
      compiled = null; // no WASM SIMD: callers use the TypeScript loops
    }
  }
  return compiled;
}

/** SIMD step kernels bound to one instance memory holding λ, m and D. */
export interface SgdStepKernels {
  /** λ (length d), a view on the instance memory. */
  lambda: Float64Array;
  /** m (length d), a view on the instance memory; updated in place by the steps. */
  m: Float64Array;
  /** Contraction factors D (length d) for {@link SgdStepKernels.stepD}; fill before use. */
  factors: Float64Array;
  /** General step with coefficients computed on the fly; returns Σ λ_i m_i. */
  stepFly(eta: number, k2: number, f: number): number;
  /** Step with the precomputed factors; returns Σ λ_i m_i. */
  stepD(f: number): number;
  /** Running-average cross moments c (length d, view); set to m0 before the first stepAvg. */
  avgC: Float64Array;
  /** Running-average sums S (length d, view); set to m0 before the first stepAvg. */
  avgS: Float64Array;
  /** General step fused with the running-average update of avgC and avgS; returns Σ λ_i m_i. */
  stepAvg(eta: number, k2: number, f: number): number;
  /** General step; writes Σ λ_i m_i to out[0] and Σ λ_i² m_i to out[1]. */
  stepQ(eta: number, k2: number, f: number, out: Float64Array): void;
}

/**
 * Instantiate the SIMD kernels for dimension d = lambda.length, copying λ and m0 into the
 * instance memory. Returns undefined where WebAssembly SIMD is unavailable.
 *
 * @param lambda eigenvalues (length d)
 * @param m0 initial second moments (length d)
 * @returns kernels with views on their memory, or undefined
 */
export function sgdStepKernels(
  lambda: Float64Array,
  m0: Float64Array,
): SgdStepKernels | undefined {
  if (lambda.length !== m0.length) {
    throw new Error(
      `sgdStepKernels: arguments "lambda" and "m0" must have equal length, got ${lambda.length} and ${m0.length}`,
    );
  }
  const mod = compiledModule();
  if (!mod) return undefined;
  const d = lambda.length;
  const dp = d + (d & 1);
  const bytes = 5 * 8 * dp + 16;
  const pages = Math.ceil(bytes / 65536);
  if (pages > KERNEL_PAGES.maximum) return undefined;
  // the module imports a shared memory (the flags of every kernel module, kernels/compile.ts)
  const memory = new WebAssembly.Memory({
    initial: Math.max(pages, KERNEL_PAGES.initial),
    maximum: KERNEL_PAGES.maximum,
    shared: true,
  });
  const inst = new WebAssembly.Instance(mod, { env: { memory } });
  const exp = inst.exports as unknown as {
    stepFly: (n: number, lam: number, m: number, eta: number, k2: number, f: number) => number;
    stepD: (n: number, lam: number, dd: number, m: number, f: number) => number;
    stepAvg: (
      n: number,
      lam: number,
      m: number,
      c: number,
      S: number,
      eta: number,
      k2: number,
      f: number,
    ) => number;
    stepQ: (
      n: number,
      lam: number,
      m: number,
      eta: number,
      k2: number,
      f: number,
      qOut: number,
    ) => number;
  };
  const buf = memory.buffer;
  const lamOff = 0, mOff = 8 * dp, dOff = 16 * dp, cOff = 24 * dp, sOff = 32 * dp;
  const qOff = 40 * dp;
  const qView = new Float64Array(buf, qOff, 1);
  const lam = new Float64Array(buf, lamOff, dp);
  const m = new Float64Array(buf, mOff, dp);
  lam.set(lambda);
  m.set(m0);
  return {
    lambda: lam.subarray(0, d),
    m: m.subarray(0, d),
    factors: new Float64Array(buf, dOff, d),
    avgC: new Float64Array(buf, cOff, d),
    avgS: new Float64Array(buf, sOff, d),
    stepFly: (eta, k2, f) => exp.stepFly(dp, lamOff, mOff, eta, k2, f),
    stepD: (f) => exp.stepD(dp, lamOff, dOff, mOff, f),
    stepAvg: (eta, k2, f) => exp.stepAvg(dp, lamOff, mOff, cOff, sOff, eta, k2, f),
    stepQ: (eta, k2, f, out) => {
      out[0] = exp.stepQ(dp, lamOff, mOff, eta, k2, f, qOff);
      out[1] = qView[0];
    },
  };
}
