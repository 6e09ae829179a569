import assert from "node:assert/strict";
import { integrateOde } from "./ode_integrators.ts";

Deno.test("RK4 is fourth order and Euler first order on dy/dt = −y", () => {
  const f = (_t: number, y: Float64Array, out: Float64Array) => (out[0] = -y[0]);
  const err = (dt: number, method: "rk4" | "euler") =>
    Math.abs(integrateOde(f, [1], { tEnd: 1, dt, method }).final[0] - Math.exp(-1));
  const r4 = err(0.1, "rk4") / err(0.05, "rk4");
  const r1 = err(0.01, "euler") / err(0.005, "euler");
  assert.ok(Math.abs(r4 - 16) < 1, `rk4 ratio ${r4}`);
  assert.ok(Math.abs(r1 - 2) < 0.05, `euler ratio ${r1}`);
  const tr = integrateOde(f, [1], { tEnd: 2, dt: 0.3, recordAt: [0, 0.5, 2] });
  assert.deepEqual(tr.times, [0, 0.5, 2]);
  assert.ok(Math.abs(tr.states[1][0] - Math.exp(-0.5)) < 1e-4);
  assert.throws(() => integrateOde(f, [1], { tEnd: 1, dt: 0 }), /integrateOde: option "dt"/);
  assert.throws(
    () => integrateOde(f, [1], { tEnd: 1, dt: 0.1, recordAt: [0.5, 0.2] }),
    /recordAt/,
  );
});
