import assert from "node:assert/strict";
import { key } from "../random/mod.ts";
import { kineticGlassDmft } from "./kinetic_glass_dmft.ts";
import { kineticPottsDmft } from "./kinetic_potts_dmft.ts";

Deno.test("Potts q = 2 equals the Ising closure with Γ·β²/4 and C halved (exact mapping)", () => {
  // q = 2: ẽ = ±(1/2)(1, −1), p₁ = σ(β(h₁ − h₂)), h₁ − h₂ has variance 2Q, so the model is the
  // kinetic Ising model with Γ_I = β²Γ/4 and C_Potts = C_Ising/2
  const gamma = [[2, 1.2], [1.2, 2]], beta = 1.5, T = 12;
  const potts = kineticPottsDmft(gamma, key(1), { states: 2, beta, steps: T, samples: 30000 });
  const ising = kineticGlassDmft(gamma.map((r) => r.map((v) => (v * beta * beta) / 4)), {
    variant: "ising",
    steps: T,
  });
  // Monte Carlo closure: SD of p·p' ≲ 0.25, so ~1.5e-3 per entry at 3e4 samples, compounding
  // mildly through the recursion
  let err = 0;
  for (let a = 0; a < T + 2; a++) {
    for (let b = 0; b < T + 2; b++) {
      err = Math.max(err, Math.abs(potts.grid.get(a, b) - ising.grid.get(a, b) / 2));
    }
  }
  assert.ok(err < 6e-3, `max deviation ${err}`);
});

Deno.test("Potts: diagonal Γ gives exactly white tokens; inputs validated", () => {
  const r = kineticPottsDmft([[2, 0], [0, 1]], key(2), {
    states: 3,
    beta: 2,
    steps: 8,
    samples: 500,
  });
  for (let a = 2; a < 10; a++) {
    for (let b = 2; b < a; b++) assert.equal(r.grid.get(a, b), 0);
    assert.ok(Math.abs(r.grid.get(a, a) - 2 / 3) < 1e-15);
  }
  assert.throws(
    () => kineticPottsDmft([[1]], key(0), { states: 1, beta: 1, steps: 3 }),
    /kineticPottsDmft: option "states"/,
  );
});
