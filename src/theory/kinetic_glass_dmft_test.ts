import assert from "node:assert/strict";
import { choleskyF64 } from "../linalg/core/cholesky.ts";
import { tanhSquaredExpectation } from "./gaussian_expectations.ts";
import { kineticGlassDmft } from "./kinetic_glass_dmft.ts";
import {
  diagonalSums,
  gaussianStationarySpectral,
  kineticGlassStationary,
} from "./kinetic_glass_stationary.ts";

const A1 = [[2.25, 1.8], [1.8, 2.25]]; // Fig A1: g = 1.5, ρ = 0.8
const A3 = [[0.3025, 0.15125], [0.15125, 0.3025]]; // Fig A3/A4

Deno.test("Γ = 0 gives i.i.d. tokens: C = I (Ising, spherical), σ² I (Gaussian) (A6.1)", () => {
  const zero = [[0, 0], [0, 0]];
  for (const variant of ["ising", "spherical", "gaussian", "sign"] as const) {
    const r = kineticGlassDmft(zero, { variant, steps: 8, sigma: 0.7 });
    for (let t = 1; t <= 8; t++) {
      for (let u = 1; u <= 8; u++) {
        const want = t === u ? (variant === "gaussian" ? 0.49 : 1) : 0;
        assert.ok(Math.abs(r.correlation(t, u) - want) < 1e-15);
      }
    }
  }
});

Deno.test("diagonal Γ or K = 1: no temporal correlation, exactly (A6.2)", () => {
  for (const gamma of [[[2.25]], [[2.25, 0], [0, 1.2]]]) {
    for (const variant of ["ising", "spherical", "gaussian"] as const) {
      const r = kineticGlassDmft(gamma, { variant, steps: 20, sigma: 1 });
      for (let t = 1; t <= 20; t++) {
        for (let u = 1; u < t; u++) assert.equal(r.correlation(t, u), 0);
      }
    }
  }
  const st = kineticGlassStationary(diagonalSums([[2.25, 0], [0, 1.2]]), {
    variant: "ising",
    maxLag: 10,
  });
  for (let tau = 1; tau <= 10; tau++) assert.equal(st.c[tau], 0);
});

Deno.test("weak coupling: c_τ ≈ G_τ for τ < K, O(Γ²) beyond (A6.3, A3.3 example)", () => {
  const eps = 0.01;
  const gamma = [[1, 0.5, 0.2], [0.5, 1, 0.5], [0.2, 0.5, 1]].map((r) => r.map((v) => eps * v));
  const G = diagonalSums(gamma); // G_1 = 0.01, G_2 = 0.002
  const c = kineticGlassStationary(G, { variant: "ising", maxLag: 20 }).c;
  // reference: c_1 = 0.00975, c_2 = 0.00204, c_3 = 3.9e-5; relative error O(Γ) ~ 3·eps
  assert.ok(Math.abs(c[1] - G[1]) < 0.05 * G[1], `c1=${c[1]}`);
  assert.ok(Math.abs(c[2] - G[2]) < 0.05 * G[2], `c2=${c[2]}`);
  assert.ok(Math.abs(c[1] - 0.00975) < 5e-5 && Math.abs(c[2] - 0.00204) < 2e-5);
  assert.ok(Math.abs(c[3]) < 1e-4);
});

Deno.test("Fig A1/A2 values: transient and stationary DMFT within ±2e-3 (trapezoid closure)", () => {
  const want1 = [0.3797, 0.1296, 0.0442, 0.0152, 0.0052, 0.0018];
  const st = kineticGlassStationary(diagonalSums(A1), { variant: "ising", maxLag: 40 });
  const tr = kineticGlassDmft(A1, { variant: "ising", steps: 60 }).laggedCorrelation({
    fromStep: 30,
    toStep: 61,
    maxLag: 6,
  });
  for (let tau = 1; tau <= 6; tau++) {
    assert.ok(Math.abs(st.c[tau] - want1[tau - 1]) < 2e-3, `stationary c${tau}=${st.c[tau]}`);
    assert.ok(Math.abs(tr[tau] - want1[tau - 1]) < 2e-3, `transient c${tau}=${tr[tau]}`);
    assert.ok(Math.abs(tr[tau] - st.c[tau]) < 1e-4, "transient → stationary");
  }
  // E4: accurate c_6 = 0.001646
  assert.ok(Math.abs(st.c[6] - 0.001646) < 2e-5, `c6=${st.c[6]}`);
  const A2 = [[1, 0.9, 0.81], [0.9, 1, 0.9], [0.81, 0.9, 1]];
  const want2 = [0.5259, 0.3486, 0.1982, 0.1176, 0.0685, 0.0403];
  const st2 = kineticGlassStationary(diagonalSums(A2), { variant: "ising", maxLag: 60 });
  for (let tau = 1; tau <= 6; tau++) assert.ok(Math.abs(st2.c[tau] - want2[tau - 1]) < 2e-3);
});

Deno.test("Gaussian variant: late-time DMFT = spectral integral; C_tt diverges iff max γ ≥ 1 (A6.4)", () => {
  const tr = kineticGlassDmft(A3, { variant: "gaussian", steps: 400, sigma: 1 });
  const late = tr.laggedCorrelation({ fromStep: 350, maxLag: 4 });
  const spec = gaussianStationarySpectral(diagonalSums(A3), { sigma: 1, maxLag: 4 });
  const want = [3.9369, 1.835, 0.8553, 0.3986, 0.1858]; // Fig A3
  for (let tau = 0; tau <= 4; tau++) {
    assert.ok(Math.abs(late[tau] - spec[tau]) < 1e-9, `τ=${tau}: ${late[tau]} vs ${spec[tau]}`);
    assert.ok(Math.abs(spec[tau] - want[tau]) < 1e-4);
  }
  // 1ᵀΓ1 = 1.05 > 1: geometric growth; 0.95: bounded
  const grow = kineticGlassDmft([[0.35, 0.175], [0.175, 0.35]], {
    variant: "gaussian",
    steps: 300,
    sigma: 1,
  });
  assert.ok(grow.correlation(300, 300) > 10 * grow.correlation(150, 150));
  const bounded = kineticGlassDmft([[0.95 / 3, 0.95 / 6], [0.95 / 6, 0.95 / 3]], {
    variant: "gaussian",
    steps: 600,
    sigma: 1,
  });
  assert.ok(Math.abs(bounded.correlation(600, 600) - bounded.correlation(500, 500)) < 1e-6);
});

Deno.test("sign limit: Ising with Γ·β² approaches the arcsin closure (A6.5)", () => {
  const gamma = [[1, 0.6], [0.6, 1]];
  const sign = kineticGlassDmft(gamma, { variant: "sign", steps: 12 });
  let prev = Infinity;
  for (const beta2 of [1, 30, 900]) {
    const r = kineticGlassDmft(gamma.map((row) => row.map((v) => v * beta2)), {
      variant: "ising",
      steps: 12,
    });
    let err = 0;
    for (let t = 1; t <= 12; t++) {
      for (let u = 1; u < t; u++) {
        err = Math.max(err, Math.abs(r.correlation(t, u) - sign.correlation(t, u)));
      }
    }
    assert.ok(err < prev, `β²=${beta2}: ${err} !< ${prev}`);
    prev = err;
  }
  assert.ok(prev < 0.03, `${prev}`);
});

Deno.test("invariants: C symmetric PSD, C_tt = 1, |C| ≤ E tanh²; stationary depends only on G (A6.6)", () => {
  const r = kineticGlassDmft(A1, { variant: "ising", steps: 30 });
  const n = r.grid.size;
  const a = r.grid.data.slice();
  for (let i = 0; i < n; i++) {
    a[i * n + i] += 1e-10;
    for (let j = 0; j < n; j++) assert.equal(r.grid.get(i, j), r.grid.get(j, i));
  }
  choleskyF64(a, { n }); // throws unless PSD
  for (let t = 1; t <= 30; t++) {
    assert.equal(r.correlation(t, t), 1);
    const bound = tanhSquaredExpectation(r.fieldVariance[t - 1]);
    for (let u = 1; u < t; u++) assert.ok(Math.abs(r.correlation(t, u)) <= bound + 1e-12);
  }
  // equal diagonal sums: same stationary state, different transients (Gaussian, where
  // C_11 = Q_11 + σ² ≠ 1 weights Γ_11 and Γ_22 differently at t = 2)
  const g1 = [[0.2, 0.1], [0.1, 0.3]], g2 = [[0.3, 0.1], [0.1, 0.2]];
  const s1 = kineticGlassStationary(diagonalSums(g1), { variant: "gaussian", tolerance: 1e-14 });
  const s2 = kineticGlassStationary(diagonalSums(g2), { variant: "gaussian", tolerance: 1e-14 });
  for (let tau = 0; tau < 20; tau++) assert.ok(Math.abs(s1.c[tau] - s2.c[tau]) < 1e-12);
  const t1 = kineticGlassDmft(g1, { variant: "gaussian", steps: 4 });
  const t2 = kineticGlassDmft(g2, { variant: "gaussian", steps: 4 });
  assert.ok(Math.abs(t1.correlation(2, 2) - t2.correlation(2, 2)) > 1e-2);
});

Deno.test("kineticGlassDmft validates its inputs with named errors", () => {
  assert.throws(() => kineticGlassDmft([[1, 2]], { variant: "ising", steps: 3 }), /square/);
  assert.throws(
    () => kineticGlassDmft([[1, 0.5], [0.4, 1]], { variant: "ising", steps: 3 }),
    /kineticGlassDmft: argument "gamma" must be symmetric/,
  );
  assert.throws(
    () => kineticGlassDmft([[1]], { variant: "potts" as "ising", steps: 3 }),
    /option "variant" must be one of/,
  );
  assert.throws(() => kineticGlassDmft([[1]], { variant: "ising", steps: 0 }), /"steps"/);
  assert.throws(
    () => kineticGlassDmft([[1]], { variant: "gaussian", steps: 2, sigma: -1 }),
    /sigma/,
  );
});

for (const sigma of [0.5, 2]) {
  Deno.test(`σ = ${sigma}: first transient steps in closed form; stationary equations hold (Gaussian, spherical)`, () => {
    const g = [[0.3, 0.2], [0.2, 0.25]], tr = 0.55, s2 = sigma * sigma;
    // i.i.d. unit prompt: Q(1,1) = tr Γ, Q(2,1) = Γ₂₁, Q(2,2) = Γ₁₁C(1,1) + Γ₂₂
    const ga = kineticGlassDmft(g, { variant: "gaussian", steps: 4, sigma });
    assert.ok(Math.abs(ga.correlation(1, 1) - (tr + s2)) < 1e-14);
    assert.ok(Math.abs(ga.correlation(2, 1) - 0.2) < 1e-14);
    assert.ok(Math.abs(ga.correlation(2, 2) - (0.3 * (tr + s2) + 0.25 + s2)) < 1e-14);
    const sp = kineticGlassDmft(g, { variant: "spherical", steps: 4, sigma });
    assert.ok(Math.abs(sp.correlation(2, 1) - 0.2 / (tr + s2)) < 1e-14);
    assert.equal(sp.correlation(3, 3), 1);
    // Gaussian is linear: with prompt overlap σ²I, C scales exactly as σ²
    const scaled = kineticGlassDmft(A3, {
      variant: "gaussian",
      steps: 30,
      sigma,
      promptOverlap: [[s2, 0], [0, s2]],
    });
    const unit = kineticGlassDmft(A3, { variant: "gaussian", steps: 30, sigma: 1 });
    for (const [t, u] of [[30, 30], [30, 29], [17, 12]]) {
      const want = s2 * unit.correlation(t, u);
      assert.ok(Math.abs(scaled.correlation(t, u) - want) < 1e-12 * (1 + want));
    }
    // stationary: c_τ = Q(τ) + σ²δ_τ0 (Gaussian), c_τ = Q(τ)/(Q(0) + σ²) (spherical), with
    // Q(τ) = Σ_m G_m c_|τ+m| written out for K = 2 (G₀ = tr Γ, G₁ = G₋₁ = Γ₁₂)
    const G = diagonalSums(A3);
    for (const variant of ["gaussian", "spherical"] as const) {
      const c = kineticGlassStationary(G, { variant, sigma, maxLag: 60 }).c;
      const Q = (tau: number) => G[0] * c[tau] + G[1] * (c[Math.abs(tau - 1)] + c[tau + 1]);
      for (let tau = 0; tau <= 5; tau++) {
        const want = variant === "gaussian"
          ? Q(tau) + (tau === 0 ? s2 : 0)
          : tau === 0
          ? 1
          : Q(tau) / (Q(0) + s2);
        assert.ok(Math.abs(c[tau] - want) < 1e-9, `${variant} c${tau}=${c[tau]} vs ${want}`);
      }
    }
  });
}
