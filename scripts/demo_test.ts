import assert from "node:assert/strict";
import { createContext } from "../src/run/mod.ts";
import { defaults, main, marchenkoPasturDensity } from "./demo.ts";

Deno.test("demo: Wishart trace, Σλ = tr W, and Marchenko–Pastur normalization", async () => {
  const ctx = await createContext({ quiet: true });
  const cfg = { ...defaults, n: 200, d: 50, trials: 4, figure: true };
  const s = await main(cfg, ctx);
  // tr(W)/d is a mean of n·d squared standard normals / (n d): variance 2/(n d) per trial, so the
  // standard error over 4 trials is sqrt(2/(200·50·4)) ≈ 0.0071; 5 se = 0.035.
  assert.ok(Math.abs(s.traceOverDMean - 1) < 0.035, `tr/d = ${s.traceOverDMean}`);
  assert.ok(s.maxAbsEigSumMinusTrace < 1e-12);
  assert.equal(s.gamma, 0.25);
  assert.equal(s.mpUpperEdge, 2.25);
  // Largest eigenvalue near the edge (Tracy–Widom scale n^{-2/3} ≈ 0.03 here).
  assert.ok(Math.abs(s.lambdaMax - 2.25) < 0.3, `λmax = ${s.lambdaMax}`);
  // The histogram is a density: it integrates to the fraction of eigenvalues in range (all).
  const h = ctx.results.get("histogram") as { sim: { x: number; y: number }[] };
  const w = h.sim[1].x - h.sim[0].x;
  const mass = h.sim.reduce((acc, p) => acc + p.y * w, 0);
  assert.ok(Math.abs(mass - 1) < 1e-12, `mass ${mass}`);
  assert.equal((ctx.results.get("trials") as unknown[]).length, 4);
});

Deno.test("demo: MP density integrates to 1; bad sizes are named errors", async () => {
  const g = 0.3;
  const a = (1 - Math.sqrt(g)) ** 2;
  const b = (1 + Math.sqrt(g)) ** 2;
  let s = 0;
  const m = 200000;
  for (let i = 0; i < m; i++) s += marchenkoPasturDensity(a + ((i + 0.5) / m) * (b - a), g);
  // Midpoint rule; the square-root edges limit accuracy to O(m^{-3/2}).
  assert.ok(Math.abs((s * (b - a)) / m - 1) < 1e-6);
  const ctx = await createContext({ quiet: true });
  await assert.rejects(
    () => main({ ...defaults, n: 10, d: 20 }, ctx),
    /demo: need integers 0 < d ≤ n/,
  );
  await assert.rejects(
    () => main({ ...defaults, trials: 1 }, ctx),
    /"trials" must be an integer ≥ 2/,
  );
});
