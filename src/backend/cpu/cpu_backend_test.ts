import assert from "node:assert/strict";
import { cpuBackend as cpu } from "./cpu_backend.ts";

Deno.test("cpu gemm: 2x3 · 3x2 by hand, transposes, alpha/beta", () => {
  // A = [[1,2,3],[4,5,6]], B = [[7,8],[9,10],[11,12]] -> AB = [[58,64],[139,154]]
  const a = new Float64Array([1, 2, 3, 4, 5, 6]);
  const b = new Float64Array([7, 8, 9, 10, 11, 12]);
  const c = new Float64Array([1, 1, 1, 1]);
  cpu.gemm({
    transA: false,
    transB: false,
    m: 2,
    n: 2,
    k: 3,
    alpha: 2,
    a,
    offA: 0,
    lda: 3,
    b,
    offB: 0,
    ldb: 2,
    beta: 10,
    c,
    offC: 0,
    ldc: 2,
  });
  assert.deepEqual([...c], [126, 138, 288, 318]);
  // Aᵀ stored (3x2) and Bᵀ stored (2x3)
  const at = new Float64Array([1, 4, 2, 5, 3, 6]);
  const bt = new Float64Array([7, 9, 11, 8, 10, 12]);
  const c2 = new Float64Array([NaN, NaN, NaN, NaN]);
  cpu.gemm({
    transA: true,
    transB: true,
    m: 2,
    n: 2,
    k: 3,
    alpha: 1,
    a: at,
    offA: 0,
    lda: 2,
    b: bt,
    offB: 0,
    ldb: 3,
    beta: 0,
    c: c2,
    offC: 0,
    ldc: 2,
  });
  assert.deepEqual([...c2], [58, 64, 139, 154]);
});

Deno.test("cpu gemv, dot, axpy, scal with strides and offsets", () => {
  const a = new Float64Array([1, 2, 3, 4, 5, 6]); // 2x3
  const x = new Float64Array([9, 1, 9, 1, 9, 1]); // x = [1,1,1] at off 1 inc 2
  const y = new Float64Array([0, 0]);
  cpu.gemv({
    trans: false,
    m: 2,
    n: 3,
    alpha: 1,
    a,
    offA: 0,
    lda: 3,
    x,
    offX: 1,
    incX: 2,
    beta: 0,
    y,
    offY: 0,
    incY: 1,
  });
  assert.deepEqual([...y], [6, 15]);
  const yt = new Float64Array([1, 1, 1]);
  cpu.gemv({
    trans: true,
    m: 2,
    n: 3,
    alpha: 1,
    a,
    offA: 0,
    lda: 3,
    x: new Float64Array([1, -1]),
    offX: 1,
    incX: -1,
    beta: 1,
    y: yt,
    offY: 0,
    incY: 1,
  });
  // x read backwards = [-1, 1]; Aᵀx = [3,3,3]
  assert.deepEqual([...yt], [4, 4, 4]);
  assert.equal(cpu.dot(3, a, 0, 2, a, 1, 2), 1 * 2 + 3 * 4 + 5 * 6);
  const z = new Float32Array([1, 2, 3]);
  cpu.axpy(3, 2, new Float32Array([1, 1, 1]), 0, 1, z, 2, -1);
  assert.deepEqual([...z], [3, 4, 5]);
  cpu.scal(2, -1, z, 0, 2);
  assert.deepEqual([...z], [-3, 4, -5]);
});

Deno.test("cpu nrm2 does not overflow or underflow", () => {
  // scaling costs one rounding per step: a few ulps (1e-15 relative)
  const rel = (x: number, y: number) => Math.abs(x - y) / y;
  assert.ok(rel(cpu.nrm2(2, new Float64Array([3e200, 4e200]), 0, 1), 5e200) < 1e-15);
  assert.ok(rel(cpu.nrm2(2, new Float64Array([3e-200, 4e-200]), 0, 1), 5e-200) < 1e-15);
  assert.equal(cpu.nrm2(0, new Float64Array(0), 0, 1), 0);
  assert.ok(Number.isNaN(cpu.nrm2(2, new Float64Array([NaN, Infinity]), 0, 1)));
  assert.equal(cpu.nrm2(2, new Float64Array([1, -Infinity]), 0, 1), Infinity);
});

Deno.test("cpu kernels reject bad input with named arguments", () => {
  const a = new Float64Array(4);
  const base = {
    transA: false,
    transB: false,
    m: 2,
    n: 2,
    k: 2,
    alpha: 1,
    a,
    offA: 0,
    lda: 2,
    b: a,
    offB: 0,
    ldb: 2,
    beta: 0,
    c: new Float64Array(4),
    offC: 0,
    ldc: 2,
  };
  assert.throws(
    () => cpu.gemm({ ...base, m: -1 }),
    /gemm: argument "m" must be a non-negative integer, got -1/,
  );
  assert.throws(() => cpu.gemm({ ...base, k: 2.5 }), /argument "k"/);
  assert.throws(
    () => cpu.gemm({ ...base, n: NaN }),
    /argument "n" must be a non-negative integer, got NaN/,
  );
  assert.throws(() => cpu.gemm({ ...base, lda: 3 }), /gemm: argument "a" must hold a 2x2 matrix/);
  assert.throws(() => cpu.gemm({ ...base, ldc: 1 }), /argument "ldc" must be >= n/);
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => cpu.gemm({ ...base, c: new Float32Array(4) } as any),
    /gemm: argument "c" must have the dtype of "a" \(f64\), got f32/,
  );
  assert.throws(() => cpu.dot(3, a, 0, 2, a, 0, 1), /dot: argument "x" must hold indices/);
  assert.throws(
    () => cpu.scal(2, 1, a, 0, 0),
    /scal: argument "incX" must be a nonzero integer, got 0/,
  );
  assert.throws(
    () => cpu.nrm2(2, [1, 2] as unknown as Float64Array, 0, 1),
    /nrm2: argument "x" must be a Float32Array or Float64Array, got Array\(2\)/,
  );
});
