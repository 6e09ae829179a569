import assert from "node:assert/strict";
import { ngramEntropies } from "./ngram_entropy.ts";

Deno.test("ngramEntropies: closed forms on small streams", () => {
  // alternating 0 1 0 1 …: H(X) = ln 2, the next symbol is determined: H(X_t|X_{t−1}) = 0
  const alt = Int32Array.from({ length: 100 }, (_, i) => i % 2);
  const a = ngramEntropies(alt, 2);
  assert.ok(Math.abs(a.unigram - Math.LN2) < 1e-15);
  assert.equal(a.bigram, 0);
  // 0 0 1 1: pairs (0,0), (0,1), (1,1) once each; p(·|0) = ½, ½ and p(·|1) = 1:
  // H = ⅓ ln 2 + ⅓ ln 2 + ⅓·0 = ⅔ ln 2
  const b = ngramEntropies(Int32Array.from([0, 0, 1, 1]), 3);
  assert.ok(Math.abs(b.unigram - Math.LN2) < 1e-15);
  assert.ok(Math.abs(b.bigram - (2 / 3) * Math.LN2) < 1e-15);
  // every ordered pair of V symbols once (a de Bruijn cycle, V = 3, unrolled): bigram = ln 3
  const db = Int32Array.from([0, 0, 1, 0, 2, 1, 1, 2, 2, 0]);
  const c = ngramEntropies(db, 3);
  assert.ok(Math.abs(c.bigram - Math.log(3)) < 1e-15);
});

Deno.test("ngramEntropies: bad input is a named error", () => {
  assert.throws(() => ngramEntropies(Int32Array.from([0]), 2), /"tokens"/);
  assert.throws(() => ngramEntropies(Int32Array.from([0, 2]), 2), /ids in \[0, 2\)/);
  assert.throws(() => ngramEntropies(Int32Array.from([0, 1]), 0), /"vocabSize"/);
});
