// Row reduction and gather conformance (Kernels.reduceRows, Kernels.gather): every backend ×
// dtype, rows of every edge length at offsets, against an f64 evaluation of each reduction.
//
// Tolerances (u the dtype's unit roundoff, x in (−1, 1)): a sum in any order is within
// (len − 1)·u·Σ|x| of the exact sum (recursive summation bound, Higham §4.2), plus u·|s| for the
// final rounding: we allow (len + 2)·u·Σ|x|. A product of len factors has relative error
// ≤ (len − 1)·u + rounding: 2(len + 1)·u·|p|. max/min/argmax/argmin are exact (first extremum).
// logsumexp = m + log Σ exp(x − m) with Σ ∈ [1, len]: k-ulp exponentials and the sum give a
// relative error ≤ (len + k)·u of Σ, which log turns into an absolute one, plus the roundings of
// log and of m + log: (len + k + 2)·u + 2u·|lse| (k the backend's transcendental ulp budget).
import assert from "node:assert/strict";
import { REDUCE_OPS, type ReduceOp } from "../../src/backend/mod.ts";
import { fill, SIZES, unitRoundoff } from "./backends.ts";
import { kernelCases, withSession } from "./kernel_cases.ts";

/** f64 reference of one row. */
function exact(op: ReduceOp, v: number[]): number {
  switch (op) {
    case "sum":
      return v.reduce((s, x) => s + x, 0); // |len| ≤ 129 terms of |x| < 1: f64 error ≪ f32 u
    case "prod":
      return v.reduce((s, x) => s * x, 1);
    case "max":
      return v.reduce((s, x) => x > s ? x : s, -Infinity);
    case "min":
      return v.reduce((s, x) => x < s ? x : s, Infinity);
    case "argmax":
      return v.reduce((k, x, i) => x > v[k] ? i : k, 0);
    case "argmin":
      return v.reduce((k, x, i) => x < v[k] ? i : k, 0);
    case "logsumexp": {
      if (v.length === 0) return -Infinity;
      const m = Math.max(...v);
      return m + Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0));
    }
    default:
      throw new Error(`unknown op ${op satisfies never}`);
  }
}

for (const kc of kernelCases()) {
  const { dtype } = kc;
  const u = unitRoundoff(dtype);

  Deno.test(
    `conformance reduceRows ${kc.label} ${dtype}: every op, edge row lengths, offsets`,
    withSession(kc, async (s) => {
      let seed = 101;
      for (const op of REDUCE_OPS) {
        for (const len of SIZES) {
          for (const rows of [1, 3]) {
            const offX = 2, offOut = 1;
            // prod: factors in (7/8, 9/8), so that 129 of them neither underflow nor overflow f32
            const x = fill(dtype, offX + rows * len + 2, seed++).map((v) =>
              op === "prod" ? 1 + v / 8 : v
            );
            // ties for argmax/argmin: repeat the row's first value later in the row
            if (len > 4) {
              for (let r = 0; r < rows; r++) x[offX + r * len + len - 2] = x[offX + r * len];
            }
            const out0 = fill(dtype, offOut + rows + 2, seed++);
            const out = s.upload(out0);
            s.be.reduceRows(op, rows, len, s.upload(x), offX, out, offOut);
            const got = await s.be.read(out);
            const k = s.ulps.transcendental;
            for (let r = 0; r < rows; r++) {
              const v = Array.from(x.subarray(offX + r * len, offX + (r + 1) * len));
              const e = dtype === "f32" ? Math.fround(exact(op, v)) : exact(op, v);
              const abs = v.reduce((a, b) => a + Math.abs(b), 0);
              const tol = op === "sum"
                ? (len + 2) * u * abs
                : op === "prod"
                ? 2 * (len + 1) * u * Math.abs(e)
                : op === "logsumexp"
                ? (len + k + 2) * u + 2 * u * Math.abs(e)
                : 0;
              const g = got[offOut + r];
              assert.ok(
                g === e || Math.abs(g - e) <= tol,
                `${op} len=${len} row ${r}: got ${g}, expected ${e} (tol ${tol})`,
              );
            }
            for (let i = 0; i < out0.length; i++) {
              if (i < offOut || i >= offOut + rows) {
                assert.equal(got[i], out0[i], `${op} wrote out[${i}]`);
              }
            }
          }
        }
      }
    }),
  );

  // WGSL leaves NaN and infinity behaviour implementation-defined: host backends only
  if (kc.label !== "webgpu") {
    Deno.test(
      `conformance reduceRows ${kc.label} ${dtype}: NaN and infinities`,
      withSession(kc, async (s) => {
        const F = dtype === "f32" ? Float32Array : Float64Array;
        const row = (vals: number[], op: ReduceOp) => {
          const out = s.upload(new F(1));
          s.be.reduceRows(op, 1, vals.length, s.upload(F.from(vals)), 0, out, 0);
          return s.be.read(out).then((a) => a[0]);
        };
        assert.ok(Number.isNaN(await row([1, NaN, 3], "max")), "max propagates NaN");
        assert.ok(Number.isNaN(await row([1, NaN, -3], "min")), "min propagates NaN");
        assert.ok(Number.isNaN(await row([1, NaN], "sum")), "sum propagates NaN");
        assert.equal(await row([1, Infinity, 2], "sum"), Infinity);
        assert.equal(await row([-Infinity, -Infinity], "logsumexp"), -Infinity);
        assert.equal(await row([1, Infinity], "logsumexp"), Infinity);
        assert.equal(await row([3, 1, 3], "argmax"), 0, "first maximum");
        assert.equal(await row([], "max"), -Infinity);
        assert.equal(await row([], "min"), Infinity);
        assert.equal(await row([], "prod"), 1);
        assert.throws(
          () => s.be.reduceRows("mean" as ReduceOp, 1, 1, new F(1), 0, new F(1), 0),
          /reduceRows: argument "op" must be one of/,
        );
        assert.throws(
          () => s.be.reduceRows("sum", 2, 3, new F(5), 0, new F(2), 0),
          /reduceRows: argument "x" must hold 6 elements/,
        );
      }),
    );
  }

  Deno.test(
    `conformance gather ${kc.label} ${dtype}: edge sizes of the gathered axis, inner blocks`,
    withSession(kc, async (s) => {
      let seed = 501;
      for (const n of SIZES.filter((n) => n > 0)) {
        for (const inner of [1, 3]) {
          const outer = 2, offX = 3, offOut = 1;
          // indices: every position once in reverse, then repeats of the first and last
          const idx = Int32Array.from([...Array(n).keys()].reverse().concat([0, n - 1, 0]));
          const k = idx.length;
          const x = fill(dtype, offX + outer * n * inner + 1, seed++);
          const out0 = fill(dtype, offOut + outer * k * inner + 2, seed++);
          const out = s.upload(out0);
          s.be.gather(s.upload(x), offX, idx, outer, n, inner, out, offOut);
          const got = await s.be.read(out);
          for (let o = 0; o < outer; o++) {
            for (let i = 0; i < k; i++) {
              for (let j = 0; j < inner; j++) {
                const want = x[offX + (o * n + idx[i]) * inner + j];
                assert.equal(
                  got[offOut + (o * k + i) * inner + j],
                  want,
                  `n=${n} [${o},${i},${j}]`,
                );
              }
            }
          }
          assert.equal(got[0], out0[0], "wrote before the output");
          assert.equal(got[out0.length - 1], out0[out0.length - 1], "wrote after the output");
        }
      }
      if (s.ieee) {
        const F = dtype === "f32" ? Float32Array : Float64Array;
        assert.throws(
          () => s.be.gather(new F(4), 0, Int32Array.from([4]), 1, 4, 1, new F(1), 0),
          /gather: argument "indices\[0\]" must be an index in \[0, 4\)/,
        );
      }
    }),
  );
}
