import assert from "node:assert/strict";
import { key, normalF64, split } from "../random/mod.ts";
import {
  gaussianExpectation1d,
  gaussianExpectation2d,
  sech2Expectation,
  signProductExpectation,
  tanhProductExpectation,
  tanhSquaredExpectation,
  trapezoidGaussianRule,
} from "./gaussian_expectations.ts";

/** Monte Carlo E f(x, y) with its standard error, from n bivariate normal samples. */
function mc2(
  f: (x: number, y: number) => number,
  p: { qa: number; qb: number; qab: number },
  n: number,
  seed: number,
): { mean: number; se: number } {
  const [k1, k2] = split(key(seed), 2);
  const z1 = normalF64(k1, n), z2 = normalF64(k2, n);
  const r = p.qab / Math.sqrt(p.qa * p.qb), s = Math.sqrt(1 - r * r);
  let m = 0, m2 = 0;
  for (let i = 0; i < n; i++) {
    const v = f(Math.sqrt(p.qa) * z1[i], Math.sqrt(p.qb) * (r * z1[i] + s * z2[i]));
    m += v;
    m2 += v * v;
  }
  m /= n;
  return { mean: m, se: Math.sqrt((m2 / n - m * m) / n) };
}

Deno.test("trapezoid rule integrates Gaussian moments to 1e-12", () => {
  const rule = trapezoidGaussianRule(161);
  let m2 = 0, m4 = 0, m0 = 0;
  for (let i = 0; i < 161; i++) {
    const z = rule.nodes[i], w = rule.weights[i];
    m0 += w;
    m2 += w * z * z;
    m4 += w * z ** 4;
  }
  assert.ok(Math.abs(m0 - 1) < 1e-14);
  assert.ok(Math.abs(m2 - 1) < 1e-12);
  assert.ok(Math.abs(m4 - 3) < 1e-12);
  assert.ok(Math.abs(gaussianExpectation1d((x) => x * x, { variance: 2.5 }) - 2.5) < 1e-12);
});

Deno.test("gaussianExpectation2d reproduces the covariance and E x²y² = q_a q_b + 2 q_ab²", () => {
  const p = { varX: 1.3, varY: 0.7, cov: 0.5 };
  assert.ok(Math.abs(gaussianExpectation2d((x, y) => x * y, p) - 0.5) < 1e-12);
  const e = gaussianExpectation2d((x, y) => x * x * y * y, p);
  assert.ok(Math.abs(e - (1.3 * 0.7 + 2 * 0.25)) < 1e-11);
});

Deno.test("F_tanh special values (A6.7): F(q,q,0)=0, F(q,q,q)=E tanh², small-q' slope", () => {
  for (const q of [0.3, 2, 5.867]) {
    assert.equal(tanhProductExpectation(q, q, 0), 0);
    const full = tanhProductExpectation(q, q, q);
    assert.ok(Math.abs(full - tanhSquaredExpectation(q)) < 1e-11, `q=${q}: ${full}`);
    // Price/Hermite: F(q,q,q') = q'(E sech²)² + O(q'³) for odd φ
    const qp = 1e-4;
    const lin = qp * sech2Expectation(q) ** 2;
    assert.ok(Math.abs(tanhProductExpectation(q, q, qp) - lin) < 1e-6 * lin);
  }
  // Converged: doubling the nodes changes F by < 1e-12
  const a = tanhProductExpectation(4, 2.5, 1.7);
  const b = tanhProductExpectation(4, 2.5, 1.7, { nodes: 1201 });
  assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);
});

Deno.test("F_tanh and the sign closure agree with 10⁶-sample Monte Carlo within 3 SE", () => {
  const n = 1_000_000;
  for (const [i, p] of [{ qa: 2, qb: 1, qab: 0.9 }, { qa: 5, qb: 5, qab: -2 }].entries()) {
    const m = mc2((x, y) => Math.tanh(x) * Math.tanh(y), p, n, 10 + i);
    const f = tanhProductExpectation(p.qa, p.qb, p.qab);
    assert.ok(Math.abs(f - m.mean) < 3 * m.se, `tanh ${f} vs MC ${m.mean} ± ${m.se}`);
    const ms = mc2((x, y) => Math.sign(x) * Math.sign(y), p, n, 20 + i);
    const fs = signProductExpectation(p.qa, p.qb, p.qab);
    assert.ok(Math.abs(fs - ms.mean) < 3 * ms.se, `sign ${fs} vs MC ${ms.mean} ± ${ms.se}`);
  }
});

Deno.test("tanh closure approaches the sign closure as the field scale grows (A6.5)", () => {
  let prev = Infinity;
  for (const beta2 of [1, 25, 400, 2500]) {
    const err = Math.abs(
      tanhProductExpectation(beta2, beta2 * 1.5, beta2 * 0.6) -
        signProductExpectation(1, 1.5, 0.6),
    );
    assert.ok(err < prev, `error must decrease with β: ${err} after ${prev}`);
    prev = err;
  }
  assert.ok(prev < 0.02);
});

Deno.test("gaussian expectation inputs are validated with named errors", () => {
  assert.throws(() => tanhProductExpectation(-1, 1, 0), /tanhProductExpectation: variances/);
  assert.throws(() => gaussianExpectation1d((x) => x, { variance: NaN }), /variance/);
  assert.throws(() => trapezoidGaussianRule(0), /trapezoidGaussianRule: argument "nodes"/);
  assert.throws(() => signProductExpectation(1, Infinity, 0), /signProductExpectation/);
  assert.equal(tanhProductExpectation(0, 1, 0), 0);
});

Deno.test("golden (scipy adaptive quadrature): E tanh², E sech² and F_tanh to 1e-10", async () => {
  // tests/golden/gaussian_expectations.json, written by tests/golden/make_gaussian_expectations.py
  // (scipy.integrate.quad, epsabs 1e-14). q = 5.867 is the Ising bound example of the kinetic glass
  // DMFT (arXiv:2507.18461; PAPERS.md "Kinetic glass"): E tanh² = 0.690871, where a 41–61-node
  // Gauss–Hermite rule gives 0.688 (~1e-3 accurate).
  const golden = JSON.parse(
    await Deno.readTextFile(
      new URL("../../tests/golden/gaussian_expectations.json", import.meta.url),
    ),
  );
  for (const { q, value } of golden.tanhSquared) {
    assert.ok(Math.abs(tanhSquaredExpectation(q) - value) < 1e-10, `E tanh² q=${q}`);
  }
  for (const { q, value } of golden.sech2) {
    assert.ok(Math.abs(sech2Expectation(q) - value) < 1e-10, `E sech² q=${q}`);
  }
  for (const { qa, qb, qab, value } of golden.tanhProduct) {
    const f = tanhProductExpectation(qa, qb, qab);
    assert.ok(Math.abs(f - value) < 1e-10, `F(${qa}, ${qb}, ${qab}) = ${f} vs ${value}`);
  }
  assert.ok(Math.abs(golden.tanhSquared[2].value - 0.690871) < 1e-6);
});
