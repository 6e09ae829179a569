import assert from "node:assert/strict";
import { createContext } from "../../src/run/mod.ts";
import { type Comparison, defaults, main, parseMatrix } from "../../scripts/kinetic_glass.ts";

// Headline claims of arXiv:2507.18461 (spec kinetic_glass.md §A5) at small size. Simulation noise:
// ĉ_τ averages 3 coupling samples × ~60 time points of (1/N) s_t·s_{t+τ} (SD ≈ 1/√N each), so
// the statistical part of |ĉ_τ − c_τ| is ≈ 1/√(500·180) ≈ 0.003 per lag, plus the O(1/√N)
// sample-to-sample (quenched) fluctuations that the spec's 0.04 target at N = 500 allows for.
Deno.test("kinetic glass: Ising DMFT vs simulation at N = 500 (≤ 0.04); white tokens without cross-lag Γ", async () => {
  const ctx = await createContext({ quiet: true });
  const s = await main({
    ...defaults,
    N: 500,
    T: 80,
    t0: 20,
    samples: 3,
    rhos: "0",
    experiments: "main,a1",
    figure: false,
  }, ctx);
  assert.ok(s.maxAbsError["main ising"] <= 0.04, `Ising A1 ρ=0.8: ${s.maxAbsError["main ising"]}`);
  // ρ = 0: the DMFT is exactly 0 at τ ≥ 1; the simulation is at noise level (3 SE ≈ 0.01)
  assert.ok(s.maxAbsError["A1 ρ=0"] <= 0.015, `white tokens: ${s.maxAbsError["A1 ρ=0"]}`);
});

Deno.test("kinetic glass: Gaussian variant at γ(0) = 0.8 within 5% where c_τ ≥ 0.1 c₀ (N = 1000, ERRATA E5)", async () => {
  // c₀ ≈ 2.6 is a variance: its quenched relative fluctuation is O(1/√N) amplified by
  // 1/(1 − γ) near the instability, ≈ 1–2% at N = 1000 with 3 coupling samples
  const ctx = await createContext({ quiet: true });
  const a = 0.8 / 3, b = 0.4 / 3; // Γ ∝ [[1, 0.5], [0.5, 1]], 1ᵀΓ1 = 0.8
  await main({
    ...defaults,
    variant: "gaussian",
    gamma: `${a},${b};${b},${a}`,
    sigma: 1,
    N: 1000,
    T: 80,
    t0: 20,
    samples: 3,
    experiments: "main",
    figure: false,
  }, ctx);
  const m = ctx.results.get("main") as Comparison;
  assert.ok(m.maxRelErrorWhereLarge <= 0.05, `relative error ${m.maxRelErrorWhereLarge}`);
});

Deno.test("kinetic glass: reverse-engineered Γ reproduces c*_τ = 0.6^τ in the forward DMFT (1e-6) and in simulation", async () => {
  const ctx = await createContext({ quiet: true });
  const s = await main({
    ...defaults,
    N: 500,
    T: 80,
    t0: 30,
    samples: 3,
    experiments: "a6",
    designVariants: "spherical",
    figure: false,
  }, ctx);
  assert.ok(s.design!.spherical.forwardResidual < 1e-6);
  // lags τ < K of a slowly decorrelating state at N = 500: spec-level tolerance 0.05
  assert.ok(s.design!.spherical.simMaxAbsError < 0.05, `${s.design!.spherical.simMaxAbsError}`);
});

Deno.test("kinetic glass script rejects bad parameters", async () => {
  const ctx = await createContext({ quiet: true });
  assert.throws(() => parseMatrix("1,2;3"), /"gamma" must be a square matrix/);
  await assert.rejects(
    () => main({ ...defaults, variant: "potts", figure: false }, ctx),
    /"variant" must be one of/,
  );
  await assert.rejects(() => main({ ...defaults, t0: 95, figure: false }, ctx), /t0 \+ maxLag < T/);
});
