import assert from "node:assert/strict";
import { saxeHalfTime, saxeLoss, saxeModeStrength } from "./deep_linear_modes.ts";
import { integrateOde } from "./ode_integrators.ts";

Deno.test("Saxe mode strength solves τ da/dt = 2a(s − a) (RK4 reference) and hits s/2 at t½", () => {
  const o = { strength: 3, initial: 1e-3, timeConstant: 2 };
  const tr = integrateOde((_t, y, out) => (out[0] = (2 * y[0] * (o.strength - y[0])) / 2), [1e-3], {
    tEnd: 5,
    dt: 1e-3,
    recordAt: [0.5, 1, 2, 3],
  });
  tr.times.forEach((t, i) => {
    assert.ok(Math.abs(tr.states[i][0] - saxeModeStrength(t, o)) < 1e-9);
  });
  assert.ok(Math.abs(saxeModeStrength(saxeHalfTime(o), o) - 1.5) < 1e-12);
  assert.equal(saxeLoss([1, 2], [1, 1]), 0.5);
  assert.throws(() => saxeModeStrength(1, { strength: -1, initial: 1 }), /saxeModeStrength/);
});
