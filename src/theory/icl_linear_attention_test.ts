import assert from "node:assert/strict";
import {
  pnasIclErrorLimit,
  pnasIclErrorRidge,
  pnasIclErrorRidgeless,
  pnasIdgErrorRidgeless,
  pnasTaskGap,
} from "./icl_linear_attention.ts";
import { iclAlignmentError } from "./icl_task_alignment.ts";

const close = (a: number, b: number, tol: number, msg = "") =>
  assert.ok(Math.abs(a - b) <= tol, `${msg}: ${a} vs ${b} (tol ${tol})`);
const iso = (d: number) => new Float64Array(d).fill(1);

Deno.test("PNAS ridgeless closed forms equal the mismatch recipe of arXiv:2509.26551 with C = I (1e-10) and spot values", () => {
  const spots: [number, number, number, number, number][] = [
    [0.01, 2, 0.5, 0.5, 1.0897340],
    [0.01, 2, 0.5, 2, 1.0660383],
    [0.1, 10, 2, 0.3, 0.9260220],
    [0.1, 10, 2, 5, 0.2959955],
    [0.5, 1, 1.5, 3, 1.7554317],
  ];
  for (const [rho, alpha, kappa, tau, want] of spots) {
    const p = { rho, alpha, kappa, tau };
    const closed = pnasIclErrorRidgeless(p);
    const recipe = iclAlignmentError(iso(5), iso(5), p).eIcl;
    close(closed, recipe, 1e-10, `recipe ${JSON.stringify(p)}`);
    close(closed, want, 5e-8, `spot ${JSON.stringify(p)}`);
  }
  for (const tau of [0.1, 0.4, 0.7, 0.95, 1.05, 1.5, 3, 30]) {
    for (const kappa of [0.3, 1, 5, Infinity]) {
      const p = { rho: 0.2, alpha: 3, kappa, tau };
      const r = iclAlignmentError(iso(3), iso(3), p).eIcl;
      close(pnasIclErrorRidgeless(p), r, 1e-10 * Math.max(1, r), `τ=${tau} κ=${kappa}`);
    }
  }
});

Deno.test("asymptotic theory table: double descent in τ at α = 10, κ = 0.5, ρ = 0.01 (±1e-3)", () => {
  const taus = [0.2, 0.5, 0.85, 0.95, 1.05, 1.15, 1.5, 2, 5, 20];
  const icl = [0.864, 0.821, 2.228, 6.642, 7.207, 2.775, 1.224, 0.891, 0.642, 0.576];
  const idg = [0.551, 0.246, 0.427, 1.168, 1.180, 0.431, 0.169, 0.112, 0.070, 0.059];
  taus.forEach((tau, i) => {
    const p = { alpha: 10, kappa: 0.5, tau, rho: 0.01 };
    close(pnasIclErrorRidgeless(p), icl[i], 1e-3, `e_ICL τ=${tau}`);
    close(pnasIdgErrorRidgeless(p), idg[i], 1e-3, `e_IDG τ=${tau}`);
  });
});

Deno.test("asymptotic theory table: g_task vs κ at α = 10, τ = 10 (±1e-3); g_task ≥ 0 and decreasing", () => {
  const ks = [0.2, 0.5, 0.8, 1, 1.2, 2, 4, 8, 32];
  const want = [0.825, 0.533, 0.274, 0.164, 0.102, 0.030, 0.009, 0.004, 0.001];
  let prev = Infinity;
  ks.forEach((kappa, i) => {
    const g = pnasTaskGap({ alpha: 10, tau: 10, rho: 0.01, kappa });
    close(g, want[i], 1e-3, `κ=${kappa}`);
    assert.ok(g >= 0 && g < prev);
    prev = g;
  });
  close(
    pnasIclErrorRidgeless({ alpha: 10, tau: 10, rho: 0.01, kappa: 0.2 }),
    0.858,
    1e-3,
    "e_ICL κ=0.2",
  );
  close(
    pnasIclErrorRidgeless({ alpha: 10, tau: 10, rho: 0.01, kappa: 32 }),
    0.114,
    1e-3,
    "e_ICL κ=32",
  );
});

Deno.test("non-monotone e_ICL in α at τ = 20, ρ = 0.5", () => {
  const e = (alpha: number, kappa: number) =>
    pnasIclErrorRidgeless({ alpha, kappa, tau: 20, rho: 0.5 });
  close(e(0.5, 0.25), 1.59, 5e-3, "κ=0.25 α=0.5");
  close(e(5, 0.25), 1.415, 1e-3, "κ=0.25 α=5");
  close(e(100, 0.25), 2.60, 5e-3, "κ=0.25 α=100");
  close(e(1000, 0.25), 14.4, 5e-2, "κ=0.25 α=1000");
  close(e(30, 1), 0.766, 1e-3, "κ=1 α=30");
  assert.ok(e(30, 1) < e(10, 1) && e(30, 1) < e(100, 1), "κ=1 has an interior minimum");
  close(e(1000, 1), 1.19, 5e-3, "κ=1 α=1000");
  let prev = Infinity;
  for (const a of [0.5, 2, 5, 10, 30, 100, 300, 1000]) {
    assert.ok(e(a, 2) < prev, "κ=2 monotone decreasing");
    prev = e(a, 2);
  }
  close(e(1000, 2), 0.554, 1e-3, "κ=2 α=1000");
});

Deno.test("limits κ, τ → ∞; divergence at τ = 1; IDG → ICL as κ → ∞; ridge finite", () => {
  close(pnasIclErrorLimit({ alpha: 3, rho: 0.1 }), 0.368293, 1e-6, "limit value");
  close(
    pnasIclErrorRidgeless({ alpha: 3, rho: 0.1, kappa: 1e9, tau: 1e9 }),
    0.368293,
    1e-6,
    "κ,τ large",
  );
  const near = (t: number) => pnasIclErrorRidgeless({ alpha: 2, rho: 0.01, kappa: 2, tau: t });
  assert.ok(near(0.999) > 100 && near(1.001) > 100, "diverges at τ = 1");
  assert.equal(near(1), Infinity);
  const ridge = pnasIclErrorRidge({ alpha: 2, rho: 0.01, kappa: 2, tau: 1, lambda: 0.1 });
  assert.ok(Number.isFinite(ridge) && ridge < 3, `ridge at τ=1: ${ridge}`);
  for (const tau of [0.4, 3]) {
    const p = { alpha: 2, rho: 0.1, kappa: 1e8, tau };
    close(pnasIdgErrorRidgeless(p), pnasIclErrorRidgeless(p), 1e-6, `IDG→ICL τ=${tau}`);
  }
  // ridge → ridgeless as λ → 0, on both sides of the threshold
  for (const tau of [0.4, 3]) {
    const p = { alpha: 2, rho: 0.1, kappa: 1.5, tau };
    close(
      pnasIclErrorRidge({ ...p, lambda: 1e-9 }),
      pnasIclErrorRidgeless(p),
      1e-6,
      `λ→0 τ=${tau}`,
    );
    // and the PNAS ridge form equals the mismatch recipe of arXiv:2509.26551 with the ridge-shifted ξ
    const lam = 0.3;
    close(
      pnasIclErrorRidge({ ...p, lambda: lam }),
      iclAlignmentError(iso(4), iso(4), { ...p, lambda: lam }).eIcl,
      1e-10,
      `ridge recipe τ=${tau}`,
    );
  }
});

Deno.test("pnas*: bad input throws named errors", () => {
  assert.throws(
    () => pnasIclErrorRidgeless({ alpha: 0, kappa: 1, tau: 1, rho: 0 }),
    /pnasIclErrorRidgeless: argument "alpha"/,
  );
  assert.throws(
    () => pnasIdgErrorRidgeless({ alpha: 1, kappa: 1, tau: 2, rho: -1 }),
    /argument "rho"/,
  );
  assert.throws(
    () => pnasIclErrorRidge({ alpha: 1, kappa: 1, tau: 2, rho: 0, lambda: 0 }),
    /argument "lambda"/,
  );
});
