import assert from "node:assert/strict";
import { array, fromTyped } from "../array/mod.ts";
import { kron, trace } from "./products.ts";
import { outer } from "./mod.ts";

Deno.test("trace and kron: closed forms", () => {
  assert.equal(trace(array([[1, 2, 3], [4, 5, 6]])), 6);
  assert.equal(trace(fromTyped(new Float64Array(0), [0, 0])), 0);
  const k = kron(array([[1, 2], [3, 4]]), array([[0, 5], [6, 7]]));
  assert.deepEqual(k.toArray(), [
    [0, 5, 0, 10],
    [6, 7, 12, 14],
    [0, 15, 0, 20],
    [18, 21, 24, 28],
  ]);
  assert.deepEqual(kron(array([1, 2]), array([3, 4, 5])).toArray(), [3, 4, 5, 6, 8, 10]);
  // trace(A ⊗ B) = trace(A)·trace(B).
  const a = array([[1, 2, 0], [0, 3, 1], [2, 2, 2]]);
  const b = array([[4, 1], [1, -1]]);
  assert.equal(trace(kron(a, b)), trace(a) * trace(b));
  assert.deepEqual(outer(array([1, 2]), array([3, 4])).toArray(), [[3, 4], [6, 8]]);
  assert.throws(() => trace(array([1, 2])), /trace: argument "a" must be a 2-D array, got \[2\]/);
  assert.throws(
    () => kron(array([1, 2]), array([[1]])),
    /kron: argument "b" must be an array of the same rank/,
  );
  assert.equal(
    kron(fromTyped(Float32Array.from([1]), [1, 1]), fromTyped(Float32Array.from([2]), [1, 1]))
      .dtype,
    "f32",
  );
});
