import assert from "node:assert/strict";
import { array, fromTyped } from "../array/mod.ts";
import { key, normalF64 } from "../random/mod.ts";
import { eigvals, eigvalsF64 } from "./eigvals.ts";
import { eigvalsh } from "./eigh.ts";
import { inv } from "./lu.ts";
import { matmul } from "../array/mod.ts";

const sortPairs = (re: ArrayLike<number>, im: ArrayLike<number>) =>
  Array.from(re, (r, i) => [r, im[i]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);

Deno.test("eigvals: 2×2 rotation-scaling ρ·R(φ) has ρe^{±iφ}", () => {
  const rho = 0.9, phi = 0.7;
  const c = rho * Math.cos(phi), s = rho * Math.sin(phi);
  const { re, im } = eigvals(array([[c, -s], [s, c]]));
  for (let k = 0; k < 2; k++) {
    assert.ok(Math.abs(re.get(k) - c) < 1e-14);
    assert.ok(Math.abs(Math.abs(im.get(k)) - s) < 1e-14);
  }
  assert.ok(im.get(0) > 0 && im.get(1) < 0, "conjugate pair, positive part first");
});

Deno.test("eigvals: symmetric matrices agree with eigvalsh to 1e-10", () => {
  for (const n of [1, 2, 3, 7, 20]) {
    const g = normalF64(key(n), n * n);
    const s = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) s[i * n + j] = g[i * n + j] + g[j * n + i];
    }
    const { re, im } = eigvals(fromTyped(s, [n, n]));
    const ref = Array.from(eigvalsh(fromTyped(s, [n, n])).dataSync()).sort((a, b) => a - b);
    const got = Array.from(re.dataSync()).sort((a, b) => a - b);
    got.forEach((v, i) => assert.ok(Math.abs(v - ref[i]) < 1e-10, `n=${n}: ${v} vs ${ref[i]}`));
    im.dataSync().forEach((v) => assert.equal(v, 0));
  }
});

Deno.test("eigvals: A = V·D·V⁻¹ with known real and complex blocks (n = 9)", () => {
  // D block-diagonal: real 1.5, −0.3, 0.02, and 2×2 blocks a ± ib for (0.5, 1.2), (−1, 0.1), (0, 3)
  const n = 9;
  const d = new Float64Array(n * n);
  const reals = [1.5, -0.3, 0.02];
  reals.forEach((v, i) => (d[i * n + i] = v));
  const pairs = [[0.5, 1.2], [-1, 0.1], [0, 3]];
  pairs.forEach(([a, b], k) => {
    const i = 3 + 2 * k;
    d[i * n + i] = a;
    d[(i + 1) * n + i + 1] = a;
    d[i * n + i + 1] = -b;
    d[(i + 1) * n + i] = b;
  });
  const v = fromTyped(normalF64(key(7), n * n), [n, n]);
  const A = matmul(matmul(v, fromTyped(d, [n, n])), inv(v));
  const { re, im } = eigvals(A);
  const want = sortPairs(
    [...reals, ...pairs.flatMap(([a]) => [a, a])],
    [0, 0, 0, ...pairs.flatMap(([, b]) => [b, -b])],
  );
  const got = sortPairs(re.dataSync(), im.dataSync());
  got.forEach(([r, i], k) => {
    assert.ok(Math.abs(r - want[k][0]) < 1e-9 && Math.abs(i - want[k][1]) < 1e-9, `${r}+${i}i`);
  });
  // sorted by decreasing modulus: |0 ± 3i| = 3 first
  assert.ok(Math.abs(Math.hypot(re.get(0), im.get(0)) - 3) < 1e-9);
});

Deno.test("eigvals: trace and determinant identities on a random 40×40 matrix", () => {
  const n = 40;
  const g = normalF64(key(3), n * n);
  const { re, im } = eigvalsF64(g, n);
  let tr = 0;
  for (let i = 0; i < n; i++) tr += g[i * n + i];
  const sumRe = re.reduce((s, v) => s + v, 0), sumIm = im.reduce((s, v) => s + v, 0);
  assert.ok(Math.abs(sumRe - tr) < 1e-9 * n, `Σλ = ${sumRe} vs tr = ${tr}`);
  assert.ok(Math.abs(sumIm) < 1e-9 * n);
  // tr(A²) = Σ λ² (real part)
  let tr2 = 0;
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) tr2 += g[i * n + k] * g[k * n + i];
  let s2 = 0;
  for (let i = 0; i < n; i++) s2 += re[i] * re[i] - im[i] * im[i];
  assert.ok(Math.abs(s2 - tr2) < 1e-8 * Math.abs(tr2) + 1e-8, `${s2} vs ${tr2}`);
});

Deno.test("eigvals: bad input is a named error", () => {
  assert.throws(() => eigvals(array([[1, 2, 3], [4, 5, 6]])), /eigvals: argument "a"/);
  assert.throws(() => eigvals(array([[1, NaN], [0, 1]])), /eigvals/);
});
