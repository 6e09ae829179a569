import assert from "node:assert/strict";
import {
  alignedTeachers,
  fineTuningLoss,
  fineTuningLossMonteCarlo,
  linearSpikeDmft,
  rankOneCollapseLoss,
  rankOneCollapseMonteCarlo,
  transferSpike,
} from "./transfer_closed_forms.ts";
import { key } from "../random/mod.ts";
import { ArgumentError } from "../errors/mod.ts";

Deno.test("fineTuningLoss equals the paper's expanded bracket and is ≤ 1 − ν₂", () => {
  for (const [nu2, a, chi] of [[0.3, 0.9, 1.2], [0.7, 0.5, 0.4], [0.1, 1, 3]]) {
    const expanded = (1 - nu2) *
      (1 - (2 * chi * a * a * nu2) / (1 + chi * nu2) +
        (chi * chi * a * a * nu2 * nu2) / (1 + chi * nu2) ** 2);
    const l = fineTuningLoss({ nu2, alpha: a, chi });
    assert.ok(Math.abs(l - expanded) < 1e-14);
    assert.ok(l <= 1 - nu2 + 1e-15);
  }
  assert.equal(fineTuningLoss({ nu2: 0.4, alpha: 0.8, chi: 0 }), 0.6);
});

Deno.test("fineTuningLoss vs ridgeless regression on the spiked kernel (D = 200, within 5%)", () => {
  // 4 draws at D = 200: the per-draw spread of the loss is a few % (O(1/√D)); 5% + 2 SE.
  for (const [nu2, alpha, gamma] of [[0.25, 0.9, 2], [0.5, 1, 1]]) {
    const chi = transferSpike(gamma);
    const th = fineTuningLoss({ nu2, alpha, chi });
    const mc = fineTuningLossMonteCarlo(key(1), { d: 200, nu2, alpha, chi, samples: 4 });
    assert.ok(Math.abs(mc.mean - th) < 0.05 * th + 2 * mc.se, `${mc.mean} ± ${mc.se} vs ${th}`);
  }
});

Deno.test("χ = √(1+γ²) − 1 from the population DMFT of a two-layer linear net (1%)", () => {
  for (const gamma of [0.5, 1, 2]) {
    const { chi, error } = linearSpikeDmft(key(2), { gamma, samples: 200000 });
    const th = transferSpike(gamma);
    assert.ok(Math.abs(chi - th) < 0.01 * th + 0.005, `γ=${gamma}: ${chi} vs ${th}`);
    assert.ok(Math.abs(error) < 1e-6);
  }
});

Deno.test("rank-one collapse loss vs least squares along the collapsed direction (5%)", () => {
  const mc = rankOneCollapseMonteCarlo(key(3), {
    d: 100,
    nu1: 0.5,
    alpha: 0.9,
    p2: 2000,
    samples: 3,
  });
  assert.ok(Math.abs(mc.mean - mc.formula) < 0.05 * mc.formula, `${mc.mean} vs ${mc.formula}`);
  // α_g = 0: the floor 1 − ν₁α_s².
  assert.ok(Math.abs(rankOneCollapseLoss({ nu1: 0.5, alphaS: 0.9 }) - (1 - 0.5 * 0.81)) < 1e-15);
});

Deno.test("aligned teachers have |β|² = D and the requested overlap; bad input is named", () => {
  const { source, target } = alignedTeachers(key(4), 50, 0.3);
  const dot = source.reduce((s, v, i) => s + v * target[i], 0) / 50;
  assert.ok(Math.abs(dot - 0.3) < 1e-12);
  assert.ok(Math.abs(target.reduce((s, v) => s + v * v, 0) - 50) < 1e-9);
  assert.throws(() => fineTuningLoss({ nu2: 1.5, alpha: 0.5, chi: 1 }), ArgumentError);
  assert.throws(() => transferSpike(-1), /"gamma"/);
});
