import assert from "node:assert/strict";
import { key } from "../random/mod.ts";
import { kineticGlassDmft } from "./kinetic_glass_dmft.ts";
import { kineticGlassReactionDmft } from "./kinetic_glass_reaction_dmft.ts";

Deno.test("population DMFT with Λ = 0 reproduces the exact Ising DMFT within Monte Carlo error", () => {
  const G = [[2.25, 1.8], [1.8, 2.25]], T = 30;
  const pop = kineticGlassReactionDmft(G, [[0, 0], [0, 0]], key(1), { steps: T, paths: 20000 });
  const exact = kineticGlassDmft(G, { variant: "ising", steps: T });
  // each C entry is a mean of 2e4 ±1 products (SE ≈ 0.007) and the noise feeds back through Q:
  // measured rms error 0.011 at M = 2e4 and 0.005 at M = 8e4 (∝ 1/√M)
  let err = 0, ss = 0, n = 0;
  for (let t = 1; t <= T; t++) {
    for (let u = 1; u < t; u++) {
      const e = Math.abs(pop.grid.get(t + 1, u + 1) - exact.correlation(t, u));
      err = Math.max(err, e);
      ss += e * e;
      n++;
    }
  }
  assert.ok(Math.sqrt(ss / n) < 0.015 && err < 0.06, `rms ${Math.sqrt(ss / n)}, max ${err}`);
  const c = pop.laggedCorrelation({ fromStep: 10, maxLag: 3 });
  const ce = exact.laggedCorrelation({ fromStep: 10, maxLag: 3 });
  for (let tau = 1; tau <= 3; tau++) assert.ok(Math.abs(c[tau] - ce[tau]) < 0.01);
  // the same-time response is E[1 − tanh² h] ∈ (0, 1]
  assert.ok(pop.response[0] > 0 && pop.response[0] <= 1);
});

Deno.test("reciprocal couplings create temporal correlation without cross-lag Γ (K = 1)", () => {
  const pop = kineticGlassReactionDmft([[2.25]], [[1.2]], key(2), { steps: 30, paths: 10000 });
  const c = pop.laggedCorrelation({ fromStep: 10, maxLag: 4 });
  assert.ok(c[2] > 0.3 && c[4] > 0.15, `even lags ${c[2]}, ${c[4]}`);
  assert.ok(Math.abs(c[1]) < 0.05 && Math.abs(c[3]) < 0.05, `odd lags ${c[1]}, ${c[3]}`);
  assert.throws(
    () => kineticGlassReactionDmft([[1]], [[1], [1]] as number[][], key(0), { steps: 3 }),
    /argument "reciprocal" must be 1×1/,
  );
});
