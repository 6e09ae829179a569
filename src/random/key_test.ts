import assert from "node:assert/strict";
import { foldIn, key, split } from "./key.ts";
import { randomBits } from "./bits.ts";
import { uniformF64 } from "./uniform.ts";
import { philox4x32 } from "./philox.ts";
import { correlation } from "./testing.ts";

Deno.test("key: words are the 64-bit two's complement of the seed", () => {
  assert.deepEqual([key(0).k0, key(0).k1], [0, 0]);
  assert.deepEqual([key(2 ** 32 + 5).k0, key(2 ** 32 + 5).k1], [5, 1]);
  assert.deepEqual([key(2 ** 53 - 1).k0, key(2 ** 53 - 1).k1], [0xffffffff, 0x1fffff]);
  assert.deepEqual([key(-1).k0, key(-1).k1], [0xffffffff, 0xffffffff]);
  assert.ok(Object.isFrozen(key(3)));
  // the stream is Philox at counters (i, 0, 0, 0)
  const k = key(0xa4093822 + 0x1f31d0 * 2 ** 32);
  assert.deepEqual(
    Array.from(randomBits(k, 8)),
    [
      ...philox4x32([0, 0, 0, 0], [0xa4093822, 0x1f31d0]),
      ...philox4x32([1, 0, 0, 0], [0xa4093822, 0x1f31d0]),
    ],
  );
});

Deno.test("key/split/foldIn: bad input names the function and argument", () => {
  assert.throws(() => key(1.5), /key: argument "seed" must be an integer.*got 1\.5$/);
  assert.throws(() => key(NaN), /key: argument "seed".*got NaN/);
  assert.throws(() => key(2 ** 53), /key: argument "seed"/);
  assert.throws(() => key("3" as unknown as number), /key: argument "seed".*got "3"/);
  assert.throws(() => split(key(0), -1), /split: argument "n" must be an integer.*got -1/);
  assert.throws(() => split(key(0), 2.5), /split: argument "n"/);
  assert.throws(() => split({ k0: 1 } as never), /split: argument "key" must be a Key/);
  assert.throws(() => foldIn(key(0), Infinity), /foldIn: argument "data".*got Infinity/);
  assert.throws(() => randomBits(key(0), -2), /randomBits: argument "n" must be a non-negative/);
});

Deno.test("split and foldIn are deterministic, prefix-stable and distinct", () => {
  const k = key(42);
  const a = split(k, 5), b = split(k, 3);
  for (let i = 0; i < 3; i++) assert.deepEqual(a[i], b[i]);
  assert.deepEqual(split(k), split(k, 2));
  const seen = new Set<string>();
  for (const s of [...split(k, 100), ...Array.from({ length: 100 }, (_, i) => foldIn(k, i))]) {
    seen.add(`${s.k0},${s.k1}`);
  }
  assert.equal(seen.size, 200);
  assert.deepEqual(foldIn(k, 7), foldIn(key(42), 7));
  assert.notDeepEqual(foldIn(k, 7), foldIn(k, -7));
});

Deno.test("same key gives the same numbers regardless of call order", () => {
  const [k1, k2, k3] = split(key(1), 3);
  const first = [uniformF64(k1, 100), uniformF64(k2, 100), uniformF64(k3, 100)];
  const c = uniformF64(k3, 100), b = uniformF64(k2, 100), a = uniformF64(k1, 100);
  assert.deepEqual([a, b, c], first);
  // a shorter draw is a prefix of a longer one
  assert.deepEqual(randomBits(k1, 7), randomBits(k1, 1000).subarray(0, 7));
});

Deno.test("split/foldIn streams are uncorrelated", () => {
  // For independent streams the sample correlation of n pairs has SE 1/√n; 4/√n is a
  // 4-sigma bound (two-sided p ≈ 6e-5 per check).
  const n = 20000, bound = 4 / Math.sqrt(n);
  const parent = key(2026);
  const streams = [
    parent,
    ...split(parent, 3),
    foldIn(parent, 0),
    foldIn(parent, 1),
    key(2027),
    split(split(parent)[0])[1],
  ];
  const xs = streams.map((s) => uniformF64(s, n));
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) {
      const r = correlation(xs[i], xs[j]);
      assert.ok(Math.abs(r) < bound, `streams ${i},${j}: r=${r}, bound ${bound}`);
    }
  }
  // lag-1 autocorrelation within one stream
  const x = xs[0];
  const r1 = correlation(x.subarray(0, n - 1), x.subarray(1));
  assert.ok(Math.abs(r1) < bound, `lag-1 r=${r1}`);
});

Deno.test("randomBits: every bit is fair", () => {
  // 40000 words; each bit position is Binomial(40000, 1/2): SD = 100, 5 SD bound.
  const w = randomBits(key(5), 40000);
  for (let b = 0; b < 32; b++) {
    let c = 0;
    for (let i = 0; i < w.length; i++) c += (w[i] >>> b) & 1;
    assert.ok(Math.abs(c - 20000) < 500, `bit ${b}: ${c}`);
  }
});
