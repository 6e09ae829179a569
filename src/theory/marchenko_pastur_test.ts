import assert from "node:assert/strict";
import { marchenkoPasturIntegral, marchenkoPasturRule } from "./marchenko_pastur.ts";

const close = (a: number, b: number, tol: number, msg = "") =>
  assert.ok(Math.abs(a - b) <= tol, `${msg}: ${a} vs ${b} (tol ${tol})`);

Deno.test("Part E.3 (deep): MP moments ∫ρ = min(1, α), ∫λρ = 1, ∫λ²ρ = 1 + 1/α", () => {
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
