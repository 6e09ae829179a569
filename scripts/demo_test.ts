import assert from "node:assert/strict";
import { createContext } from "../src/run/mod.ts";
import { defaults, figures, main, memoryBytes } from "./demo.ts";

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

Deno.test("demo: bad sizes are named errors; figures are pure; memory estimate", async () => {
  const ctx = await createContext({ quiet: true });
  const bad: [Partial<typeof defaults>, RegExp][] = [
    [{ n: 10, d: 20 }, /demo: argument "d" must be an integer in \[1, n = 10\], got 20/],
    [{ trials: 1 }, /demo: argument "trials" must be an integer ≥ 2/],
    [{ bins: 0 }, /demo: argument "bins" must be a positive integer, got 0/],
    [{ bins: -3 }, /demo: argument "bins" must be a positive integer, got -3/],
    [{ bins: 1 }, /demo: argument "bins" must be a finite number in \[2, 10000\], got 1/],
    [{ n: 2.5 }, /demo: argument "n" must be a positive integer, got 2.5/],
    [{ seed: -1 }, /demo: argument "seed" must be a non-negative integer, got -1/],
  ];
  for (const [over, re] of bad) await assert.rejects(() => main({ ...defaults, ...over }, ctx), re);
  const cfg = { ...defaults, n: 60, d: 15, trials: 2, bins: 8 };
  await main(cfg, ctx);
  const figs = figures(JSON.parse(JSON.stringify(ctx.results.snapshot())), cfg);
  assert.deepEqual(figs.map((f) => f.name), ["spectrum"]);
  assert.deepEqual(figures({}, cfg), []);
  // X (n·d) + 4 d² + pooled eigenvalues, 8 bytes each
  assert.deepEqual(memoryBytes(cfg), { bytes: 8 * (60 * 15 + 4 * 225 + 30), key: "n" });
  assert.equal(memoryBytes({ ...cfg, n: 1e9 }).key, "n");
  assert.equal(memoryBytes({ ...cfg, n: 100, d: 100 }).key, "d");
});
