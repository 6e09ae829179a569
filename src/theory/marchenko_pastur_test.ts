import assert from "node:assert/strict";
import {
  marchenkoPasturDensity,
  marchenkoPasturIntegral,
  marchenkoPasturRule,
} from "./marchenko_pastur.ts";

const close = (a: number, b: number, tol: number, msg = "") =>
  assert.ok(Math.abs(a - b) <= tol, `${msg}: ${a} vs ${b} (tol ${tol})`);

Deno.test("deep ICL: MP moments ∫ρ = min(1, α), ∫λρ = 1, ∫λ²ρ = 1 + 1/α", () => {
  for (const alpha of [0.3, 0.5, 1, 2, 7]) {
    const r = marchenkoPasturRule(alpha, { nodes: 4000 });
    let m0 = 0;
    for (const w of r.weight) m0 += w;
    close(m0, Math.min(1, alpha), 1e-12, `mass α=${alpha}`);
    close(marchenkoPasturIntegral(r, () => 1), 1, 1e-12, `total α=${alpha}`);
    close(marchenkoPasturIntegral(r, (l) => l), 1, 1e-12, `mean α=${alpha}`);
    close(marchenkoPasturIntegral(r, (l) => l * l), 1 + 1 / alpha, 1e-12, `2nd moment α=${alpha}`);
  }
});

Deno.test("marchenkoPasturRule: bad input throws named errors", () => {
  assert.throws(() => marchenkoPasturRule(0), /marchenkoPasturRule: argument "alpha"/);
  assert.throws(() => marchenkoPasturRule(1, { nodes: 1 }), /argument "nodes"/);
});

Deno.test("marchenkoPasturDensity: integrates to min(1, α), mean 1; matches the rule's moments", () => {
  for (const alpha of [0.5, 1.5, 4]) {
    const c = 1 / alpha;
    const lo = (1 - Math.sqrt(c)) ** 2, hi = (1 + Math.sqrt(c)) ** 2;
    // midpoint rule on 2e5 cells: the square-root edges limit the error to O(m^{-3/2}) ≈ 1e-8
    const m = 200000, h = (hi - lo) / m;
    let mass = 0, mean = 0;
    for (let i = 0; i < m; i++) {
      const x = lo + (i + 0.5) * h;
      const r = marchenkoPasturDensity(x, alpha);
      mass += r * h;
      mean += x * r * h;
    }
    assert.ok(Math.abs(mass - Math.min(1, alpha)) < 1e-6, `α=${alpha}: mass ${mass}`);
    // ∫λρ = 1 (the atom at 0 adds nothing)
    assert.ok(Math.abs(mean - 1) < 1e-6, `α=${alpha}: mean ${mean}`);
    assert.equal(marchenkoPasturDensity(hi + 1e-9, alpha), 0);
  }
  assert.throws(() => marchenkoPasturDensity(1, 0), /argument "alpha" must be a positive number/);
});
