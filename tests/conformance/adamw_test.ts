// Adam/AdamW update conformance (Backend.adamwStep): every backend × dtype over edge sizes
// (SIMD pairs and tails, and sizes past the wasm chunk of 8192), odd offsets, several steps,
// coupled L2 and clipping scale, NaN/∞ propagation; the wasm kernel computes in f64 lanes with
// the cpu reference's operation order, so it must agree bit for bit. The cpu reference itself is
// checked against the textbook form of Algorithm 1 (Kingma & Ba 2015) with m̂ = m/(1−β₁ᵗ),
// v̂ = v/(1−β₂ᵗ), θ ← θ(1 − ηλ) − η·m̂/(√v̂ + ε).
import assert from "node:assert/strict";
import { cases, fill, oracle, SIZES, withCase } from "./backends.ts";
import type { AdamwStepArgs, TypedArray } from "../../src/backend/types.ts";

const ADAM_SIZES = [...new Set([...SIZES, 7, 8, 9, 8191, 8192, 8193, 16389])].sort((a, b) => a - b);

interface Setup {
  p: TypedArray;
  g: TypedArray;
  m: TypedArray;
  v: TypedArray;
}

function setup(dtype: "f32" | "f64", n: number, seed: number): Setup {
  const p = fill(dtype, n + 9, seed), g = fill(dtype, n + 4, seed + 1);
  const m = fill(dtype, n + 6, seed + 2).map((x) => 0.1 * x);
  const v = fill(dtype, n + 2, seed + 3).map((x) => 0.01 * x * x);
  return { p, g, m, v };
}

function args(s: Setup, n: number, step: number, o: Partial<AdamwStepArgs>): AdamwStepArgs {
  return {
    n,
    params: s.p,
    offParams: 7,
    grads: s.g,
    offGrads: 3,
    m: s.m,
    offM: 5,
    v: s.v,
    offV: 1,
    lr: 1e-3,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    weightDecay: 0.1,
    l2: 0,
    gradScale: 1,
    step,
    ...o,
  };
}

const copy = (s: Setup): Setup => ({
  p: s.p.slice(),
  g: s.g.slice(),
  m: s.m.slice(),
  v: s.v.slice(),
});

const VARIANTS: Partial<AdamwStepArgs>[] = [
  {},
  { weightDecay: 0, l2: 0.01, gradScale: 0.5 }, // Adam with coupled L2 and a clip factor
  { beta1: 0, beta2: 0, eps: 0, lr: 0.3 }, // degenerate betas, no ε
];

for (const tc of cases()) {
  const { backend, dtype } = tc;
  Deno.test(
    `conformance adamwStep ${tc.label} ${dtype}`,
    withCase(tc, () => {
      let seed = 1;
      for (const n of ADAM_SIZES) {
        for (const o of VARIANTS) {
          const a = setup(dtype, n, seed++), b = copy(a);
          for (let step = 1; step <= 3; step++) {
            backend.adamwStep(args(a, n, step, o));
            oracle.adamwStep(args(b, n, step, o));
          }
          const what = `${tc.label} ${dtype} n=${n} ${JSON.stringify(o)}`;
          // bitwise: f64 lanes, the reference's operation order, no FMA
          assert.deepEqual(a.p, b.p, `params ${what}`);
          assert.deepEqual(a.m, b.m, `m ${what}`);
          assert.deepEqual(a.v, b.v, `v ${what}`);
          assert.deepEqual(a.g, b.g, `grads untouched ${what}`);
        }
      }
      // NaN and ±∞ propagate to the element they sit in and nowhere else
      for (const n of [1, 5, 9]) {
        const a = setup(dtype, n, 99), b = copy(a);
        a.g[3 + n - 1] = NaN;
        b.g[3 + n - 1] = NaN;
        if (n > 1) {
          a.p[7] = Infinity;
          b.p[7] = Infinity;
        }
        backend.adamwStep(args(a, n, 2, {}));
        oracle.adamwStep(args(b, n, 2, {}));
        assert.ok(Number.isNaN(a.p[7 + n - 1]) && Number.isNaN(a.m[5 + n - 1]));
        assert.ok(Number.isNaN(a.v[1 + n - 1]));
        if (n > 1) assert.ok(Number.isNaN(a.p[7]) || Math.abs(a.p[7]) === Infinity);
        if (n > 2) assert.ok(Number.isFinite(a.p[8]) && Number.isFinite(a.m[6]));
        assert.deepEqual(a.p, b.p);
        assert.deepEqual(a.m, b.m);
        assert.deepEqual(a.v, b.v);
      }
      // bad input names the argument
      const s = setup(dtype, 4, 5);
      assert.throws(() => backend.adamwStep(args(s, 4, 1, { offM: 8 })), /argument "m"/);
      assert.throws(() => backend.adamwStep(args(s, 4, 0, {})), /argument "step"/);
      assert.throws(() => backend.adamwStep(args(s, 4, 1, { beta2: 1 })), /argument "beta2"/);
      const other = dtype === "f32" ? new Float64Array(20) : new Float32Array(20);
      assert.throws(() => backend.adamwStep({ ...args(s, 4, 1, {}), grads: other }), /"grads"/);
    }),
  );
}

Deno.test("conformance adamwStep: cpu reference = Algorithm 1 with bias-corrected moments", () => {
  const n = 37, lr = 0.01, b1 = 0.8, b2 = 0.95, eps = 1e-6, wd = 0.05, l2 = 0.02, gs = 0.7;
  const s = setup("f64", n, 3), ref = copy(s);
  for (let t = 1; t <= 4; t++) {
    oracle.adamwStep(
      args(s, n, t, { lr, beta1: b1, beta2: b2, eps, weightDecay: wd, l2, gradScale: gs }),
    );
    for (let i = 0; i < n; i++) {
      const p = ref.p[7 + i], g = ref.g[3 + i] * gs + l2 * p;
      const m = b1 * ref.m[5 + i] + (1 - b1) * g, v = b2 * ref.v[1 + i] + (1 - b2) * g * g;
      const mh = m / (1 - b1 ** t), vh = v / (1 - b2 ** t);
      ref.m[5 + i] = m;
      ref.v[1 + i] = v;
      ref.p[7 + i] = p * (1 - lr * wd) - lr * mh / (Math.sqrt(vh) + eps);
    }
  }
  // the reference folds 1/(1−β^t) into the step size and √v̂ = √v·(1/√(1−β₂ᵗ)): a few roundings
  // per step on values of size ≤ 1, so 1e-15 absolute (≈ 5 ulp) per step covers it
  for (let i = 0; i < s.p.length; i++) assert.ok(Math.abs(s.p[i] - ref.p[i]) <= 4e-15, `p ${i}`);
  assert.deepEqual(s.m, ref.m);
  assert.deepEqual(s.v, ref.v);
});
