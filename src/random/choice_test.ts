import assert from "node:assert/strict";
import { array } from "../array/creation.ts";
import { key, split } from "./key.ts";
import { choice } from "./choice.ts";

function counts(x: Int32Array, n: number): number[] {
  const c = new Array(n).fill(0);
  for (const v of x) c[v]++;
  return c;
}

Deno.test("choice with replacement: uniform and weighted frequencies within 5 SE", () => {
  const N = 100000;
  const u = counts(choice(key(1), 5, { size: N }), 5);
  for (const c of u) assert.ok(Math.abs(c / N - 0.2) < 5 * Math.sqrt(0.16 / N), `${u}`);
  const p = [0.1, 0, 0.6, 0.3];
  const w = counts(choice(key(2), 4, { size: N, p }), 4);
  assert.equal(w[1], 0);
  for (let i = 0; i < 4; i++) {
    // binomial SE sqrt(p(1−p)/N)
    assert.ok(Math.abs(w[i] / N - p[i]) <= 5 * Math.sqrt(p[i] * (1 - p[i]) / N), `${w}`);
  }
  // unnormalised NDArray weights give the same draws as their normalisation
  assert.deepEqual(
    choice(key(3), 4, { size: 50, p: array([1, 0, 6, 3]) }),
    choice(key(3), 4, { size: 50, p }),
  );
});

Deno.test("choice without replacement: distinct, and the inclusion law of sequential draws", () => {
  const d = choice(key(4), 100, { size: 100, replace: false });
  assert.equal(new Set(d).size, 100);
  const d2 = choice(key(4), 10, { size: 3, replace: false });
  assert.equal(new Set(d2).size, 3);
  // weights (1, 2, 3, 4), size 2: P(first = i) = p_i; P(i drawn at all) = p_i + Σ_{j≠i} p_j·p_i/(1−p_j)
  const p = [0.1, 0.2, 0.3, 0.4];
  const M = 20000;
  const first = new Array(4).fill(0), incl = new Array(4).fill(0);
  for (const k of split(key(5), M)) {
    const s = choice(k, 4, { size: 2, replace: false, p });
    assert.notEqual(s[0], s[1]);
    first[s[0]]++;
    incl[s[0]]++;
    incl[s[1]]++;
  }
  for (let i = 0; i < 4; i++) {
    let pi = p[i];
    for (let j = 0; j < 4; j++) if (j !== i) pi += p[j] * p[i] / (1 - p[j]);
    assert.ok(Math.abs(first[i] / M - p[i]) < 5 * Math.sqrt(p[i] * (1 - p[i]) / M), `${first}`);
    assert.ok(Math.abs(incl[i] / M - pi) < 5 * Math.sqrt(pi * (1 - pi) / M), `${incl} ${i}`);
  }
  // uniform without replacement: each index included with probability size/n
  const inc = new Array(6).fill(0);
  for (const k of split(key(6), M)) {
    for (const v of choice(k, 6, { size: 2, replace: false })) inc[v]++;
  }
  for (const c of inc) assert.ok(Math.abs(c / M - 1 / 3) < 5 * Math.sqrt(2 / 9 / M), `${inc}`);
});

Deno.test("choice: bad input", () => {
  const k = key(0);
  assert.throws(
    () => choice(k, 3, { size: 4, replace: false }),
    /choice: argument "size" must be at most n=3/,
  );
  assert.throws(() => choice(k, 3, { p: [0.5, 0.5] }), /choice: argument "p" must be 3 weights/);
  assert.throws(() => choice(k, 2, { p: [-1, 2] }), /choice: argument "p" must be non-negative/);
  assert.throws(
    () => choice(k, 2, { p: [0, 0] }),
    /choice: argument "p" must be weights with a positive sum/,
  );
  assert.throws(
    () => choice(k, 3, { size: 2, replace: false, p: [1, 0, 0] }),
    /choice: argument "size" must be at most 1 \(the number of positive weights\)/,
  );
  assert.throws(() => choice(k, 0, { size: 1 }), /choice: argument "n" must be a positive/);
  assert.throws(() => choice(k, 3, { size: -1 }), /choice: argument "size"/);
  assert.equal(choice(k, 0, { size: 0 }).length, 0);
});
