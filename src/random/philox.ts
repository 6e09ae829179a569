/**
 * Philox-4x32-10, the counter-based block cipher of Salmon, Moraes, Dror and Shaw,
 * "Parallel random numbers: as easy as 1, 2, 3" (SC'11), as implemented in Random123.
 *
 * Plain TypeScript with exact uint32 arithmetic: the low half of each 32×32-bit product comes
 * from `Math.imul`, the high half from the float64 product corrected by the low half
 * (see {@link mulhi32}).
 *
 * @module
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
const INV32 = 2.3283064365386963e-10; // 2^-32

/**
 * High 32 bits of the 64-bit product a·m of two uint32 values, exactly.
 *
 * With lo = (a·m) mod 2^32 exact from `Math.imul`, the float64 product fl(a·m) is within
 * 2^10 of a·m (53-bit significand, a·m < 2^64) and fl(fl(a·m) − lo) within 2^11 of
 * hi·2^32, so (fl(a·m) − lo)·2^−32 is within 2^−21 of the integer hi and rounding recovers it.
 *
 * @param a uint32
 * @param m uint32
 * @returns ⌊a·m / 2^32⌋
 */
export function mulhi32(a: number, m: number): number {
  const lo = Math.imul(a, m) >>> 0;
  return Math.round((a * m - lo) * INV32);
}

/**
 * Fills `out[4·b .. 4·b+3]` for b = 0..nBlocks-1 with Philox-4x32-10 of the counter
 * (c0 + b (with carry into c1), c1, c2, c3) under the key (k0, k1).
 *
 * @param out destination, length ≥ 4·nBlocks; written from index 0
 * @param nBlocks number of 128-bit blocks to produce
 * @param k0 key word 0 (uint32)
 * @param k1 key word 1 (uint32)
 * @param c0 counter word 0 of the first block (uint32)
 * @param c1 counter word 1 of the first block (uint32)
 * @param c2 counter word 2 (uint32, constant over the blocks)
 * @param c3 counter word 3 (uint32, constant over the blocks)
 */
export function philoxBlocks(
  out: Uint32Array,
  nBlocks: number,
  k0: number,
  k1: number,
  c0: number,
  c1: number,
  c2: number,
  c3: number,
): void {
  for (let b = 0; b < nBlocks; b++) {
    let x0 = c0 >>> 0, x1 = c1 >>> 0, x2 = c2 >>> 0, x3 = c3 >>> 0;
    let key0 = k0 >>> 0, key1 = k1 >>> 0;
    for (let r = 0; r < 10; r++) {
      if (r > 0) {
        key0 = (key0 + W0) >>> 0;
        key1 = (key1 + W1) >>> 0;
      }
      // mulhilo as in mulhi32, inlined
      const lo0 = Math.imul(x0, M0) >>> 0;
      const lo1 = Math.imul(x2, M1) >>> 0;
      const hi0 = Math.round((x0 * M0 - lo0) * INV32);
      const hi1 = Math.round((x2 * M1 - lo1) * INV32);
      x0 = (hi1 ^ x1 ^ key0) >>> 0;
      x1 = lo1;
      x2 = (hi0 ^ x3 ^ key1) >>> 0;
      x3 = lo0;
    }
    const o = 4 * b;
    out[o] = x0;
    out[o + 1] = x1;
    out[o + 2] = x2;
    out[o + 3] = x3;
    // 64-bit counter increment over (c0, c1)
    c0 = (c0 + 1) >>> 0;
    if (c0 === 0) c1 = (c1 + 1) >>> 0;
  }
}

/**
 * One Philox-4x32-10 block: the bijection of the 128-bit counter `ctr` under the 64-bit key
 * `key` (Random123's `philox4x32_10`). Used by the known-answer tests; samplers call
 * {@link philoxBlocks}.
 *
 * @param ctr four uint32 counter words
 * @param key two uint32 key words
 * @returns the four uint32 output words
 */
export function philox4x32(
  ctr: readonly [number, number, number, number],
  key: readonly [number, number],
): Uint32Array {
  const out = new Uint32Array(4);
  philoxBlocks(out, 1, key[0], key[1], ctr[0], ctr[1], ctr[2], ctr[3]);
  return out;
}
