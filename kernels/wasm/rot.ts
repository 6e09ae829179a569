// Givens-rotation chains on a row-major f64 matrix resident in linear memory (requested by
// src/linalg, see src/linalg/KERNELS.md): LAPACK dlasr('R', 'V', 'F') on columns k..last.

/**
 * For every row r < rows of x (leading dimension ld elements) and j = k … last−1 in order:
 * (x[r,j], x[r,j+1]) ← (c_j·x[r,j] + s_j·x[r,j+1], c_j·x[r,j+1] − s_j·x[r,j]), with
 * c_j = cs[j], s_j = sn[j]. Two rows per f64x2 vector, four vectors (8 rows) per pass; the
 * carried column stays in registers.
 */
export function rotChainUp(x: usize, ld: i32, rows: i32, k: i32, last: i32, cs: usize, sn: usize): void {
  const ldb = <usize>ld << 3;
  const kb = <usize>k << 3, lb = <usize>last << 3;
  let r = 0;
  // 8 rows at a time: four independent f64x2 chains hide the mul→sub latency of the carry
  for (; r + 7 < rows; r += 8) {
    const p0 = x + <usize>r * ldb;
    const p1 = p0 + ldb, p2 = p1 + ldb, p3 = p2 + ldb, p4 = p3 + ldb, p5 = p4 + ldb, p6 = p5 + ldb, p7 = p6 + ldb;
    let h0 = f64x2.replace_lane(f64x2.splat(load<f64>(p0 + kb)), 1, load<f64>(p1 + kb));
    let h1 = f64x2.replace_lane(f64x2.splat(load<f64>(p2 + kb)), 1, load<f64>(p3 + kb));
    let h2 = f64x2.replace_lane(f64x2.splat(load<f64>(p4 + kb)), 1, load<f64>(p5 + kb));
    let h3 = f64x2.replace_lane(f64x2.splat(load<f64>(p6 + kb)), 1, load<f64>(p7 + kb));
    for (let j = k; j < last; j++) {
      const c = v128.load64_splat(cs + (<usize>j << 3));
      const s = v128.load64_splat(sn + (<usize>j << 3));
      const o = <usize>(j + 1) << 3;
      const a0 = f64x2.replace_lane(f64x2.splat(load<f64>(p0 + o)), 1, load<f64>(p1 + o));
      const a1 = f64x2.replace_lane(f64x2.splat(load<f64>(p2 + o)), 1, load<f64>(p3 + o));
      const a2 = f64x2.replace_lane(f64x2.splat(load<f64>(p4 + o)), 1, load<f64>(p5 + o));
      const a3 = f64x2.replace_lane(f64x2.splat(load<f64>(p6 + o)), 1, load<f64>(p7 + o));
      const o0 = f64x2.add(f64x2.mul(c, h0), f64x2.mul(s, a0));
      const o1 = f64x2.add(f64x2.mul(c, h1), f64x2.mul(s, a1));
      const o2 = f64x2.add(f64x2.mul(c, h2), f64x2.mul(s, a2));
      const o3 = f64x2.add(f64x2.mul(c, h3), f64x2.mul(s, a3));
      h0 = f64x2.sub(f64x2.mul(c, a0), f64x2.mul(s, h0));
      h1 = f64x2.sub(f64x2.mul(c, a1), f64x2.mul(s, h1));
      h2 = f64x2.sub(f64x2.mul(c, a2), f64x2.mul(s, h2));
      h3 = f64x2.sub(f64x2.mul(c, a3), f64x2.mul(s, h3));
      const q = o - 8;
      store<f64>(p0 + q, f64x2.extract_lane(o0, 0));
      store<f64>(p1 + q, f64x2.extract_lane(o0, 1));
      store<f64>(p2 + q, f64x2.extract_lane(o1, 0));
      store<f64>(p3 + q, f64x2.extract_lane(o1, 1));
      store<f64>(p4 + q, f64x2.extract_lane(o2, 0));
      store<f64>(p5 + q, f64x2.extract_lane(o2, 1));
      store<f64>(p6 + q, f64x2.extract_lane(o3, 0));
      store<f64>(p7 + q, f64x2.extract_lane(o3, 1));
    }
    store<f64>(p0 + lb, f64x2.extract_lane(h0, 0));
    store<f64>(p1 + lb, f64x2.extract_lane(h0, 1));
    store<f64>(p2 + lb, f64x2.extract_lane(h1, 0));
    store<f64>(p3 + lb, f64x2.extract_lane(h1, 1));
    store<f64>(p4 + lb, f64x2.extract_lane(h2, 0));
    store<f64>(p5 + lb, f64x2.extract_lane(h2, 1));
    store<f64>(p6 + lb, f64x2.extract_lane(h3, 0));
    store<f64>(p7 + lb, f64x2.extract_lane(h3, 1));
  }
  for (; r + 1 < rows; r += 2) {
    const p0 = x + <usize>r * ldb;
    const p1 = p0 + ldb;
    let h = f64x2.replace_lane(f64x2.splat(load<f64>(p0 + kb)), 1, load<f64>(p1 + kb));
    for (let j = k; j < last; j++) {
      const c = v128.load64_splat(cs + (<usize>j << 3));
      const s = v128.load64_splat(sn + (<usize>j << 3));
      const o = <usize>(j + 1) << 3;
      const a = f64x2.replace_lane(f64x2.splat(load<f64>(p0 + o)), 1, load<f64>(p1 + o));
      const out = f64x2.add(f64x2.mul(c, h), f64x2.mul(s, a));
      store<f64>(p0 + o - 8, f64x2.extract_lane(out, 0));
      store<f64>(p1 + o - 8, f64x2.extract_lane(out, 1));
      h = f64x2.sub(f64x2.mul(c, a), f64x2.mul(s, h));
    }
    store<f64>(p0 + lb, f64x2.extract_lane(h, 0));
    store<f64>(p1 + lb, f64x2.extract_lane(h, 1));
  }
  for (; r < rows; r++) {
    const p = x + <usize>r * ldb;
    let h = load<f64>(p + (<usize>k << 3));
    for (let j = k; j < last; j++) {
      const c = load<f64>(cs + (<usize>j << 3));
      const s = load<f64>(sn + (<usize>j << 3));
      const o = <usize>(j + 1) << 3;
      const a = load<f64>(p + o);
      store<f64>(p + o - 8, c * h + s * a);
      h = c * a - s * h;
    }
    store<f64>(p + (<usize>last << 3), h);
  }
}
