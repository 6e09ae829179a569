import assert from "node:assert/strict";
import { concat, fromTyped, matmul, mul } from "../array/mod.ts";
import { linearCka } from "./cka.ts";
import {
  nullProjector,
  predictivity,
  predictivityAndGrad,
  predictivityPenalty,
  projectReadoutNull,
} from "./predictivity.ts";
import { gaussian, haar, mm } from "./_testing.ts";
import { matrixRank } from "../linalg/mod.ts";

const close = (a: number, b: number, tol: number, what = "") =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tol ${tol})`);

Deno.test("predictivity: r²(X,X)=1, invariances (invertible on X, orthogonal on Y), [0,1], exact linear Y", () => {
  const X = gaussian(1, 200, 6), Y = gaussian(2, 200, 4);
  close(predictivity(X, X), 1, 1e-12, "r²(X,X)");
  const base = predictivity(X, Y);
  assert.ok(base >= 0 && base <= 1);
  const Q = gaussian(3, 6, 6); // invertible a.s.
  close(predictivity(mm(X, Q), Y), base, 1e-10, "X→XQ");
  close(predictivity(X, mm(Y, haar(4, 4))), base, 1e-10, "Y→YQ");
  close(predictivity(X, mm(X, gaussian(5, 6, 3))), 1, 1e-12, "Y = X M₀");
  for (const center of [true, false]) {
    const v = predictivity(X, Y, { center, ridge: 0.5 });
    assert.ok(v >= 0 && v <= 1);
  }
});

Deno.test("predictivity: independent Gaussians give E[r²] ≈ n_x/S (uncentred)", () => {
  // S = 400, n_x = 20: r² of one column ~ Beta(n_x/2, (S − n_x)/2), mean n_x/S = 0.05, SD
  // √(2n_x(S − n_x)/S³) ≈ 0.0155; the mean of 4 columns × 10 draws has SD ≈ 0.0025 → tol 0.01 (4 SD)
  let s = 0;
  for (let r = 0; r < 10; r++) {
    s += predictivity(gaussian(10 + r, 400, 20), gaussian(50 + r, 400, 4), { center: false });
  }
  close(s / 10, 20 / 400, 0.01, "E r²");
});

Deno.test("predictivity: asymmetry oracle — appending noise columns to X never lowers r²(X→Y), drops r²(Y→X) and CKA", () => {
  const X = gaussian(21, 300, 5), Z = gaussian(22, 300, 40, 10);
  const Y = mm(X, gaussian(23, 5, 5));
  const XZ = concat([X, Z], { axis: 1 });
  assert.ok(predictivity(XZ, Y) >= predictivity(X, Y) - 1e-12);
  close(predictivity(XZ, Y), 1, 1e-10, "[X,Z]→Y");
  assert.ok(predictivity(Y, XZ) < 0.05, `Y→[X,Z] = ${predictivity(Y, XZ)}`);
  assert.ok(linearCka(X, XZ) < 0.2, `CKA(X,[X,Z]) = ${linearCka(X, XZ)}`);
});

Deno.test("predictivity: ridge identity tr(YᵀU_{X,ρ}Y) = ‖Y‖² − min_M(‖XM−Y‖² + ρ‖M‖²)", () => {
  const X = gaussian(31, 50, 8), Y = gaussian(32, 50, 3), rho = 3.7;
  const r = predictivityAndGrad(X, Y, { ridge: rho, center: false });
  const x = X.dataSync(), y = Y.dataSync(), M = r.weights.dataSync();
  let loss = 0, yy = 0;
  for (let i = 0; i < 50; i++) {
    for (let j = 0; j < 3; j++) {
      let p = 0;
      for (let k = 0; k < 8; k++) p += x[i * 8 + k] * M[k * 3 + j];
      loss += (p - y[i * 3 + j]) ** 2;
      yy += y[i * 3 + j] ** 2;
    }
  }
  for (const m of M) loss += rho * m * m;
  close(r.value * yy, yy - loss, 1e-9 * yy, "ridge identity");
  // M* is the minimiser: the gradient 2Xᵀ(XM − Y) + 2ρM vanishes
  for (let k = 0; k < 8; k++) {
    for (let j = 0; j < 3; j++) {
      let g = 2 * rho * M[k * 3 + j];
      for (let i = 0; i < 50; i++) {
        let p = 0;
        for (let l = 0; l < 8; l++) p += x[i * 8 + l] * M[l * 3 + j];
        g += 2 * x[i * 8 + k] * (p - y[i * 3 + j]);
      }
      close(g, 0, 1e-9, "stationarity");
    }
  }
});

Deno.test("predictivity: closed-form gradient matches central differences in f64 (rel. err < 1e-5)", () => {
  const X = gaussian(41, 30, 5), Y = gaussian(42, 30, 4);
  for (
    const opts of [{ ridge: 0.3, center: false }, { ridge: 0.1, center: true }, {
      relativeRidge: 0.05,
    }]
  ) {
    const { grad } = predictivityAndGrad(X, Y, opts);
    const g = grad.dataSync(), x = Float64Array.from(X.dataSync());
    const h = 1e-6;
    let num = 0, den = 0;
    for (let i = 0; i < x.length; i++) {
      const xp = x.slice(), xm = x.slice();
      xp[i] += h;
      xm[i] -= h;
      const fd = (predictivity(fromTyped(xp, [30, 5]), Y, opts) -
        predictivity(fromTyped(xm, [30, 5]), Y, opts)) /
        (2 * h);
      num += (fd - g[i]) ** 2;
      den += g[i] ** 2;
    }
    assert.ok(
      Math.sqrt(num / den) < 1e-5,
      `${JSON.stringify(opts)}: rel err ${Math.sqrt(num / den)}`,
    );
  }
});

Deno.test("nullProjector: J·P = 0, P² = P, Pᵀ = P, rank N − rank(J) (also rank-deficient J)", () => {
  const J = gaussian(51, 3, 10);
  const Jdef = concat([gaussian(52, 2, 10), mul(gaussian(52, 1, 10), 2)], { axis: 0 }); // rank 2
  for (const [jo, rk] of [[J, 3], [Jdef, 2]] as const) {
    const P = nullProjector(jo), p = P.dataSync();
    const JP = mm(jo, P).dataSync(), PP = mm(P, P).dataSync();
    for (const v of JP) close(v, 0, 1e-12, "J P");
    for (let i = 0; i < 100; i++) close(PP[i], p[i], 1e-12, "P²");
    for (let i = 0; i < 10; i++) {
      for (let j = 0; j < 10; j++) close(p[i * 10 + j], p[j * 10 + i], 1e-14, "Pᵀ");
    }
    assert.equal(matrixRank(P), 10 - rk);
  }
  const R = gaussian(53, 20, 10);
  const Rp = projectReadoutNull(R, J);
  for (const v of matmul(Rp, J, { transB: true }).dataSync()) close(v, 0, 1e-12, "R⊥ J_outᵀ");
});

Deno.test("predictivity: bad input is a named error naming the argument", () => {
  const X = gaussian(61, 20, 3);
  assert.throws(
    () => predictivity(X, gaussian(62, 19, 3)),
    /predictivity: argument "y" must be a 2-D array with 20 rows/,
  );
  assert.throws(
    () => predictivity(X, X, { ridge: -1 }),
    /argument "opts.ridge" must be a finite number ≥ 0/,
  );
  assert.throws(() => predictivity(X, X, { ridge: NaN }), /opts.ridge/);
  assert.throws(() => predictivity(X, X, { relativeRidge: Infinity }), /opts.relativeRidge/);
  assert.throws(
    () => projectReadoutNull(X, gaussian(63, 2, 4)),
    /projectReadoutNull: argument "readout" must be a 2-D array \[out, 3\]/,
  );
});

Deno.test("predictivityPenalty: Σ_i r²(X → Y_i) and its gradient equal the single-target sums (f64 and f32)", () => {
  const X = gaussian(71, 60, 5), Y1 = gaussian(72, 60, 4), Y2 = mm(X, gaussian(73, 5, 3));
  const opts = { relativeRidge: 0.01 };
  const pen = predictivityPenalty([Y1, Y2], opts);
  const r = pen.evaluate(X);
  const a = predictivityAndGrad(X, Y1, opts), b = predictivityAndGrad(X, Y2, opts);
  close(r.terms[0], a.value, 1e-12, "term 1");
  close(r.terms[1], b.value, 1e-12, "term 2");
  close(r.value, a.value + b.value, 1e-12, "sum");
  const g = r.grad.dataSync(), ga = a.grad.dataSync(), gb = b.grad.dataSync();
  for (let i = 0; i < g.length; i++) close(g[i], ga[i] + gb[i], 1e-10, "grad");
  const r32 = pen.evaluate(fromTyped(Float32Array.from(X.dataSync()), [60, 5]));
  assert.equal(r32.grad.dtype, "f32");
  close(r32.value, r.value, 1e-4, "f32 value");
  assert.throws(
    () => pen.evaluate(gaussian(74, 59, 5)),
    /predictivityPenalty: argument "x" must be a 2-D array with 60 rows/,
  );
});
