import assert from "node:assert/strict";
import {
  hebbianGeneralizationError,
  hebbianOverlaps,
  integratePerceptronRule,
  perceptronGeneralizationError,
} from "./perceptron_learning.ts";

Deno.test("sign perceptron ε_g special values (B7.2): ρ = 1 → 0, ρ = 0 → 1/2", () => {
  assert.equal(perceptronGeneralizationError({ R: 2, Q: 4 }), 0);
  assert.equal(perceptronGeneralizationError({ R: 0, Q: 1 }), 0.5);
  assert.throws(() => perceptronGeneralizationError({ R: 0, Q: -1 }), /need Q >= 0/);
});

Deno.test("Hebbian closed form is η-independent and matches the reference values (B7.4)", () => {
  for (const eta of [0.3, 1, 4]) {
    for (const a of [0.5, 6, 18]) {
      const o = hebbianOverlaps(a, { learningRate: eta });
      const e = perceptronGeneralizationError(o);
      assert.ok(Math.abs(e - hebbianGeneralizationError(a)) < 1e-14);
    }
  }
  const want = [0.1505, 0.1201, 0.1029, 0.0914]; // reference theory at α = 6, 10, 14, 18
  [6, 10, 14, 18].forEach((a, i) => {
    assert.ok(Math.abs(hebbianGeneralizationError(a) - want[i]) < 6e-5);
  });
  assert.ok(Math.abs(hebbianGeneralizationError(1e6) * Math.sqrt(2 * Math.PI * 1e6) - 1) < 1e-5);
});

Deno.test("perceptron-rule ODE: RK4 agrees with a fine Euler reference; reference values at α = 10, 18", () => {
  const init = { R: 0, Q: 0.01 };
  const rk = integratePerceptronRule(init, { learningRate: 1, alphas: [10, 18], dAlpha: 0.01 });
  const eu = integratePerceptronRule(init, {
    learningRate: 1,
    alphas: [10, 18],
    dAlpha: 1e-4,
    method: "euler",
  });
  for (let i = 0; i < 2; i++) {
    assert.ok(Math.abs(rk.R[i] - eu.R[i]) < 1e-3 && Math.abs(rk.Q[i] - eu.Q[i]) < 1e-3);
  }
  // reference ODE: 0.137, 0.110
  assert.ok(Math.abs(rk.generalizationError[0] - 0.137) < 2e-3, `${rk.generalizationError[0]}`);
  assert.ok(Math.abs(rk.generalizationError[1] - 0.110) < 2e-3, `${rk.generalizationError[1]}`);
});
