import assert from "node:assert/strict";
import { fromTyped } from "../array/mod.ts";
import { key, normalF64, uniformF64 } from "../random/mod.ts";
import { crossTemporalDecoding } from "./decoding.ts";

Deno.test("crossTemporalDecoding: stable code → full block; rotating code → diagonal", () => {
  // trials carry (cos θ, sin θ); a stable code writes them in the same 2 units at every t, a
  // rotating code writes them in units that rotate by 90° every 5 steps through 8 units
  const B = 80, T = 20, N = 8;
  const th = uniformF64(key(1), B, { low: 0, high: 2 * Math.PI });
  const noise = normalF64(key(2), B * T * N, { std: 0.05 });
  const target = new Float64Array(B * 2);
  const stable = new Float64Array(B * T * N), rot = new Float64Array(B * T * N);
  for (let b = 0; b < B; b++) {
    target[b * 2] = Math.cos(th[b]);
    target[b * 2 + 1] = Math.sin(th[b]);
    for (let t = 0; t < T; t++) {
      const i = (b * T + t) * N, blk = 2 * Math.floor(t / 5);
      stable[i] = target[b * 2];
      stable[i + 1] = target[b * 2 + 1];
      rot[i + blk] = target[b * 2];
      rot[i + blk + 1] = target[b * 2 + 1];
      for (let k = 0; k < N; k++) stable[i + k] += noise[i + k], rot[i + k] += noise[i + k];
    }
  }
  const y = fromTyped(target, [B, 2]);
  const S = crossTemporalDecoding(fromTyped(stable, [B, T, N]), y).dataSync();
  const R = crossTemporalDecoding(fromTyped(rot, [B, T, N]), y).dataSync();
  // noise 0.05 on unit-scale signals: R² ≈ 1 − O(0.05²·N/…) ≥ 0.9 where the code matches
  assert.ok(S[0 * T + 19] > 0.9 && S[19 * T + 0] > 0.9, `stable off-diagonal ${S[19]}`);
  assert.ok(R[0 * T + 0] > 0.9 && R[19 * T + 19] > 0.9, "rotating diagonal");
  assert.ok(R[0 * T + 19] < 0.2, `rotating off-diagonal ${R[19]}`);
  assert.throws(
    () =>
      crossTemporalDecoding(fromTyped(stable, [B, T, N]), fromTyped(target.slice(2), [B - 1, 2])),
    /argument "target"/,
  );
});
