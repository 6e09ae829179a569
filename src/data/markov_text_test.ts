import assert from "node:assert/strict";
import { key } from "../random/key.ts";
import { markovChain, markovText, pairStationary, sampleMarkovText } from "./markov_text.ts";

Deno.test("markovChain: rows are distributions, π is stationary, H∞ = Σ π·rowH", () => {
  const c = markovChain(key(1), { vocabSize: 12 });
  const V = 12;
  for (let ctx = 0; ctx < V * V; ctx++) {
    let s = 0;
    for (let j = 0; j < V; j++) s += c.probs[ctx * V + j];
    assert.ok(Math.abs(s - 1) < 1e-14);
  }
  // π(b, c) = Σ_a π(a, b) P(c | a, b)
  let tot = 0;
  for (let b = 0; b < V; b++) {
    for (let d = 0; d < V; d++) {
      let s = 0;
      for (let a = 0; a < V; a++) s += c.stationary[a * V + b] * c.probs[(a * V + b) * V + d];
      assert.ok(Math.abs(s - c.stationary[b * V + d]) < 1e-14, `${s}`);
      tot += c.stationary[b * V + d];
    }
  }
  assert.ok(Math.abs(tot - 1) < 1e-13);
  assert.ok(c.entropyRateNats > 0 && c.entropyRateNats < Math.log(V));
  assert.deepEqual(markovChain(key(1), { vocabSize: 12 }).probs, c.probs);
});

Deno.test("markovChain: equal exponents give H∞ = entropy of the Zipf law (closed form)", () => {
  const V = 10, s = 1.3;
  let z = 0;
  for (let r = 1; r <= V; r++) z += r ** -s;
  let h = 0;
  for (let r = 1; r <= V; r++) h -= (r ** -s / z) * Math.log(r ** -s / z);
  const c = markovChain(key(2), { vocabSize: V, exponentMin: s, exponentMax: s });
  assert.ok(Math.abs(c.entropyRateNats - h) < 1e-13, `${c.entropyRateNats} vs ${h}`);
  // exponent 0: uniform rows, H∞ = ln V
  const u = markovChain(key(2), { vocabSize: V, exponentMin: 0, exponentMax: 0 });
  assert.ok(Math.abs(u.entropyRateNats - Math.log(V)) < 1e-13);
});

Deno.test("markovText: empirical conditional entropy and log-loss match H∞", () => {
  const V = 8, n = 400000;
  const m = markovText(key(3), n, { vocabSize: V });
  const x = m.tokens;
  const H = m.entropyRateNats;
  // (1) mean log-loss of the true model on its own sample; SE by 40 batch means (the terms
  // are dependent through the chain, batch means absorb that); 5 SE.
  const B = 40, per = Math.floor((n - 2) / B);
  const means: number[] = [];
  for (let b = 0; b < B; b++) {
    let s = 0;
    for (let t = 2 + b * per; t < 2 + (b + 1) * per; t++) {
      s -= Math.log(m.chain.probs[(x[t - 2] * V + x[t - 1]) * V + x[t]]);
    }
    means.push(s / per);
  }
  const mean = means.reduce((a, b) => a + b) / B;
  const se = Math.sqrt(means.reduce((a, v) => a + (v - mean) ** 2, 0) / (B - 1) / B);
  assert.ok(Math.abs(mean - H) < 5 * se, `log-loss ${mean} vs H ${H} (SE ${se})`);
  // (2) plug-in conditional entropy Ĥ(X_t | X_{t−2}, X_{t−1}) with the Miller–Madow correction
  // (+(V−1)/(2N) per context, weighted); its fluctuation is of the same order as (1), so 5 SE
  // plus 0.002 nats for the residual O(V³/N²) bias.
  const counts = new Float64Array(V * V * V), ctx = new Float64Array(V * V);
  for (let t = 2; t < n; t++) {
    counts[(x[t - 2] * V + x[t - 1]) * V + x[t]]++;
    ctx[x[t - 2] * V + x[t - 1]]++;
  }
  let hHat = 0, cells = 0;
  for (let i = 0; i < V * V * V; i++) {
    if (counts[i] > 0) {
      hHat -= (counts[i] / (n - 2)) * Math.log(counts[i] / ctx[Math.floor(i / V)]);
      cells++;
    }
  }
  const mm = hHat + (cells - V * V) / (2 * (n - 2));
  assert.ok(Math.abs(mm - H) < 5 * se + 0.002, `plug-in ${mm} vs ${H}`);
  // (3) pair frequencies match π: total variation well below that of a wrong law
  let tv = 0;
  for (let i = 0; i < V * V; i++) tv += Math.abs(ctx[i] / (n - 2) - m.chain.stationary[i]);
  assert.ok(tv / 2 < 0.01, `TV ${tv / 2}`);
});

Deno.test("sampleMarkovText: deterministic prefix, symbols in range; bad input", () => {
  const c = markovChain(key(4), { vocabSize: 5 });
  const a = sampleMarkovText(key(5), c, 1000);
  assert.deepEqual(sampleMarkovText(key(5), c, 10), a.subarray(0, 10));
  for (const v of a) assert.ok(v >= 0 && v < 5);
  assert.equal(sampleMarkovText(key(5), c, 1).length, 1);
  assert.equal(pairStationary(c.probs, 5).length, 25);
  assert.throws(() => markovChain(key(0), { vocabSize: 1 }), /markovChain: argument "vocabSize"/);
  assert.throws(
    () => markovChain(key(0), { exponentMin: 2, exponentMax: 1 }),
    /markovChain: argument "exponentMax" must be a finite number >= 2, got 1/,
  );
  assert.throws(() => sampleMarkovText(key(0), c, -1), /sampleMarkovText: argument "n"/);
  assert.throws(() => markovText(7 as never, 3), /markovText: argument "key"/);
});
