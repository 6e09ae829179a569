import assert from "node:assert/strict";
import { key } from "../random/mod.ts";
import { saxeModeStrength } from "../theory/deep_linear_modes.ts";
import { simulateDeepLinear } from "./deep_linear_network.ts";

Deno.test("deep linear network: stronger modes learn first and reach their strengths", () => {
  const r = simulateDeepLinear(key(1), {
    strengths: [3, 1.5],
    inputs: 6,
    hidden: 20,
    outputs: 5,
    initStd: 0.01,
    dt: 0.01,
    times: [0, 1.5, 3, 12],
  });
  const last = r.modes[r.modes.length - 1];
  assert.ok(Math.abs(last[0] - 3) < 1e-3 && Math.abs(last[1] - 1.5) < 1e-3);
  // at t = 1.5 the strong mode is past half, the weak one is not
  assert.ok(r.modes[1][0] > 1.5 && r.modes[1][1] < 0.75);
  assert.ok(saxeModeStrength(1.5, { strength: 3, initial: 1e-3 }) > 1.5);
  assert.throws(
    () =>
      simulateDeepLinear(key(0), {
        strengths: [1, 1, 1],
        inputs: 2,
        hidden: 2,
        outputs: 2,
        times: [1],
      }),
    /at most min/,
  );
});
