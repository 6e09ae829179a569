/**
 * Gradient check of every autodiff primitive against central differences in f64.
 * The table is typed over `Prim`, so a new primitive without a check does not compile; each case
 * also asserts that its function really records the primitive it is filed under.
 *
 * Tolerance: central differences with h = 1e-5 have truncation error ~h²·|f'''| ≈ 1e-10 and
 * rounding error ~ε·|f|/h ≈ 1e-11 for these O(1) functions, so rtol 1e-6 / atol 1e-8 leaves a
 * wide margin while any wrong rule (errors O(1)) fails.
 */
import assert from "node:assert/strict";
import { NDArray } from "../src/array/ndarray.ts";
import { assertClose } from "../src/array/testing.ts";
import { key, split } from "../src/random/key.ts";
import { normal } from "../src/random/normal.ts";
import * as ad from "../src/autodiff/mod.ts";
import type { Prim } from "../src/autodiff/prims.ts";
import { Tape, withTape } from "../src/autodiff/tape.ts";

interface Case {
  /** Input shapes (all differentiated). */
  shapes: number[][];
  /** Inputs must be positive (log, sqrt, pow base, div denominator). */
  positive?: number[];
  /** The function under test, built from the public ops. */
  f: (xs: NDArray[]) => NDArray;
}

let seed = 100;
function inputs(c: Case): NDArray[] {
  const ks = split(key(seed++), c.shapes.length);
  return c.shapes.map((s, i) => {
    const x = normal(ks[i], s, { dtype: "f64" });
    if (c.positive?.includes(i)) {
      const d = x.dataSync() as Float64Array;
      for (let j = 0; j < d.length; j++) d[j] = 0.5 + Math.abs(d[j]);
    }
    return x;
  });
}

const un = (f: (x: NDArray) => NDArray, positive = false): Case[] => [
  { shapes: [[3, 5]], positive: positive ? [0] : [], f: ([x]) => f(x) },
];

const cube = ad.customVjp(
  "cube",
  (x) => ad.mul(ad.mul(x, x), x),
  (g, [x]) => [ad.mul(ad.mul(g, ad.square(x)), 3)],
);

const CHECKS: { readonly [P in Prim]: Case[] } = {
  add: [{ shapes: [[2, 3, 4], [3, 1]], f: ([a, b]) => ad.add(a, b) }],
  sub: [{ shapes: [[3, 4], [4]], f: ([a, b]) => ad.sub(a, b) }],
  mul: [
    { shapes: [[3, 4], [3, 1]], f: ([a, b]) => ad.mul(a, b) },
    { shapes: [[2, 4], [2, 4]], f: ([a, b]) => ad.mul(a, b) },
  ],
  div: [{ shapes: [[2, 3], [3]], positive: [1], f: ([a, b]) => ad.div(a, b) }],
  pow: [{ shapes: [[2, 3], [2, 3]], positive: [0], f: ([a, b]) => ad.pow(a, b) }],
  maximum: [{ shapes: [[3, 4], [4]], f: ([a, b]) => ad.maximum(a, b) }],
  minimum: [{ shapes: [[3, 4], [4]], f: ([a, b]) => ad.minimum(a, b) }],
  scale: [{ shapes: [[3, 2]], f: ([x]) => ad.mul(x, 2.5) }],
  shift: [{ shapes: [[3, 2]], f: ([x]) => ad.mul(ad.add(x, 1.5), ad.sub(3, x)) }],
  neg: un(ad.neg),
  abs: un(ad.abs),
  exp: un(ad.exp),
  log: un(ad.log, true),
  log1p: un(ad.log1p, true),
  sqrt: un(ad.sqrt, true),
  square: un(ad.square),
  sin: un(ad.sin),
  cos: un(ad.cos),
  tanh: un(ad.tanh),
  sigmoid: un(ad.sigmoid),
  relu: un(ad.relu),
  gelu: un(ad.gelu),
  erf: un(ad.erf),
  softplus: un(ad.softplus),
  matmul: [
    { shapes: [[3, 4], [4, 5]], f: ([a, b]) => ad.matmul(a, b) },
    { shapes: [[4, 3], [4, 5]], f: ([a, b]) => ad.matmul(a, b, { transA: true }) },
    { shapes: [[3, 4], [5, 4]], f: ([a, b]) => ad.matmul(a, b, { transB: true }) },
    {
      shapes: [[2, 4, 3], [5, 4]],
      f: ([a, b]) => ad.matmul(a, b, { transA: true, transB: true }),
    },
    { shapes: [[2, 1, 3, 4], [3, 4, 2]], f: ([a, b]) => ad.matmul(a, b) },
    { shapes: [[4], [4, 3]], f: ([a, b]) => ad.matmul(a, b) },
  ],
  sum: [
    { shapes: [[2, 3, 4]], f: ([x]) => ad.sum(x, { axis: [0, 2] }) },
    { shapes: [[2, 3]], f: ([x]) => ad.mul(ad.sum(x, { axis: 1, keepdims: true }), x) },
  ],
  max: [{ shapes: [[3, 5]], f: ([x]) => ad.max(x, { axis: 1 }) }],
  reshape: [{
    shapes: [[2, 6]],
    f: ([x]) => ad.mul(ad.reshape(x, [3, -1]), ad.reshape(x, [3, 4])),
  }],
  transpose: [{ shapes: [[2, 3, 4]], f: ([x]) => ad.exp(ad.transpose(x, [1, 0, 2])) }],
  broadcastTo: [{ shapes: [[3, 1]], f: ([x]) => ad.broadcastTo(x, [2, 3, 4]) }],
  slice: [{ shapes: [[4, 5]], f: ([x]) => ad.square(ad.slice(x, [1, 3], [0, 5, 2])) }],
  take: [
    { shapes: [[5, 3]], f: ([x]) => ad.take(x, [0, 2, 2, 4]) },
    { shapes: [[2, 4, 3]], f: ([x]) => ad.take(x, [3, 1, 3], { axis: 1 }) },
  ],
  concat: [{ shapes: [[2, 3], [2, 2]], f: ([a, b]) => ad.concat([a, b], { axis: 1 }) }],
  softmax: [
    { shapes: [[3, 5]], f: ([x]) => ad.softmax(x) },
    { shapes: [[2, 4, 4]], f: ([x]) => ad.softmax(x, { scale: 0.7, causal: true }) },
    { shapes: [[3, 5]], f: ([x]) => ad.softmax(x, { scale: 1.3, causal: true }) },
  ],
  logSoftmax: [{ shapes: [[3, 5]], f: ([x]) => ad.logSoftmax(x, { axis: 0 }) }],
  logsumexp: [{ shapes: [[3, 5]], f: ([x]) => ad.logsumexp(x) }],
  layerNorm: [
    {
      shapes: [[4, 6], [6], [6]],
      f: ([x, g, b]) => ad.layerNorm(x, { gamma: g, beta: b, eps: 1e-3 }),
    },
    { shapes: [[2, 3, 5], [5]], f: ([x, g]) => ad.layerNorm(x, { gamma: g }) },
  ],
  rmsNorm: [{ shapes: [[4, 6], [6]], f: ([x, g]) => ad.rmsNorm(x, { gamma: g, eps: 1e-3 }) }],
  crossEntropy: [
    { shapes: [[4, 5]], f: ([z]) => ad.crossEntropy(z, [0, 3, 4, 1]) },
    { shapes: [[2, 2, 3]], f: ([z]) => ad.crossEntropy(z, [2, 0, 1, 1]) },
  ],
  custom: [{ shapes: [[3, 4]], f: ([x]) => cube(x) }],
};

/** Σ out ⊙ w as a plain number (no tape). */
function contract(out: NDArray, w: Float64Array): number {
  const d = out.dataSync();
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i] * w[i];
  return s;
}

for (const prim of Object.keys(CHECKS) as Prim[]) {
  Deno.test(`gradcheck: ${prim}`, () => {
    CHECKS[prim].forEach((c, ci) => {
      const xs = inputs(c);
      const probe = c.f(xs);
      const w = normal(key(7 + ci), probe.shape as number[], { dtype: "f64" });
      const wd = w.dataSync() as Float64Array;
      // the case must exercise its primitive
      const tape = new Tape();
      const tracked = xs.map((x) => tape.leaf(x));
      withTape(tape, () => c.f(tracked));
      assert.ok(
        tape.nodes.some((n) => n.prim === prim),
        `case ${ci} of "${prim}" does not record "${prim}"`,
      );
      const loss = (ps: NDArray[]) => ad.sum(ad.mul(c.f(ps), w));
      const { value, grad } = ad.valueAndGrad(loss)(xs);
      assertClose(value.item(), contract(probe, wd), { rtol: 1e-12, atol: 1e-12 });
      const h = 1e-5;
      xs.forEach((x, k) => {
        const d = x.dataSync() as Float64Array;
        const num = new Float64Array(d.length);
        for (let j = 0; j < d.length; j++) {
          const v = d[j];
          d[j] = v + h;
          const fp = contract(c.f(xs), wd);
          d[j] = v - h;
          const fm = contract(c.f(xs), wd);
          d[j] = v;
          num[j] = (fp - fm) / (2 * h);
        }
        assertClose(grad[k].dataSync(), num, {
          rtol: 1e-6,
          atol: 1e-8,
          msg: `${prim} case ${ci} input ${k}`,
        });
      });
    });
  });
}

Deno.test("gradcheck: f32 gradients keep the parameter dtype and agree with f64", () => {
  const x64 = normal(key(3), [4, 6], { dtype: "f64" });
  const x32 = new NDArray(Float32Array.from(x64.dataSync()), [4, 6]);
  const f = (p: NDArray[]) => ad.sum(ad.gelu(ad.matmul(p[0], p[0], { transB: true })));
  const g64 = ad.grad(f)([x64])[0], g32 = ad.grad(f)([x32])[0];
  assert.equal(g32.dtype, "f32");
  assertClose(g32.dataSync(), g64.dataSync(), { rtol: 1e-4, atol: 1e-4 });
});
