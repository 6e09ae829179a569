import assert from "node:assert/strict";
import { key, normalF64, split } from "../random/mod.ts";
import { sampleIclPrompts, sampleTaskPool } from "../data/icl_tasks.ts";
import { reducedGammaPredict } from "../models/linear_attention_icl.ts";
import { gammaTestError, gaussianTaskMoments, poolTaskMoments } from "./icl_gamma_error.ts";

/** Monte Carlo mean squared error of Γ on fresh prompts, with its standard error. */
function mcError(
  gamma: Float64Array,
  opts: Parameters<typeof sampleIclPrompts>[2],
  n: number,
  seed: number,
) {
  const b = sampleIclPrompts(key(seed), n, opts);
  const p = reducedGammaPredict(gamma, b);
  let m = 0;
  let m2 = 0;
  for (let c = 0; c < n; c++) {
    const e = (p[c] - b.yq[c]) ** 2;
    m += e / n;
    m2 += (e * e) / n;
  }
  return { mean: m, se: Math.sqrt((m2 - m * m) / n) };
}

Deno.test("exact finite-ℓ error of a random Γ matches Monte Carlo (Gaussian, anisotropic and pool tasks)", () => {
  const d = 5;
  const ell = 4;
  const rho = 0.3;
  const [kg, kp] = split(key(11), 2);
  const gamma = normalF64(kg, d * (d + 1), { std: 0.3 });
  const cov = [2, 1, 0.5, 1, 0.5];
  const pool = sampleTaskPool(kp, 3, { dim: d });
  const cases = [
    {
      opts: { dim: d, contextLength: ell, covariateScale: 1 / d, noiseVariance: rho },
      mom: gaussianTaskMoments(new Float64Array(d).fill(1), { dim: d, rho }),
    },
    {
      opts: {
        dim: d,
        contextLength: ell,
        covariateScale: 1 / d,
        noiseVariance: rho,
        taskSpectrum: cov,
      },
      mom: gaussianTaskMoments(cov, { dim: d, rho }),
    },
    {
      opts: {
        dim: d,
        contextLength: ell,
        covariateScale: 1 / d,
        noiseVariance: rho,
        taskPool: pool,
      },
      mom: poolTaskMoments(pool, { dim: d, rho }),
    },
  ];
  for (const [i, c] of cases.entries()) {
    const th = gammaTestError(gamma, c.mom, { contextLength: ell });
    const mc = mcError(gamma, c.opts, 60000, 20 + i);
    // 60000 contexts: 4.5 standard errors (heavy-tailed squared errors) as the bound
    assert.ok(
      Math.abs(mc.mean - th) < 4.5 * mc.se,
      `case ${i}: MC ${mc.mean} ± ${mc.se} vs exact ${th}`,
    );
  }
  // Γ = 0 gives ρ + tr(C)/d
  const z = gammaTestError(
    new Float64Array(d * (d + 1)),
    gaussianTaskMoments(cov, { dim: d, rho }),
    { contextLength: ell },
  );
  assert.ok(Math.abs(z - (rho + 1)) < 1e-14);
  assert.throws(
    () => gammaTestError(new Float64Array(3), cases[0].mom, { contextLength: ell }),
    /gammaTestError: argument "gamma"/,
  );
  assert.throws(
    () => gaussianTaskMoments([1, 2], { dim: 3, rho: 0 }),
    /gaussianTaskMoments: argument "cov"/,
  );
});
