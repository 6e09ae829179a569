import assert from "node:assert/strict";
import { fromTyped, mul } from "../array/mod.ts";
import { linearCka } from "./cka.ts";
import { procrustesAngle } from "./procrustes.ts";
import { rdm, rsa } from "./rsa.ts";
import { gaussian, haar, mm } from "./_testing.ts";

const close = (a: number, b: number, tol: number, what = "") =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tol ${tol})`);

Deno.test("linearCka: CKA(X,X)=1, CKA(X, cXQ)=1, < 1 under a diagonal rescaling, symmetric", () => {
  const X = gaussian(1, 100, 6), Y = gaussian(2, 100, 4);
  close(linearCka(X, X), 1, 1e-12, "CKA(X,X)");
  close(linearCka(X, mul(mm(X, haar(3, 6)), 2.5)), 1, 1e-12, "CKA(X,cXQ)");
  const D = fromTyped(
    Float64Array.from({ length: 36 }, (_, i) => (i % 7 === 0 ? [1, 5, 0.2, 1, 3, 0.5][i / 7] : 0)),
    [6, 6],
  );
  assert.ok(linearCka(X, mm(X, D)) < 0.95, `diag rescale ${linearCka(X, mm(X, D))}`);
  close(linearCka(X, Y), linearCka(Y, X), 1e-14, "symmetric");
  assert.throws(
    () => linearCka(X, gaussian(4, 99, 6)),
    /linearCka: argument "y" must be a 2-D array with 100 rows/,
  );
});

Deno.test("procrustesAngle: d(X, XQ)=0, symmetric, in [0, π/2], π/2 for orthogonal column spaces", () => {
  const X = gaussian(11, 80, 5), Y = gaussian(12, 80, 7);
  close(procrustesAngle(X, mm(X, haar(13, 5))), 0, 1e-6, "d(X,XQ)");
  const d = procrustesAngle(X, Y);
  assert.ok(d >= 0 && d <= Math.PI / 2);
  close(d, procrustesAngle(Y, X), 1e-12, "symmetric");
  // disjoint supports in time: centred columns still nearly orthogonal → close to π/2
  const a = new Float64Array(40 * 2), b = new Float64Array(40 * 2);
  for (let i = 0; i < 20; i++) a[i * 2] = (i % 2) * 2 - 1, a[i * 2 + 1] = i % 4 < 2 ? 1 : -1;
  for (let i = 20; i < 40; i++) b[i * 2] = (i % 2) * 2 - 1, b[i * 2 + 1] = i % 4 < 2 ? 1 : -1;
  close(
    procrustesAngle(fromTyped(a, [40, 2]), fromTyped(b, [40, 2])),
    Math.PI / 2,
    1e-12,
    "orthogonal",
  );
});

Deno.test("rsa: identical and rotated representations score 1; RDM entries are 1 − Pearson", () => {
  const X = gaussian(21, 8, 10);
  close(rsa(X, X), 1, 1e-12, "rsa(X,X)");
  close(
    rsa(X, mm(X, haar(22, 10)), { method: "pearson" }),
    rsa(X, X, { method: "pearson" }),
    0.5,
    "rotation",
  );
  const r = rdm(fromTyped(Float64Array.of(1, 2, 3, 2, 4, 6, 3, 2, 1), [3, 3]));
  close(r[0], 0, 1e-14, "rows 0,1 perfectly correlated");
  close(r[1], 2, 1e-14, "rows 0,2 anti-correlated");
  assert.throws(
    () => rsa(gaussian(1, 2, 3), gaussian(2, 2, 3)),
    /rsa: argument "x" must be at least 3 conditions/,
  );
  assert.throws(() => rsa(X, X, { method: "kendall" as "pearson" }), /opts.method/);
});
