/**
 * Student–teacher soft committee machine with erf units trained by online SGD (Saad & Solla
 * 1995; example E2 of the summary-statistics perspective, arXiv:2504.16920; PAPERS.md "Summary
 * statistics"), with
 * overlap measurement, held-out error and optional rotational drift of the weights (E4).
 *
 * Conventions: x ~ N(0, I_N); λ_k = w_k·x/√N, ν_m = w⋆_m·x/√N; ŷ = Σ_k g(λ_k),
 * y = Σ_m g(ν_m) + σ_noise ζ, g(z) = erf(z/√2); loss ½(ŷ − y)²;
 * w_k ← w_k + (η/√N) g′(λ_k)(y − ŷ) x; α = steps/N.
 *
 * @module
 */

import { erf } from "../array/special.ts";
import { type Backend, defaultBackend } from "../backend/mod.ts";
import { foldIn, type Key, normalF64, split } from "../random/mod.ts";
import type { CommitteeOverlaps } from "../theory/committee_machine_odes.ts";
import { applyGivensRotations } from "./representational_drift.ts";

const SQRT1_2 = Math.SQRT1_2;
const G1 = Math.sqrt(2 / Math.PI);

/** g(z) = erf(z/√2). */
export function erfUnit(z: number): number {
  return erf(z * SQRT1_2);
}

/** g′(z) = √(2/π) e^{−z²/2}. */
export function erfUnitDerivative(z: number): number {
  return G1 * Math.exp(-0.5 * z * z);
}

/**
 * Overlaps Q = WWᵀ/N, R = WW⋆ᵀ/N, T = W⋆W⋆ᵀ/N of row-major student (K×N) and teacher (M×N)
 * weights — the summary statistics of arXiv:2504.16920; PAPERS.md "Summary statistics".
 */
export function measureOverlaps(
  student: Float64Array,
  teacher: Float64Array,
  dims: { students: number; teachers: number; size: number },
): CommitteeOverlaps {
  const { students: K, teachers: M, size: N } = dims;
  if (student.length !== K * N || teacher.length !== M * N) {
    throw new Error(
      `measureOverlaps: weights must have lengths K·N=${K * N} and M·N=${
        M * N
      }, got ${student.length} and ${teacher.length}`,
    );
  }
  const dot = (a: Float64Array, i: number, b: Float64Array, j: number): number => {
    let s = 0;
    for (let p = 0; p < N; p++) s += a[i * N + p] * b[j * N + p];
    return s / N;
  };
  const Q = new Float64Array(K * K), R = new Float64Array(K * M), T = new Float64Array(M * M);
  for (let i = 0; i < K; i++) {
    for (let k = 0; k <= i; k++) Q[i * K + k] = Q[k * K + i] = dot(student, i, student, k);
    for (let m = 0; m < M; m++) R[i * M + m] = dot(student, i, teacher, m);
  }
  for (let n = 0; n < M; n++) {
    for (let m = 0; m <= n; m++) T[n * M + m] = T[m * M + n] = dot(teacher, n, teacher, m);
  }
  return { students: K, teachers: M, Q, R, T };
}

/**
 * Held-out estimate of ε_g = ½ E(ŷ − y)² (noise-free teacher) on `inputs` (P×N row-major),
 * with its standard error; the fields come from one GEMV per hidden unit on the backend.
 */
export function heldOutCommitteeError(
  student: Float64Array,
  teacher: Float64Array,
  inputs: Float64Array,
  dims: { students: number; teachers: number; size: number; backend?: Backend },
): { mean: number; se: number } {
  const { students: K, teachers: M, size: N } = dims;
  const P = inputs.length / N;
  if (!Number.isInteger(P) || P < 2) {
    throw new Error(
      `heldOutCommitteeError: argument "inputs" must hold P >= 2 rows of N=${N}, got length ${inputs.length}`,
    );
  }
  const be = dims.backend ?? defaultBackend();
  // fields[p·n + j] = x_p·w_j/√N, one GEMV of the P×N inputs per hidden unit
  const fields = (w: Float64Array, n: number): Float64Array => {
    const out = new Float64Array(P * n);
    const y = new Float64Array(P);
    for (let j = 0; j < n; j++) {
      be.gemv({
        trans: false,
        m: P,
        n: N,
        alpha: 1 / Math.sqrt(N),
        a: inputs,
        offA: 0,
        lda: N,
        x: w,
        offX: j * N,
        incX: 1,
        beta: 0,
        y,
        offY: 0,
        incY: 1,
      });
      for (let p = 0; p < P; p++) out[p * n + j] = y[p];
    }
    return out;
  };
  const lam = fields(student, K), nu = fields(teacher, M);
  let s = 0, s2 = 0;
  for (let p = 0; p < P; p++) {
    let d = 0;
    for (let k = 0; k < K; k++) d += erfUnit(lam[p * K + k]);
    for (let m = 0; m < M; m++) d -= erfUnit(nu[p * M + m]);
    const e = 0.5 * d * d;
    s += e;
    s2 += e * e;
  }
  const mean = s / P;
  return { mean, se: Math.sqrt(Math.max(0, s2 / P - mean * mean) / (P - 1)) };
}

/** Options of {@link simulateCommitteeSgd}. */
export interface CommitteeSgdOptions {
  /** Student hidden units K. */
  students: number;
  /** Teacher hidden units M. */
  teachers: number;
  /** Input dimension N. */
  size: number;
  /** Learning rate η. */
  learningRate: number;
  /** Teacher output-noise standard deviation (default 0). */
  noiseStd?: number;
  /** Record overlaps at these α (ascending; α = steps/N). */
  alphas: readonly number[];
  /** Standard deviation of the initial student weights (default 0.1, i.e. N(0, 0.01)). */
  studentInitStd?: number;
  /** Held-out inputs for a direct test-error estimate at each checkpoint (default 0: none). */
  testSize?: number;
  /** Apply `givens` random Givens rotations jointly to student and teacher every `everyAlpha` (E4). */
  drift?: { everyAlpha: number; givens: number };
  /** Backend for the held-out GEMMs. */
  backend?: Backend;
}

/** Result of {@link simulateCommitteeSgd}. */
export interface CommitteeSgdResult {
  /** Checkpoint α. */
  alpha: number[];
  /** Measured overlaps at each checkpoint. */
  overlaps: CommitteeOverlaps[];
  /** Held-out ½(ŷ − y)² at each checkpoint (empty without testSize). */
  heldOut: { mean: number; se: number }[];
  /** Student weights at each checkpoint (K×N), for drift and subsampling analyses. */
  studentWeights: Float64Array[];
  /** Teacher weights at each checkpoint (M×N; they move only under drift). */
  teacherWeights: Float64Array[];
}

/**
 * Online SGD of the erf soft committee machine on fresh Gaussian inputs, one sample per step
 * (arXiv:2504.16920; PAPERS.md "Summary statistics"), teacher w⋆ ~ N(0, I), student ~ N(0,
 * studentInitStd²). Records
 * the overlaps (and optionally a held-out error) at the requested α. Cost: α_max·N² operations
 * plus α_max·N² Gaussian draws.
 */
export function simulateCommitteeSgd(k: Key, options: CommitteeSgdOptions): CommitteeSgdResult {
  const fn = "simulateCommitteeSgd";
  const { students: K, teachers: M, size: N, learningRate: eta } = options;
  for (const [name, v] of [["students", K], ["teachers", M], ["size", N]] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new Error(`${fn}: option "${name}" must be a positive integer, got ${v}`);
    }
  }
  if (!(eta > 0)) throw new Error(`${fn}: option "learningRate" must be > 0, got ${eta}`);
  const alphas = options.alphas;
  for (let i = 0; i < alphas.length; i++) {
    if (!(alphas[i] >= 0) || (i > 0 && alphas[i] < alphas[i - 1])) {
      throw new Error(`${fn}: option "alphas" must be ascending and >= 0, got ${alphas[i]}`);
    }
  }
  const noise = options.noiseStd ?? 0;
  const [kT, kS, kData, kTest, kDrift, kNoise] = split(k, 6);
  const teacher = normalF64(kT, M * N);
  const student = normalF64(kS, K * N, { std: options.studentInitStd ?? 0.1 });
  const P = options.testSize ?? 0;
  const testInputs = P > 0 ? normalF64(kTest, P * N) : null;
  const dims = { students: K, teachers: M, size: N };
  const out: CommitteeSgdResult = {
    alpha: [],
    overlaps: [],
    heldOut: [],
    studentWeights: [],
    teacherWeights: [],
  };
  const record = (alpha: number): void => {
    out.alpha.push(alpha);
    out.overlaps.push(measureOverlaps(student, teacher, dims));
    out.studentWeights.push(student.slice());
    out.teacherWeights.push(teacher.slice());
    if (testInputs) {
      out.heldOut.push(
        heldOutCommitteeError(student, teacher, testInputs, { ...dims, backend: options.backend }),
      );
    }
  };
  const totalSteps = Math.round((alphas[alphas.length - 1] ?? 0) * N);
  const chunk = Math.max(1, Math.min(totalSteps, Math.floor(4_000_000 / N)));
  const invSqrtN = 1 / Math.sqrt(N);
  const lam = new Float64Array(K), nu = new Float64Array(M), coef = new Float64Array(K);
  const driftSteps = options.drift ? Math.max(1, Math.round(options.drift.everyAlpha * N)) : 0;
  let nextMark = 0, driftCount = 0;
  let xs: Float64Array = new Float64Array(0), zeta: Float64Array = new Float64Array(0);
  for (let step = 0; step <= totalSteps; step++) {
    while (nextMark < alphas.length && Math.round(alphas[nextMark] * N) === step) {
      record(alphas[nextMark]);
      nextMark++;
    }
    if (step === totalSteps) break;
    if (driftSteps > 0 && step > 0 && step % driftSteps === 0) {
      applyGivensRotations([student, teacher], foldIn(kDrift, driftCount++), {
        size: N,
        rotations: options.drift!.givens,
      });
    }
    const c = step % chunk;
    if (c === 0) {
      xs = normalF64(foldIn(kData, step / chunk), chunk * N);
      if (noise > 0) zeta = normalF64(foldIn(kNoise, step / chunk), chunk);
    }
    const xo = c * N;
    let yhat = 0, y = noise > 0 ? noise * zeta[c] : 0;
    for (let i = 0; i < K; i++) {
      let s = 0;
      const wo = i * N;
      for (let p = 0; p < N; p++) s += student[wo + p] * xs[xo + p];
      lam[i] = s * invSqrtN;
      yhat += erfUnit(lam[i]);
    }
    for (let m = 0; m < M; m++) {
      let s = 0;
      const wo = m * N;
      for (let p = 0; p < N; p++) s += teacher[wo + p] * xs[xo + p];
      nu[m] = s * invSqrtN;
      y += erfUnit(nu[m]);
    }
    const err = y - yhat;
    for (let i = 0; i < K; i++) coef[i] = eta * invSqrtN * erfUnitDerivative(lam[i]) * err;
    for (let i = 0; i < K; i++) {
      const wo = i * N, ci = coef[i];
      for (let p = 0; p < N; p++) student[wo + p] += ci * xs[xo + p];
    }
  }
  return out;
}
