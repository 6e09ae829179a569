import assert from "node:assert/strict";
import { key, split } from "./key.ts";
import { permutation } from "./permutation.ts";

Deno.test("permutation is a permutation, reproducible", () => {
  const p = permutation(key(1), 1000);
  assert.deepEqual(Array.from(p).sort((a, b) => a - b), [...Array(1000).keys()]);
  assert.deepEqual(permutation(key(1), 1000), p);
  assert.deepEqual(Array.from(permutation(key(1), 0)), []);
  assert.deepEqual(Array.from(permutation(key(1), 1)), [0]);
});

Deno.test("permutation of 4: all 24 orders equally likely (chi-square)", () => {
  // 24000 draws, 1000 expected per order; chi-square with 23 dof has 1% critical value 41.64.
  const keys = split(key(77), 24000);
  const counts = new Map<string, number>();
  for (const k of keys) {
    const s = Array.from(permutation(k, 4)).join("");
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  assert.equal(counts.size, 24);
  let chi2 = 0;
  for (const c of counts.values()) chi2 += (c - 1000) ** 2 / 1000;
  assert.ok(chi2 < 41.64, `chi2=${chi2}`);
});

Deno.test("permutation: bad input", () => {
  assert.throws(() => permutation(key(0), -1), /permutation: argument "n"/);
  assert.throws(() => permutation(key(0), 2 ** 31), /permutation: argument "n" must be an int/);
});
