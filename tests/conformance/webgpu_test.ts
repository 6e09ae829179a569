/**
 * Conformance of the WebGPU device arrays against the host (cpu) implementation of the same ops:
 * every unary and binary primitive, broadcasting and strided views, reductions, batched GEMM with
 * transposes over the remainder sizes, gathers and copies; plus the f64 refusal, the host/device
 * mix refusal and the flat-memory property of scoped training steps. Runs on llvmpipe in CI.
 *
 * f32 tolerance: elementwise ops 2e-6 relative (WGSL transcendental functions are within a few
 * ulp; erf uses a 1.5e-7 approximation); GEMM |Δ| ≤ 4·k·2⁻²³·Σ|a||b| (the standard dot-product
 * error bound with rounding in both the reference and the device).
 */
import assert from "node:assert/strict";
import * as A from "../../src/array/mod.ts";
import { BINARY, type BinaryOp, UNARY, type UnaryOp } from "../../src/array/elementwise.ts";
import { type Gpu, requestGpu, toGpu } from "../../src/backend/webgpu/mod.ts";
import { normal, uniform } from "../../src/random/mod.ts";
import { key, split } from "../../src/random/key.ts";

async function withGpu(fn: (gpu: Gpu) => Promise<void> | void): Promise<void> {
  const gpu = await requestGpu();
  try {
    await fn(gpu);
  } finally {
    gpu.destroy();
  }
}

async function close(
  actual: A.NDArray,
  expected: A.NDArray,
  rtol: number,
  atol: number,
  msg: string,
) {
  assert.deepEqual([...actual.shape], [...expected.shape], `${msg}: shape`);
  A.assertClose(await actual.data(), expected.dataSync(), { rtol, atol, msg });
}

const DOMAIN: Partial<Record<UnaryOp, [number, number]>> = {
  log: [0.1, 3],
  sqrt: [0, 4],
  reciprocal: [0.5, 2],
  log1p: [-0.5, 2],
};

Deno.test("webgpu: every unary primitive matches the host", async () => {
  await withGpu(async (gpu) => {
    const ops = Object.keys(UNARY) as UnaryOp[];
    for (const [i, op] of ops.entries()) {
      const [lo, hi] = DOMAIN[op] ?? [-3, 3];
      const x = uniform(split(key(1), ops.length)[i], [5, 17], { dtype: "f32", low: lo, high: hi });
      const want = A.unary(op, x);
      await close(A.unary(op, toGpu(x, gpu)), want, 2e-6, 2e-6, `unary ${op}`);
    }
  });
});

Deno.test("webgpu: every binary primitive, broadcasting and strided views", async () => {
  await withGpu(async (gpu) => {
    const [k1, k2] = split(key(2));
    const a = uniform(k1, [4, 1, 6], { dtype: "f32", low: 0.5, high: 2 });
    const b = uniform(k2, [3, 6], { dtype: "f32", low: -2, high: 2 });
    const ga = toGpu(a, gpu), gb = toGpu(b, gpu);
    for (const op of Object.keys(BINARY) as BinaryOp[]) {
      await close(A.binary(op, ga, gb), A.binary(op, a, b), 2e-6, 1e-6, `binary ${op}`);
      // transposed and sliced operands, and a scalar
      const bt = A.transpose(A.slice(b, null, [1, 5]));
      await close(
        A.binary(op, A.transpose(A.slice(gb, null, [1, 5])), 0.75),
        A.binary(op, bt, 0.75),
        2e-6,
        1e-6,
        `binary ${op} strided`,
      );
    }
    const c = A.gt(b, 0);
    await close(A.where(toGpu(c, gpu), gb, 1), A.where(c, b, 1), 0, 0, "where");
    await close(A.clip(gb, -1, 1), A.clip(b, -1, 1), 0, 0, "clip");
  });
});

Deno.test("webgpu: reductions over axes (sizes hitting the tree remainders)", async () => {
  await withGpu(async (gpu) => {
    for (const n of [1, 17, 257, 1000]) {
      const x = normal(key(n), [3, n], { dtype: "f32" });
      const g = toGpu(x, gpu);
      for (const axis of [undefined, 0, 1, -1]) {
        const o = { axis };
        const tol = 4 * n * 2 ** -23;
        await close(A.sum(g, o), A.sum(x, o), tol, tol, `sum n=${n} axis=${axis}`);
        await close(A.mean(g, o), A.mean(x, o), tol, tol, `mean n=${n}`);
        await close(A.max(g, o), A.max(x, o), 0, 0, `max n=${n}`);
        await close(A.min(g, o), A.min(x, o), 0, 0, `min n=${n}`);
        await close(A.logsumexp(g, o), A.logsumexp(x, o), 1e-5, 1e-5, `logsumexp n=${n}`);
        await close(A.variance(g, o), A.variance(x, o), 1e-4, 1e-5, `variance n=${n}`);
        await close(A.norm(g, o), A.norm(x, o), 1e-5, 1e-5, `norm n=${n}`);
      }
      await close(A.argmax(g, { axis: 1 }), A.argmax(x, { axis: 1 }), 0, 0, `argmax n=${n}`);
      await close(A.argmin(g, { axis: 0 }), A.argmin(x, { axis: 0 }), 0, 0, `argmin n=${n}`);
    }
    const p = uniform(key(9), [4, 5], { dtype: "f32", low: 0.5, high: 1.5 });
    await close(A.prod(toGpu(p, gpu), { axis: 1 }), A.prod(p, { axis: 1 }), 1e-5, 0, "prod");
    await close(
      A.sum(toGpu(A.zeros([0, 3], { dtype: "f32" }), gpu), { axis: 0 }),
      A.zeros([3], {
        dtype: "f32",
      }),
      0,
      0,
      "empty sum",
    );
  });
});

Deno.test("webgpu: batched GEMM over remainder sizes, transposes and views", async () => {
  await withGpu(async (gpu) => {
    const sizes = [0, 1, 3, 4, 5, 15, 16, 17, 127, 128, 129];
    let t = 0;
    const check = async (a: A.NDArray, b: A.NDArray, tA: boolean, tB: boolean, msg: string) => {
      const want = A.matmul(A.astype(a, "f64"), A.astype(b, "f64"), { transA: tA, transB: tB });
      const absA = A.abs(A.astype(a, "f64")), absB = A.abs(A.astype(b, "f64"));
      const bound = A.matmul(absA, absB, { transA: tA, transB: tB }).dataSync();
      const got = await A.matmul(toGpu(a, gpu), toGpu(b, gpu), { transA: tA, transB: tB }).data();
      const k = tA ? a.shape[a.ndim - 2] : a.shape[a.ndim - 1];
      const w = want.dataSync();
      assert.equal(got.length, w.length, msg);
      for (let i = 0; i < w.length; i++) {
        const tol = 4 * (k + 2) * 2 ** -23 * bound[i] + 1e-30;
        if (!(Math.abs(got[i] - w[i]) <= tol)) {
          throw new Error(`${msg}: element ${i} got ${got[i]} want ${w[i]} tol ${tol}`);
        }
      }
    };
    for (const m of sizes) {
      for (const [n, k] of [[sizes[(t + 3) % 11], sizes[(t + 7) % 11]], [17, 129], [1, m]]) {
        t++;
        const tA = t % 2 === 0, tB = t % 3 === 0;
        const [ka, kb] = split(key(100 + t));
        const a = normal(ka, tA ? [k, m] : [m, k], { dtype: "f32" });
        const b = normal(kb, tB ? [n, k] : [k, n], { dtype: "f32" });
        await check(a, b, tA, tB, `gemm m=${m} n=${n} k=${k} tA=${tA} tB=${tB}`);
      }
    }
    // batch broadcast and strided slices with offsets
    const a = normal(key(7), [2, 1, 9, 20], { dtype: "f32" });
    const b = normal(key(8), [3, 20, 6], { dtype: "f32" });
    await check(a, b, false, false, "batched broadcast");
    const big = normal(key(10), [40, 50], { dtype: "f32" });
    const s1 = A.slice(big, [3, 33], [5, 45, 2]); // 30 x 20, offset, stride 2
    await check(s1, A.transpose(s1), false, false, "strided slices");
    await check(A.transpose(s1), s1, false, false, "transposed view");
  });
});

Deno.test("webgpu: take, concat, contiguous copies, assign", async () => {
  await withGpu(async (gpu) => {
    const x = normal(key(3), [5, 4, 3], { dtype: "f32" });
    const g = toGpu(x, gpu);
    for (const axis of [0, 1, 2]) {
      const idx = [2, 0, 2, 1];
      await close(A.take(g, idx, { axis }), A.take(x, idx, { axis }), 0, 0, `take axis ${axis}`);
    }
    await close(A.concat([g, g], { axis: 1 }), A.concat([x, x], { axis: 1 }), 0, 0, "concat");
    await close(A.stack([g, g], { axis: 3 }), A.stack([x, x], { axis: 3 }), 0, 0, "stack");
    await close(A.reshape(A.transpose(g), [-1]), A.reshape(A.transpose(x), [-1]), 0, 0, "reshape");
    const host = A.copy(x);
    const dev = A.copy(g);
    A.assignInto(A.slice(host, 1, [0, 2]), 7);
    A.assignInto(A.slice(dev, 1, [0, 2]), 7);
    await close(dev, host, 0, 0, "assignInto");
  });
});

Deno.test("webgpu: f64 and host/device mixes are named errors; use after release throws", async () => {
  await withGpu((gpu) => {
    assert.throws(
      () => toGpu(A.ones([2]), gpu),
      /toGpu: argument "x" must be f32 \(WebGPU has no f64\), got f64/,
    );
    const g = toGpu(A.ones([2], { dtype: "f32" }), gpu);
    assert.throws(
      () => A.add(g, A.ones([2], { dtype: "f32" })),
      /add: argument "operands" must be all arrays on webgpu/,
    );
    assert.throws(() => g.dataSync(), /dataSync: not available for arrays on webgpu/);
    assert.throws(() => A.map(g, (v) => v), /map: not available for arrays on webgpu/);
    assert.throws(
      () => A.astype(g, "f64"),
      /astype: argument "dtype" must be one of f32 on webgpu/,
    );
    g.device!.release();
    assert.throws(() => A.add(g, 1), /released/);
  });
});

Deno.test("webgpu: 1000 scoped training steps keep device memory flat", async () => {
  await withGpu(async (gpu) => {
    // Linear regression y = X w* by full-batch gradient descent, all on the GPU.
    const [kx, kw] = split(key(11));
    const X = toGpu(normal(kx, [64, 8], { dtype: "f32" }), gpu);
    const wStar = toGpu(normal(kw, [8, 1], { dtype: "f32" }), gpu);
    const y = A.matmul(X, wStar);
    let w = toGpu(A.zeros([8, 1], { dtype: "f32" }), gpu);
    const liveAt: number[] = [];
    for (let step = 0; step < 1000; step++) {
      const next = gpu.scope(() => {
        const r = A.sub(A.matmul(X, w), y);
        const g = A.div(A.matmul(X, r, { transA: true }), 64);
        return A.sub(w, A.mul(g, 0.5));
      });
      w.device!.release();
      w = next;
      if (step === 10 || step === 999) liveAt.push(gpu.liveBytes);
    }
    assert.equal(liveAt[1], liveAt[0], `live bytes grew: ${liveAt}`);
    const err = await A.max(A.abs(A.sub(w, wStar))).data();
    assert.ok(err[0] < 1e-4, `GD on the GPU converged to w*: max error ${err[0]}`);
  });
});
