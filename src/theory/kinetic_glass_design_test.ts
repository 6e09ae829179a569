import assert from "node:assert/strict";
import {
  designDiagonalSums,
  invertTanhCorrelation,
  spectralFactorGamma,
  toeplitzGamma,
} from "./kinetic_glass_design.ts";
import { tanhProductExpectation } from "./gaussian_expectations.ts";
import { diagonalSums, kineticGlassStationary } from "./kinetic_glass_stationary.ts";

Deno.test("reverse engineering: the designed Γ reproduces c*_τ = 0.6^τ through the forward solver to 1e-6 (A6.9)", () => {
  // spherical (σ = 1, q₀ = 4): Toeplitz Γ is PSD
  const target = [1, 0.6, 0.36, 0.216];
  const sp = designDiagonalSums(target, { variant: "spherical", sigma: 1, fieldVariance: 4 });
  assert.ok(sp.converged);
  const t = toeplitzGamma(sp.sums);
  assert.ok(t.positiveSemidefinite);
  const f = kineticGlassStationary(diagonalSums(t.gamma), { variant: "spherical", sigma: 1 });
  for (let tau = 0; tau < 4; tau++) assert.ok(Math.abs(f.c[tau] - target[tau]) < 1e-6);
  // Gaussian (σ = 1): target variance 5 with the same shape (variance ≤ 4 needs γ(π) < 0:
  // not realisable by any PSD Γ)
  const tg = target.map((v) => 5 * v);
  const ga = designDiagonalSums(tg, { variant: "gaussian", sigma: 1 });
  const fg = kineticGlassStationary(diagonalSums(spectralFactorGamma(ga.sums)), {
    variant: "gaussian",
    sigma: 1,
    tolerance: 1e-14,
  });
  for (let tau = 0; tau < 4; tau++) assert.ok(Math.abs(fg.c[tau] - tg[tau]) < 1e-6);
  // Ising needs a large field scale for this target (γ(ω) ≥ 0 only for q₀ ≳ 22): rank-one Γ
  const is = designDiagonalSums(target, { variant: "ising", fieldVariance: 25, maxLag: 30 });
  const g = spectralFactorGamma(is.sums);
  const G = diagonalSums(g);
  for (let m = 0; m < 4; m++) assert.ok(Math.abs(G[m] - is.sums[m]) < 1e-8);
  const fi = kineticGlassStationary(G, { variant: "ising", maxLag: 30 });
  for (let tau = 1; tau < 4; tau++) {
    assert.ok(Math.abs(fi.c[tau] - target[tau]) < 1e-6, `c${tau}=${fi.c[tau]}`);
  }
});

Deno.test("invertTanhCorrelation inverts F_tanh and rejects unreachable targets", () => {
  const q = invertTanhCorrelation(0.3, { fieldVariance: 3 });
  assert.ok(Math.abs(tanhProductExpectation(3, 3, q) - 0.3) < 1e-12);
  assert.throws(() => invertTanhCorrelation(0.6, { fieldVariance: 3 }), /E tanh²/);
  assert.throws(() => spectralFactorGamma([1, 0.8]), /non-negative spectrum/);
  assert.throws(
    () => designDiagonalSums([0.9, 0.5], { variant: "ising" }),
    /must start with c_0 = 1/,
  );
});
