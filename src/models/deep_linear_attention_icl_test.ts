import assert from "node:assert/strict";
import { key, normalF64, split } from "../random/mod.ts";
import { sampleIclPrompts } from "../data/icl_tasks.ts";
import { sourceCapacitySpectra } from "../data/icl_covariances.ts";
import {
  deepIclLossAndGrad,
  deepIclPopulationRisk,
  deepIclPredict,
} from "./deep_linear_attention_icl.ts";
import { isoDeepLoss } from "../theory/icl_deep_scaling.ts";

const partC = (d: number, P: number, K: number, sigma2 = 0.1) => ({
  dim: d,
  contextLength: P,
  queries: K,
  covariateScale: 1,
  labelScale: 1 / Math.sqrt(d),
  noiseVariance: sigma2,
});

/** f = (1/(LP)) x*ᵀ Γ Σ_l (I − Σ̂Γ/L)^l X y, Σ̂ = XXᵀ/P (X is D×P): the geometric-sum form. */
function geometricSum(
  gamma: Float64Array,
  b: ReturnType<typeof sampleIclPrompts>,
  L: number,
  c: number,
): number[] {
  const { dim: d, contextLength: P, queries: K } = b;
  const sh = new Float64Array(d * d);
  const xy = new Float64Array(d);
  for (let i = 0; i < P; i++) {
    for (let a = 0; a < d; a++) {
      xy[a] += b.x[(c * P + i) * d + a] * b.y[c * P + i];
      for (let bb = 0; bb < d; bb++) {
        sh[a * d + bb] += (b.x[(c * P + i) * d + a] * b.x[(c * P + i) * d + bb]) / P;
      }
    }
  }
  // acc = Σ_l (I − Σ̂Γ/L)^l xy
  let term = Array.from(xy);
  const acc = Array.from(xy);
  for (let l = 1; l < L; l++) {
    const gt = new Array(d).fill(0);
    for (let a = 0; a < d; a++) {
      for (let bb = 0; bb < d; bb++) gt[a] += gamma[a * d + bb] * term[bb];
    }
    const nt = term.slice();
    for (let a = 0; a < d; a++) {
      for (let bb = 0; bb < d; bb++) nt[a] -= (sh[a * d + bb] * gt[bb]) / L;
    }
    term = nt;
    for (let a = 0; a < d; a++) acc[a] += term[a];
  }
  const out: number[] = [];
  for (let q = 0; q < K; q++) {
    let s = 0;
    for (let a = 0; a < d; a++) {
      let ga = 0;
      for (let bb = 0; bb < d; bb++) ga += gamma[a * d + bb] * acc[bb];
      s += b.xq[(c * K + q) * d + a] * ga;
    }
    out.push(s / (L * P));
  }
  return out;
}

Deno.test("deep ICL: GD recursion = geometric sum (1e-12); L=1 is x*ᵀΓXy/P; tied = untied", () => {
  const d = 5;
  const [kg, kb] = split(key(40), 2);
  const gamma = normalF64(kg, d * d, { std: 0.4 });
  const b = sampleIclPrompts(kb, 3, partC(d, 8, 3));
  for (const L of [1, 2, 5]) {
    const f = deepIclPredict(gamma, b, { depth: L });
    const fu = deepIclPredict(Array.from({ length: L }, () => gamma), b, { depth: L });
    for (let c = 0; c < 3; c++) {
      const want = geometricSum(gamma, b, L, c);
      for (let q = 0; q < 3; q++) {
        assert.ok(Math.abs(f[c * 3 + q] - want[q]) < 1e-12 * (1 + Math.abs(want[q])), `L=${L}`);
        assert.equal(fu[c * 3 + q], f[c * 3 + q]);
      }
    }
  }
});

Deno.test("deep ICL: manual gradients match central finite differences (rel 1e-6), tied and untied", () => {
  const d = 4;
  const L = 3;
  const [kg, kb, ku] = split(key(41), 3);
  const gamma = normalF64(kg, d * d, { std: 0.5 });
  const b = sampleIclPrompts(kb, 4, partC(d, 6, 2));
  const { grad } = deepIclLossAndGrad(gamma, b, { depth: L });
  const g = grad as Float64Array;
  const h = 1e-5;
  for (let i = 0; i < d * d; i++) {
    const gp = gamma.slice();
    const gm = gamma.slice();
    gp[i] += h;
    gm[i] -= h;
    const fd = (deepIclLossAndGrad(gp, b, { depth: L }).loss -
      deepIclLossAndGrad(gm, b, { depth: L }).loss) / (2 * h);
    assert.ok(
      Math.abs(fd - g[i]) <= 1e-6 * Math.max(1e-3, Math.abs(fd)),
      `i=${i}: ${g[i]} vs ${fd}`,
    );
  }
  const layers = split(ku, L).map((k) => normalF64(k, d * d, { std: 0.5 }));
  const gu = deepIclLossAndGrad(layers, b, { depth: L }).grad as Float64Array[];
  for (const l of [0, 2]) {
    for (const i of [0, 5, 15]) {
      const lp = layers.map((m) => m.slice());
      const lm = layers.map((m) => m.slice());
      lp[l][i] += h;
      lm[l][i] -= h;
      const fd = (deepIclLossAndGrad(lp, b, { depth: L }).loss -
        deepIclLossAndGrad(lm, b, { depth: L }).loss) / (2 * h);
      assert.ok(
        Math.abs(fd - gu[l][i]) <= 1e-6 * Math.max(1e-3, Math.abs(fd)),
        `layer ${l} i=${i}`,
      );
    }
  }
  assert.throws(() => deepIclPredict(gamma, b, { depth: 0 }), /deepIclPredict: argument "depth"/);
  assert.throws(() => deepIclPredict(new Float64Array(3), b, { depth: 1 }), /argument "gamma"/);
});

Deno.test("deep ICL: RRS invariance of the γI risk; ISO MC risk ≈ Marchenko–Pastur theory", () => {
  const d = 24;
  const { lambda, omega } = sourceCapacitySpectra(d, { nu: 1.5, beta: 1 });
  const gamma = new Float64Array(d * d);
  for (let a = 0; a < d; a++) gamma[a * d + a] = 1.2;
  const base = {
    depth: 3,
    contextLength: 48,
    covariateSpectrum: lambda,
    taskSpectrum: omega,
    noiseVariance: 0.1,
    samples: 150,
  };
  const fs = deepIclPopulationRisk(key(50), gamma, base);
  const rrs = deepIclPopulationRisk(key(51), gamma, { ...base, rotation: "haar-per-context" });
  // independent MC estimates: 4 combined standard errors
  const se = Math.hypot(fs.stderr, rrs.stderr);
  assert.ok(Math.abs(fs.mean - rrs.mean) < 4 * se, `FS ${fs.mean} vs RRS ${rrs.mean} ± ${se}`);
  // ISO at D = 48, α = 2: the MC risk of γI is within 3% (finite-D bias O(1/D)) of the MP integral
  const D = 48;
  const g2 = new Float64Array(D * D);
  for (let a = 0; a < D; a++) g2[a * D + a] = 1.5;
  const mc = deepIclPopulationRisk(key(52), g2, {
    depth: 2,
    contextLength: 96,
    noiseVariance: 0.2,
    samples: 40,
  });
  const th = isoDeepLoss(1.5, { alpha: 2, depth: 2, sigma2: 0.2 }).loss;
  assert.ok(Math.abs(mc.mean - th) < 0.03 * th, `MC ${mc.mean} vs MP ${th}`);
});
