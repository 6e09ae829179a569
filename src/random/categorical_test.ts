import assert from "node:assert/strict";
import { array, full } from "../array/creation.ts";
import { fromTyped } from "../array/creation.ts";
import { key } from "./key.ts";
import { categorical } from "./categorical.ts";

Deno.test("categorical: frequencies match softmax within 4 SE, both axes", () => {
  const logits = [1, 2, 0.5, -1, -Infinity];
  const z = logits.reduce((s, l) => s + Math.exp(l), 0);
  const p = logits.map((l) => Math.exp(l) / z);
  const N = 40000;
  const rows = new Float64Array(N * 5);
  for (let i = 0; i < N; i++) rows.set(logits, 5 * i);
  const draws = categorical(key(10), fromTyped(rows, [N, 5]));
  assert.equal(draws.length, N);
  const c = new Array(5).fill(0);
  for (const d of draws) c[d]++;
  assert.equal(c[4], 0);
  // 4 SE with SE = sqrt(p(1−p)/N)
  for (let j = 0; j < 5; j++) {
    assert.ok(Math.abs(c[j] / N - p[j]) <= 4 * Math.sqrt(p[j] * (1 - p[j]) / N), `${c}`);
  }
  // axis 0 of the transposed layout gives the same law
  const cols = new Float64Array(5 * N);
  for (let i = 0; i < N; i++) for (let j = 0; j < 5; j++) cols[j * N + i] = logits[j];
  const d0 = categorical(key(11), fromTyped(cols, [5, N]), { axis: 0 });
  const c0 = new Array(5).fill(0);
  for (const d of d0) c0[d]++;
  for (let j = 0; j < 5; j++) {
    assert.ok(Math.abs(c0[j] / N - p[j]) <= 4 * Math.sqrt(p[j] * (1 - p[j]) / N), `${c0}`);
  }
  // output follows the remaining axes: shape [2, 3, 4] over axis 1 → 8 draws
  assert.equal(categorical(key(1), full([2, 3, 4], 0), { axis: 1 }).length, 8);
});

Deno.test("categorical: bad input", () => {
  const k = key(0);
  assert.throws(() => categorical(k, array([1, NaN])), /categorical: argument "logits"/);
  assert.throws(
    () => categorical(k, array([-Infinity, -Infinity])),
    /categorical: argument "logits" must be a finite logit in every slice/,
  );
  assert.throws(() => categorical(k, array([1, 2]), { axis: 1 }), /categorical: argument "axis"/);
  assert.throws(
    () => categorical(k, [1, 2] as never),
    /categorical: argument "logits" must be an NDArray/,
  );
});
