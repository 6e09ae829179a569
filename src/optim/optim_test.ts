import assert from "node:assert/strict";
import { array } from "../array/creation.ts";
import type { NDArray } from "../array/ndarray.ts";
import { assertClose } from "../array/testing.ts";
import { TreeMismatchError } from "../autodiff/tree.ts";
import {
  adam,
  adamw,
  clipByGlobalNorm,
  globalNorm,
  NonFiniteGradientError,
  nsgd,
  type Optimizer,
  sgd,
} from "./mod.ts";

/** Run `steps` updates on the scalar objective with gradient gfun(θ); returns the θ path. */
function run(opt: Optimizer, theta0: number, gfun: (t: number) => number, steps: number, lr = 0.1) {
  let p = { w: array([theta0]) };
  let s = opt.init(p);
  const path: number[] = [];
  for (let i = 0; i < steps; i++) {
    const r = opt.update(p, { w: array([gfun(p.w.item())]) }, { state: s, lr });
    p = r.params;
    s = r.state;
    path.push(p.w.item());
  }
  return path;
}

Deno.test("sgd: plain, heavy-ball and Nesterov follow their recursions exactly", () => {
  const g = (t: number) => 2 * t; // f = θ²
  let t = 1, v = 0;
  const plain: number[] = [], hb: number[] = [], nest: number[] = [];
  for (let i = 0; i < 4; i++) plain.push(t = t - 0.1 * g(t));
  t = 1;
  for (let i = 0; i < 4; i++) {
    v = 0.9 * v + g(t);
    hb.push(t = t - 0.1 * v);
  }
  t = 1;
  v = 0;
  for (let i = 0; i < 4; i++) {
    v = 0.9 * v + g(t);
    nest.push(t = t - 0.1 * (g(t) + 0.9 * v));
  }
  assertClose(run(sgd(), 1, g, 4), plain, { rtol: 1e-14 });
  assertClose(run(sgd({ momentum: 0.9 }), 1, g, 4), hb, { rtol: 1e-14 });
  assertClose(run(sgd({ momentum: 0.9, nesterov: true }), 1, g, 4), nest, { rtol: 1e-14 });
});

Deno.test("adam: first step moves every coordinate by lr (bias correction), then the recursion", () => {
  const opt = adam();
  const p = { a: array([1, -2, 3]), b: array([[0.5]]) };
  const r = opt.update(p, { a: array([10, -0.1, 1e-3]), b: array([[-4]]) }, {
    state: opt.init(p),
    lr: 0.01,
  });
  // |Δθ| = lr·|g|/(|g| + ε) ≈ lr when ε ≪ |g|
  assertClose(r.params.a.dataSync(), [0.99, -1.99, 2.99], { rtol: 1e-7 });
  assertClose(r.params.b.dataSync(), [0.51], { rtol: 1e-7 });
  // three steps of the textbook recursion on f = θ², β = (0.9, 0.999)
  let t = 1, m = 0, v = 0;
  const want: number[] = [];
  for (let k = 1; k <= 3; k++) {
    const g = 2 * t;
    m = 0.9 * m + 0.1 * g;
    v = 0.999 * v + 0.001 * g * g;
    t -= 0.1 * (m / (1 - 0.9 ** k)) / (Math.sqrt(v / (1 - 0.999 ** k)) + 1e-8);
    want.push(t);
  }
  assertClose(run(adam(), 1, (x) => 2 * x, 3), want, { rtol: 1e-12 });
});

Deno.test("adamw: decoupled decay θ(1 − ηλ) with zero gradient; groups scale lr and wd", () => {
  const opt = adamw({ weightDecay: 0.1, groups: (p) => p === "h" ? { lr: 0.5, wd: 4 } : {} });
  const p = { e: array([2]), h: array([2]) };
  const r = opt.update(p, { e: array([0]), h: array([0]) }, { state: opt.init(p), lr: 0.01 });
  assertClose(r.params.e.item(), 2 * (1 - 0.01 * 0.1), { rtol: 1e-15 });
  assertClose(r.params.h.item(), 2 * (1 - 0.005 * 0.4), { rtol: 1e-15 });
  // adam (coupled) with the same λ moves by lr on the first step instead
  const c = adam({ weightDecay: 0.1 });
  const rc = c.update({ w: array([2]) }, { w: array([0]) }, {
    state: c.init({ w: array([2]) }),
    lr: 0.01,
  });
  assertClose(rc.params.w.item(), 1.99, { rtol: 1e-7 });
});

Deno.test("nsgd: each step has length lr; clipping caps the global norm", () => {
  const opt = nsgd();
  const p = { a: array([0, 0]), b: array([0]) };
  const r = opt.update(p, { a: array([3, 0]), b: array([4]) }, { state: opt.init(p), lr: 0.5 });
  assertClose(globalNorm(r.params), 0.5, { rtol: 1e-12 });
  assertClose(r.gradNorm, 5);
  const { grads, norm } = clipByGlobalNorm({ a: array([3, 0]), b: array([4]) }, 1);
  assert.equal(norm, 5);
  assertClose(globalNorm(grads), 1, { rtol: 1e-14 });
  const s = sgd({ clipNorm: 1 });
  const q = s.update(p, { a: array([3, 0]), b: array([4]) }, { state: s.init(p), lr: 1 });
  assertClose(q.params.a.dataSync(), [-0.6, 0], { rtol: 1e-14 });
});

Deno.test("bad inputs: non-finite gradient names the parameter; mismatched trees; bad options", () => {
  const opt = adamw();
  const p = { blocks: [{ w: array([1, 2]) }] };
  assert.throws(
    () => opt.update(p, { blocks: [{ w: array([1, NaN]) }] }, { state: opt.init(p), lr: 0.1 }),
    (e: Error) =>
      e instanceof NonFiniteGradientError &&
      /adamw.update: gradient of parameter "blocks.0.w" is not finite \(NaN at flat index 1\)/
        .test(e.message),
  );
  assert.throws(
    () =>
      opt.update(p, { blocks: [{ v: array([1, 2]) }] } as unknown as typeof p, {
        state: opt.init(p),
        lr: 0.1,
      }),
    (e: Error) =>
      e instanceof TreeMismatchError && /"params" has a leaf "blocks.0.w"/.test(e.message),
  );
  assert.throws(() => adam({ beta1: 1 }), /adam: argument "beta1" must be a number in \[0, 1\)/);
  assert.throws(() => sgd({ nesterov: true }), /nesterov" must be used with momentum > 0/);
  assert.throws(
    () => opt.update(p, p, { state: opt.init(p), lr: -1 }),
    /lr" must be a finite number ≥ 0/,
  );
  const w: NDArray = array([1]);
  assert.throws(
    () => sgd().update({ w }, { w }, { state: { step: 0 } as never, lr: 1 }),
    /state" must be an OptState/,
  );
});
