import assert from "node:assert/strict";
import { expF32, tanhF32 } from "./fast_math.ts";

Deno.test("expF32 and tanhF32 are accurate to about one f32 ulp on a dense grid", () => {
  let relExp = 0, absTanh = 0;
  for (let i = 0; i <= 200000; i++) {
    const x = -87 + 174 * i / 200000;
    relExp = Math.max(relExp, Math.abs(expF32(x) / Math.exp(x) - 1));
    const y = -10 + 20 * i / 200000;
    absTanh = Math.max(absTanh, Math.abs(tanhF32(y) - Math.tanh(y)));
  }
  assert.ok(relExp < 2e-7, `exp rel err ${relExp}`);
  assert.ok(absTanh < 5e-7, `tanh abs err ${absTanh}`);
  assert.equal(tanhF32(0), 0);
  assert.ok(expF32(-1000) < 1e-37 && expF32(-1000) >= 0);
});
