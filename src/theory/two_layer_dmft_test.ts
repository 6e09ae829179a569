import assert from "node:assert/strict";
import { type GradientFlowStage, twoLayerDmft } from "./two_layer_dmft.ts";
import { twoLayerMupNetwork } from "../models/two_layer_mup.ts";
import { key, normalF64 } from "../random/mod.ts";
import { ArgumentError } from "../errors/mod.ts";

const d = 6, P = 14;
const x = normalF64(key(1), P * d);
const labels = new Float64Array(P).map((_, i) => Math.tanh(x[i * d] + 0.5 * x[i * d + 1]));
const train = [0, 1, 2, 3, 4, 5, 6, 7], test = [8, 9, 10, 11, 12, 13];
const stage = (over: Partial<GradientFlowStage> = {}): GradientFlowStage => ({
  train,
  test,
  labels,
  gamma: 1,
  lambda: 0.5,
  delta: 0,
  readout: "keep",
  time: 4,
  dt: 0.02,
  recordEvery: 50,
  ...over,
});

Deno.test("DMFT with S samples equals the width-N = S network with the same key (float error)", () => {
  for (const activation of ["relu", "linear"] as const) {
    const dm = twoLayerDmft(key(2), { x, d, samples: 64, activation });
    const net = twoLayerMupNetwork(key(2), { x, d, width: 64, activation });
    const a1 = dm.run(stage({ gamma: 1.5 })), b1 = net.run(stage({ gamma: 1.5 }));
    const other = new Float64Array(P).map((_, i) => x[i * d + 2] ** 2 - 1);
    const s2 = stage({ labels: other, gamma: 0.7, delta: 2, readout: "fresh" });
    const a2 = dm.run(s2), b2 = net.run(s2);
    for (const [a, b] of [[a1, b1], [a2, b2]]) {
      for (let i = 0; i < a.t.length; i++) {
        assert.ok(Math.abs(a.train[i] - b.train[i]) < 1e-9 * (1 + b.train[i]));
        assert.ok(Math.abs(a.test[i] - b.test[i]) < 1e-9 * (1 + b.test[i]));
      }
    }
    assert.ok(a1.train[a1.train.length - 1] < 0.5 * a1.train[0], "training reduces the loss");
  }
});

Deno.test("forgetting: the frozen source head scores the source task during the target stage", () => {
  const other = new Float64Array(P).map((_, i) => x[i * d + 2] ** 2 - 1);
  for (const activation of ["relu", "linear"] as const) {
    const dm = twoLayerDmft(key(4), { x, d, samples: 64, activation });
    const net = twoLayerMupNetwork(key(4), { x, d, width: 64, activation });
    const a1 = dm.run(stage({ gamma: 1.5 })), b1 = net.run(stage({ gamma: 1.5 }));
    const previous = { labels, test };
    const s2 = stage({ labels: other, gamma: 1, delta: 0.3, readout: "fresh", previous });
    const a2 = dm.run(s2), b2 = net.run(s2);
    // At the stage start the source head is the trained network: same loss as the end of stage 1.
    assert.ok(Math.abs(a2.previous![0] - a1.test.at(-1)!) < 1e-12 * (1 + a1.test.at(-1)!));
    assert.ok(Math.abs(b2.previous![0] - b1.test.at(-1)!) < 1e-12 * (1 + b1.test.at(-1)!));
    // DMFT = network to float error along the whole curve; the features move, so it changes.
    for (let i = 0; i < a2.t.length; i++) {
      assert.ok(Math.abs(a2.previous![i] - b2.previous![i]) < 1e-9 * (1 + b2.previous![i]));
    }
    assert.ok(Math.abs(a2.previous!.at(-1)! - a2.previous![0]) > 1e-4, "features moved");
    // Frozen features (readout-only fine-tuning): nothing to forget, exactly.
    const a3 = dm.run(stage({ labels: other, freezeFeatures: true, readout: "fresh", previous }));
    for (const v of a3.previous!) assert.ok(Math.abs(v - a3.previous![0]) < 1e-12);
  }
  assert.throws(
    () =>
      twoLayerDmft(key(4), { x, d, samples: 8, activation: "relu" }).run(
        stage({ previous: { labels: new Float64Array(3), test } }),
      ),
    (e: unknown) => e instanceof ArgumentError && /stage\.previous\.labels/.test(e.message),
  );
});

Deno.test("a diverging Euler step is a named error, not a silent 'predicts 0'", () => {
  // Labels of size 1e3 with dt = 5: the explicit drive overshoots and blows up within a few
  // steps; ReLU maps NaN to 0, so without the check the loss would freeze at mean(y²).
  const big = labels.map((v) => 1e3 * v);
  for (
    const make of [
      () => twoLayerDmft(key(5), { x, d, samples: 32, activation: "relu" }),
      () => twoLayerMupNetwork(key(5), { x, d, width: 32, activation: "relu" }),
    ]
  ) {
    assert.throws(
      () => make().run(stage({ labels: big, gamma: 2, dt: 5, time: 2000, recordEvery: 1 })),
      (e: unknown) => e instanceof ArgumentError && /"stage\.dt"/.test(e.message),
    );
  }
});

function solveDense(a: number[][], b: number[]): number[] {
  const n = b.length, m = a.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
    [m[c], m[piv]] = [m[piv], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((r, i) => r[n] / r[i]);
}

Deno.test("GF fixed point with frozen features is kernel ridge regression with ridge λ", () => {
  const S = 200, lambda = 0.3, gamma = 1.2;
  const dm = twoLayerDmft(key(3), { x, d, samples: S, activation: "relu" });
  dm.run(stage({ gamma, time: 3 })); // learn features first
  dm.run(stage({ gamma, lambda, freezeFeatures: true, readout: "fresh", time: 80, dt: 0.05 }));
  // Fixed point λz = γφ(H_T)ᵀΔ ⇒ f = Φ(y − f)/λ − m₀/γ with Φ = ⟨φφᵀ⟩ (finite S), i.e.
  // (Φ_TT + λI) f_T = Φ_TT y_T − λ m₀_T/γ and f_test = Φ_test,T (y_T − f_T)/λ − m₀_test/γ.
  const all = [...train, ...test];
  const phi = dm.featureKernel(all);
  const n = all.length, pt = train.length;
  const m0 = dm.centring();
  const A = train.map((_, a) => train.map((_, b) => phi[a * n + b] + (a === b ? lambda : 0)));
  const rhs = train.map((mu, a) => {
    let s = 0;
    train.forEach((nu, b) => (s += phi[a * n + b] * labels[nu]));
    return s - (lambda * m0[mu]) / gamma;
  });
  const fT = solveDense(A, rhs);
  const f = dm.predict();
  train.forEach((mu, a) => assert.ok(Math.abs(f[mu] - fT[a]) < 1e-6, `${f[mu]} vs ${fT[a]}`));
  test.forEach((mu, j) => {
    let s = 0;
    train.forEach((nu, b) => (s += phi[(pt + j) * n + b] * (labels[nu] - fT[b])));
    const krr = s / lambda - m0[mu] / gamma;
    assert.ok(Math.abs(f[mu] - krr) < 1e-6, `test ${f[mu]} vs ${krr}`);
  });
});

Deno.test("large δ approaches frozen features (δ → ∞ limit)", () => {
  const run = (over: Partial<GradientFlowStage>) => {
    const dm = twoLayerDmft(key(4), { x, d, samples: 100, activation: "relu" });
    dm.run(stage({ time: 2 }));
    const other = new Float64Array(P).map((_, i) => x[i * d + 3]);
    return dm.run(stage({ labels: other, time: 5, ...over })).test.at(-1)!;
  };
  const frozen = run({ freezeFeatures: true });
  const stiff = run({ delta: 1e5 });
  const loose = run({ delta: 0 });
  assert.ok(Math.abs(stiff - frozen) < 1e-3 * frozen, `${stiff} vs ${frozen}`);
  assert.ok(Math.abs(loose - frozen) > 1e-3 * frozen);
});

Deno.test("bad stage arguments are named errors", () => {
  const dm = twoLayerDmft(key(5), { x, d, samples: 8, activation: "relu" });
  assert.throws(
    () => dm.run(stage({ delta: -1 })),
    (e: Error) => e instanceof ArgumentError && /"stage.delta"/.test(e.message),
  );
  assert.throws(() => dm.run(stage({ gamma: NaN })), /"stage.gamma"/);
  assert.throws(() => dm.run(stage({ labels: new Float64Array(3) })), /"stage.labels"/);
  assert.throws(() => twoLayerDmft(key(5), { x, d: 5, samples: 8, activation: "relu" }), /"x"/);
});

Deno.test("clone(): a copy continues exactly as the original (DMFT and network)", () => {
  const other = new Float64Array(P).map((_, i) => x[i * d + 2] ** 2 - 1);
  const s2 = stage({
    labels: other,
    gamma: 0.7,
    delta: 2,
    readout: "fresh",
    previous: { labels, test },
  });
  for (
    const make of [
      () => twoLayerDmft(key(6), { x, d, samples: 48, activation: "relu" }),
      () => twoLayerMupNetwork(key(6), { x, d, width: 48, activation: "relu" }),
    ]
  ) {
    const a = make(), b = make();
    a.run(stage({ gamma: 1.5 }));
    b.run(stage({ gamma: 1.5 }));
    const copy = a.clone();
    const ca = copy.run(s2), cb = b.run(s2);
    // Same fresh readout key, same state, same head: bitwise-equal curves.
    assert.deepEqual(ca, cb);
    // The copy is independent: running it left the original where it was.
    assert.deepEqual(a.run(s2), cb);
  }
});

Deno.test("DMFT = network also with a repeated training point and test points inside the train set", () => {
  // The DMFT updates the training columns of h every step and the others only when recorded.
  const s = stage({ train: [0, 1, 2, 2, 3, 4], test: [2, 3, 9, 10], recordEvery: 7, delta: 0.4 });
  const a = twoLayerDmft(key(7), { x, d, samples: 40, activation: "relu" }).run(s);
  const b = twoLayerMupNetwork(key(7), { x, d, width: 40, activation: "relu" }).run(s);
  for (let i = 0; i < a.t.length; i++) {
    assert.ok(Math.abs(a.train[i] - b.train[i]) < 1e-9 * (1 + b.train[i]));
    assert.ok(Math.abs(a.test[i] - b.test[i]) < 1e-9 * (1 + b.test[i]));
  }
  assert.ok(a.test.at(-1)! < 0.9 * a.test[0], "the repeated point is learned");
});
