// Activation conformance (GELU forward and backward, Backend.gelu / Backend.geluBwd): every
// backend × dtype over the edge sizes, at offsets, against a float64 evaluation of the formula
// in which 1 ± tanh u is formed without cancellation.
import assert from "node:assert/strict";
import { cases, fill, SIZES, unitRoundoff, withCase } from "./backends.ts";

const GC = Math.sqrt(2 / Math.PI), GA = 0.044715;

/** f64 GELU, its derivative, and the argument u = √(2/π)(x + 0.044715x³). */
function exact(v: number): { y: number; d: number; u: number } {
  const u = GC * (v + GA * v * v * v), e = Math.exp(-2 * Math.abs(u));
  const a = u >= 0 ? 2 / (1 + e) : 2 * e / (1 + e), b = u >= 0 ? 2 * e / (1 + e) : 2 / (1 + e);
  return { y: 0.5 * v * a, d: 0.5 * a + 0.5 * v * a * b * GC * (1 + 3 * GA * v * v), u };
}

for (const tc of cases()) {
  const { backend, dtype } = tc;
  const u = unitRoundoff(dtype);
  Deno.test(
    `conformance gelu/geluBwd ${tc.label} ${dtype}`,
    withCase(tc, () => {
      let seed = 1;
      for (const n of SIZES) {
        const offX = 3, offY = 1, offG = 2;
        // fill() gives |x| < 1: scale to [-12, 12) to reach both saturated tails
        const x = fill(dtype, n + offX + 2, seed++).map((v) => 12 * v);
        if (n > 2) x[offX] = 0; // GELU(0) = 0, GELU'(0) = ½
        const g = fill(dtype, n + offG + 1, seed++);
        const y = fill(dtype, n + offY + 4, seed++), y0 = y.slice();
        const dx = fill(dtype, n + 5, seed++), dx0 = dx.slice();
        backend.gelu(n, x, offX, y, offY);
        backend.geluBwd(n, x, offX, g, offG, dx, 0);
        for (let i = 0; i < n; i++) {
          const r = exact(x[offX + i]);
          // the argument u carries a relative rounding error ≲ 4u, which exp(−2|u|) turns into
          // a relative error ≲ 8u|u| of the saturated tail; 16u covers the remaining roundings
          const tol = (16 + 8 * Math.abs(r.u)) * u;
          // absolute floor: f32 exp saturates at 2^-126 (|y| ≤ |x|·2^-125 then); f64 forms
          // 1 + tanh u with Math.tanh, exact to u only in absolute terms
          const abs = Math.abs(x[offX + i]) * (dtype === "f32" ? 2 ** -125 : u);
          const what = `${tc.label} ${dtype} n=${n} i=${i} x=${x[offX + i]}`;
          assert.ok(
            Math.abs(y[offY + i] - r.y) <= tol * Math.abs(r.y) + abs,
            `gelu ${what}: ${y[offY + i]} vs ${r.y}`,
          );
          const gi = g[offG + i];
          // GELU' is a sum of terms of magnitude ≤ 1.2 each (|x|·(1−tanh²u)·u' is bounded)
          assert.ok(
            Math.abs(dx[i] - gi * r.d) <= tol * Math.abs(gi) * (Math.abs(r.d) + 1) + abs,
            `geluBwd ${what}: ${dx[i]} vs ${gi * r.d}`,
          );
        }
        // nothing outside the output spans is written
        for (let i = 0; i < y.length; i++) {
          if (i < offY || i >= offY + n) assert.equal(y[i], y0[i], `gelu wrote y[${i}]`);
        }
        for (let i = n; i < dx.length; i++) assert.equal(dx[i], dx0[i], `geluBwd wrote dx[${i}]`);
      }
      // bad input names the argument
      assert.throws(() => backend.gelu(4, x4(dtype), 2, x4(dtype), 0), /argument "x"/);
    }),
  );
}

function x4(dtype: "f32" | "f64") {
  return dtype === "f32" ? new Float32Array(4) : new Float64Array(4);
}

/** f64 softmax of scale·x over rows (causal when tq > 0) — the formula, evaluated exactly. */
function softmaxExact(
  x: ArrayLike<number>,
  off: number,
  rows: number,
  n: number,
  tq: number,
  s: number,
) {
  const y = new Float64Array(rows * n);
  for (let r = 0; r < rows; r++) {
    const lim = tq > 0 ? Math.max(0, Math.min(n, (r % tq) + n - tq + 1)) : n;
    let m = -Infinity, z = 0;
    for (let j = 0; j < lim; j++) m = Math.max(m, s * x[off + r * n + j]);
    for (let j = 0; j < lim; j++) z += Math.exp(s * x[off + r * n + j] - m);
    for (let j = 0; j < lim; j++) y[r * n + j] = Math.exp(s * x[off + r * n + j] - m) / z;
  }
  return y;
}

for (const tc of cases()) {
  const { backend, dtype } = tc;
  const u = unitRoundoff(dtype);
  Deno.test(
    `conformance softmaxRows/softmaxRowsBwd ${tc.label} ${dtype}`,
    withCase(tc, () => {
      let seed = 100;
      for (const n of SIZES) {
        for (
          const [rows, tq, scale] of [[3, 0, 0.7], [
            2 * Math.max(1, Math.min(n, 5)),
            Math.max(1, Math.min(n, 5)),
            -1.3,
          ]]
        ) {
          const len = rows * n, offX = 2, offY = 1, offG = 3;
          const x = fill(dtype, len + offX + 1, seed++).map((v) => 4 * v);
          const y = fill(dtype, len + offY + 2, seed++), y0 = y.slice();
          backend.softmaxRows(rows, n, tq, scale, x, offX, y, offY);
          const ref = softmaxExact(x, offX, rows, n, tq, scale);
          const what = `${tc.label} ${dtype} n=${n} rows=${rows} tq=${tq}`;
          // each probability: the argument s·x − m (|·| ≤ 2·4·1.3) carries ≲ 2u relative error
          // (×|arg| absolute in the exponent), exp ≲ 2u, the f32-lane sum ≲ n·u
          const tolR = (32 + n + 4 * 2 * 4 * 1.3) * u;
          for (let i = 0; i < len; i++) {
            assert.ok(
              Math.abs(y[offY + i] - ref[i]) <= tolR * ref[i] + 1e-300,
              `softmaxRows ${what} i=${i}: ${y[offY + i]} vs ${ref[i]}`,
            );
          }
          for (let i = 0; i < y.length; i++) {
            if (i < offY || i >= offY + len) assert.equal(y[i], y0[i], `softmaxRows wrote y[${i}]`);
          }
          // backward from the same (rounded) y on every backend
          const yy = dtype === "f32" ? Float32Array.from(ref) : Float64Array.from(ref);
          const g = fill(dtype, len + offG, seed++);
          const dx = fill(dtype, len + 2, seed++), dx0 = dx.slice();
          backend.softmaxRowsBwd(rows, n, tq, scale, yy, 0, g, offG, dx, 0);
          for (let r = 0; r < rows; r++) {
            let s = 0, sa = 0;
            for (let j = 0; j < n; j++) {
              s += g[offG + r * n + j] * yy[r * n + j];
              sa += Math.abs(g[offG + r * n + j] * yy[r * n + j]);
            }
            for (let j = 0; j < n; j++) {
              const i = r * n + j, gi = g[offG + i];
              const e = scale * yy[i] * (gi - s);
              // dot product of n terms (≤ n·u·Σ|g y|) plus three roundings
              const tol = (n + 8) * u * Math.abs(scale) * yy[i] * (Math.abs(gi) + sa);
              assert.ok(
                Math.abs(dx[i] - e) <= tol,
                `softmaxRowsBwd ${what} i=${i}: ${dx[i]} vs ${e}`,
              );
            }
          }
          assert.equal(dx[len], dx0[len]);
          assert.equal(dx[len + 1], dx0[len + 1]);
        }
      }
      assert.throws(
        () => backend.softmaxRows(2, 3, 0, 1, x4(dtype), 0, x4(dtype), 0),
        /argument "x"/,
      );
    }),
  );
}

for (const tc of cases()) {
  const { backend, dtype } = tc;
  const u = unitRoundoff(dtype);
  Deno.test(
    `conformance layerNormRows/layerNormRowsBwd ${tc.label} ${dtype}`,
    withCase(tc, () => {
      let seed = 500;
      const eps = 1e-5;
      for (const n of SIZES) {
        for (const withBeta of [true, false]) {
          const rows = 3, len = rows * n, offX = 1, offY = 2, offG = 3, offGm = 2;
          const x = fill(dtype, len + offX, seed++).map((v) => 3 * v + 0.5);
          const gamma = fill(dtype, n + offGm, seed++), beta = fill(dtype, n + 1, seed++);
          const y = fill(dtype, len + offY + 1, seed++), y0 = y.slice();
          backend.layerNormRows(
            rows,
            n,
            eps,
            x,
            offX,
            gamma,
            offGm,
            withBeta ? beta : null,
            1,
            y,
            offY,
          );
          const g = fill(dtype, len + offG, seed++);
          const dx = fill(dtype, len + 1, seed++),
            dg = fill(dtype, n, seed++),
            db = fill(dtype, n, seed++);
          backend.layerNormRowsBwd(rows, n, eps, x, offX, gamma, offGm, g, offG, dx, 0, dg, db);
          // f64 reference (the formula and its VJP); tolerances: the row sums carry ≲ n·u relative
          // error in f64 and f32 outputs are rounded once, so (16 + 4n)·u on O(1) magnitudes
          const tol = (16 + 4 * n) * u;
          const eg = new Float64Array(n), eb = new Float64Array(n), ag = new Float64Array(n);
          for (let r = 0; r < rows; r++) {
            const o = offX + r * n;
            let mu = 0, v = 0;
            for (let j = 0; j < n; j++) mu += x[o + j] / n;
            for (let j = 0; j < n; j++) v += (x[o + j] - mu) ** 2 / n;
            const rs = 1 / Math.sqrt(v + eps);
            let m1 = 0, m2 = 0;
            for (let j = 0; j < n; j++) {
              const h = (x[o + j] - mu) * rs, gj = g[offG + r * n + j];
              const e = h * gamma[offGm + j] + (withBeta ? beta[1 + j] : 0);
              const got = y[offY + r * n + j];
              assert.ok(
                Math.abs(got - e) <= tol * (1 + Math.abs(e)),
                `layerNormRows ${tc.label} ${dtype} n=${n} r=${r} j=${j}: ${got} vs ${e}`,
              );
              eg[j] += gj * h;
              ag[j] += Math.abs(gj * h);
              eb[j] += gj;
              m1 += gj * gamma[offGm + j] / n;
              m2 += gj * gamma[offGm + j] * h / n;
            }
            for (let j = 0; j < n; j++) {
              const h = (x[o + j] - mu) * rs, gj = g[offG + r * n + j];
              const e = rs * (gj * gamma[offGm + j] - m1 - h * m2);
              assert.ok(
                Math.abs(dx[r * n + j] - e) <= tol * rs * (1 + Math.abs(h)) * 4,
                `layerNormRowsBwd dx ${tc.label} ${dtype} n=${n} r=${r} j=${j}: ${
                  dx[r * n + j]
                } vs ${e}`,
              );
            }
          }
          for (let j = 0; j < n; j++) {
            assert.ok(Math.abs(dg[j] - eg[j]) <= tol * (1 + ag[j]), `dgamma n=${n} j=${j}`);
            assert.ok(Math.abs(db[j] - eb[j]) <= tol * rows, `dbeta n=${n} j=${j}`);
          }
          assert.equal(y[0], y0[0]);
          assert.equal(y[1], y0[1]);
          assert.equal(y[len + offY], y0[len + offY]);
        }
      }
      assert.throws(
        () => backend.layerNormRows(2, 3, 1e-5, x4(dtype), 0, x4(dtype), 0, null, 0, x4(dtype), 0),
        /argument "x"/,
      );
    }),
  );
}
