import assert from "node:assert/strict";
import { NDArray } from "../array/ndarray.ts";
import { contiguous, slice, transpose } from "../array/shape_ops.ts";
import { contiguousK } from "./copy_kernel.ts";
import { assertClose } from "../array/testing.ts";
import { unaryBwdK, unaryK } from "./elementwise_kernels.ts";
import { expF32, tanhF32 } from "./fast_math.ts";
import { softmaxK } from "./fused_kernels.ts";

Deno.test("expF32 and tanhF32 are accurate to about one f32 ulp on a dense grid", () => {
  let relExp = 0, absTanh = 0;
  for (let i = 0; i <= 200000; i++) {
    const x = -87 + 174 * i / 200000;
    relExp = Math.max(relExp, Math.abs(expF32(x) / Math.exp(x) - 1));
    const y = -10 + 20 * i / 200000;
    absTanh = Math.max(absTanh, Math.abs(tanhF32(y) - Math.tanh(y)));
  }
  assert.ok(relExp < 2e-7, `exp rel err ${relExp}`);
  assert.ok(absTanh < 5e-8, `tanh abs err ${absTanh}`);
  assert.equal(tanhF32(0), 0);
  assert.ok(expF32(-1000) < 1e-37 && expF32(-1000) >= 0);
});

Deno.test("f32 fast paths (GELU forward/VJP, softmax) agree with the exact f64 kernels", () => {
  const n = 4001;
  const x64 = new Float64Array(n).map((_, i) => -12 + 24 * i / (n - 1) + (i === 2000 ? 1e-5 : 0));
  const g64 = new Float64Array(n).map((_, i) => Math.cos(i));
  const f32 = (a: Float64Array) => new NDArray(Float32Array.from(a), [n]);
  const X64 = new NDArray(x64, [n]), G64 = new NDArray(g64, [n]);
  const X32 = f32(x64), G32 = f32(g64);
  const y64 = unaryK("gelu", X64), y32 = unaryK("gelu", X32);
  // tolerances: a few f32 ulps of the outputs (|gelu| ≤ 12, |gelu'| ≤ 1.13)
  assertClose(y32.dataSync(), y64.dataSync(), { rtol: 1e-6, atol: 1e-6 });
  const d64 = unaryBwdK("gelu", X64, y64, G64), d32 = unaryBwdK("gelu", X32, y32, G32);
  assertClose(d32.dataSync(), d64.dataSync(), { rtol: 1e-5, atol: 2e-6 });
  const s64 = softmaxK(new NDArray(x64.slice(0, 4000), [40, 100]), 0.7, false);
  const s32 = softmaxK(new NDArray(Float32Array.from(x64.slice(0, 4000)), [40, 100]), 0.7, false);
  assertClose(s32.dataSync(), s64.dataSync(), { rtol: 1e-5, atol: 1e-8 });
});

Deno.test("contiguousK copies permuted and sliced views exactly", () => {
  const base = new NDArray(Float64Array.from({ length: 2 * 3 * 4 * 5 }, (_, i) => i), [2, 3, 4, 5]);
  for (
    const v of [
      transpose(base, [0, 2, 1, 3]),
      transpose(base, [3, 1, 0, 2]),
      slice(base, null, [1, 3], null, [0, 5, 2]),
    ]
  ) {
    assert.deepEqual(Array.from(contiguousK(v).dataSync()), Array.from(contiguous(v).dataSync()));
  }
});
