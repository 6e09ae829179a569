import assert from "node:assert/strict";
import { key } from "../random/mod.ts";
import { kineticPottsDmft } from "../theory/kinetic_potts_dmft.ts";
import { simulateKineticPotts } from "./kinetic_potts.ts";

Deno.test("Potts/softmax simulation (q = 3, N = 300) matches its DMFT within 0.04 (A3.5 check)", () => {
  const gamma = [[2.25, 1.8], [1.8, 2.25]], T = 24;
  const o = { states: 3, beta: 1.5, steps: T };
  const d = kineticPottsDmft(gamma, key(1), { ...o, samples: 10000 })
    .laggedCorrelation({ fromStep: 10, maxLag: 5 });
  const s = simulateKineticPotts(gamma, key(2), { ...o, size: 300, samples: 2 })
    .laggedCorrelation({ fromStep: 10, maxLag: 5 });
  assert.ok(Math.abs(s[0] - 2 / 3) < 1e-12); // C_tt = 1 − 1/q exactly
  for (let tau = 1; tau <= 5; tau++) {
    assert.ok(Math.abs(s[tau] - d[tau]) < 0.04, `τ=${tau}: sim ${s[tau]} vs DMFT ${d[tau]}`);
  }
  assert.ok(s[1] > 0.1, "cross-lag Γ gives temporal correlation");
  assert.throws(
    () => simulateKineticPotts(gamma, key(0), { ...o, states: 1, size: 3 }),
    /simulateKineticPotts: option "states"/,
  );
});
