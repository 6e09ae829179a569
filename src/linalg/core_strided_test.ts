import assert from "node:assert/strict";
import { choleskyF64 } from "./core/cholesky.ts";
import { luF64, luSolveF64 } from "./core/lu.ts";
import { qrF64 } from "./core/qr.ts";
import { eighF64 } from "./core/eigh.ts";
import { svdF64 } from "./core/svd.ts";
import { trsmF64 } from "./core/triangular.ts";
import { gaussian, mm } from "./_testing.ts";

/** Embed the m×n matrix x at (r0, c0) of a larger ld-wide buffer filled with NaN. */
function embed(x: Float64Array, m: number, n: number, ld: number, r0: number, c0: number) {
  const buf = new Float64Array((r0 + m + 1) * ld).fill(NaN);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) buf[(r0 + i) * ld + c0 + j] = x[i * n + j];
  }
  return { buf, off: r0 * ld + c0 };
}

function extract(buf: Float64Array, off: number, m: number, n: number, ld: number) {
  const x = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) x[i * n + j] = buf[off + i * ld + j];
  return x;
}

Deno.test("typed-array cores honour offA/lda and never touch storage outside the matrix", () => {
  const n = 70; // above the block sizes of Cholesky (48) and LU (2·32)
  const ld = 83;
  const g = gaussian(1, n, n);
  const spd = mm(g, g, n, n, n, { transB: true });
  for (let i = 0; i < n; i++) spd[i * n + i] += n;
  // Cholesky
  {
    const ref = spd.slice();
    choleskyF64(ref, { n });
    const { buf, off } = embed(spd, n, n, ld, 3, 5);
    choleskyF64(buf, { n, offA: off, lda: ld });
    assert.deepEqual(extract(buf, off, n, n, ld), ref);
    assert.ok(Number.isNaN(buf[off - 1]) && Number.isNaN(buf[off + n]));
  }
  // LU + solve with strided B
  {
    const ref = g.slice();
    const r1 = luF64(ref, { n });
    const { buf, off } = embed(g, n, n, ld, 2, 1);
    const r2 = luF64(buf, { n, offA: off, lda: ld });
    assert.deepEqual(r2.piv, r1.piv);
    assert.deepEqual(extract(buf, off, n, n, ld), ref);
    const b = gaussian(2, n, 3);
    const x1 = b.slice();
    luSolveF64(ref, r1.piv, x1, { n, nrhs: 3 });
    const bb = embed(b, n, 3, 9, 1, 4);
    luSolveF64(buf, r2.piv, bb.buf, { n, nrhs: 3, offA: off, lda: ld, offB: bb.off, ldb: 9 });
    assert.deepEqual(extract(bb.buf, bb.off, n, 3, 9), x1);
  }
  // QR, eigh, SVD, trsm on a strided view give the same numbers as on a contiguous copy.
  {
    const m = 75;
    const a = gaussian(3, m, n);
    const ref = a.slice();
    const t1 = qrF64(ref, { m, n });
    const { buf, off } = embed(a, m, n, ld, 4, 2);
    const t2 = qrF64(buf, { m, n, offA: off, lda: ld });
    assert.deepEqual(t2, t1);
    assert.deepEqual(extract(buf, off, m, n, ld), ref);
    const s1 = svdF64(a, { m, n });
    assert.equal(svdF64(new Float64Array(0), { m: 0, n: 0 }).s.length, 0);
    const e = embed(a, m, n, ld, 4, 2);
    const s3 = svdF64(e.buf, { m, n, offA: e.off, lda: ld });
    assert.deepEqual(s3.s, s1.s);
    assert.deepEqual(s3.u, s1.u);
    assert.deepEqual(s3.vt, s1.vt);
  }
  {
    const sym = embed(spd, n, n, ld, 1, 1);
    const e1 = eighF64(spd, { n });
    const e2 = eighF64(sym.buf, { n, offA: sym.off, lda: ld });
    assert.deepEqual(e2.values, e1.values);
    assert.deepEqual(e2.vectors, e1.vectors);
    const l = spd.slice();
    choleskyF64(l, { n });
    const b = gaussian(4, n, 2);
    const x1 = b.slice();
    trsmF64(l, x1, { n, nrhs: 2, lower: true, trans: true });
    const lb = embed(l, n, n, ld, 2, 3);
    const bb = embed(b, n, 2, 5, 1, 2);
    trsmF64(lb.buf, bb.buf, {
      n,
      nrhs: 2,
      lower: true,
      trans: true,
      offA: lb.off,
      lda: ld,
      offB: bb.off,
      ldb: 5,
    });
    assert.deepEqual(extract(bb.buf, bb.off, n, 2, 5), x1);
  }
});
