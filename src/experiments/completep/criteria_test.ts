import assert from "node:assert/strict";
import { completepCriteria } from "./criteria.ts";
import type { LrOptimum } from "./lr_transfer.ts";

const opt = (
  param: LrOptimum["param"],
  depth: number,
  loss: number,
  lossSe: number | null,
): LrOptimum => ({ param, depth, log2Lr: -12, index: 4, loss, lossSe, seeds: 4 });

Deno.test("completepCriteria: the best-loss part of (1) — monotone fall, ≤ α = ½ at the largest depth, rise in SE units", () => {
  const dm = [opt("depth-mup", 2, 0.4, 0.02), opt("depth-mup", 32, 0.3, 0.02)];
  const pass = completepCriteria({
    lrOptima: [
      opt("completep", 2, 0.45, 0.03),
      opt("completep", 8, 0.35, 0.03),
      opt("completep", 32, 0.29, 0.04),
      ...dm,
    ],
  }).lrBestLoss!;
  assert.equal(pass.pass, true);
  assert.equal(pass.measured.completepMonotone, true);
  assert.equal(pass.measured.completepLeqDepthMupAtMax, true);
  // rises: 2 → 8 −0.10 / (0.03·√2) = −2.36; 8 → 32 −0.06 / √(0.03² + 0.04²) = −1.2, the largest
  assert.ok(Math.abs((pass.measured.maxRiseSe as number) + 1.2) < 1e-12);
  const fail = completepCriteria({
    lrOptima: [
      opt("completep", 2, 0.4, 0.03),
      opt("completep", 8, 0.43, 0.04),
      opt("completep", 32, 0.31, 0.04),
      ...dm,
    ],
  }).lrBestLoss!;
  // rise 0.03 over combined SE 0.05: +0.6 SE; and 0.31 > α = ½'s 0.30
  assert.equal(fail.pass, false);
  assert.equal(fail.measured.completepMonotone, false);
  assert.equal(fail.measured.completepLeqDepthMupAtMax, false);
  assert.ok(Math.abs((fail.measured.maxRiseSe as number) - 0.6) < 1e-12);
  // one seed: no SE, the rise in SE units is null
  const one = completepCriteria({
    lrOptima: [opt("completep", 2, 0.4, null), opt("completep", 32, 0.3, null)],
  }).lrBestLoss!;
  assert.equal(one.measured.maxRiseSe, null);
  assert.equal(one.measured.depthMupLossAtMax, null);
  assert.equal(one.pass, false);
});
