import assert from "node:assert/strict";
import { createContext } from "../../src/run/mod.ts";
import type { Comparison, KineticGlassResults } from "../../src/experiments/kinetic_glass/mod.ts";
import { defaults, figures, main, presets } from "../../scripts/kinetic_glass.ts";

// Headline claims of arXiv:2507.18461 as PAPERS.md "Kinetic glass" states them, at small size.
const tiny = { ...defaults, N: 200, T: 60, t0: 20, samples: 2, maxLag: 6 };

Deno.test("kinetic glass: same seed, same numbers (pinned from the script before the experiments moved)", async () => {
  const ctx = await createContext({ quiet: true });
  const s = await main({ ...tiny, experiments: ["main", "a1", "a2"] }, ctx);
  // run before the move (scripts/kinetic_glass.ts at 67714c7) with N=200 T=60 t0=20 samples=2
  // maxLag=6: the comparisons draw seeds in the same order, so every number is bit-identical
  const want: Record<string, number> = {
    "main ising": 0.030516826006049515,
    "A1 ρ=0": 0.04430555555555555,
    "A1 ρ=0.4": 0.027754418873458857,
    "A1 ρ=0.8": 0.06051682600604953,
    "A2 K=3": 0.013517068439489154,
  };
  for (const [k, v] of Object.entries(want)) {
    assert.ok(Math.abs(s.maxAbsError[k] - v) < 1e-12, `${k}: ${s.maxAbsError[k]} vs ${v}`);
  }
  const m = ctx.results.get("main") as Comparison;
  assert.ok(Math.abs(m.sim[1] - 0.37374999999999986) < 1e-12);
  assert.ok(Math.abs(m.simSe[2] - 0.0614102564102564) < 1e-12);
  // the tail statistic: the mean of the per-draw tail means = the tail mean of ĉ_τ − c_τ
  const { fromLag, gap, se, t, dof } = m.tailGap;
  const lags = m.sim.slice(fromLag).map((v, i) => v - m.dmft[fromLag + i]);
  assert.equal(fromLag, 3);
  assert.ok(Math.abs(gap - lags.reduce((a, b) => a + b, 0) / lags.length) < 1e-12);
  assert.ok(se > 0 && Math.abs(t - gap / se) < 1e-12 && dof === 1);
});

// Simulation noise: ĉ_τ averages 3 coupling samples × ~60 time points of (1/N) s_t·s_{t+τ} (SD ≈
// 1/√N each), so the statistical part of |ĉ_τ − c_τ| is ≈ 1/√(500·180) ≈ 0.003 per lag, plus the
// O(1/√N) sample-to-sample fluctuations that the 0.04 target at N = 500 allows for.
Deno.test("kinetic glass: Ising DMFT vs simulation at N = 500 (≤ 0.04); white tokens without cross-lag Γ", async () => {
  const ctx = await createContext({ quiet: true });
  const s = await main({
    ...defaults,
    N: 500,
    T: 80,
    t0: 20,
    samples: 3,
    rhos: [0],
    experiments: ["main", "a1"],
  }, ctx);
  assert.ok(s.maxAbsError["main ising"] <= 0.04, `Ising A1 ρ=0.8: ${s.maxAbsError["main ising"]}`);
  // ρ = 0: the DMFT is exactly 0 at τ ≥ 1; the simulation is at noise level (3 SE ≈ 0.01)
  assert.ok(s.maxAbsError["A1 ρ=0"] <= 0.015, `white tokens: ${s.maxAbsError["A1 ρ=0"]}`);
});

Deno.test("kinetic glass: Gaussian variant at γ(0) = 0.8 within 5% where c_τ ≥ 0.1 c₀ (N = 1000)", async () => {
  // c₀ ≈ 2.6 is a variance: its relative fluctuation across coupling draws is O(1/√N) amplified
  // by 1/(1 − γ) near the instability, ≈ 1–2% at N = 1000 with 3 coupling samples
  const ctx = await createContext({ quiet: true });
  const a = 0.8 / 3, b = 0.4 / 3; // Γ ∝ [[1, 0.5], [0.5, 1]], 1ᵀΓ1 = 0.8
  await main({
    ...defaults,
    variant: "gaussian",
    gamma: [[a, b], [b, a]],
    sigma: 1,
    N: 1000,
    T: 80,
    t0: 20,
    samples: 3,
    experiments: ["main"],
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
    experiments: ["a6"],
    designVariants: ["spherical"],
  }, ctx);
  assert.ok(s.design!.spherical.forwardResidual < 1e-6);
  // lags τ < K of a slowly decorrelating state at N = 500: tolerance 0.05
  assert.ok(s.design!.spherical.simMaxAbsError < 0.05, `${s.design!.spherical.simMaxAbsError}`);
});

Deno.test("kinetic glass: figures are pure, keep negative simulated values (symlog), and draw residual panels", async () => {
  const ctx = await createContext({ quiet: true });
  await main({ ...tiny, experiments: ["a2", "a3"] }, ctx);
  const results = JSON.parse(JSON.stringify(ctx.results.snapshot())) as KineticGlassResults;
  const figs = figures(results, tiny);
  const names = figs.map((f) => f.name);
  for (const n of ["figA2_ising_k3", "figA2_residuals", "figA3_gaussian", "figA3_residuals"]) {
    assert.ok(names.includes(n), n);
  }
  const a3 = figs.find((f) => f.name === "figA3_gaussian")!.plot;
  assert.equal((a3.y as { type: string }).type, "symlog");
  // the tiny run has negative simulated c_τ at large lags; none of the 2 × 7 points is dropped
  const neg = [results.figA3!.safe, results.figA3!.critical].flatMap((c) => c.sim)
    .filter((v) => v < 0).length;
  assert.ok(neg > 0, "expected a negative simulated value at this size");
  const dots = (a3.marks as { data?: unknown[] }[]).map((m) => m.data?.length ?? 0);
  assert.ok(dots.includes(14), `dots per mark: ${dots}`);
  assert.deepEqual(figures(results, tiny).map((f) => f.name), names); // pure: same again
});

Deno.test("kinetic glass: the finite-N tail study averages each coupling draw's tail gap", async () => {
  const ctx = await createContext({ quiet: true });
  const cfg = { ...tiny, T: 40, tailNs: [60, 120], tailSamples: 3, tailFromLag: 4 };
  await main({ ...cfg, experiments: ["tail"] }, ctx);
  const tail = ctx.results.get("tail") as NonNullable<KineticGlassResults["tail"]>;
  assert.deepEqual(tail.map((t) => t.label), ["Gaussian γ(0)=0.8", "Ising A2 K=3"]);
  for (const t of tail) {
    for (const r of t.rows) {
      // the mean over draws of each draw's tail mean = the tail mean of the mean gap by lag
      const lags = r.gapByLag.slice(t.fromLag);
      const m = lags.reduce((a, b) => a + b, 0) / lags.length;
      assert.ok(Math.abs(r.gap - m) < 1e-12, `${t.label} N=${r.N}: ${r.gap} vs ${m}`);
      assert.ok(Math.abs(r.gapTimesN - r.N * r.gap) < 1e-12 && r.gapSe > 0);
      assert.ok(Math.abs(r.gapSe - r.sampleSd / Math.sqrt(3)) < 1e-12);
    }
  }
  const names = figures({ tail }, cfg).map((f) => f.name);
  assert.deepEqual(names, ["tail_gap_Gaussian_0_0_8", "tail_gap_Ising_A2_K_3"]);
  // tailZeroDiagonal reaches the simulation: same keys, (J_k)_ii = 0, other numbers
  const zd = await createContext({ quiet: true });
  await main({ ...cfg, tailNs: [60], tailZeroDiagonal: true, experiments: ["tail"] }, zd);
  const tz = zd.results.get("tail") as NonNullable<KineticGlassResults["tail"]>;
  assert.notEqual(tz[0].rows[0].gap, tail[0].rows[0].gap);
});

Deno.test("kinetic glass script: presets and bad parameters", async () => {
  assert.deepEqual(presets.full.scalingNs, [250, 1000, 4000]);
  const ctx = await createContext({ quiet: true });
  await assert.rejects(
    () => main({ ...defaults, variant: "potts" }, ctx),
    /argument "variant" must be one of/,
  );
  await assert.rejects(
    () => main({ ...defaults, gamma: [[1, 2], [3]] }, ctx),
    /argument "gamma" must be square/,
  );
  await assert.rejects(
    () => main({ ...defaults, gamma: [[1, 2], [0, 1]] }, ctx),
    /argument "gamma" must be symmetric/,
  );
  await assert.rejects(() => main({ ...defaults, t0: 95 }, ctx), /argument "t0" must be/);
  await assert.rejects(
    () => main({ ...defaults, experiments: ["a9"] }, ctx),
    /argument "experiments" must be one of/,
  );
});
