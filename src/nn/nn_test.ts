import assert from "node:assert/strict";
import { array } from "../array/creation.ts";
import { NDArray } from "../array/ndarray.ts";
import { assertClose } from "../array/testing.ts";
import { key } from "../random/key.ts";
import { normal } from "../random/normal.ts";
import { grad, valueAndGrad } from "../autodiff/grad.ts";
import { treeLeaves, treeMap } from "../autodiff/tree.ts";
import { sum } from "../autodiff/ops.ts";
import {
  causalSelfAttention,
  crossEntropyLoss,
  ctRnn,
  embedding,
  gru,
  layerNorm,
  linear,
  linearSelfAttention,
  mlp,
  mse,
  transformerLM,
  zLoss,
} from "./mod.ts";

Deno.test("linear and mlp: exact values on a hand example, leading axes kept", () => {
  const p = { w: array([[1, 2], [3, 4]]), b: array([0.5, -0.5]) };
  const y = linear({ inDim: 2, outDim: 2 }).apply(p, array([[[1, 1]]]));
  assert.deepEqual(y.shape, [1, 1, 2]);
  assertClose(y.dataSync(), [4.5, 5.5]);
  const net = mlp({ sizes: [3, 5, 2], dtype: "f64" });
  const q = net.init(key(1));
  assert.deepEqual(q.layers.map((l) => l.w.shape), [[3, 5], [5, 2]]);
  const x = normal(key(2), [4, 3], { dtype: "f64" });
  const h = net.apply(q, x);
  // reference: relu(x W1 + b1) W2 + b2 by loops
  const xd = x.dataSync(), w1 = q.layers[0].w.dataSync(), w2 = q.layers[1].w.dataSync();
  const ref = new Float64Array(8);
  for (let i = 0; i < 4; i++) {
    const a = new Float64Array(5);
    for (let j = 0; j < 5; j++) {
      for (let k = 0; k < 3; k++) a[j] += xd[i * 3 + k] * w1[k * 5 + j];
      a[j] = Math.max(a[j], 0);
    }
    for (let o = 0; o < 2; o++) for (let j = 0; j < 5; j++) ref[i * 2 + o] += a[j] * w2[j * 2 + o];
  }
  assertClose(h.dataSync(), ref, { rtol: 1e-12 });
});

Deno.test("embedding and layerNorm: lookup and unit-variance rows", () => {
  const e = embedding({ vocab: 4, dim: 3, dtype: "f64" });
  const p = e.init(key(3));
  const y = e.apply(p, { ids: new Int32Array([2, 0, 2, 3]), shape: [2, 2] });
  assert.deepEqual(y.shape, [2, 2, 3]);
  assertClose(y.dataSync().slice(0, 3), p.table.dataSync().slice(6, 9));
  const ln = layerNorm({ dim: 5, dtype: "f64" });
  const z = ln.apply(ln.init(key(0)), normal(key(4), [3, 5], { dtype: "f64" })).dataSync();
  for (let r = 0; r < 3; r++) {
    const row = Array.from(z.slice(r * 5, r * 5 + 5));
    const m = row.reduce((a, b) => a + b) / 5;
    const v = row.reduce((a, b) => a + (b - m) ** 2, 0) / 5;
    assertClose(m, 0, { atol: 1e-12 });
    assertClose(v, 1, { atol: 1e-4 }); // var(x)/(var(x) + 1e-5) with var(x) = O(1)
  }
});

Deno.test("causal attention: outputs at t do not depend on inputs after t (exact)", () => {
  const att = causalSelfAttention({ dim: 8, heads: 2, dtype: "f64" });
  const p = att.init(key(5));
  const x = normal(key(6), [2, 5, 8], { dtype: "f64" });
  const y = att.apply(p, x).dataSync().slice();
  const xd = x.dataSync() as Float64Array;
  for (let i = 0; i < 8; i++) xd[4 * 8 + i] += 1; // change the last position of batch 0
  const y2 = att.apply(p, x).dataSync();
  assertClose(y2.slice(0, 4 * 8), y.slice(0, 4 * 8), { rtol: 0, atol: 0 });
  assert.ok(Math.abs(y2[4 * 8] - y[4 * 8]) > 1e-6, "the last position must change");
});

Deno.test("linear self-attention equals its double sum Σ_ν M_μν ⟨k_ν, q_μ⟩ v_ν", () => {
  const mask = array([[1, 0, 0], [1, -1, 0], [1, 1, 1]]);
  const la = linearSelfAttention({ dim: 2, scale: 0.5, mask, dtype: "f64" });
  const p = la.init(key(7));
  const x = normal(key(8), [1, 3, 2], { dtype: "f64" });
  const y = la.apply(p, x).dataSync();
  const m = (_x: NDArray, w: NDArray) => {
    const o: number[][] = [];
    for (let t = 0; t < 3; t++) {
      o.push([0, 1].map((j) => x.get(0, t, 0) * w.get(0, j) + x.get(0, t, 1) * w.get(1, j)));
    }
    return o;
  };
  const q = m(x, p.wq), k = m(x, p.wk), v = m(x, p.wv);
  for (let mu = 0; mu < 3; mu++) {
    for (let j = 0; j < 2; j++) {
      let s = 0;
      for (let nu = 0; nu < 3; nu++) {
        s += mask.get(mu, nu) * (k[nu][0] * q[mu][0] + k[nu][1] * q[mu][1]) * v[nu][j];
      }
      assertClose(y[mu * 2 + j], 0.5 * s, { rtol: 1e-12 });
    }
  }
});

Deno.test("ctRnn: Euler recursion x_{t+1} = (1−α)x_t + α(J tanh x_t + B u_t + b), by hand", () => {
  const rnn = ctRnn({ inDim: 1, hidden: 1, alpha: 0.2, dtype: "f64" });
  const p = { J: array([[1.5]]), B: array([[2]]), b: array([0.1]) };
  const u = array([[[1], [0], [-1]]]);
  const r = rnn.apply(p, { u }).dataSync();
  let x = 0;
  const want: number[] = [];
  for (const ut of [1, 0, -1]) {
    x = 0.8 * x + 0.2 * (1.5 * Math.tanh(x) + 2 * ut + 0.1);
    want.push(Math.tanh(x));
  }
  assertClose(r, want, { rtol: 1e-14 });
  assert.throws(() => ctRnn({ inDim: 1, hidden: 1, alpha: 1.5 }), /alpha" must be a number in/);
});

Deno.test("gru: one unit by hand", () => {
  const g = gru({ inDim: 1, hidden: 1, dtype: "f64" });
  const p = {
    wx: array([[0.5, -0.3, 0.8]]),
    wh: array([[0.2, 0.4, -0.6]]),
    bx: array([0.1, 0, -0.1]),
    bh: array([0, 0.2, 0.3]),
  };
  const h = g.apply(p, array([[[1], [2]]])).dataSync();
  const sg = (v: number) => 1 / (1 + Math.exp(-v));
  let hh = 0;
  const want: number[] = [];
  for (const x of [1, 2]) {
    const z = sg(0.5 * x + 0.1 + 0.2 * hh), r = sg(-0.3 * x + 0.4 * hh + 0.2);
    const n = Math.tanh(0.8 * x - 0.1 + r * (-0.6 * hh + 0.3));
    hh = (1 - z) * n + z * hh;
    want.push(hh);
  }
  assertClose(h, want, { rtol: 1e-14 });
});

Deno.test("losses: mse, cross-entropy and z-loss closed forms; LM shapes and grads", () => {
  assertClose(mse(array([1, 2]), array([0, 0])).item(), 2.5);
  const z = array([[0, 0], [Math.log(3), 0]]);
  const ce = crossEntropyLoss(z, [0, 1]).item();
  assertClose(ce, (Math.log(2) + Math.log(4)) / 2, { rtol: 1e-14 });
  assertClose(zLoss(z).item(), (Math.log(2) ** 2 + Math.log(4) ** 2) / 2, { rtol: 1e-14 });
  assertClose(
    crossEntropyLoss(z, [0, 1], { zLoss: 0.1 }).item(),
    ce + 0.1 * zLoss(z).item(),
    { rtol: 1e-14 },
  );
  assert.throws(() => crossEntropyLoss(z, [0, 2]), /targets" must be class indices in \[0, 2\)/);
  const lm = transformerLM({ vocab: 7, context: 6, dim: 8, heads: 2, layers: 2, dtype: "f64" });
  const p = lm.init(key(9));
  const x = { tokens: new Int32Array([1, 2, 3, 4, 5, 6, 0, 1]), batch: 2, seq: 4 };
  assert.deepEqual(lm.apply(p, x).shape, [2, 4, 7]);
  const g = grad((q: typeof p) => sum(lm.apply(q, x)))(p);
  assert.deepEqual(g.blocks[1].mlp.up.w.shape, [8, 32]);
  assert.throws(() => lm.apply(p, { ...x, seq: 8, batch: 1 }), /x.seq" must be in \[1, 6\]/);
});

Deno.test("transformerLM: loss gradient matches central differences at sampled coordinates", () => {
  const lm = transformerLM({
    vocab: 5,
    context: 4,
    dim: 8,
    heads: 2,
    layers: 2,
    bias: true,
    residualScale: 0.5,
    embScale: 1.5,
    outputScale: 0.7,
    hiddenStd: 0.3,
    embStd: 0.5,
    unembStd: 0.5,
    dtype: "f64",
  });
  const p = lm.init(key(11));
  const x = { tokens: new Int32Array([1, 2, 3, 4, 0, 1, 2, 3]), batch: 2, seq: 4 };
  const tgt = [2, 3, 4, 0, 1, 2, 3, 4];
  const loss = (q: typeof p) => crossEntropyLoss(lm.apply(q, x), tgt, { zLoss: 0.01 });
  const g = grad(loss)(p);
  const h = 1e-5;
  const probe = (arr: NDArray, garr: NDArray, idx: number) => {
    const d = arr.dataSync() as Float64Array;
    const v = d[idx];
    d[idx] = v + h;
    const fp = loss(p).item();
    d[idx] = v - h;
    const fm = loss(p).item();
    d[idx] = v;
    // central difference error ~1e-10 here; rtol 1e-5 catches any wrong rule
    assertClose(garr.dataSync()[idx], (fp - fm) / (2 * h), { rtol: 1e-5, atol: 1e-9 });
  };
  for (const i of [0, 7, 13]) probe(p.blocks[0].attn.q.w, g.blocks[0].attn.q.w, i);
  for (const i of [3, 30]) probe(p.blocks[1].mlp.down.w, g.blocks[1].mlp.down.w, i);
  probe(p.blocks[1].ln2.gamma, g.blocks[1].ln2.gamma, 2);
  probe(p.blocks[0].attn.o.b!, g.blocks[0].attn.o.b!, 1);
  probe(p.tokEmb, g.tokEmb, 9);
  probe(p.posEmb, g.posEmb, 20);
  probe(p.unemb, g.unemb, 11);
  probe(p.lnF.beta!, g.lnF.beta!, 4);
});

Deno.test("ctRnn noise: √α·σ·ξ from the given key (reproducible), named error without a key", () => {
  const rnn = ctRnn({ inDim: 2, hidden: 3, alpha: 0.25, noiseStd: 0.1, dtype: "f64" });
  const quiet = ctRnn({ inDim: 2, hidden: 3, alpha: 0.25, dtype: "f64" });
  const p = rnn.init(key(12));
  const u = normal(key(13), [2, 4, 2], { dtype: "f64" });
  const a = rnn.apply(p, { u, noiseKey: key(14) }).dataSync();
  const b = rnn.apply(p, { u, noiseKey: key(14) }).dataSync();
  const c = quiet.apply(p, { u }).dataSync();
  assert.deepEqual(Array.from(a), Array.from(b));
  assert.ok(a.some((v, i) => Math.abs(v - c[i]) > 1e-4));
  assert.throws(() => rnn.apply(p, { u }), /ctRnn.apply: argument "noiseKey" must be a key/);
});

Deno.test("transformerLM in f32 (fast exp/tanh paths) matches f64: loss and gradients", () => {
  const cfg = { vocab: 9, context: 8, dim: 16, heads: 2, layers: 2, hiddenStd: 0.2, embStd: 0.5 };
  const lm64 = transformerLM({ ...cfg, dtype: "f64" }),
    lm32 = transformerLM({ ...cfg, dtype: "f32" });
  const p64 = lm64.init(key(21));
  const p32 = treeMap(p64, (x) => new NDArray(Float32Array.from(x.dataSync()), x.shape));
  const x = { tokens: new Int32Array(16).map((_, i) => (i * 5) % 9), batch: 2, seq: 8 };
  const t = Array.from({ length: 16 }, (_, i) => (i * 2 + 1) % 9);
  const f64 = valueAndGrad((q: typeof p64) => crossEntropyLoss(lm64.apply(q, x), t))(p64);
  const f32 = valueAndGrad((q: typeof p32) => crossEntropyLoss(lm32.apply(q, x), t))(p32);
  assertClose(f32.value.item(), f64.value.item(), { rtol: 1e-6 });
  // f32 rounding through 2 blocks: gradients agree to ~1e-5 relative to their scale
  const a = treeLeaves(f32.grad), b = treeLeaves(f64.grad);
  a.forEach((l, i) => {
    const scale = Math.max(...Array.from(b[i].value.dataSync(), Math.abs));
    assertClose(l.value.dataSync(), b[i].value.dataSync(), {
      rtol: 0,
      atol: 1e-4 * scale + 1e-7,
      msg: l.path,
    });
  });
});
