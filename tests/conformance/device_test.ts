// The rest of the contract on webgpu, against the cpu reference (the host backends run these
// kernels in gemm_test, gemm_batched_test, activation_test and adamw_test): gemm and gemmBatched
// (alpha/beta, transposes, leading dimensions, offsets, broadcast batches), gelu/geluBwd,
// softmaxRows/softmaxRowsBwd (plain and causal), layerNormRows/layerNormRowsBwd and adamwStep,
// over the edge sizes, f32 (WebGPU has no f64). u = 2⁻²⁴; inputs have magnitude < 1 unless said.
//
// Tolerances:
// - GEMM: 2(k + 2)·u·(|α|·Σ|a||b| + |β|·|c|), the dot-product bound for the device plus the
//   rounding of the reference (Σ|a||b| ≤ k here).
// - GELU and GELU′: 32u·(|ref| + 1): the WGSL tanh comes from exp (a few ulp) and GELU′ sums
//   terms of magnitude ≤ 1.2.
// - softmax: each probability carries (n + 32)·u relative error (k-ulp exponentials, an n-term
//   sum); its VJP from the cpu's y: 2(n + 32)·u·scale·(|y|·(1 + Σ|g·y|) + u).
// - LayerNorm in f32 (the cpu twin sums in f64), x = 3 + (−1, 1): the mean of values ≈ 3 carries
//   (n + 4)·u·3 absolute error against a spread ≈ 0.6, i.e. ≈ 5(n + 4)·u relative on x − μ, and
//   |x̂| ≤ √n: eY = 40(n + 4)·u·√(n + 1) bounds y; dx = rs·(gγ − m1 − x̂·m2) adds the n-term sums
//   m1, m2 (≤ 8(n + 4)·u) to 4·eY; dγ sums rows·eY; dβ is a plain sum of rows terms.
// - AdamW: each stored value within 8–16u of the f64 update relative to the magnitudes combined.
import assert from "node:assert/strict";
import { getBackend, type TypedArray } from "../../src/backend/mod.ts";
import { type Gpu, type GpuStorage, requestGpu } from "../../src/backend/webgpu/mod.ts";
import { fill, SIZES } from "./backends.ts";

const cpu = getBackend("cpu");
const U = 2 ** -24;

async function withGpu(fn: (gpu: Gpu) => Promise<void>): Promise<void> {
  const gpu = await requestGpu();
  try {
    await fn(gpu);
  } finally {
    gpu.destroy();
  }
}

function up(gpu: Gpu, a: TypedArray): GpuStorage {
  const s = gpu.alloc(a.length);
  if (a.length > 0) gpu.writeBuffer(s.buffer, Float32Array.from(a));
  return s;
}

const f32 = (len: number, seed: number, scale = 1) =>
  fill("f32", len, seed).map((v) => v * scale) as Float32Array;

function within(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  tol: (i: number) => number,
  what: string,
) {
  for (let i = 0; i < want.length; i++) {
    const ok = Number.isNaN(want[i]) ? Number.isNaN(got[i]) : Math.abs(got[i] - want[i]) <= tol(i);
    if (!ok) {
      throw new Error(`${what}: index ${i}: got ${got[i]}, expected ${want[i]} (tol ${tol(i)})`);
    }
  }
}

Deno.test("conformance gemm/gemmBatched webgpu f32: edge sizes, transposes, alpha/beta, batches", async () => {
  await withGpu(async (gpu) => {
    const be = gpu.backend;
    let seed = 1;
    const dims = [0, 1, 3, 4, 5, 15, 16, 17, 33];
    const cases: [number, number, number][] = [];
    for (const m of dims) {
      for (const n of [1, 5, 16, 17]) cases.push([m, n, dims[(m + n) % dims.length]]);
    }
    cases.push([127, 128, 129], [128, 129, 127]);
    for (const [i, [m, n, k]] of cases.entries()) {
      const transA = i % 2 === 1, transB = i % 3 === 1;
      const [alpha, beta] = [[1, 0], [0.5, 2], [-1, 1], [0, 0.5]][i % 4];
      const lda = (transA ? m : k) + 2, ldb = (transB ? k : n) + 1, ldc = n + 3;
      const offA = 2, offB = 1, offC = 4;
      const batch = i % 5 === 0 ? [2, 3] : [];
      const count = batch.reduce((s, d) => s * d, 1);
      const sizeA = offA + (transA ? k : m) * lda + 1, sizeB = offB + (transB ? n : k) * ldb + 1;
      const sizeC = offC + m * ldc;
      // batch strides: A broadcast over axis 0, B over axis 1, C dense
      const strideA = batch.length ? [0, sizeA] : [], strideB = batch.length ? [sizeB, 0] : [];
      const strideC = batch.length ? [3 * sizeC, sizeC] : [];
      const a = f32(sizeA * 3, seed++), b = f32(sizeB * 2, seed++), c = f32(sizeC * count, seed++);
      const args = {
        transA,
        transB,
        m,
        n,
        k,
        alpha,
        beta,
        offA,
        lda,
        offB,
        ldb,
        offC,
        ldc,
        batch,
        strideA,
        strideB,
        strideC,
      };
      const want = c.slice();
      cpu.gemmBatched({ ...args, a, b, c: want });
      const cd = up(gpu, c);
      if (batch.length) be.gemmBatched({ ...args, a: up(gpu, a), b: up(gpu, b), c: cd });
      else be.gemm({ ...args, a: up(gpu, a), b: up(gpu, b), c: cd });
      const got = await be.read(cd);
      // |a|, |b|, |c| < 1: Σ|a||b| ≤ k
      within(
        got,
        want,
        () => 2 * (k + 2) * U * (Math.abs(alpha) * k + Math.abs(beta)),
        `gemm #${i} ${m}x${n}x${k}`,
      );
    }
    // alpha = 0 does not read A and B (NaN there does not reach C); beta = 0 does not read C
    const nanA = up(gpu, new Float32Array(4).fill(NaN)), c = up(gpu, new Float32Array(4).fill(NaN));
    be.gemm({
      transA: false,
      transB: false,
      m: 2,
      n: 2,
      k: 2,
      alpha: 0,
      a: nanA,
      offA: 0,
      lda: 2,
      b: nanA,
      offB: 0,
      ldb: 2,
      beta: 0,
      c,
      offC: 0,
      ldc: 2,
    });
    assert.deepEqual([...await be.read(c)], [0, 0, 0, 0]);
  });
});

Deno.test("conformance gelu/softmax/layerNorm rows webgpu f32: edge sizes, offsets, causal", async () => {
  await withGpu(async (gpu) => {
    const be = gpu.backend;
    let seed = 100;
    for (const n of SIZES) {
      // GELU over [-6, 6)
      const x = f32(n + 3, seed++, 6), g = f32(n + 2, seed++);
      const y = new Float32Array(n + 1), dx = new Float32Array(n);
      cpu.gelu(n, x, 3, y, 1);
      cpu.geluBwd(n, x, 3, g, 2, dx, 0);
      const yd = up(gpu, new Float32Array(n + 1)), dxd = up(gpu, new Float32Array(n));
      const xd = up(gpu, x), gd = up(gpu, g);
      be.gelu(n, xd, 3, yd, 1);
      be.geluBwd(n, xd, 3, gd, 2, dxd, 0);
      within(await be.read(yd), y, (i) => 32 * U * (Math.abs(y[i]) + 1), `gelu n=${n}`);
      within(await be.read(dxd), dx, (i) => 32 * U * (Math.abs(dx[i]) + 1), `geluBwd n=${n}`);

      for (const [rows, tq] of [[3, 0], [4, 2], [5, 5]]) {
        const len = rows * n;
        const scale = 0.7;
        const xs = f32(len + 2, seed++, 4), gs = f32(len + 1, seed++);
        const ys = new Float32Array(len + 1), dxs = new Float32Array(len);
        cpu.softmaxRows(rows, n, tq, scale, xs, 2, ys, 1);
        cpu.softmaxRowsBwd(rows, n, tq, scale, ys, 1, gs, 1, dxs, 0);
        const ysd = up(gpu, new Float32Array(len + 1)), dxsd = up(gpu, new Float32Array(len));
        be.softmaxRows(rows, n, tq, scale, up(gpu, xs), 2, ysd, 1);
        const yGot = await be.read(ysd);
        within(yGot, ys, (i) => (n + 32) * U * (Math.abs(ys[i]) + U), `softmax n=${n} tq=${tq}`);
        // the VJP from the cpu's y, so only the backward's own rounding is measured
        be.softmaxRowsBwd(rows, n, tq, scale, up(gpu, ys), 1, up(gpu, gs), 1, dxsd, 0);
        const sumGY = Array.from({ length: rows }, (_, r) => {
          let s = 0;
          for (let j = 0; j < n; j++) s += Math.abs(gs[1 + r * n + j] * ys[1 + r * n + j]);
          return s;
        });
        within(
          await be.read(dxsd),
          dxs,
          (i) =>
            2 * (n + 32) * U * scale * (Math.abs(ys[1 + i]) * (1 + sumGY[Math.floor(i / n)]) + U),
          `softmaxBwd n=${n} tq=${tq}`,
        );

        // LayerNorm: x ~ 3 + (-1, 1) (a mean to subtract), γ, β in (-1, 1)
        const xl = f32(len + 1, seed++).map((v) => 3 + v),
          gam = f32(n + 1, seed++),
          bet = f32(n, seed++);
        const gl = f32(len, seed++);
        const eps = 1e-5;
        const yl = new Float32Array(len), dxl = new Float32Array(len);
        const dgam = new Float32Array(n), dbet = new Float32Array(n);
        cpu.layerNormRows(rows, n, eps, xl, 1, gam, 1, bet, 0, yl, 0);
        cpu.layerNormRowsBwd(rows, n, eps, xl, 1, gam, 1, gl, 0, dxl, 0, dgam, dbet);
        const yld = up(gpu, new Float32Array(len)), dxld = up(gpu, new Float32Array(len));
        const dgd = up(gpu, new Float32Array(n)), dbd = up(gpu, new Float32Array(n));
        const xld = up(gpu, xl), gamd = up(gpu, gam);
        be.layerNormRows(rows, n, eps, xld, 1, gamd, 1, up(gpu, bet), 0, yld, 0);
        be.layerNormRowsBwd(rows, n, eps, xld, 1, gamd, 1, up(gpu, gl), 0, dxld, 0, dgd, dbd);
        // x̂ is bounded by √n; the row statistics carry (n + 4)·u relative error of Σ|x| ≈ 3n
        // against a spread of ~0.6: a factor 3/0.6 = 5 on x̂'s error
        const eY = 40 * (n + 4) * U * Math.sqrt(n + 1);
        within(await be.read(yld), yl, () => eY, `layerNorm n=${n} rows=${rows}`);
        within(await be.read(dxld), dxl, () => 4 * eY + 8 * (n + 4) * U, `layerNormBwd dx n=${n}`);
        within(await be.read(dgd), dgam, () => eY * (rows + 1), `layerNormBwd dgamma n=${n}`);
        within(await be.read(dbd), dbet, () => (rows + 2) * U * rows, `layerNormBwd dbeta n=${n}`);
      }
    }
  });
});

Deno.test("conformance adamwStep webgpu f32: edge sizes, offsets, AdamW and Adam-L2", async () => {
  await withGpu(async (gpu) => {
    const be = gpu.backend;
    let seed = 300;
    for (const n of SIZES) {
      for (const [weightDecay, l2, step] of [[0.1, 0, 1], [0, 0.01, 7]]) {
        const p = f32(n + 2, seed++), g = f32(n + 1, seed++);
        const m = f32(n + 3, seed++, 0.1), v = f32(n, seed++).map((x) => x * x * 0.01);
        const hp = {
          lr: 1e-2,
          beta1: 0.9,
          beta2: 0.999,
          eps: 1e-8,
          weightDecay,
          l2,
          gradScale: 0.5,
          step,
        };
        const want = { p: p.slice(), m: m.slice(), v: v.slice() };
        cpu.adamwStep({
          n,
          params: want.p,
          offParams: 2,
          grads: g,
          offGrads: 1,
          m: want.m,
          offM: 3,
          v: want.v,
          offV: 0,
          ...hp,
        });
        const pd = up(gpu, p), md = up(gpu, m), vd = up(gpu, v);
        be.adamwStep({
          n,
          params: pd,
          offParams: 2,
          grads: up(gpu, g),
          offGrads: 1,
          m: md,
          offM: 3,
          v: vd,
          offV: 0,
          ...hp,
        });
        // |p| < 1, the step is at most lr/bc1·|m̂|/√v̂ ≲ lr·(1 + ...): f32 rounding of each
        // stored value is ≤ u·(|value| + lr·10); the update divides by √v + eps (√v ≥ 0), whose
        // relative error ~4u multiplies a step ≤ 10·lr — 16u·(|ref| + 0.1) covers both
        within(
          await be.read(pd),
          want.p,
          (i) => 16 * U * (Math.abs(want.p[i]) + 0.1),
          `adamw p n=${n}`,
        );
        within(
          await be.read(md),
          want.m,
          (i) => 8 * U * (Math.abs(want.m[i]) + 0.1),
          `adamw m n=${n}`,
        );
        within(
          await be.read(vd),
          want.v,
          (i) => 8 * U * (Math.abs(want.v[i]) + 0.01),
          `adamw v n=${n}`,
        );
      }
    }
  });
});
