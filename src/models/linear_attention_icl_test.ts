import assert from "node:assert/strict";
import { foldIn, key, normalF64, split } from "../random/mod.ts";
import { sampleIclPrompts, sampleTaskPool } from "../data/icl_tasks.ts";
import {
  fitReducedGammaRidge,
  reducedGammaPredict,
  reducedGammaStatistics,
} from "./linear_attention_icl.ts";
import {
  iclLinearSelfAttention,
  iclLinearSelfAttentionToGamma,
  iclPromptEmbedding,
} from "./icl_linear_self_attention.ts";
import { dmmsePredict } from "./icl_dmmse.ts";
import { gammaTestError, gaussianTaskMoments } from "../theory/icl_gamma_error.ts";
import { pnasIclErrorRidgeless } from "../theory/icl_linear_attention.ts";

/** Naive normal equations with the full design matrix (the oracle for the chunked GEMM fit). */
function naiveRidge(phi: number[][], y: number[], ridge: number): number[] {
  const p = phi[0].length;
  const a = Array.from(
    { length: p },
    (_, i) => Array.from({ length: p }, (_, j) => (i === j ? ridge : 0)),
  );
  const b = new Array(p).fill(0);
  for (let m = 0; m < phi.length; m++) {
    for (let i = 0; i < p; i++) {
      b[i] += phi[m][i] * y[m];
      for (let j = 0; j < p; j++) a[i][j] += phi[m][i] * phi[m][j];
    }
  }
  // Gaussian elimination with partial pivoting
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
    [a[c], a[piv]] = [a[piv], a[c]];
    [b[c], b[piv]] = [b[piv], b[c]];
    for (let r = c + 1; r < p; r++) {
      const f = a[r][c] / a[c][c];
      for (let j = c; j < p; j++) a[r][j] -= f * a[c][j];
      b[r] -= f * b[c];
    }
  }
  const x = new Array(p).fill(0);
  for (let r = p - 1; r >= 0; r--) {
    let s = b[r];
    for (let j = r + 1; j < p; j++) s -= a[r][j] * x[j];
    x[r] = s / a[r][r];
  }
  return x;
}

Deno.test("fitReducedGammaRidge: chunked GEMM + Cholesky equals the naive normal equations (1e-9), any chunking", () => {
  const d = 3;
  const n = 50;
  const lambda = 0.05;
  const opts = { dim: d, contextLength: 5, covariateScale: 1 / d, noiseVariance: 0.1 };
  const k = key(9);
  const all = sampleIclPrompts(k, n, opts);
  const h = reducedGammaStatistics(all);
  const phi: number[][] = [];
  const y: number[] = [];
  for (let c = 0; c < n; c++) {
    const row: number[] = [];
    for (let a = 0; a < d; a++) {
      for (let b = 0; b <= d; b++) row.push(all.xq[c * d + a] * h[c * (d + 1) + b]);
    }
    phi.push(row);
    y.push(all.yq[c]);
  }
  const want = naiveRidge(phi, y, (n / d) * lambda);
  for (const chunk of [7, 50, 512]) {
    // each chunk is a slice of the same 50 contexts
    const fit = fitReducedGammaRidge((i, c) => sliceBatch(all, i * chunk, c), {
      dim: d,
      contexts: n,
      lambda,
      chunkSize: chunk,
    });
    for (let i = 0; i < want.length; i++) {
      assert.ok(
        Math.abs(fit.gamma[i] - want[i]) < 1e-9 * (1 + Math.abs(want[i])),
        `chunk ${chunk} i=${i}`,
      );
    }
  }
  // the fitted Γ predicts with ⟨Γ, H⟩
  const fit = fitReducedGammaRidge((i, c) => sliceBatch(all, i * 512, c), {
    dim: d,
    contexts: n,
    lambda,
  });
  const pred = reducedGammaPredict(fit.gamma, all);
  for (let c = 0; c < 5; c++) {
    const direct = phi[c].reduce((s, v, i) => s + v * want[i], 0);
    assert.ok(Math.abs(pred[c] - direct) < 1e-9);
  }
  assert.throws(
    () => fitReducedGammaRidge(() => all, { dim: d, contexts: n, lambda: 0 }),
    /fitReducedGammaRidge: argument "lambda"/,
  );
});

function sliceBatch(b: ReturnType<typeof sampleIclPrompts>, start: number, count: number) {
  const { dim: d, contextLength: l, queries: q } = b;
  return {
    ...b,
    count,
    x: b.x.slice(start * l * d, (start + count) * l * d),
    y: b.y.slice(start * l, (start + count) * l),
    xq: b.xq.slice(start * q * d, (start + count) * q * d),
    yq: b.yq.slice(start * q, (start + count) * q),
    tasks: b.tasks.slice(start * d, (start + count) * d),
  };
}

Deno.test("full linear self-attention reduces to ⟨Γ, H_Z⟩ numerically (v21 = 0)", () => {
  const d = 4;
  const e = d + 1;
  const [kv, kk, kq, kb] = split(key(21), 4);
  const value = normalF64(kv, e * e);
  for (let a = 0; a < d; a++) value[d * e + a] = 0;
  const params = { value, key: normalF64(kk, e * e), query: normalF64(kq, e * e) };
  const batch = sampleIclPrompts(kb, 6, {
    dim: d,
    contextLength: 7,
    covariateScale: 1 / d,
    noiseVariance: 0.2,
  });
  const gamma = iclLinearSelfAttentionToGamma(params, { dim: d });
  const red = reducedGammaPredict(gamma, batch);
  for (let c = 0; c < 6; c++) {
    const out = iclLinearSelfAttention(iclPromptEmbedding(batch, c), params, { dim: d });
    const full = out[d * 8 + 7];
    assert.ok(Math.abs(full - red[c]) < 1e-12 * (1 + Math.abs(red[c])), `${full} vs ${red[c]}`);
  }
  const bad = { ...params, value: value.slice() };
  bad.value[d * e] = 1;
  assert.throws(
    () => iclLinearSelfAttentionToGamma(bad, { dim: d }),
    /iclLinearSelfAttentionToGamma: argument "value"/,
  );
});

Deno.test("dMMSE: posterior mean equals brute force; recovers the pool task in long contexts", () => {
  const d = 4;
  const pool = sampleTaskPool(key(30), 5, { dim: d });
  const rho = 0.5;
  const b = sampleIclPrompts(key(31), 4, {
    dim: d,
    contextLength: 6,
    covariateScale: 1 / d,
    noiseVariance: rho,
    taskPool: pool,
  });
  const got = dmmsePredict(pool, b, { noiseVariance: rho });
  for (let c = 0; c < 4; c++) {
    const lw = [];
    for (let j = 0; j < 5; j++) {
      let r = 0;
      for (let i = 0; i < 6; i++) {
        let p = 0;
        for (let a = 0; a < d; a++) p += b.x[(c * 6 + i) * d + a] * pool[j * d + a];
        r += (b.y[c * 6 + i] - p) ** 2;
      }
      lw.push(Math.exp(-r / (2 * rho)));
    }
    const z = lw.reduce((s, v) => s + v, 0);
    let pred = 0;
    for (let j = 0; j < 5; j++) {
      for (let a = 0; a < d; a++) pred += (lw[j] / z) * pool[j * d + a] * b.xq[c * d + a];
    }
    assert.ok(Math.abs(pred - got[c]) < 1e-12);
  }
  const long = sampleIclPrompts(key(32), 20, {
    dim: d,
    contextLength: 400,
    covariateScale: 1 / d,
    noiseVariance: 0.01,
    taskPool: pool,
  });
  const p = dmmsePredict(pool, long, { noiseVariance: 0.01 });
  for (let c = 0; c < 20; c++) {
    let clean = 0;
    for (let a = 0; a < d; a++) clean += long.xq[c * d + a] * long.tasks[c * d + a];
    assert.ok(Math.abs(p[c] - clean) < 1e-6);
  }
  assert.throws(
    () => dmmsePredict(pool, b, { noiseVariance: 0 }),
    /dmmsePredict: argument "noiseVariance"/,
  );
});

Deno.test("d = 32 Γ* ridge fit vs theory, one fixed seed (iso α=2, κ=2, τ=3, ρ=0.01)", () => {
  // Spec: 0.64 ± 0.03 (2–3 seeds) vs theory 0.598; simulation sits above theory by ~1.4/d.
  // One fixed seed: assert theory ≤ sim ≤ 1.13·theory (the d = 32 bar of PAPERS.md, "Asymptotic theory
  // of ICL": 13%, the 12% first proposed is broken by +12.9% at κ = 0.5, τ = 3).
  const d = 32;
  const [kp, kd] = split(key(1), 2);
  const pool = sampleTaskPool(kp, 64, { dim: d });
  const opts = {
    dim: d,
    contextLength: 64,
    covariateScale: 1 / d,
    noiseVariance: 0.01,
    taskPool: pool,
  };
  const fit = fitReducedGammaRidge((i, c) => sampleIclPrompts(foldIn(kd, i), c, opts), {
    dim: d,
    contexts: 3 * d * d,
    lambda: 1e-6,
  });
  const sim = gammaTestError(
    fit.gamma,
    gaussianTaskMoments(new Float64Array(d).fill(1), { dim: d, rho: 0.01 }),
    { contextLength: 64 },
  );
  const th = pnasIclErrorRidgeless({ alpha: 2, kappa: 2, tau: 3, rho: 0.01 });
  assert.ok(Math.abs(th - 0.598) < 1e-3);
  assert.ok(sim >= th && sim <= 1.13 * th, `sim ${sim} vs theory ${th}`);
});
