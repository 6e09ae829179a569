import assert from "node:assert/strict";
import { key } from "../random/mod.ts";
import { hebbianOverlaps } from "../theory/perceptron_learning.ts";
import { simulateOnlinePerceptron } from "./online_perceptron.ts";

Deno.test("Hebbian simulation follows the exact overlaps R(α), Q(α)", () => {
  const N = 400;
  const r = simulateOnlinePerceptron(key(1), {
    rule: "hebb",
    size: N,
    learningRate: 1,
    alphas: [2, 5],
  });
  r.alpha.forEach((a, i) => {
    const th = hebbianOverlaps(a, { learningRate: 1 });
    // R fluctuates by ~√(α/N), Q by ~α√(2/N) relative to its O(α²) size
    assert.ok(Math.abs(r.R[i] - th.R) < 4 * Math.sqrt(a / N), `R ${r.R[i]} vs ${th.R}`);
    assert.ok(Math.abs(r.Q[i] / th.Q - 1) < 0.1, `Q ${r.Q[i]} vs ${th.Q}`);
  });
  assert.throws(
    () =>
      simulateOnlinePerceptron(key(0), {
        rule: "x" as "hebb",
        size: 3,
        learningRate: 1,
        alphas: [1],
      }),
    /option "rule"/,
  );
});
