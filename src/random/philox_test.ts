import assert from "node:assert/strict";
import { mulhi32, philox4x32, philoxBlocks } from "./philox.ts";
import { randomBits } from "./bits.ts";
import { key } from "./key.ts";

// Known-answer vectors of Random123 (file examples/kat_vectors, "philox4x32 10" lines):
// counter (4 words), key (2 words) -> output (4 words).
const KAT: [[number, number, number, number], [number, number], number[]][] = [
  [[0, 0, 0, 0], [0, 0], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]],
  [
    [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
    [0xffffffff, 0xffffffff],
    [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd],
  ],
  [
    [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
    [0xa4093822, 0x299f31d0],
    [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1],
  ],
];

Deno.test("philox4x32-10 matches the Random123 known-answer vectors", () => {
  for (const [ctr, key, want] of KAT) {
    assert.deepEqual(Array.from(philox4x32(ctr, key)), want);
  }
});

Deno.test("philoxBlocks increments the 64-bit counter with carry", () => {
  const out = new Uint32Array(8);
  philoxBlocks(out, 2, 0xa4093822, 0x299f31d0, 0xffffffff, 7, 3, 9);
  assert.deepEqual(
    Array.from(out.subarray(0, 4)),
    Array.from(philox4x32([0xffffffff, 7, 3, 9], [0xa4093822, 0x299f31d0])),
  );
  assert.deepEqual(
    Array.from(out.subarray(4)),
    Array.from(philox4x32([0, 8, 3, 9], [0xa4093822, 0x299f31d0])),
  );
});

Deno.test("mulhi32 equals the BigInt high word on edge and random operands", () => {
  const ref = (a: number, m: number) => Number((BigInt(a) * BigInt(m)) >> 32n);
  const edge = [0, 1, 2, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 0xd2511f53, 0xcd9e8d57];
  for (const a of edge) for (const m of edge) assert.equal(mulhi32(a, m), ref(a, m), `${a}*${m}`);
  const w = randomBits(key(99), 20000);
  for (let i = 0; i < w.length; i += 2) {
    assert.equal(mulhi32(w[i], w[i + 1]), ref(w[i], w[i + 1]));
    assert.equal(mulhi32(w[i], 0xd2511f53), ref(w[i], 0xd2511f53));
  }
});
