import assert from "node:assert/strict";
import { key } from "../../random/mod.ts";
import { contextIntegration } from "./context_integration.ts";
import { flipFlop } from "./flip_flop.ts";
import { memoryPro } from "./memory_pro.ts";

Deno.test("flipFlop: target = sign of the last pulse on its channel, ±1 from t = 0; noise is the only difference", () => {
  const B = 16, T = 50, K = 3;
  const clean = flipFlop(key(1), { batch: B, steps: T, pulseProb: 0.1 });
  const noisy = flipFlop(key(1), { batch: B, steps: T, pulseProb: 0.1, inputNoise: 0.3 });
  const p = clean.pulses.dataSync(),
    y = clean.y.dataSync(),
    u = clean.u.dataSync(),
    un = noisy.u.dataSync();
  let flips = 0, dev = 0;
  for (let b = 0; b < B; b++) {
    for (let c = 0; c < K; c++) {
      let last = 0;
      for (let t = 0; t < T; t++) {
        const i = (b * T + t) * K + c;
        if (t === 0) assert.notEqual(p[i], 0, "every channel pulses at t = 0");
        if (p[i] !== 0) {
          if (t > 0) flips++;
          last = p[i];
        }
        assert.equal(y[i], last);
        assert.ok(y[i] === 1 || y[i] === -1);
        assert.equal(u[i], p[i]);
        dev += (un[i] - p[i]) ** 2;
      }
    }
  }
  // pulses after t = 0: Binomial(16·3·49, 0.1), mean 235, SD 15 → within ±60
  assert.ok(Math.abs(flips - 235) < 60, `pulses ${flips}`);
  // noise variance 0.09 over 2400 entries: relative SE ≈ √(2/2400) ≈ 3% → within 15%
  assert.ok(Math.abs(dev / (B * T * K) / 0.09 - 1) < 0.15, `noise variance ${dev / (B * T * K)}`);
  assert.deepEqual(clean.mask.dataSync().every((v) => v === 1), true);
  assert.throws(
    () => flipFlop(key(1), { batch: 0, steps: 5 }),
    /flipFlop: argument "batch" must be a positive integer/,
  );
  assert.throws(
    () => flipFlop(key(1), { batch: 2, steps: 5, inputNoise: -1 }),
    /argument "inputNoise"/,
  );
  assert.throws(
    () => flipFlop(key(1), { batch: 2, steps: 5, pulseProb: 2 }),
    /argument "pulseProb"/,
  );
});

Deno.test("memoryPro: fixation 1 until the response, θ shown only in the stimulus, reported only in the response", () => {
  const m = memoryPro(key(2), { batch: 4, stimulusSteps: 3, memorySteps: 4, responseSteps: 2 });
  const u = m.u.dataSync(), y = m.y.dataSync(), th = m.theta.dataSync();
  assert.equal(m.memoryStart, 3);
  assert.equal(m.responseStart, 7);
  for (let b = 0; b < 4; b++) {
    for (let t = 0; t < 9; t++) {
      const i = (b * 9 + t) * 3;
      assert.equal(u[i], t < 7 ? 1 : 0);
      assert.equal(y[i], u[i]);
      assert.ok(Math.abs(u[i + 1] - (t < 3 ? Math.cos(th[b]) : 0)) < 1e-6);
      assert.ok(Math.abs(y[i + 2] - (t >= 7 ? Math.sin(th[b]) : 0)) < 1e-6);
    }
  }
});

Deno.test("contextIntegration: target sign(d_ctx) in the response window only; context one-hot", () => {
  const c = contextIntegration(key(3), { batch: 32, steps: 20, responseSteps: 5, inputNoise: 0 });
  const u = c.u.dataSync(), y = c.y.dataSync(), m = c.mask.dataSync();
  const d = c.coherence.dataSync(), ctx = c.context.dataSync();
  for (let b = 0; b < 32; b++) {
    for (let t = 0; t < 20; t++) {
      const i = b * 20 + t;
      assert.equal(m[i], t >= 15 ? 1 : 0);
      assert.equal(y[i], t >= 15 ? Math.sign(d[b * 2 + ctx[b]]) : 0);
      assert.ok(Math.abs(u[i * 4] - d[b * 2]) < 1e-7, "noise-free stream = coherence");
      assert.equal(u[i * 4 + 2] + u[i * 4 + 3], 1);
      assert.equal(u[i * 4 + 2 + ctx[b]], 1);
    }
  }
  assert.throws(
    () => contextIntegration(key(3), { batch: 2, steps: 5, responseSteps: 6 }),
    /argument "responseSteps"/,
  );
});
