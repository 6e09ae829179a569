import assert from "node:assert/strict";
import { key } from "../random/mod.ts";
import { powerLawSpectrum } from "../data/icl_covariances.ts";
import {
  wishartResolvent,
  wishartResolventMonteCarlo,
  wishartStieltjesIsotropic,
} from "./wishart_resolvent.ts";

const close = (a: number, b: number, tol: number, msg = "") =>
  assert.ok(Math.abs(a - b) <= tol, `${msg}: ${a} vs ${b} (tol ${tol})`);

Deno.test("closed-form M_κ equals the robust a-solver with C = cI to 1e-10", () => {
  for (const kappa of [0.1, 0.5, 1, 2.5, 10]) {
    for (const c of [0.5, 1, 3]) {
      for (const z of [1e-3, 0.1, 1, 7]) {
        const iso = wishartStieltjesIsotropic(z, { kappa, c });
        const de = wishartResolvent(new Float64Array(9).fill(c), z, { kappa });
        close(de.m, iso.m, 1e-10 * iso.m, `M κ=${kappa} c=${c} z=${z}`);
        close(de.dm, iso.dm, 1e-10 * Math.abs(iso.dm), `M' κ=${kappa} c=${c} z=${z}`);
      }
    }
  }
});

Deno.test("M_κ solves (zc/κ)M² + (c(1−1/κ) + z)M − 1 = 0 and → 1/(c+z) as κ → ∞", () => {
  for (const kappa of [0.2, 1, 4]) {
    for (const z of [0.05, 0.5, 5]) {
      const c = 1.7;
      const { m } = wishartStieltjesIsotropic(z, { kappa, c });
      close((z * c / kappa) * m * m + (c * (1 - 1 / kappa) + z) * m - 1, 0, 1e-12, "quadratic");
    }
  }
  close(wishartStieltjesIsotropic(0.3, { kappa: 1e12, c: 2 }).m, 1 / 2.3, 1e-10, "κ→∞");
  close(wishartStieltjesIsotropic(0.3, { kappa: Infinity, c: 2 }).m, 1 / 2.3, 1e-15, "κ=∞");
});

Deno.test("analytic M' matches central finite differences (anisotropic)", () => {
  const eigs = powerLawSpectrum(50, { exponent: 1.3 });
  for (const kappa of [0.3, 2]) {
    for (const z of [0.05, 0.8]) {
      const h = 1e-5 * z;
      const de = wishartResolvent(eigs, z, { kappa });
      const fd =
        (wishartResolvent(eigs, z + h, { kappa }).m - wishartResolvent(eigs, z - h, { kappa }).m) /
        (2 * h);
      close(de.dm, fd, 1e-7 * Math.abs(fd), `κ=${kappa} z=${z}`);
      const fda =
        (wishartResolvent(eigs, z + h, { kappa }).a - wishartResolvent(eigs, z - h, { kappa }).a) /
        (2 * h);
      close(de.da, fda, 1e-6 * Math.abs(fda) + 1e-12, "a'");
      // identity a = 1 − 1/κ + (z/κ) M
      close(de.a, 1 - 1 / kappa + (z / kappa) * de.m, 1e-13, "a identity");
      // F2 = −F' entrywise
      for (const i of [0, 10, 49]) {
        const fdF = (wishartResolvent(eigs, z + h, { kappa }).f[i] -
          wishartResolvent(eigs, z - h, { kappa }).f[i]) /
          (2 * h);
        close(de.f2[i], -fdF, 1e-6 * Math.abs(fdF), "F2");
      }
    }
  }
});

Deno.test("power-law deterministic equivalent matches Monte Carlo at d = 100 within 1%", () => {
  // 40 draws at d = 100: the MC standard error is ~0.1%, so 1% leaves room for the O(1/d) bias.
  const eigs = powerLawSpectrum(100, { exponent: 1 });
  for (const [kappa, z] of [[0.5, 0.2], [2, 0.5]]) {
    const th = wishartResolvent(eigs, z, { kappa }).m;
    const mc = wishartResolventMonteCarlo(key(7), eigs, { z, kappa, draws: 40 });
    assert.ok(
      Math.abs(mc.mean - th) / th < 0.01,
      `κ=${kappa}: MC ${mc.mean} ± ${mc.stderr} vs ${th}`,
    );
  }
});

Deno.test("wishart: zero eigenvalues allowed; bad input throws named errors", () => {
  const de = wishartResolvent([0, 0, 4, 4], 0.5, { kappa: 0.5 });
  assert.ok(de.a > 0 && de.a <= 1 && Number.isFinite(de.m));
  assert.throws(() => wishartResolvent([], 1, { kappa: 1 }), /wishartResolvent: argument "eigs"/);
  assert.throws(
    () => wishartResolvent([1, -1], 1, { kappa: 1 }),
    /wishartResolvent: argument "eigs"/,
  );
  assert.throws(() => wishartResolvent([1], 0, { kappa: 1 }), /wishartResolvent: argument "z"/);
  assert.throws(() => wishartStieltjesIsotropic(1, { kappa: -1 }), /argument "kappa"/);
  assert.throws(
    () => wishartResolventMonteCarlo(key(1), [1, 2], { z: 1, kappa: 1, draws: 1 }),
    /wishartResolventMonteCarlo: argument "draws"/,
  );
});
