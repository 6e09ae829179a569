import assert from "node:assert/strict";
import {
  add,
  arange,
  argmax,
  array,
  assertClose,
  broadcastTo,
  concat,
  div,
  erf,
  erfc,
  exp,
  expandDims,
  eye,
  fromTyped,
  gt,
  linspace,
  logsumexp,
  matmul,
  max,
  mean,
  mul,
  NDArray,
  norm,
  ones,
  reshape,
  slice,
  squeeze,
  stack,
  std,
  sub,
  sum,
  take,
  transpose,
  variance,
  where,
  zeros,
} from "./mod.ts";

Deno.test("array: creation, shape, strides and nested round trip", () => {
  const a = array([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(a.shape, [2, 3]);
  assert.deepEqual(a.strides, [3, 1]);
  assert.equal(a.dtype, "f64");
  assert.deepEqual(a.toArray(), [[1, 2, 3], [4, 5, 6]]);
  assert.equal(array(3).item(), 3);
  assert.deepEqual(array([1, 2], { dtype: "f32" }).dataSync(), new Float32Array([1, 2]));
  assert.deepEqual(arange(5).toArray(), [0, 1, 2, 3, 4]);
  assert.deepEqual(arange(1, 2, { step: 0.25 }).toArray(), [1, 1.25, 1.5, 1.75]);
  assert.deepEqual(linspace(0, 1, { num: 5 }).toArray(), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(eye(2, { m: 3, k: 1 }).toArray(), [[0, 1, 0], [0, 0, 1]]);
  assert.equal(zeros([0, 3]).size, 0);
  assert.equal(ones([2, 2], { dtype: "f32" }).dtype, "f32");
});

Deno.test("array: views share storage; transpose, slice, reshape, broadcast", () => {
  const a = reshape(arange(12), [3, 4]);
  const t = transpose(a);
  assert.deepEqual(t.shape, [4, 3]);
  assert.equal(t.get(3, 2), 11);
  assert.equal(t.buffer, a.buffer);
  const s = slice(a, [1, 3], [null, null, 2]);
  assert.deepEqual(s.toArray(), [[4, 6], [8, 10]]);
  assert.deepEqual(slice(a, -1).toArray(), [8, 9, 10, 11]);
  assert.deepEqual(slice(a, null, [-2]).toArray(), [[2, 3], [6, 7], [10, 11]]);
  assert.deepEqual(reshape(t, [2, -1]).toArray(), [[0, 4, 8, 1, 5, 9], [2, 6, 10, 3, 7, 11]]);
  const b = broadcastTo(array([1, 2]), [3, 2]);
  assert.deepEqual(b.strides, [0, 1]);
  assert.deepEqual(b.toArray(), [[1, 2], [1, 2], [1, 2]]);
  assert.deepEqual(squeeze(expandDims(arange(3), 0)).shape, [3]);
});

Deno.test("array: concat, stack, take", () => {
  const a = array([[1, 2]]), b = array([[3, 4], [5, 6]]);
  assert.deepEqual(concat([a, b]).toArray(), [[1, 2], [3, 4], [5, 6]]);
  assert.deepEqual(stack([array([1, 2]), array([3, 4])], { axis: 1 }).toArray(), [[1, 3], [2, 4]]);
  assert.deepEqual(take(b, [1, 0, -1]).toArray(), [[5, 6], [3, 4], [5, 6]]);
  assert.deepEqual(take(b, [1], { axis: 1 }).toArray(), [[4], [6]]);
});

Deno.test("array: broadcasting elementwise ops, promotion, where", () => {
  const a = array([[1, 2, 3], [4, 5, 6]]);
  const r = array([10, 20, 30]);
  assert.deepEqual(add(a, r).toArray(), [[11, 22, 33], [14, 25, 36]]);
  assert.deepEqual(sub(a, 1).toArray(), [[0, 1, 2], [3, 4, 5]]);
  assert.deepEqual(mul(2, array([[1], [2]])).toArray(), [[2], [4]]);
  assert.deepEqual(div(transpose(a), array([1, 2])).toArray(), [[1, 2], [2, 2.5], [3, 3]]);
  assert.equal(add(array([1], { dtype: "f32" }), array([1])).dtype, "f64");
  assert.deepEqual(where(gt(a, 3), a, 0).toArray(), [[0, 0, 0], [4, 5, 6]]);
  assertClose(exp(array([0, 1])), [1, Math.E], { rtol: 1e-15 });
});

Deno.test("array: reductions over axes with keepdims", () => {
  const a = reshape(arange(24), [2, 3, 4]);
  assert.deepEqual(sum(a, { axis: [0, 2] }).toArray(), [60, 92, 124]);
  assert.deepEqual(sum(a, { axis: 1, keepdims: true }).shape, [2, 1, 4]);
  assert.equal(mean(a).item(), 11.5);
  assert.deepEqual(max(a, { axis: -1 }).toArray(), [[3, 7, 11], [15, 19, 23]]);
  assert.deepEqual(argmax(array([[1, 9, 3], [7, 2, 7]]), { axis: 1 }).toArray(), [1, 0]);
  assertClose(variance(array([1, 2, 3, 4])).item(), 1.25, { rtol: 1e-15 });
  assertClose(std(array([1, 2, 3, 4]), { ddof: 1 }).item(), Math.sqrt(5 / 3), { rtol: 1e-15 });
  assertClose(norm(array([3e200, 4e200])).item(), 5e200, { rtol: 1e-15 });
  assertClose(logsumexp(array([1000, 1000])).item(), 1000 + Math.log(2), { rtol: 1e-15 });
  // compensated summation: 1 + 1e6 copies of 1e-16 loses nothing
  const v = new Float64Array(1_000_001).fill(1e-16);
  v[0] = 1;
  assertClose(sum(fromTyped(v)).item(), 1 + 1e-10, { rtol: 1e-15 });
});

Deno.test("array: matmul with batches, vectors and transposed views", () => {
  const a = array([[1, 2, 3], [4, 5, 6]]);
  const b = array([[1, 0], [0, 1], [1, 1]]);
  assert.deepEqual(matmul(a, b).toArray(), [[4, 5], [10, 11]]);
  assert.deepEqual(matmul(transpose(b), transpose(a)).toArray(), [[4, 10], [5, 11]]);
  assert.deepEqual(matmul(a, a, { transB: true }).toArray(), [[14, 32], [32, 77]]);
  assert.deepEqual(matmul(array([1, 1]), a).toArray(), [5, 7, 9]);
  assert.deepEqual(matmul(a, array([1, 1, 1])).toArray(), [6, 15]);
  const batch = stack([a, mul(a, 2)]);
  const out = matmul(batch, b);
  assert.deepEqual(out.shape, [2, 2, 2]);
  assert.deepEqual(out.toArray(), [[[4, 5], [10, 11]], [[8, 10], [20, 22]]]);
  // broadcast a single matrix against a batch; k = 0 gives zeros
  assert.deepEqual(matmul(eye(2), batch).toArray(), batch.toArray());
  assert.deepEqual(matmul(zeros([2, 0]), zeros([0, 3])).toArray(), [[0, 0, 0], [0, 0, 0]]);
  // a random-ish strided slice equals the product of its contiguous copy
  const big = reshape(arange(60, undefined, { dtype: "f32" }), [6, 10]);
  const sl = slice(big, [1, 5], [2, 9, 2]);
  const want = matmul(
    array(sl.dataSync(), { shape: [4, 4] }),
    array(sl.dataSync(), { shape: [4, 4] }),
  );
  assertClose(matmul(sl, sl), want, { rtol: 1e-6 });
});

Deno.test("array: erf and erfc to double precision", () => {
  // reference values from mpmath / scipy.special
  assertClose(erf(0.5), 0.5204998778130465, { rtol: 4.5e-16 });
  assertClose(erf(1), 0.8427007929497149, { rtol: 4.5e-16 });
  assertClose(erf(2), 0.9953222650189527, { rtol: 4.5e-16 });
  assertClose(erf(-1.5), -0.9661051464753108, { rtol: 4.5e-16 });
  assertClose(erf(1e-10), 1.1283791670955126e-10, { rtol: 4.5e-16 });
  assertClose(erfc(3), 2.209049699858544e-05, { rtol: 1e-14 });
  assertClose(erfc(5), 1.5374597944280349e-12, { rtol: 1e-14 });
  assertClose(erf(2.9), 0.9999589021219005, { rtol: 4.5e-16 });
});

Deno.test("array: bad input names function, argument, expectation and value", () => {
  assert.throws(
    () => add(array([1, 2]), array([1, 2, 3])),
    /add: shapes \[2\] and \[3\] cannot be broadcast/,
  );
  assert.throws(
    () => matmul(ones([2, 3]), ones([2, 3])),
    /matmul: inner dimensions differ.*3 vs 2/,
  );
  assert.throws(() => reshape(arange(6), [4, -1]), /reshape: cannot infer -1/);
  assert.throws(
    () => zeros([2, -1]),
    /full: argument "shape" must be an array of non-negative integers, got \[2,-1\]/,
  );
  assert.throws(() => zeros([1.5]), /non-negative integers/);
  assert.throws(
    () => sum(ones([2, 2]), { axis: 2 }),
    /sum: argument "axis" must be an integer in \[-2, 1\], got 2/,
  );
  assert.throws(
    () => linspace(0, 1, { num: NaN }),
    /linspace: argument "num" must be a non-negative integer, got NaN/,
  );
  assert.throws(
    () => array([[1, 2], [3]]),
    /array: argument "values" must be a rectangular nested array/,
  );
  assert.throws(() => new NDArray(new Float64Array(3), [2, 2]), /at least 4 elements/);
  assert.throws(
    () => take(arange(3), [3]),
    /take: argument "indices\[0\]" must be an integer in \[-3, 3\), got 3/,
  );
  assert.throws(() => max(zeros([0])), /max: argument "x" must be a non-empty reduction/);
});
