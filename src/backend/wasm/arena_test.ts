import assert from "node:assert/strict";
import { WasmArena } from "./arena.ts";

/** The scalar definition (LAPACK dlasr('R','V','F')) the kernel must match bit for bit. */
function rotChainRef(
  x: Float64Array,
  ld: number,
  rows: number,
  k: number,
  last: number,
  cs: Float64Array,
  sn: Float64Array,
): void {
  for (let r = 0; r < rows; r++) {
    for (let j = k; j < last; j++) {
      const a = x[r * ld + j], b = x[r * ld + j + 1];
      x[r * ld + j] = cs[j] * a + sn[j] * b;
      x[r * ld + j + 1] = cs[j] * b - sn[j] * a;
    }
  }
}

Deno.test("WasmArena.rotChainUp matches the scalar rotation chain bit for bit", () => {
  const arena = new WasmArena(1000);
  for (
    const [rows, cols, k, last, ld] of [[1, 5, 0, 4, 5], [7, 9, 2, 8, 11], [16, 33, 0, 32, 33], [
      5,
      4,
      1,
      1,
      4,
    ]]
  ) {
    arena.reset();
    const x = arena.alloc(rows * ld), cs = arena.alloc(cols), sn = arena.alloc(cols);
    const xv = x.view(), cv = cs.view(), sv = sn.view();
    for (let i = 0; i < xv.length; i++) xv[i] = Math.sin(1.3 * i + rows);
    for (let j = 0; j < cols; j++) {
      const t = 0.7 * j + 0.1;
      cv[j] = Math.cos(t);
      sv[j] = Math.sin(t);
    }
    const ref = xv.slice();
    rotChainRef(ref, ld, rows, k, last, cv, sv);
    arena.rotChainUp(x, { ld, rows, k, last, cs, sn });
    assert.deepEqual(x.view(), ref, `rows=${rows} k=${k} last=${last} ld=${ld}`);
    // rotations are orthogonal: each row's norm is preserved (to rounding, 1e-14 relative)
    for (let r = 0; r < rows; r++) {
      let n0 = 0, n1 = 0;
      for (let j = 0; j < cols; j++) {
        n0 += Math.sin(1.3 * (r * ld + j) + rows) ** 2;
        n1 += x.view()[r * ld + j] ** 2;
      }
      assert.ok(Math.abs(n1 - n0) <= 1e-14 * n0);
    }
  }
});

Deno.test("WasmArena: growth, zero-filled reuse after reset, bad input", () => {
  const arena = new WasmArena();
  const big = arena.alloc(300_000); // grows past the initial memory
  big.view().fill(7);
  assert.equal(big.view()[299_999], 7);
  arena.reset();
  assert.equal(arena.alloc(10).view().every((v) => v === 0), true);
  assert.throws(
    () => arena.alloc(-1),
    /WasmArena.alloc: argument "length" must be a non-negative integer, got -1/,
  );
  assert.throws(() => new WasmArena(1.5), /WasmArena: argument "capacityF64"/);
  const x = arena.alloc(6), c = arena.alloc(2);
  assert.throws(
    () => arena.rotChainUp(x, { ld: 3, rows: 2, k: 0, last: 3, cs: c, sn: c }),
    /WasmArena.rotChainUp: argument "x" must hold 2 rows of leading dimension ld > last = 3/,
  );
  assert.throws(
    () => arena.rotChainUp(x, { ld: 3, rows: 2, k: 0, last: 2, cs: c, sn: arena.alloc(1) }),
    /arguments "cs" and "sn" must hold at least last = 2 elements, got 2 and 1/,
  );
  assert.throws(
    () => arena.rotChainUp(x, { ld: 3, rows: 2, k: 2, last: 1, cs: c, sn: c }),
    /argument "last" must be >= k = 2, got 1/,
  );
});
