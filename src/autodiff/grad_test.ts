import assert from "node:assert/strict";
import { array } from "../array/creation.ts";
import { assertClose } from "../array/testing.ts";
import type { NDArray } from "../array/ndarray.ts";
import {
  assertSameTree,
  customVjp,
  grad,
  hvpFiniteDifference,
  matmul,
  mul,
  profilePrims,
  reshape,
  stopGradient,
  sum,
  treeLeaves,
  TreeMismatchError,
  valueAndGrad,
} from "./mod.ts";

Deno.test("grad over a nested tree: d/dW Σ(Wx)² = 2(Wx)xᵀ, unused leaves get zeros", () => {
  const p = { lin: { w: array([[1, 2], [3, 4]]) }, unused: [array([5])] };
  const x = array([[1], [-1]]);
  const f = (q: typeof p, xx: NDArray) => {
    const y = matmul(q.lin.w, xx);
    return sum(mul(y, y));
  };
  const { value, grad: g } = valueAndGrad(f)(p, x);
  assert.equal(value.item(), 1 + 1);
  // y = [-1, -1]; dW = 2 y xᵀ = [[-2, 2], [-2, 2]]
  assertClose(g.lin.w.dataSync(), [-2, 2, -2, 2]);
  assertClose(g.unused[0].dataSync(), [0]);
  assert.deepEqual(treeLeaves(g).map((l) => l.path), ["lin.w", "unused.0"]);
});

Deno.test("stopGradient blocks the gradient; the same array used twice accumulates", () => {
  const f = (p: NDArray[]) => sum(mul(p[0], stopGradient(p[0])));
  assertClose(grad(f)([array([3])])[0].item(), 3);
  const h = (p: NDArray[]) => sum(mul(p[0], p[0]));
  assertClose(grad(h)([array([3])])[0].item(), 6);
});

Deno.test("customVjp uses the given backward rule (a non-gradient learning rule)", () => {
  const fb = customVjp("feedback", (x) => mul(x, 2), (g) => [mul(g, -1)]);
  assertClose(grad((p: NDArray[]) => sum(fb(p[0])))([array([1, 2])])[0].dataSync(), [-1, -1]);
});

Deno.test("bad inputs: non-scalar objective, nesting, mismatched trees", () => {
  assert.throws(
    () => valueAndGrad((p: NDArray[]) => mul(p[0], 2))([array([1, 2])]),
    /valueAndGrad: argument "f" must be a function returning a size-1 NDArray/,
  );
  const inner = grad((p: NDArray[]) => sum(p[0]));
  assert.throws(
    () => grad((p: NDArray[]) => sum(inner(p)[0]))([array([1])]),
    /nested differentiation/,
  );
  assert.throws(
    () => assertSameTree("update", { w: array([1, 2]) }, { w: array([1]) }, { argB: "grads" }),
    (e: Error) =>
      e instanceof TreeMismatchError && /leaf "w" has shape \[2\] in "a" but \[1\] in "grads"/
        .test(e.message),
  );
  assert.throws(
    () => assertSameTree("update", { w: array([1]) }, { v: array([1]) }),
    /"a" has a leaf "w" that "b" lacks/,
  );
  assert.throws(() => treeLeaves({ w: 3 } as never), /leaf "w" must be an NDArray/);
});

Deno.test("profilePrims times forward and VJP of each primitive, only while profiling", () => {
  const f = (p: NDArray[]) => sum(matmul(p[0], p[0]));
  const { result, ms } = profilePrims(() => grad(f)([array([[1, 2], [3, 4]])]));
  // ∂/∂A_ij Σ(AA) = Σ_k A_jk + Σ_k A_ki
  assertClose(result[0].dataSync(), [7, 11, 9, 13]);
  for (const k of ["matmul.fwd", "matmul.bwd", "sum.fwd", "sum.bwd"]) {
    assert.ok(typeof ms[k] === "number" && ms[k] >= 0, k);
  }
});

Deno.test("hvpFiniteDifference: exact for a quadratic, O(ε²) for a quartic", () => {
  // f = ½ wᵀAw with A = [[2, 1], [1, 3]]: H v = A v
  const A = array([[2, 1], [1, 3]]);
  const f = (p: { w: NDArray }) =>
    mul(sum(mul(matmul(A, reshape(p.w, [2, 1])), reshape(p.w, [2, 1]))), 0.5);
  const hv = hvpFiniteDifference(f, { w: array([0.3, -0.7]) }, { w: array([1, 2]) });
  assertClose(hv.w.dataSync(), [4, 7], { rtol: 1e-9 });
  // f = Σ w⁴/4: H = diag(3w²)
  const g = (p: { w: NDArray }) => mul(sum(mul(mul(p.w, p.w), mul(p.w, p.w))), 0.25);
  const h2 = hvpFiniteDifference(g, { w: array([1, -2]) }, { w: array([1, 1]) });
  assertClose(h2.w.dataSync(), [3, 12], { rtol: 1e-7 });
  assert.throws(
    () => hvpFiniteDifference(g, { w: array([1, -2]) }, { v: array([1, 1]) } as never),
    /hvpFiniteDifference: "params" has a leaf "w" that "v" lacks/,
  );
});
