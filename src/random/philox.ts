/**
 * Philox-4x32-10, the counter-based block cipher of Salmon, Moraes, Dror and Shaw,
 * "Parallel random numbers: as easy as 1, 2, 3" (SC'11), as implemented in Random123.
 *
 * Plain TypeScript with exact uint32 arithmetic: the low half of each 32×32-bit product comes
 * from `Math.imul`, the high half from a split into 16-bit halves whose partial products are
 * exact in float64.
 *
 * @module
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const M0_HI = M0 >>> 16;
const M0_LO = M0 & 0xffff;
const M1_HI = M1 >>> 16;
const M1_LO = M1 & 0xffff;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
const INV16 = 1 / 65536;

/** High 32 bits of the 64-bit product a·(mHi·2^16 + mLo) for a, m < 2^32 (exact). */
function mulhi(a: number, mHi: number, mLo: number): number {
  // a·m = a·mHi·2^16 + a·mLo, both partial products < 2^48 (exact in float64);
  // floor(a·m / 2^32) = floor((a·mHi + floor(a·mLo / 2^16)) / 2^16). Both quotients lie in
  // [0, 2^32), where `>>> 0` (ToUint32) truncates, i.e. floors; scaling by 2^-16 is exact.
  return ((a * mHi + ((a * mLo * INV16) >>> 0)) * INV16) >>> 0;
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
      const hi0 = mulhi(x0, M0_HI, M0_LO);
      const lo0 = Math.imul(x0, M0) >>> 0;
      const hi1 = mulhi(x2, M1_HI, M1_LO);
      const lo1 = Math.imul(x2, M1) >>> 0;
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
