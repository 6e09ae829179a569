import assert from "node:assert/strict";
import { bandAverages, laggedQuadraticForm, stepTwoTime, TwoTimeGrid } from "./dmft_two_time.ts";

Deno.test("stepTwoTime reproduces the closed-form AR(1) covariance", () => {
  // s_a = g s_{a-1} + ξ_a, s_0 ~ N(0,1): C(a,a) = g² C(a-1,a-1) + 1, C(a,b) = g C(a-1,b) (b<a)
  const g = 0.7, size = 40;
  const grid = stepTwoTime({
    size,
    prefix: 1,
    initialize: (c) => c.set(0, 0, 1),
    fillRow(a, c) {
      for (let b = 0; b < a; b++) c.setSymmetric(a, b, g * c.get(a - 1, b));
      c.set(a, a, g * g * c.get(a - 1, a - 1) + 1);
    },
  });
  const v = (a: number) => g ** (2 * a) + (1 - g ** (2 * a)) / (1 - g * g);
  for (const [a, b] of [[0, 0], [5, 3], [39, 20], [39, 39]]) {
    assert.ok(Math.abs(grid.get(a, b) - g ** (a - b) * v(b)) < 1e-12);
    assert.equal(grid.get(a, b), grid.get(b, a));
  }
  const c = bandAverages(grid, { from: 30, maxLag: 3 });
  const stat = 1 / (1 - g * g);
  for (let tau = 0; tau <= 3; tau++) assert.ok(Math.abs(c[tau] - stat * g ** tau) < 1e-4);
});

Deno.test("laggedQuadraticForm sums Γ_kl C(a−k, b−l)", () => {
  const grid = new TwoTimeGrid(4);
  for (let i = 0; i < 16; i++) grid.data[i] = i + 1; // C(a,b) = 4a + b + 1
  const gamma = new Float64Array([1, 2, 3, 4]); // K = 2
  // a=3, b=2: Γ11 C(2,1) + Γ12 C(2,0) + Γ21 C(1,1) + Γ22 C(1,0) = 10 + 2·9 + 3·6 + 4·5
  assert.equal(laggedQuadraticForm(grid, gamma, 2, { a: 3, b: 2 }), 10 + 18 + 18 + 20);
  assert.deepEqual(grid.diagonal(), new Float64Array([1, 6, 11, 16]));
  assert.equal(grid.toArray()[1][2], 7);
});

Deno.test("two-time grid inputs are validated", () => {
  assert.throws(() => new TwoTimeGrid(0), /TwoTimeGrid: argument "size"/);
  assert.throws(
    () => stepTwoTime({ size: 3, prefix: 5, initialize() {}, fillRow() {} }),
    /stepTwoTime: option "prefix"/,
  );
  assert.throws(() => bandAverages(new TwoTimeGrid(3), { from: 0, maxLag: 5 }), /bandAverages/);
});
