import assert from "node:assert/strict";
import { getBackend } from "../backend/mod.ts";
import { key } from "../random/mod.ts";
import { couplingFactor, kineticCouplings, simulateKineticSpin } from "./kinetic_spin.ts";
import { kineticGlassDmft } from "../theory/kinetic_glass_dmft.ts";

/** Fields h = J_cat·context and tokens s of one kept chain, per generated step (flat N·T). */
function fieldsAndTokens(
  r: ReturnType<typeof simulateKineticSpin>,
): { h: Float64Array; s: Float64Array; N: number; T: number } {
  const { couplings: J, tokens } = r.kept[0];
  const N = r.size, K = r.lags, T = r.steps;
  const h = new Float64Array(N * T), s = new Float64Array(N * T);
  for (let a = K; a < T + K; a++) {
    for (let i = 0; i < N; i++) {
      let v = 0;
      for (let p = 0; p < K * N; p++) v += J[i * K * N + p] * tokens[(a - K) * N + p];
      h[(a - K) * N + i] = v;
      s[(a - K) * N + i] = tokens[a * N + i];
    }
  }
  return { h, s, N, T };
}

Deno.test("couplingFactor: L Lᵀ = Γ, admits singular PSD Γ, rejects indefinite Γ", () => {
  const g = [[2, 0.6, 0.1], [0.6, 1, 0.3], [0.1, 0.3, 0.5]];
  const L = couplingFactor(g);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let m = 0; m < 3; m++) s += L[i * 3 + m] * L[j * 3 + m];
      assert.ok(Math.abs(s - g[i][j]) < 1e-10);
    }
  }
  couplingFactor([[1, 1], [1, 1]]); // ρ = 1: rank one
  assert.throws(
    () => couplingFactor([[1, 2], [2, 1]]),
    /couplingFactor: argument "gamma" must be positive semidefinite/,
  );
});

Deno.test("kineticCouplings have covariance Γ/N across lags, lag 1 in the last block", () => {
  const N = 300, K = 2;
  const gamma = [[1, 0.5], [0.5, 2]];
  const J = kineticCouplings(gamma, key(3), { size: N });
  // block 1 (columns N..2N) is J_1, block 0 is J_2
  let s11 = 0, s22 = 0, s12 = 0;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const j1 = J[i * K * N + N + j], j2 = J[i * K * N + j];
      s11 += j1 * j1;
      s22 += j2 * j2;
      s12 += j1 * j2;
    }
  }
  // N·E[J J] from N² entries: SE ≈ √2·Γ/N for the variances, ≈ 1.3/N for the cross term
  const n2 = N * N;
  assert.ok(Math.abs((s11 / n2) * N - 1) < 5 * Math.SQRT2 / N, `${(s11 / n2) * N}`);
  assert.ok(Math.abs((s22 / n2) * N - 2) < 5 * 2 * Math.SQRT2 / N, `${(s22 / n2) * N}`);
  assert.ok(Math.abs((s12 / n2) * N - 0.5) < 5 * 1.6 / N, `${(s12 / n2) * N}`);
  const Jz = kineticCouplings(gamma, key(3), { size: 5, zeroDiagonal: true });
  for (let i = 0; i < 5; i++) assert.equal(Jz[i * 10 + i] + Jz[i * 10 + 5 + i], 0);
});

Deno.test("each token is the variant's map of the field J_cat·context (GEMV and GEMM paths)", () => {
  const gamma = [[1.2, 0.5], [0.5, 0.8]], N = 64, K = 2, T = 6;
  for (const chains of [1, 3]) {
    for (const variant of ["sign", "ising", "spherical", "gaussian"] as const) {
      const r = simulateKineticSpin(gamma, key(11), {
        variant,
        size: N,
        steps: T,
        chains,
        keepTokens: true,
        sigma: 0.5,
      });
      const { couplings: J, tokens } = r.kept[0];
      const A = T + K;
      for (let c = 0; c < chains; c++) {
        for (let a = K; a < A; a++) {
          let norm2 = 0;
          for (let i = 0; i < N; i++) {
            let h = 0;
            for (let p = 0; p < K * N; p++) h += J[i * K * N + p] * tokens[(c * A + a - K) * N + p];
            const s = tokens[(c * A + a) * N + i];
            norm2 += s * s;
            if (variant === "sign") assert.equal(s, h >= 0 ? 1 : -1);
            if (variant === "ising") assert.ok(s === 1 || s === -1);
            if (variant === "gaussian") assert.ok(Number.isFinite(s));
          }
          if (variant === "spherical") assert.ok(Math.abs(norm2 - N) < 1e-9);
        }
      }
      // the overlap grid is (1/N) s_a·s_b averaged over chains
      let o = 0;
      for (let c = 0; c < chains; c++) {
        for (let i = 0; i < N; i++) o += tokens[(c * A + 5) * N + i] * tokens[(c * A + 3) * N + i];
      }
      assert.ok(Math.abs(r.meanOverlap.get(5, 3) - o / (N * chains)) < 1e-12);
    }
  }
});

Deno.test("diagonal Γ: no temporal correlation in simulation, |ĉ_τ| ≤ 3/√(N·n_t) (A6.2)", () => {
  const N = 400, T = 60;
  const r = simulateKineticSpin([[2.25, 0], [0, 1]], key(5), {
    variant: "ising",
    size: N,
    steps: T,
    samples: 2,
  });
  const c = r.laggedCorrelation({ fromStep: 10, maxLag: 5 });
  for (let tau = 1; tau <= 5; tau++) {
    const nt = 2 * (T - 10 - tau + 1); // time points × samples
    assert.ok(Math.abs(c[tau]) <= 3 / Math.sqrt(N * nt), `τ=${tau}: ${c[tau]}`);
  }
});

Deno.test("simulateKineticSpin validates its inputs", () => {
  assert.throws(
    () => simulateKineticSpin([[1]], key(0), { variant: "ising", size: 0, steps: 3 }),
    /option "size"/,
  );
  assert.throws(
    () =>
      simulateKineticSpin([[1]], key(0), { variant: "ising", size: 4, steps: 3 }).laggedCorrelation(
        { fromStep: 1, maxLag: 1, sample: 3 },
      ),
    /option "sample"/,
  );
});

Deno.test("GEMV path at a large size (K·N² = 3M) agrees between the cpu and wasm backends", () => {
  const opts = { variant: "gaussian" as const, size: 1000, steps: 2, chains: 1, sigma: 1 };
  const g = [[0.3, 0.1, 0], [0.1, 0.3, 0.1], [0, 0.1, 0.3]];
  const a = simulateKineticSpin(g, key(2), { ...opts, backend: getBackend("cpu") });
  const b = simulateKineticSpin(g, key(2), { ...opts, backend: getBackend("wasm") });
  for (let i = 0; i < a.meanOverlap.data.length; i++) {
    assert.ok(Math.abs(a.meanOverlap.data[i] - b.meanOverlap.data[i]) < 1e-9);
  }
  assert.ok(a.meanOverlap.get(4, 4) > 1); // C_tt = Q_tt + σ² > 1 after the prompt
});

Deno.test("partially symmetric couplings: E[J_ij J_ji]·N = Λ; simulation matches the population DMFT", async () => {
  const { partiallySymmetricCouplings } = await import("./kinetic_spin.ts");
  const { kineticGlassReactionDmft } = await import("../theory/kinetic_glass_reaction_dmft.ts");
  const N = 300;
  const J = partiallySymmetricCouplings([[1.5]], [[0.9]], key(4), { size: N });
  let sij = 0, sii = 0;
  for (let i = 0; i < N; i++) {
    sii += Math.abs(J[i * N + i]);
    for (let j = 0; j < N; j++) if (i !== j) sij += J[i * N + j] * J[j * N + i];
  }
  // mean over N(N−1) ordered pairs: SE ≈ √(ΓΓ + Λ²)/N/√(N²/2)
  assert.ok(Math.abs((sij / (N * (N - 1))) * N - 0.9) < 0.03, `${(sij / (N * (N - 1))) * N}`);
  assert.equal(sii, 0);
  assert.throws(
    () => partiallySymmetricCouplings([[1]], [[2]], key(0), { size: 4 }),
    /must be positive semidefinite/,
  );
  // K = 1, Λ = 1.2: even-lag correlations with no cross-lag Γ at all
  const sim = simulateKineticSpin([[2.25]], key(5), {
    variant: "ising",
    size: 500,
    steps: 40,
    samples: 2,
    reciprocal: [[1.2]],
  }).laggedCorrelation({ fromStep: 15, maxLag: 4 });
  const pop = kineticGlassReactionDmft([[2.25]], [[1.2]], key(6), { steps: 40, paths: 10000 })
    .laggedCorrelation({ fromStep: 15, maxLag: 4 });
  for (let tau = 1; tau <= 4; tau++) {
    assert.ok(Math.abs(sim[tau] - pop[tau]) < 0.04, `τ=${tau}: sim ${sim[tau]} vs ${pop[tau]}`);
  }
});

Deno.test("Ising tokens: E[s | h] = tanh h (regression slope of s on tanh h is 1 within 4 SE)", () => {
  const r = simulateKineticSpin([[2.25, 1.8], [1.8, 2.25]], key(21), {
    variant: "ising",
    size: 300,
    steps: 30,
    keepTokens: true,
  });
  const { h, s } = fieldsAndTokens(r);
  // s = tanh h + ε with E[ε | h] = 0, Var[ε | h] = 1 − tanh² h: least-squares slope through 0 and
  // its SE; P(+1) = (1 + tanh(h/2))/2 or (1 + tanh 2h)/2 would move the slope by ≳ 0.2
  let sxy = 0, sxx = 0, v = 0;
  for (let i = 0; i < h.length; i++) {
    const t = Math.tanh(h[i]);
    sxy += s[i] * t;
    sxx += t * t;
    v += (1 - t * t) * t * t;
  }
  const slope = sxy / sxx, se = Math.sqrt(v) / sxx;
  assert.ok(Math.abs(slope - 1) < 4 * se, `slope ${slope} ± ${se}`);
  assert.ok(se < 0.02);
});

for (const sigma of [0.5, 2]) {
  Deno.test(`Gaussian tokens at σ = ${sigma}: s − h has variance σ² and is uncorrelated with h`, () => {
    const r = simulateKineticSpin([[0.25, 0.1], [0.1, 0.25]], key(22), {
      variant: "gaussian",
      size: 300,
      steps: 20,
      sigma,
      keepTokens: true,
    });
    const { h, s } = fieldsAndTokens(r);
    let v = 0, c = 0, hh = 0;
    for (let i = 0; i < h.length; i++) {
      v += (s[i] - h[i]) ** 2;
      c += (s[i] - h[i]) * h[i];
      hh += h[i] * h[i];
    }
    const n = h.length;
    // mean of n χ²₁ draws: relative SE √(2/n) ≈ 0.0058; σ ↔ σ² would be off by 2× (or ½)
    assert.ok(Math.abs(v / n / sigma ** 2 - 1) < 5 * Math.sqrt(2 / n), `Var(s − h) = ${v / n}`);
    assert.ok(Math.abs(c) / n < 5 * sigma * Math.sqrt(hh / n) / Math.sqrt(n), `cov ${c / n}`);
  });

  Deno.test(`spherical tokens at σ = ${sigma}: s = √N (h + σξ)/‖h + σξ‖`, () => {
    const r = simulateKineticSpin([[0.3]], key(23), {
      variant: "spherical",
      size: 400,
      steps: 20,
      sigma,
      keepTokens: true,
    });
    const { h, s, N, T } = fieldsAndTokens(r);
    // per step: u = h + σξ has its component along h equal to ‖h‖ + σ ξ·ĥ and the rest σ ξ_⊥
    // (‖ξ_⊥‖² ≈ N − 1), so σ̂² = ‖h‖²·‖s_⊥‖²/((N − 1)·‖s_∥‖²) estimates σ² to ≈ 2σ/‖h‖ + √(2/N)
    let est = 0;
    for (let t = 0; t < T; t++) {
      let sh = 0, h2 = 0, s2 = 0;
      for (let i = 0; i < N; i++) {
        sh += s[t * N + i] * h[t * N + i];
        h2 += h[t * N + i] ** 2;
        s2 += s[t * N + i] ** 2;
      }
      assert.ok(Math.abs(s2 - N) < 1e-9);
      const par = (sh * sh) / h2;
      est += (h2 * (s2 - par)) / ((N - 1) * par) / T;
    }
    // q = Γ·C = 0.3: ‖h‖ ≈ √(0.3·400) ≈ 11; averaged over 20 steps the relative error is ≲ 5%
    assert.ok(Math.abs(est / sigma ** 2 - 1) < 0.1, `σ̂² = ${est} vs σ² = ${sigma ** 2}`);
  });

  Deno.test(`Gaussian and spherical simulations match the DMFT at σ = ${sigma}, and the σ ↔ σ² swap does not`, () => {
    const cases = [
      { variant: "gaussian" as const, gamma: [[0.25, 0.1], [0.1, 0.25]] },
      { variant: "spherical" as const, gamma: [[0.6, 0.4], [0.4, 0.6]] },
    ];
    for (const { variant, gamma } of cases) {
      const sim = simulateKineticSpin(gamma, key(24), {
        variant,
        size: 1000,
        steps: 40,
        sigma,
        samples: 2,
      }).laggedCorrelation({ fromStep: 10, maxLag: 3 });
      const dmft = (sg: number) =>
        kineticGlassDmft(gamma, { variant, steps: 40, sigma: sg }).laggedCorrelation({
          fromStep: 10,
          maxLag: 3,
        });
      const right = dmft(sigma), swapped = dmft(Math.sqrt(sigma)); // σ² where σ belongs
      // errors relative to c₀ (2 samples × 30 times at N = 1000: SE ≈ c₀/√(6·10⁴) ≈ 0.004 c₀)
      const err = (d: Float64Array) =>
        Math.max(...[0, 1, 2, 3].map((tau) => Math.abs(sim[tau] - d[tau]))) / Math.abs(d[0]);
      assert.ok(err(right) < 0.03, `${variant}: ${err(right)} (sim ${sim}, DMFT ${right})`);
      assert.ok(err(swapped) > 0.06, `${variant}: the swap is not detected (${err(swapped)})`);
    }
  });
}
