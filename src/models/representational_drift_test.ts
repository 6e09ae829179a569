import assert from "node:assert/strict";
import { key, normalF64 } from "../random/mod.ts";
import {
  applyGivensRotations,
  coordinateCorrelation,
  kernelAndReadout,
} from "./representational_drift.ts";

Deno.test("Givens drift keeps kernel and readout to 1e-12 while tuning decorrelates (B7.7)", () => {
  const N = 200, P = 12;
  const phi = normalF64(key(1), P * N), v = normalF64(key(2), N);
  const before = kernelAndReadout(phi, v, { size: N });
  const phi0 = phi.slice();
  applyGivensRotations([phi, v], key(3), { size: N, rotations: 20000 });
  const after = kernelAndReadout(phi, v, { size: N });
  for (let i = 0; i < P * P; i++) assert.ok(Math.abs(after.kernel[i] - before.kernel[i]) < 1e-12);
  for (let i = 0; i < P; i++) assert.ok(Math.abs(after.output[i] - before.output[i]) < 1e-12);
  // single-neuron tuning of stimulus 0 is nearly uncorrelated after many rotations (SE ≈ 1/√N)
  const r = coordinateCorrelation(phi.subarray(0, N), phi0.subarray(0, N));
  assert.ok(Math.abs(r) < 4 / Math.sqrt(N), `${r}`);
  assert.throws(
    () => applyGivensRotations([phi], key(0), { size: 7, rotations: 1 }),
    /multiple of size/,
  );
  assert.throws(() => coordinateCorrelation([1], [1]), /coordinateCorrelation/);
});
