// GEMV on a row-major A (m×n, leading dimension lda elements) with contiguous x and y:
// y ← alpha·op(A)·x + beta·y. beta = 0 never reads y; alpha = 0 never reads A or x.
import { saxpy, daxpy, sdot, ddot } from "./level1";

/** f32 GEMV; trans = 1 uses Aᵀ (then x has m elements and y has n). */
export function sgemv(trans: i32, m: i32, n: i32, alpha: f32, a: usize, lda: i32, x: usize, beta: f32, y: usize): void {
  const ny = trans ? n : m;
  // y ← beta·y first (beta = 0 writes zeros without reading)
  if (beta != 1) {
    for (let i = 0; i < ny; i++) {
      const q = y + (<usize>i << 2);
      store<f32>(q, beta == 0 ? 0 : beta * load<f32>(q));
    }
  }
  if (alpha == 0) return;
  const ld = <usize>lda << 2;
  if (!trans) {
    for (let i = 0; i < m; i++) {
      const q = y + (<usize>i << 2);
      store<f32>(q, load<f32>(q) + alpha * sdot(n, a + <usize>i * ld, x));
    }
  } else {
    // y += (alpha·x[i])·A[i,:] row by row: streams A once
    for (let i = 0; i < m; i++) saxpy(n, alpha * load<f32>(x + (<usize>i << 2)), a + <usize>i * ld, y);
  }
}

/** f64 GEMV; trans = 1 uses Aᵀ (then x has m elements and y has n). */
export function dgemv(trans: i32, m: i32, n: i32, alpha: f64, a: usize, lda: i32, x: usize, beta: f64, y: usize): void {
  const ny = trans ? n : m;
  if (beta != 1) {
    for (let i = 0; i < ny; i++) {
      const q = y + (<usize>i << 3);
      store<f64>(q, beta == 0 ? 0 : beta * load<f64>(q));
    }
  }
  if (alpha == 0) return;
  const ld = <usize>lda << 3;
  if (!trans) {
    for (let i = 0; i < m; i++) {
      const q = y + (<usize>i << 3);
      store<f64>(q, load<f64>(q) + alpha * ddot(n, a + <usize>i * ld, x));
    }
  } else {
    for (let i = 0; i < m; i++) daxpy(n, alpha * load<f64>(x + (<usize>i << 3)), a + <usize>i * ld, y);
  }
}
