// Double-precision GEMM: C = alpha·op(A)·op(B) + beta·C, row-major, all operands in linear memory.
// BLIS loop order: jc (NC columns) → pc (KC depth, pack B) → ic (MC rows, pack A·alpha)
// → jr (NR) → ir (MR) → register-blocked MR×NR micro-kernel (4×4: 8 f64x2 accumulators).
import { fmaF64 } from "./simd";

const MR: i32 = 4;
const NR: i32 = 4;

// Pack rows [i0, i0+mc) × depth [p0, p0+kc) of op(A), times alpha, into MR-row panels:
// pa[(ip·kc + p)·MR + ii] = alpha·A[i0 + ip·MR + ii, p0 + p]; rows past mc are zero.
function packA(transA: i32, a: usize, lda: i32, i0: i32, p0: i32, mc: i32, kc: i32, alpha: f64, pa: usize): void {
  const va = f64x2.splat(alpha);
  for (let ip = 0; ip < mc; ip += MR) {
    const rows = min(MR, mc - ip);
    if (transA) {
      // A[i,p] at a[p·lda + i]: MR consecutive i are contiguous
      let src = a + ((<usize>p0 * lda + i0 + ip) << 3);
      if (rows == MR) {
        for (let p = 0; p < kc; p++) {
          v128.store(pa, f64x2.mul(v128.load(src), va));
          v128.store(pa, f64x2.mul(v128.load(src, 16), va), 16);
          src += <usize>lda << 3;
          pa += MR << 3;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          for (let ii = 0; ii < MR; ii++) {
            store<f64>(pa + (ii << 3), ii < rows ? alpha * load<f64>(src + (ii << 3)) : 0);
          }
          src += <usize>lda << 3;
          pa += MR << 3;
        }
      }
    } else {
      // A[i,p] at a[i·lda + p]: gather one element from each of MR rows
      const r0 = a + ((<usize>(i0 + ip) * lda + p0) << 3);
      const ld = <usize>lda << 3;
      if (rows == MR) {
        for (let p = 0; p < kc; p++) {
          const s = r0 + (<usize>p << 3);
          let v = f64x2.splat(load<f64>(s));
          v = f64x2.replace_lane(v, 1, load<f64>(s + ld));
          let w = f64x2.splat(load<f64>(s + 2 * ld));
          w = f64x2.replace_lane(w, 1, load<f64>(s + 3 * ld));
          v128.store(pa, f64x2.mul(v, va));
          v128.store(pa, f64x2.mul(w, va), 16);
          pa += MR << 3;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          const s = r0 + (<usize>p << 3);
          for (let ii = 0; ii < MR; ii++) {
            store<f64>(pa + (ii << 3), ii < rows ? alpha * load<f64>(s + <usize>ii * ld) : 0);
          }
          pa += MR << 3;
        }
      }
    }
  }
}

// Pack depth [p0, p0+kc) × columns [j0, j0+nc) of op(B) into NR-column panels:
// pb[(jp·kc + p)·NR + jj] = B[p0 + p, j0 + jp·NR + jj]; columns past nc are zero.
function packB(transB: i32, b: usize, ldb: i32, p0: i32, j0: i32, kc: i32, nc: i32, pb: usize): void {
  const ld = <usize>ldb << 3;
  for (let jp = 0; jp < nc; jp += NR) {
    const cols = min(NR, nc - jp);
    if (!transB) {
      // B[p,j] at b[p·ldb + j]: NR consecutive j are contiguous
      let src = b + ((<usize>p0 * ldb + j0 + jp) << 3);
      if (cols == NR) {
        for (let p = 0; p < kc; p++) {
          v128.store(pb, v128.load(src));
          v128.store(pb, v128.load(src, 16), 16);
          src += ld;
          pb += NR << 3;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          for (let jj = 0; jj < NR; jj++) {
            store<f64>(pb + (jj << 3), jj < cols ? load<f64>(src + (jj << 3)) : 0);
          }
          src += ld;
          pb += NR << 3;
        }
      }
    } else {
      // B[p,j] at b[j·ldb + p]: each column of op(B) is a contiguous run over p
      const c0 = b + ((<usize>(j0 + jp) * ldb + p0) << 3);
      for (let p = 0; p < kc; p++) {
        const s = c0 + (<usize>p << 3);
        for (let jj = 0; jj < NR; jj++) {
          store<f64>(pb + (jj << 3), jj < cols ? load<f64>(s + <usize>jj * ld) : 0);
        }
        pb += NR << 3;
      }
    }
  }
}

// C[0:mr, 0:nr] (row stride ldc elements) ← acc + (first ? beta·C : C); beta = 0 never reads C.
// The MR×NR tile is computed in full from zero-padded panels; only mr×nr of it is written.
function micro(pa: usize, pb: usize, kc: i32, c: usize, ldc: i32, first: i32, beta: f64, mr: i32, nr: i32, tmp: usize): void {
  let c00 = f64x2.splat(0), c01 = f64x2.splat(0);
  let c10 = f64x2.splat(0), c11 = f64x2.splat(0);
  let c20 = f64x2.splat(0), c21 = f64x2.splat(0);
  let c30 = f64x2.splat(0), c31 = f64x2.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load64_splat(pa);
    c00 = fmaF64(a, b0, c00);
    c01 = fmaF64(a, b1, c01);
    a = v128.load64_splat(pa, 8);
    c10 = fmaF64(a, b0, c10);
    c11 = fmaF64(a, b1, c11);
    a = v128.load64_splat(pa, 16);
    c20 = fmaF64(a, b0, c20);
    c21 = fmaF64(a, b1, c21);
    a = v128.load64_splat(pa, 24);
    c30 = fmaF64(a, b0, c30);
    c31 = fmaF64(a, b1, c31);
    pa += MR << 3;
    pb += NR << 3;
  }
  const ld = <usize>ldc << 3;
  if (mr == MR && nr == NR) {
    if (first && beta == 0) {
      v128.store(c, c00); v128.store(c, c01, 16); c += ld;
      v128.store(c, c10); v128.store(c, c11, 16); c += ld;
      v128.store(c, c20); v128.store(c, c21, 16); c += ld;
      v128.store(c, c30); v128.store(c, c31, 16);
    } else if (!first || beta == 1) {
      v128.store(c, f64x2.add(v128.load(c), c00)); v128.store(c, f64x2.add(v128.load(c, 16), c01), 16); c += ld;
      v128.store(c, f64x2.add(v128.load(c), c10)); v128.store(c, f64x2.add(v128.load(c, 16), c11), 16); c += ld;
      v128.store(c, f64x2.add(v128.load(c), c20)); v128.store(c, f64x2.add(v128.load(c, 16), c21), 16); c += ld;
      v128.store(c, f64x2.add(v128.load(c), c30)); v128.store(c, f64x2.add(v128.load(c, 16), c31), 16);
    } else {
      const vb = f64x2.splat(beta);
      v128.store(c, fmaF64(vb, v128.load(c), c00)); v128.store(c, fmaF64(vb, v128.load(c, 16), c01), 16); c += ld;
      v128.store(c, fmaF64(vb, v128.load(c), c10)); v128.store(c, fmaF64(vb, v128.load(c, 16), c11), 16); c += ld;
      v128.store(c, fmaF64(vb, v128.load(c), c20)); v128.store(c, fmaF64(vb, v128.load(c, 16), c21), 16); c += ld;
      v128.store(c, fmaF64(vb, v128.load(c), c30)); v128.store(c, fmaF64(vb, v128.load(c, 16), c31), 16);
    }
    return;
  }
  v128.store(tmp, c00); v128.store(tmp, c01, 16);
  v128.store(tmp, c10, 32); v128.store(tmp, c11, 48);
  v128.store(tmp, c20, 64); v128.store(tmp, c21, 80);
  v128.store(tmp, c30, 96); v128.store(tmp, c31, 112);
  for (let i = 0; i < mr; i++) {
    const row = c + <usize>i * ld;
    const t = tmp + (<usize>(i * NR) << 3);
    for (let j = 0; j < nr; j++) {
      const q = row + (<usize>j << 3);
      const v = load<f64>(t + (<usize>j << 3));
      if (first && beta == 0) store<f64>(q, v);
      else if (!first) store<f64>(q, load<f64>(q) + v);
      else store<f64>(q, v + beta * load<f64>(q));
    }
  }
}

// C ← beta·C over m×n (used when alpha = 0 or k = 0); beta = 0 writes zeros without reading.
function scaleC(m: i32, n: i32, beta: f64, c: usize, ldc: i32): void {
  for (let i = 0; i < m; i++) {
    const row = c + ((<usize>i * ldc) << 3);
    for (let j = 0; j < n; j++) {
      const q = row + (<usize>j << 3);
      store<f64>(q, beta == 0 ? 0 : beta * load<f64>(q));
    }
  }
}

/** Bytes of scratch `dgemm` needs at `work` for block sizes mc, kc, nc. */
export function dgemmWorkBytes(mc: i32, kc: i32, nc: i32): i32 {
  const mcp = (mc + MR - 1) / MR * MR;
  const ncp = (nc + NR - 1) / NR * NR;
  return (mcp * kc + kc * ncp + MR * NR) * 8 + 64;
}

/**
 * C = alpha·op(A)·op(B) + beta·C (row-major; all pointers are byte addresses in this memory,
 * leading dimensions in elements). Blocking: mcBlk rows of A and kcBlk depth per packed A
 * block, ncBlk columns per packed B panel. `work` holds dgemmWorkBytes(mcBlk, kcBlk, ncBlk),
 * 16-byte aligned.
 */
export function dgemm(
  transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, beta: f64, c: usize, ldc: i32,
  mcBlk: i32, kcBlk: i32, ncBlk: i32, work: usize,
): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0 || alpha == 0) {
    scaleC(m, n, beta, c, ldc);
    return;
  }
  const mcp = (mcBlk + MR - 1) / MR * MR;
  const ncp = (ncBlk + NR - 1) / NR * NR;
  const pa = work;
  const pb = pa + ((<usize>mcp * kcBlk) << 3);
  const tmp = pb + ((<usize>kcBlk * ncp) << 3);
  for (let jc = 0; jc < n; jc += ncBlk) {
    const nc = min(ncBlk, n - jc);
    for (let pc = 0; pc < k; pc += kcBlk) {
      const kc = min(kcBlk, k - pc);
      const first = pc == 0 ? 1 : 0;
      packB(transB, b, ldb, pc, jc, kc, nc, pb);
      for (let ic = 0; ic < m; ic += mcBlk) {
        const mc = min(mcBlk, m - ic);
        packA(transA, a, lda, ic, pc, mc, kc, alpha, pa);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const pbj = pb + ((<usize>jr * kc) << 3);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const cp = c + ((<usize>(ic + ir) * ldc + jc + jr) << 3);
            micro(pa + ((<usize>ir * kc) << 3), pbj, kc, cp, ldc, first, beta, mr, nr, tmp);
          }
        }
      }
    }
  }
}
