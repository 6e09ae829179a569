import assert from "node:assert/strict";
import {
  couplingSpectrum,
  decayRatio,
  diagonalSums,
  gaussianStationaryLinear,
  gaussianStationarySpectral,
  kineticGlassStationary,
  linearResponseGain,
  maxCouplingSpectrum,
  stationaryFieldCovariance,
} from "./kinetic_glass_stationary.ts";

Deno.test("diagonal sums and the stationary field covariance", () => {
  const G = diagonalSums([[1, 0.9, 0.81], [0.9, 1, 0.9], [0.81, 0.9, 1]]);
  assert.deepEqual(Array.from(G).map((v) => +v.toFixed(12)), [3, 1.8, 0.81]);
  // Q(1) = G_0 c_1 + G_1 (c_0 + c_2) + G_2 (c_1 + c_3)
  const c = [1, 0.5, 0.25, 0.125];
  assert.ok(
    Math.abs(stationaryFieldCovariance(G, c, 1) - (3 * 0.5 + 1.8 * 1.25 + 0.81 * 0.625)) < 1e-12,
  );
});

Deno.test("Gaussian stationary state: spectral integral = truncated linear solve = iteration to 1e-10 (A6.4)", () => {
  const G = diagonalSums([[0.3025, 0.15125], [0.15125, 0.3025]]);
  const spec = gaussianStationarySpectral(G, { sigma: 1, maxLag: 10 });
  const lin = gaussianStationaryLinear(G, { sigma: 1, maxLag: 200 });
  const it = kineticGlassStationary(G, { variant: "gaussian", sigma: 1, tolerance: 1e-14 });
  for (let tau = 0; tau <= 10; tau++) {
    assert.ok(Math.abs(spec[tau] - lin[tau]) < 1e-10, `τ=${tau}: ${spec[tau]} vs ${lin[tau]}`);
    assert.ok(Math.abs(it.c[tau] - lin[tau]) < 1e-10);
  }
  assert.ok(Math.abs(maxCouplingSpectrum(G).value - 0.9075) < 1e-12); // γ(0) = 1ᵀΓ1
  assert.throws(
    () => gaussianStationarySpectral([0.6, 0.25], { sigma: 1 }),
    /gaussianStationarySpectral: max_ω γ\(ω\) must be < 1/,
  );
});

Deno.test("decay ratio z of the linearised closure matches the worked example and c_{τ+1}/c_τ", () => {
  const G = diagonalSums([[2.25, 1.8], [1.8, 2.25]]);
  const st = kineticGlassStationary(G, { variant: "ising", maxLag: 40 });
  assert.ok(Math.abs(st.fieldVariance - 5.867) < 2e-3);
  const a = linearResponseGain("ising", { fieldVariance: st.fieldVariance });
  assert.ok(Math.abs(a - 0.0956) < 1e-3); // linearised gain at Q(0) = 5.867
  const z = decayRatio(G, { gain: a });
  assert.ok(Math.abs(z - 0.336) < 2e-3);
  assert.ok(Math.abs(st.c[8] / st.c[7] - z) < 1e-3, `${st.c[8] / st.c[7]} vs ${z}`);
  // spherical: exact geometric decay of the linear closure
  const sp = kineticGlassStationary([0.605, 0.15125], { variant: "spherical", sigma: 1 });
  const zs = decayRatio([0.605, 0.15125], {
    gain: linearResponseGain("spherical", { fieldVariance: sp.fieldVariance, sigma: 1 }),
  });
  assert.ok(Math.abs(sp.c[3] / sp.c[2] - zs) < 1e-6);
  assert.equal(decayRatio([3, 0], { gain: 0.1 }), 0);
  assert.ok(Math.abs(couplingSpectrum([0.605, 0.15125], Math.PI) - 0.3025) < 1e-15);
});

Deno.test("stationary solver input validation", () => {
  assert.throws(() => kineticGlassStationary([], { variant: "ising" }), /argument "sums"/);
  assert.throws(
    () => kineticGlassStationary([1], { variant: "ising", damping: 1 }),
    /option "damping"/,
  );
  assert.throws(() => decayRatio([1, 0.2], { gain: 0 }), /decayRatio: option "gain"/);
});
