import assert from "node:assert/strict";
import {
  lowRankSpectrum,
  powerLawSpectrum,
  sourceCapacitySpectra,
  spikedSpectrum,
} from "./icl_covariances.ts";

const sum = (v: Float64Array) => v.reduce((a, b) => a + b, 0);

Deno.test("ICL covariance families: trace d, ordering, support; source/capacity normalisation", () => {
  const p = powerLawSpectrum(50, { exponent: 1.3 });
  assert.ok(Math.abs(sum(p) - 50) < 1e-10);
  for (let i = 1; i < 50; i++) assert.ok(p[i] < p[i - 1]);
  assert.ok(Math.abs(p[0] / p[1] - 2 ** 1.3) < 1e-12, "j^-p ratios");
  assert.ok(
    Math.abs(
      powerLawSpectrum(50, { exponent: 1, offset: 1 })[0] /
          powerLawSpectrum(50, { exponent: 1, offset: 1 })[1] - 1.5,
    ) < 1e-12,
  );
  assert.deepEqual(Array.from(powerLawSpectrum(4, { exponent: 0 })), [1, 1, 1, 1]);
  const s = spikedSpectrum(10, { level: 0.5, index: 3 });
  assert.ok(Math.abs(sum(s) - 10) < 1e-12 && s[3] === 10 - 0.5 * 9 && s[0] === 0.5);
  const r = lowRankSpectrum(10, { rank: 4, start: 6 });
  assert.deepEqual(Array.from(r), [0, 0, 0, 0, 0, 0, 2.5, 2.5, 2.5, 2.5]);
  const { lambda, omega } = sourceCapacitySpectra(100, { nu: 1.5, beta: 1 });
  let m = 0;
  for (let k = 0; k < 100; k++) m += (omega[k] * lambda[k]) / 100;
  assert.ok(Math.abs(m - 1) < 1e-12, "(1/D) Σ ω λ = 1");
  // ω_kλ_k ∝ k^{−νβ−1}
  assert.ok(Math.abs((omega[1] * lambda[1]) / (omega[0] * lambda[0]) - 2 ** -2.5) < 1e-12);
  assert.throws(() => powerLawSpectrum(0, { exponent: 1 }), /powerLawSpectrum: argument "d"/);
  assert.throws(
    () => powerLawSpectrum(3, { exponent: -1 }),
    /powerLawSpectrum: argument "exponent"/,
  );
  assert.throws(
    () => spikedSpectrum(3, { level: 0.5, index: 3 }),
    /spikedSpectrum: argument "index"/,
  );
  assert.throws(
    () => spikedSpectrum(3, { level: 2, index: 0 }),
    /spikedSpectrum: argument "level"/,
  );
  assert.throws(() => lowRankSpectrum(3, { rank: 4 }), /lowRankSpectrum: argument "rank"/);
  assert.throws(
    () => sourceCapacitySpectra(3, { nu: 0, beta: 1 }),
    /sourceCapacitySpectra: arguments "nu" and "beta"/,
  );
});
