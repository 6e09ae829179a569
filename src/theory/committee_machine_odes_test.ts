import assert from "node:assert/strict";
import { erf } from "../array/special.ts";
import { choleskyF64 } from "../linalg/core/cholesky.ts";
import { key, normalF64 } from "../random/mod.ts";
import {
  committeeGeneralizationError,
  erfAverages,
  integrateSaadSolla,
  saadSollaRhs,
  symmetricOverlaps,
  symmetricPlateau,
} from "./committee_machine_odes.ts";

const g = (z: number) => erf(z * Math.SQRT1_2);
const gp = (z: number) => Math.sqrt(2 / Math.PI) * Math.exp(-0.5 * z * z);

Deno.test("I2, I3, I4, J2 agree with 10⁶-sample Monte Carlo within 3 SE (B7.1)", () => {
  const n = 4;
  // a random-looking SPD covariance with O(1) entries
  const cov = new Float64Array([
    1.2,
    0.4,
    -0.3,
    0.5,
    0.4,
    0.9,
    0.2,
    0.1,
    -0.3,
    0.2,
    1.5,
    -0.6,
    0.5,
    0.1,
    -0.6,
    1.1,
  ]);
  const L = cov.slice();
  choleskyF64(L, { n });
  const S = 1_000_000;
  const z = normalF64(key(7), S * n);
  const E = erfAverages(cov, n);
  const u = new Float64Array(n);
  const checks: { name: string; exact: number; f: (u: Float64Array) => number }[] = [
    { name: "I2(0,3)", exact: E.i2(0, 3), f: (u) => g(u[0]) * g(u[3]) },
    { name: "I3(0,1,2)", exact: E.i3(0, 1, 2), f: (u) => gp(u[0]) * u[1] * g(u[2]) },
    { name: "I3(1,1,3)", exact: E.i3(1, 1, 3), f: (u) => gp(u[1]) * u[1] * g(u[3]) },
    {
      name: "I4(0,1,2,3)",
      exact: E.i4(0, 1, 2, 3),
      f: (u) => gp(u[0]) * gp(u[1]) * g(u[2]) * g(u[3]),
    },
    { name: "I4(2,2,0,0)", exact: E.i4(2, 2, 0, 0), f: (u) => gp(u[2]) ** 2 * g(u[0]) ** 2 },
    { name: "J2(0,2)", exact: E.j2(0, 2), f: (u) => gp(u[0]) * gp(u[2]) },
  ];
  const sum = new Float64Array(checks.length), sum2 = new Float64Array(checks.length);
  for (let s = 0; s < S; s++) {
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let j = 0; j <= i; j++) v += L[i * n + j] * z[s * n + j];
      u[i] = v;
    }
    for (let c = 0; c < checks.length; c++) {
      const v = checks[c].f(u);
      sum[c] += v;
      sum2[c] += v * v;
    }
  }
  for (let c = 0; c < checks.length; c++) {
    const m = sum[c] / S, se = Math.sqrt((sum2[c] / S - m * m) / S);
    assert.ok(
      Math.abs(m - checks[c].exact) < 3 * se,
      `${checks[c].name}: ${checks[c].exact} vs MC ${m} ± ${se}`,
    );
  }
  // I2(a, a) with C_aa = q is (2/π) arcsin(q/(1+q))
  assert.ok(Math.abs(E.i2(1, 1) - (2 / Math.PI) * Math.asin(0.9 / 1.9)) < 1e-15);
});

Deno.test("ε_g special values (B7.2): perfect student 0, Q = R = 0 gives M/6", () => {
  for (const M of [1, 2, 3]) {
    const perfect = symmetricOverlaps(M, { r: 0, q: 1, c: 0 });
    perfect.R.fill(0);
    for (let i = 0; i < M; i++) perfect.R[i * M + i] = 1;
    assert.ok(Math.abs(committeeGeneralizationError(perfect)) < 1e-15);
    const zero = symmetricOverlaps(M, { r: 0, q: 0, c: 0 });
    assert.ok(Math.abs(committeeGeneralizationError(zero) - M / 6) < 1e-15);
  }
});

Deno.test("fixed points (B7.3): Q = R = T = I for every η; the symmetric plateau table", () => {
  const I = symmetricOverlaps(3, { r: 0, q: 1, c: 0 });
  I.R.fill(0);
  for (let i = 0; i < 3; i++) I.R[i * 3 + i] = 1;
  for (const eta of [0.1, 0.5, 1, 3]) {
    const d = saadSollaRhs(I, { learningRate: eta });
    for (const v of [...d.dQ, ...d.dR]) assert.ok(Math.abs(v) < 1e-12, `η=${eta}: ${v}`);
  }
  const table = [
    [2, 0.1, 0.4085, 0.3343, 0.01209],
    [2, 0.5, 0.4102, 0.3396, 0.01468],
    [2, 1.0, 0.4142, 0.3530, 0.02116],
    [3, 0.1, 0.2585, 0.2011, 0.02189],
    [3, 0.5, 0.2602, 0.2083, 0.03282],
  ];
  for (const [K, eta, r, q, eg] of table) {
    const p = symmetricPlateau(K, { learningRate: eta });
    assert.ok(p.residual < 1e-9);
    assert.ok(Math.abs(p.r - r) < 1e-4 && Math.abs(p.q - q) < 1e-4, `K=${K} η=${eta}`);
    assert.ok(Math.abs(p.c - p.q) < 1e-9, "students coincide at the plateau (q = c)");
    assert.ok(Math.abs(p.generalizationError - eg) < 1e-5);
  }
});

Deno.test("integrated ODE leaves the plateau and converges towards perfect learning", () => {
  // slightly asymmetric start near the symmetric plateau (K = M = 2, η = 0.5)
  const o = symmetricOverlaps(2, { r: 0.41, q: 0.34, c: 0.34 });
  o.R[0] += 1e-3;
  const tr = integrateSaadSolla(o, { learningRate: 0.5, alphas: [0, 400], dAlpha: 0.1 });
  assert.ok(tr.generalizationError[1] < 1e-4, `${tr.generalizationError[1]}`);
  // the exactly symmetric point stays put
  const p = symmetricPlateau(2, { learningRate: 0.5 });
  const s = symmetricOverlaps(2, p);
  const ts = integrateSaadSolla(s, { learningRate: 0.5, alphas: [50] });
  assert.ok(Math.abs(ts.generalizationError[0] - p.generalizationError) < 1e-9);
});

Deno.test("committee ODE inputs are validated", () => {
  assert.throws(
    () =>
      committeeGeneralizationError({
        students: 2,
        teachers: 2,
        Q: new Float64Array(3),
        R: new Float64Array(4),
        T: new Float64Array(4),
      }),
    /committeeGeneralizationError: overlaps must have sizes/,
  );
  assert.throws(() => erfAverages(new Float64Array(5), 2), /erfAverages: argument "cov"/);
  assert.throws(() => symmetricPlateau(0, { learningRate: 0.1 }), /symmetricPlateau/);
});
