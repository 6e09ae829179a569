import assert from "node:assert/strict";
import { array, fromTyped } from "../array/mod.ts";
import { key, normalF64 } from "../random/mod.ts";
import { eigvals } from "../linalg/mod.ts";
import { type DiscreteMap, findFixedPoints, linearMap, rateRnnMap } from "./fixed_points.ts";

const close = (a: number, b: number, tol: number, what = "") =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tol ${tol})`);

Deno.test("findFixedPoints: linear map Ax + b with ρ(A) < 1 → x* = (I − A)⁻¹b, Jacobian A, stable", () => {
  const A = array([[0.5, 0.2, 0], [-0.1, 0.3, 0.1], [0, 0.2, -0.4]]);
  const b = array([1, -2, 0.5]);
  const init = fromTyped(normalF64(key(1), 5 * 3), [5, 3]);
  const fps = findFixedPoints(linearMap(A, b), init, { iters: 200 });
  assert.equal(fps.length, 1);
  // (I − A) x = b solved by hand-independent check: residual
  const a = A.dataSync(), x = fps[0].x;
  for (let i = 0; i < 3; i++) {
    let s = x[i];
    for (let j = 0; j < 3; j++) s -= a[i * 3 + j] * x[j];
    close(s, b.get(i), 1e-10, "(I − A)x* = b");
  }
  assert.equal(fps[0].stability, "stable");
  // the Jacobian is A: same matrix from the map, same spectrum in the record
  const jac = linearMap(A, b).jacobian(Float64Array.from(x));
  jac.forEach((v, i) => assert.equal(v, a[i]));
  const ev = eigvals(A);
  for (let k = 0; k < 3; k++) {
    close(fps[0].eigRe[k], ev.re.get(k), 1e-12, "Re λ");
    close(fps[0].eigIm[k], ev.im.get(k), 1e-12, "Im λ");
  }
});

Deno.test("findFixedPoints: scalar tanh map x ↦ tanh(2x) → {0, ±0.9575}, eigenvalues 2 and ≈ 0.166", () => {
  const w = 2;
  const map: DiscreteMap = {
    dim: 1,
    apply: (x) => x.map((v) => Math.tanh(w * v)),
    vjp: (x, v) => x.map((u, i) => w * (1 - Math.tanh(w * u) ** 2) * v[i]),
    jacobian: (x) => Float64Array.of(w * (1 - Math.tanh(w * x[0]) ** 2)),
  };
  const init = fromTyped(Float64Array.of(-1.5, -0.7, -0.02, 0.01, 0.6, 1.4), [6, 1]);
  const fps = findFixedPoints(map, init, { iters: 300, lr: 0.05 }).sort((p, q) => p.x[0] - q.x[0]);
  assert.equal(fps.length, 3);
  const xs = 0.9575040240772687; // root of x = tanh(2x)
  close(fps[0].x[0], -xs, 1e-9, "−x*");
  close(fps[1].x[0], 0, 1e-9, "0");
  close(fps[2].x[0], xs, 1e-9, "x*");
  close(fps[1].eigRe[0], 2, 1e-9, "λ(0) = w");
  assert.equal(fps[1].stability, "unstable");
  close(fps[2].eigRe[0], w * (1 - xs * xs), 1e-8, "λ(x*) = w(1 − x*²)");
  close(fps[2].eigRe[0], 0.166, 1e-3, "≈ 0.166");
  assert.equal(fps[2].stability, "stable");
});

Deno.test("findFixedPoints: rotation-plus-contraction gives complex eigenvalues of modulus r", () => {
  const r = 0.8, th = 0.5;
  const A = array([[r * Math.cos(th), -r * Math.sin(th)], [r * Math.sin(th), r * Math.cos(th)]]);
  const fps = findFixedPoints(linearMap(A, array([0, 0])), array([[1, 1]]), { iters: 50 });
  assert.equal(fps.length, 1);
  close(Math.hypot(fps[0].eigRe[0], fps[0].eigIm[0]), r, 1e-12, "|λ|");
  close(Math.abs(fps[0].eigIm[0]), r * Math.sin(th), 1e-12, "Im λ");
  // expanding version: unstable with 2 complex unstable modes
  const Ae = array([[1.2 * Math.cos(th), -1.2 * Math.sin(th)], [
    1.2 * Math.sin(th),
    1.2 * Math.cos(th),
  ]]);
  const fe = findFixedPoints(linearMap(Ae, array([0, 0])), array([[0.01, 0]]), { iters: 10 });
  assert.equal(fe[0].stability, "unstable");
  assert.equal(fe[0].complexUnstableModes, 2);
});

Deno.test("rateRnnMap: Jacobian matches central differences; isotropic network J = wI has the tanh fixed points", () => {
  const n = 4, alpha = 0.2;
  const J = fromTyped(normalF64(key(5), n * n, { std: 1.5 / 2 }), [n, n]);
  const B = fromTyped(normalF64(key(6), 2 * n), [2, n]);
  const map = rateRnnMap({ J, B, b: fromTyped(new Float64Array(n), [n]) }, {
    alpha,
    input: [0.3, -0.2],
  });
  const x = normalF64(key(7), n);
  const Jac = map.jacobian(x), h = 1e-6;
  for (let j = 0; j < n; j++) {
    const xp = x.slice(), xm = x.slice();
    xp[j] += h;
    xm[j] -= h;
    const fp = map.apply(xp, 1), fm = map.apply(xm, 1);
    for (let i = 0; i < n; i++) close((fp[i] - fm[i]) / (2 * h), Jac[i * n + j], 1e-8, "∂F/∂x");
  }
  // J = 2I, no input: x* = 2 tanh(x*) per unit → x* ∈ {0, ±1.9150}
  const iso = rateRnnMap(
    { J: array([[2, 0], [0, 2]]), B: array([[0, 0]]), b: array([0, 0]) },
    { alpha, input: [0] },
  );
  const fps = findFixedPoints(iso, array([[2, 2], [-2, 2], [2, -2], [-2, -2], [0.01, 0.02]]), {
    iters: 500,
    lr: 0.05,
  });
  const stable = fps.filter((f) => f.stability === "stable");
  assert.equal(stable.length, 4, "4 stable corners");
  for (const f of stable) {
    for (const v of f.x) close(Math.abs(v), 1.9150080, 1e-6, "x* = 2 tanh x*");
  }
  assert.throws(
    () => rateRnnMap({ J, B, b: J }, { alpha, input: [1] }),
    /rateRnnMap: argument "opts.input" must be 2 values/,
  );
});
