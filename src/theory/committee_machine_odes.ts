/**
 * Order-parameter ODEs of online SGD in the soft committee machine with erf units
 * (Saad & Solla 1995, Biehl & Schwarze 1995; the flagship example E2 of the summary-statistics
 * perspective, Zavatone-Veth, Bordelon & Pehlevan, arXiv:2504.16920; PAPERS.md "Summary
 * statistics"): the Gaussian
 * averages I2, I3, I4, J2 of g(z) = erf(z/√2), the generalisation error as a function of the
 * overlaps Q, R, T, the ODE right-hand side, its integration, and the symmetric plateau.
 *
 * Conventions: inputs x ~ N(0, I_N); λ_k = w_k·x/√N (K students), ν_m = w⋆_m·x/√N (M teachers);
 * Q = w·w/N (K×K), R = w·w⋆/N (K×M), T = w⋆·w⋆/N (M×M); α = samples/N.
 *
 * @module
 */

import { luF64, luSolveF64 } from "../linalg/core/lu.ts";
import { integrateOde } from "./ode_integrators.ts";

/** Overlaps of a committee machine: Q (K×K), R (K×M), T (M×M), row-major. */
export interface CommitteeOverlaps {
  /** Student units K. */
  students: number;
  /** Teacher units M. */
  teachers: number;
  /** Student–student overlap Q (K×K). */
  Q: Float64Array;
  /** Student–teacher overlap R (K×M). */
  R: Float64Array;
  /** Teacher–teacher overlap T (M×M). */
  T: Float64Array;
}

function checkOverlaps(fn: string, o: CommitteeOverlaps): void {
  const { students: K, teachers: M } = o;
  if (!Number.isInteger(K) || K < 1 || !Number.isInteger(M) || M < 1) {
    throw new Error(`${fn}: students and teachers must be positive integers, got K=${K}, M=${M}`);
  }
  if (o.Q.length !== K * K || o.R.length !== K * M || o.T.length !== M * M) {
    throw new Error(
      `${fn}: overlaps must have sizes Q ${K * K}, R ${K * M}, T ${
        M * M
      }, got ${o.Q.length}, ${o.R.length}, ${o.T.length}`,
    );
  }
}

/** The (K+M)×(K+M) covariance Ω = [[Q, R], [Rᵀ, T]] of the local fields (λ, ν). */
export function committeeFieldCovariance(o: CommitteeOverlaps): Float64Array {
  checkOverlaps("committeeFieldCovariance", o);
  const { students: K, teachers: M } = o;
  const n = K + M;
  const c = new Float64Array(n * n);
  for (let i = 0; i < K; i++) {
    for (let k = 0; k < K; k++) c[i * n + k] = o.Q[i * K + k];
    for (let m = 0; m < M; m++) c[i * n + K + m] = c[(K + m) * n + i] = o.R[i * M + m];
  }
  for (let a = 0; a < M; a++) for (let b = 0; b < M; b++) c[(K + a) * n + K + b] = o.T[a * M + b];
  return c;
}

const clip = (x: number): number => Math.max(-1, Math.min(1, x));

/** Gaussian averages of g(z) = erf(z/√2) over centred fields with covariance C (n×n). */
export interface ErfAverages {
  /** I2(a,b) = E[g(u_a) g(u_b)] = (2/π) arcsin(C_ab/√((1+C_aa)(1+C_bb))). */
  i2(a: number, b: number): number;
  /** I3(a,b,c) = E[g′(u_a) u_b g(u_c)]. */
  i3(a: number, b: number, c: number): number;
  /** I4(a,b,c,d) = E[g′(u_a) g′(u_b) g(u_c) g(u_d)]. */
  i4(a: number, b: number, c: number, d: number): number;
  /** J2(a,b) = E[g′(u_a) g′(u_b)] = (2/π)(1 + C_aa + C_bb + C_aa C_bb − C_ab²)^{−1/2}. */
  j2(a: number, b: number): number;
}

/**
 * Closed-form Gaussian averages I2, I3, I4, J2 of the erf committee machine (Saad & Solla 1995;
 * arXiv:2504.16920; PAPERS.md "Summary statistics") for the n×n covariance `cov` (row-major);
 * indices run over the n
 * fields. Every arcsin argument is clipped to [−1, 1] (singular covariances at perfect learning).
 */
export function erfAverages(cov: Float64Array, n: number): ErfAverages {
  if (cov.length !== n * n) {
    throw new Error(`erfAverages: argument "cov" must have length n²=${n * n}, got ${cov.length}`);
  }
  const C = (a: number, b: number): number => cov[a * n + b];
  return {
    i2(a, b) {
      return (2 / Math.PI) * Math.asin(clip(C(a, b) / Math.sqrt((1 + C(a, a)) * (1 + C(b, b)))));
    },
    i3(a, b, c) {
      const caa = 1 + C(a, a);
      const l3 = caa * (1 + C(c, c)) - C(a, c) ** 2;
      return (2 / Math.PI) * (C(b, c) * caa - C(a, b) * C(a, c)) / (caa * Math.sqrt(l3));
    },
    i4(a, b, c, d) {
      const caa = 1 + C(a, a), cbb = 1 + C(b, b);
      const l4 = caa * cbb - C(a, b) ** 2;
      const l0 = l4 * C(c, d) - C(b, c) * C(b, d) * caa - C(a, c) * C(a, d) * cbb +
        C(a, b) * C(a, c) * C(b, d) + C(a, b) * C(a, d) * C(b, c);
      const l1 = l4 * (1 + C(c, c)) - C(b, c) ** 2 * caa - C(a, c) ** 2 * cbb +
        2 * C(a, b) * C(a, c) * C(b, c);
      const l2 = l4 * (1 + C(d, d)) - C(b, d) ** 2 * caa - C(a, d) ** 2 * cbb +
        2 * C(a, b) * C(a, d) * C(b, d);
      return (4 / (Math.PI * Math.PI)) / Math.sqrt(l4) * Math.asin(clip(l0 / Math.sqrt(l1 * l2)));
    },
    j2(a, b) {
      const caa = C(a, a), cbb = C(b, b);
      return (2 / Math.PI) / Math.sqrt(1 + caa + cbb + caa * cbb - C(a, b) ** 2);
    },
  };
}

/**
 * Generalisation error ε_g = ½ E(ŷ − y)² of the erf soft committee machine as a closed function of
 * the summary statistics (arXiv:2504.16920; PAPERS.md "Summary statistics"):
 * ε_g = (1/π)[Σ_ik asin(Q_ik/√((1+Q_ii)(1+Q_kk))) + Σ_nm asin(T_nm/…) − 2 Σ_in asin(R_in/…)].
 * Excludes the output-noise variance.
 */
export function committeeGeneralizationError(o: CommitteeOverlaps): number {
  checkOverlaps("committeeGeneralizationError", o);
  const { students: K, teachers: M, Q, R, T } = o;
  let s = 0;
  for (let i = 0; i < K; i++) {
    for (let k = 0; k < K; k++) {
      s += Math.asin(clip(Q[i * K + k] / Math.sqrt((1 + Q[i * K + i]) * (1 + Q[k * K + k]))));
    }
  }
  for (let n = 0; n < M; n++) {
    for (let m = 0; m < M; m++) {
      s += Math.asin(clip(T[n * M + m] / Math.sqrt((1 + T[n * M + n]) * (1 + T[m * M + m]))));
    }
  }
  for (let i = 0; i < K; i++) {
    for (let n = 0; n < M; n++) {
      s -= 2 * Math.asin(clip(R[i * M + n] / Math.sqrt((1 + Q[i * K + i]) * (1 + T[n * M + n]))));
    }
  }
  return s / Math.PI;
}

/** Learning-rule parameters of the Saad–Solla ODEs. */
export interface SaadSollaOptions {
  /** Learning rate η of w ← w + (η/√N) g′(λ)(y − ŷ)x. */
  learningRate: number;
  /** Output-noise standard deviation σ_noise of the teacher (default 0). */
  noiseStd?: number;
}

/**
 * Right-hand side of the Saad–Solla ODEs (arXiv:2504.16920; PAPERS.md "Summary statistics"):
 * dR_in/dα = η[Σ_m I3(i,n,m) − Σ_j I3(i,n,j)],
 * dQ_ik/dα = η[Σ_m I3(i,k,m) − Σ_j I3(i,k,j) + (i↔k)] + η²[Σ_nm I4(i,k,n,m) − 2Σ_jn I4(i,k,j,n)
 * + Σ_jl I4(i,k,j,l) + σ² J2(i,k)]; T is constant. Returns {dQ, dR}.
 */
export function saadSollaRhs(
  o: CommitteeOverlaps,
  options: SaadSollaOptions,
): { dQ: Float64Array; dR: Float64Array } {
  checkOverlaps("saadSollaRhs", o);
  const eta = options.learningRate;
  if (!Number.isFinite(eta)) {
    throw new Error(`saadSollaRhs: option "learningRate" must be finite, got ${eta}`);
  }
  const s2 = (options.noiseStd ?? 0) ** 2;
  const { students: K, teachers: M } = o;
  const n = K + M;
  const E = erfAverages(committeeFieldCovariance(o), n);
  const dR = new Float64Array(K * M), dQ = new Float64Array(K * K);
  // drift terms D(i, b) = Σ_m I3(i, b, teacher m) − Σ_j I3(i, b, student j)
  const drift = (i: number, b: number): number => {
    let s = 0;
    for (let m = 0; m < M; m++) s += E.i3(i, b, K + m);
    for (let j = 0; j < K; j++) s -= E.i3(i, b, j);
    return s;
  };
  for (let i = 0; i < K; i++) for (let m = 0; m < M; m++) dR[i * M + m] = eta * drift(i, K + m);
  for (let i = 0; i < K; i++) {
    for (let k = i; k < K; k++) {
      let q = eta * (drift(i, k) + drift(k, i));
      let noise = 0;
      for (let a = 0; a < M; a++) for (let b = 0; b < M; b++) noise += E.i4(i, k, K + a, K + b);
      for (let j = 0; j < K; j++) for (let b = 0; b < M; b++) noise -= 2 * E.i4(i, k, j, K + b);
      for (let j = 0; j < K; j++) for (let l = 0; l < K; l++) noise += E.i4(i, k, j, l);
      noise += s2 * E.j2(i, k);
      q += eta * eta * noise;
      dQ[i * K + k] = dQ[k * K + i] = q;
    }
  }
  return { dQ, dR };
}

/** A learning curve of the order parameters. */
export interface CommitteeTrajectory {
  /** Learning times α. */
  alpha: number[];
  /** Overlaps at each α. */
  overlaps: CommitteeOverlaps[];
  /** ε_g at each α. */
  generalizationError: number[];
}

/**
 * Integrates the Saad–Solla ODEs from the initial overlaps `o0` (RK4, dα = `dAlpha`, default
 * 0.05) and records Q, R and ε_g at `alphas` (ascending).
 */
export function integrateSaadSolla(
  o0: CommitteeOverlaps,
  options: SaadSollaOptions & { alphas: readonly number[]; dAlpha?: number },
): CommitteeTrajectory {
  checkOverlaps("integrateSaadSolla", o0);
  const { students: K, teachers: M } = o0;
  const pack = (o: CommitteeOverlaps): Float64Array => {
    const y = new Float64Array(K * K + K * M);
    y.set(o.Q, 0);
    y.set(o.R, K * K);
    return y;
  };
  const unpack = (y: Float64Array): CommitteeOverlaps => ({
    students: K,
    teachers: M,
    Q: y.slice(0, K * K),
    R: y.slice(K * K),
    T: o0.T,
  });
  const alphas = options.alphas;
  if (alphas.length === 0) {
    throw new Error(`integrateSaadSolla: option "alphas" must be non-empty, got []`);
  }
  const tr = integrateOde(
    (_t, y, out) => {
      const d = saadSollaRhs(unpack(y), options);
      out.set(d.dQ, 0);
      out.set(d.dR, K * K);
    },
    pack(o0),
    {
      tEnd: alphas[alphas.length - 1],
      dt: options.dAlpha ?? 0.05,
      recordAt: alphas,
    },
  );
  const overlaps = tr.states.map(unpack);
  return {
    alpha: tr.times,
    overlaps,
    generalizationError: overlaps.map(committeeGeneralizationError),
  };
}

/** Symmetric overlaps R_in ≡ r, Q_ii ≡ q, Q_{i≠k} ≡ c with K = M students/teachers and T = I. */
export function symmetricOverlaps(
  units: number,
  values: { r: number; q: number; c: number },
): CommitteeOverlaps {
  const K = units;
  const Q = new Float64Array(K * K), R = new Float64Array(K * K).fill(values.r);
  const T = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    T[i * K + i] = 1;
    for (let k = 0; k < K; k++) Q[i * K + k] = i === k ? values.q : values.c;
  }
  return { students: K, teachers: K, Q, R, T };
}

/** Result of {@link symmetricPlateau}. */
export interface SymmetricPlateau {
  /** Student–teacher overlap r. */
  r: number;
  /** Student norm q = Q_ii. */
  q: number;
  /** Student–student overlap c = Q_{i≠k}. */
  c: number;
  /** ε_g at the fixed point. */
  generalizationError: number;
  /** max |dR|, |dQ| at the solution. */
  residual: number;
  /** Newton iterations. */
  iterations: number;
}

/**
 * Symmetric (unspecialised) plateau fixed point of the Saad–Solla ODEs for K = M, T = I
 * (arXiv:2504.16920; PAPERS.md "Summary statistics"): Newton's method with a finite-difference
 * Jacobian on
 * (r, q, c) ↦ (dR_00, dQ_00, dQ_01) (for K = 1, c is dropped). Default guess r = 0.8/K,
 * q = c = 0.65/K.
 */
export function symmetricPlateau(
  units: number,
  options: SaadSollaOptions & { guess?: { r: number; q: number; c: number }; tolerance?: number },
): SymmetricPlateau {
  const K = units;
  if (!Number.isInteger(K) || K < 1) {
    throw new Error(`symmetricPlateau: argument "units" must be a positive integer, got ${K}`);
  }
  const dim = K === 1 ? 2 : 3;
  const g = options.guess ?? { r: 0.8 / K, q: 0.65 / K, c: 0.65 / K };
  let x = dim === 3 ? [g.r, g.q, g.c] : [g.r, g.q];
  const F = (v: number[]): number[] => {
    const o = symmetricOverlaps(K, { r: v[0], q: v[1], c: dim === 3 ? v[2] : 0 });
    const d = saadSollaRhs(o, options);
    return dim === 3 ? [d.dR[0], d.dQ[0], d.dQ[1]] : [d.dR[0], d.dQ[0]];
  };
  const tol = options.tolerance ?? 1e-13;
  let f = F(x), res = Math.max(...f.map(Math.abs)), it = 0;
  for (; it < 100 && res > tol; it++) {
    const J = new Float64Array(dim * dim);
    for (let j = 0; j < dim; j++) {
      const h = 1e-7 * Math.max(1, Math.abs(x[j]));
      const xp = x.slice(), xm = x.slice();
      xp[j] += h;
      xm[j] -= h;
      const fp = F(xp), fm = F(xm);
      for (let i = 0; i < dim; i++) J[i * dim + j] = (fp[i] - fm[i]) / (2 * h);
    }
    const step = Float64Array.from(f);
    const lu = luF64(J, { n: dim });
    if (lu.zeroPivot >= 0) {
      throw new Error(`symmetricPlateau: singular Jacobian at iteration ${it}`);
    }
    luSolveF64(J, lu.piv, step, { n: dim });
    x = x.map((v, i) => v - step[i]);
    f = F(x);
    res = Math.max(...f.map(Math.abs));
  }
  const c = dim === 3 ? x[2] : 0;
  return {
    r: x[0],
    q: x[1],
    c,
    generalizationError: committeeGeneralizationError(
      symmetricOverlaps(K, { r: x[0], q: x[1], c }),
    ),
    residual: res,
    iterations: it,
  };
}
