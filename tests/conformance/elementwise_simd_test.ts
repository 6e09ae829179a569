// SIMD elementwise and row-reduction kernels of the wasm backend (src/backend/wasm/elementwise.ts,
// reduce.ts) against the cpu reference, on the layouts that take the SIMD path: contiguous at odd
// offsets, rows packed across the 8192-element chunk boundary, a bias row broadcast over rows, a
// scalar, a column broadcast along rows, padded output rows, in place; plus IEEE special values
// through the kernels and the layouts/ops that fall back to the cpu loop.
//
// Tolerances. Every op but exp, log, tanh, sigmoid (and logsumexp) is exactly rounded in both
// backends and must agree bit for bit (Object.is, so ±0 and NaN included). exp, log, tanh,
// sigmoid, expm1, log1p: kernels/dev/05_vmath.ts measured at most 3.0 ulp against Math.* on
// dense grids of 2²¹ points per op and dtype (f32 exp 0.97, log 0.82, tanh 1.50, sigmoid 2.47,
// expm1 1.55, log1p 2.25; f64 exp 1.00, log 1.00, tanh 3.00, sigmoid 2.00, expm1 2.00, log1p
// 2.00); the cpu f32 result is Math.* rounded (≤ ½ ulp), so we allow
// 4 ulp of the cpu value, plus an absolute floor of the smallest normal's ulp for results in the
// subnormal range (the kernels round there once, the bound is in ulps of normal numbers).
import assert from "node:assert/strict";
import type { BinaryOp, Strided, TypedArray, UnaryOp } from "../../src/backend/types.ts";
import { getBackend } from "../../src/backend/mod.ts";
import { BINARY_CODES, UNARY_CODES } from "../../src/backend/wasm/elementwise.ts";
import { REDUCE_CODES } from "../../src/backend/wasm/reduce.ts";
import { fill, unitRoundoff } from "./backends.ts";

const wasm = getBackend("wasm"), cpu = getBackend("cpu");
const TRANSCENDENTAL = new Set<string>(["exp", "log", "tanh", "sigmoid", "expm1", "log1p"]);
const SIZES = [4, 5, 7, 8, 9, 16, 17, 129, 4097, 8193];

type F = Float32ArrayConstructor | Float64ArrayConstructor;
const ctor = (dt: "f32" | "f64"): F => dt === "f32" ? Float32Array : Float64Array;

function ulp(v: number, dt: "f32" | "f64"): number {
  const a = Math.abs(v);
  const [emin, p] = dt === "f32" ? [-126, 23] : [-1022, 52];
  return 2 ** (Math.max(Math.floor(Math.log2(a)), emin) - p);
}

/** Asserts got ≈ want elementwise: bitwise, or within 4 ulp for the transcendentals. */
function same(got: TypedArray, want: TypedArray, dt: "f32" | "f64", loose: boolean, what: string) {
  for (let i = 0; i < want.length; i++) {
    const g = got[i], w = want[i];
    if (Object.is(g, w)) continue;
    const ok = loose && Number.isFinite(w) && Math.abs(g - w) <= 4 * ulp(w, dt);
    assert.ok(ok, `${what}: index ${i}: got ${g}, cpu ${w}`);
  }
}

/** Input values for an op: wide ranges that reach saturation, over/underflow. */
function inputs(op: string, dt: "f32" | "f64", len: number, seed: number): TypedArray {
  const u = fill(dt, len, seed);
  const big = dt === "f32";
  const map = (v: number): number => {
    switch (op) {
      case "exp":
      case "expm1":
        return big ? 95 * v - 5 : 725 * v - 15;
      case "log1p":
        return v < 0 ? 0.999 * v : 2 ** (100 * v) - 1;
      case "log":
        return 2 ** ((big ? 140 : 1060) * v) * (1.5 + 0.5 * v);
      case "tanh":
        return 20 * v;
      case "sigmoid":
        return big ? 100 * v : 720 * v;
      case "sqrt":
      case "reciprocal":
        return 4 * v + 4.5;
      default:
        return 3 * v;
    }
  };
  return u.map(map);
}

interface Layout {
  name: string;
  shape: number[];
  ins: { offset: number; strides: number[] }[];
  out: { offset: number; strides: number[] };
}

/** Layouts taking the SIMD path for row length n, with k inputs. */
function layouts(n: number, k: number): Layout[] {
  const R = 3;
  return [
    {
      name: "contiguous",
      shape: [n],
      ins: Array.from({ length: k }, (_, j) => ({ offset: 1 + 2 * j, strides: [1] })),
      out: { offset: 3, strides: [1] },
    },
    {
      name: "rows, padded output",
      shape: [R, n],
      ins: Array.from({ length: k }, (_, j) => ({ offset: j, strides: [n + j, 1] })),
      out: { offset: 1, strides: [n + 3, 1] },
    },
    {
      // input 0 a matrix, input 1 a bias row, input 2 a column broadcast along rows
      name: "broadcast row/column",
      shape: [R, n],
      ins: Array.from(
        { length: k },
        (_, j) =>
          j === 0
            ? { offset: 2, strides: [n, 1] }
            : j === 1
            ? { offset: 1, strides: [0, 1] }
            : { offset: 0, strides: [1, 0] },
      ),
      out: { offset: 0, strides: [n, 1] },
    },
    {
      name: "scalar operand last",
      shape: [R, n],
      ins: Array.from(
        { length: k },
        (_, j) =>
          j === k - 1 && k > 1 ? { offset: 5, strides: [0, 0] } : { offset: j, strides: [n, 1] },
      ),
      out: { offset: 0, strides: [n, 1] },
    },
  ];
}

function need(shape: number[], v: { offset: number; strides: number[] }): number {
  let last = v.offset;
  for (let i = 0; i < shape.length; i++) last += (shape[i] - 1) * v.strides[i];
  return last + 2;
}

function run(
  dt: "f32" | "f64",
  what: string,
  k: number,
  gen: (j: number, len: number, seed: number) => TypedArray,
  call: (
    be: typeof wasm,
    shape: number[],
    ins: Strided<TypedArray>[],
    out: Strided<TypedArray>,
  ) => void,
  loose: boolean,
) {
  let seed = 3;
  for (const n of SIZES) {
    for (const L of layouts(n, k)) {
      const bufs = L.ins.map((v, j) => gen(j, need(L.shape, v), seed++));
      const out0 = fill(dt, need(L.shape, L.out), seed++);
      const outs = [out0.slice(), out0.slice()];
      [wasm, cpu].forEach((be, b) =>
        call(
          be,
          L.shape,
          bufs.map((buf, j) => ({ buf, ...L.ins[j] })),
          { buf: outs[b], ...L.out },
        )
      );
      same(outs[0], outs[1], dt, loose, `${what} ${dt} ${L.name} n=${n}`);
    }
  }
}

const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, -2.5, 1e-30, 3e38, 1e-40, -1e-320];

for (const dt of ["f32", "f64"] as const) {
  Deno.test(`wasm SIMD unary ${dt}: every SIMD op vs cpu over layouts and sizes`, () => {
    for (const op of Object.keys(UNARY_CODES) as UnaryOp[]) {
      run(
        dt,
        `unary ${op}`,
        1,
        (_j, len, seed) => inputs(op, dt, len, seed),
        (be, shape, [x], out) => be.unary(op, shape, x, out),
        TRANSCENDENTAL.has(op),
      );
      // special values through the kernel (length ≥ 4: SIMD path), and in place
      const x = ctor(dt).from(SPECIAL), a = x.slice(), b = x.slice();
      wasm.unary(op, [x.length], { buf: a, offset: 0, strides: [1] }, {
        buf: a,
        offset: 0,
        strides: [1],
      });
      cpu.unary(op, [x.length], { buf: b, offset: 0, strides: [1] }, {
        buf: b,
        offset: 0,
        strides: [1],
      });
      same(a, b, dt, TRANSCENDENTAL.has(op), `unary ${op} ${dt} special values in place`);
    }
  });

  Deno.test(`wasm SIMD binary and where ${dt}: every SIMD op vs cpu, bitwise`, () => {
    for (const op of Object.keys(BINARY_CODES) as BinaryOp[]) {
      // values on a grid of ½ (ties for comparisons and max/min), divisors away from 0
      run(
        dt,
        `binary ${op}`,
        2,
        (j, len, seed) =>
          fill(dt, len, seed).map((v) =>
            op === "div" && j === 1 ? 2 * v + 2.5 : Math.round(6 * v) / 2
          ),
        (be, shape, [a, b], out) => be.binary(op, shape, a, b, out),
        false,
      );
      // every pair of special values
      const x = ctor(dt).from(SPECIAL), n = x.length;
      const outs = [new (ctor(dt))(n * n), new (ctor(dt))(n * n)];
      [wasm, cpu].forEach((be, i) =>
        be.binary(op, [n, n], { buf: x, offset: 0, strides: [0, 1] }, {
          buf: x,
          offset: 0,
          strides: [1, 0],
        }, { buf: outs[i], offset: 0, strides: [n, 1] })
      );
      same(outs[0], outs[1], dt, false, `binary ${op} ${dt} special values`);
    }
    run(
      dt,
      "where",
      3,
      (j, len, seed) =>
        j === 2
          ? fill(dt, len, seed).map((v) => [0, -0, NaN, 1, -2][Math.floor((v + 1) * 2.5)])
          : fill(dt, len, seed),
      (be, shape, [a, b, c], out) => be.where(shape, c, a, b, out),
      false,
    );
  });

  Deno.test(`wasm SIMD reduceRows ${dt}: every op vs cpu, NaN and ±∞ in a row`, () => {
    const u = unitRoundoff(dt);
    let seed = 7;
    for (const op of Object.keys(REDUCE_CODES) as (keyof typeof REDUCE_CODES)[]) {
      for (const len of [8, 9, 16, 17, 127, 16385]) {
        for (const rows of [1, 3]) {
          for (const special of [undefined, NaN, Infinity, -Infinity]) {
            // prod: factors in (7/8, 9/8) so that 16385 of them stay finite (as reduce_test)
            const x = fill(dt, 2 + rows * len + 1, seed++).map((v) =>
              op === "prod" ? 1 + v / 8 : 4 * v
            );
            // ties for argmax/argmin: the row's first value again further on
            for (let r = 0; r < rows; r++) x[2 + r * len + len - 3] = x[2 + r * len];
            if (special !== undefined) x[2 + len + (len >> 1)] = special;
            const outs = [fill(dt, rows + 2, 1), fill(dt, rows + 2, 1)];
            wasm.reduceRows(op, rows, len, x, 2, outs[0], 1);
            cpu.reduceRows(op, rows, len, x, 2, outs[1], 1);
            for (let r = 0; r < rows; r++) {
              const g = outs[0][1 + r], w = outs[1][1 + r];
              let abs = 0;
              for (let j = 0; j < len; j++) abs += Math.abs(x[2 + r * len + j]);
              // sum: any order is within (len + 2)·u·Σ|x| (Higham §4.2); logsumexp: Σ exp in
              // [1, len] with 3-ulp exponentials, then log: (len + 5)·u + 2u·|lse|; prod of len
              // factors in any order: 2(len + 1)·u·|p|; max/min/argmax/argmin exact
              const tol = op === "sum"
                ? (len + 2) * u * abs
                : op === "logsumexp"
                ? (len + 5) * u + 2 * u * Math.abs(w)
                : op === "prod"
                ? 2 * (len + 1) * u * Math.abs(w)
                : 0;
              const what = `${op} ${dt} len=${len} row ${r} special ${special}`;
              assert.ok(
                Object.is(g, w) || g === w || Math.abs(g - w) <= tol,
                `${what}: got ${g}, cpu ${w}`,
              );
            }
            assert.equal(outs[0][0], outs[1][0]); // untouched
            assert.equal(outs[0][rows + 1], outs[1][rows + 1]);
          }
        }
      }
    }
  });

  Deno.test(`wasm elementwise fallbacks ${dt}: cpu ops and layouts give the cpu's bits`, () => {
    const n = 37, x = fill(dt, 3 * n + 4, 5), y = fill(dt, 3 * n + 4, 6);
    // ops without a SIMD kernel, a transposed input and a strided output
    for (const op of ["sin", "cos", "erf"] as const) {
      const outs = [new (ctor(dt))(n), new (ctor(dt))(n)];
      [wasm, cpu].forEach((be, i) =>
        be.unary(op, [n], { buf: x, offset: 1, strides: [1] }, {
          buf: outs[i],
          offset: 0,
          strides: [1],
        })
      );
      same(outs[0], outs[1], dt, false, `unary ${op} fallback`);
    }
    const outs = [new (ctor(dt))(3 * n + 3), new (ctor(dt))(3 * n + 3)];
    [wasm, cpu].forEach((be, i) =>
      be.binary("add", [n, 3], { buf: x, offset: 0, strides: [1, n] }, {
        buf: y,
        offset: 0,
        strides: [3, 1],
      }, { buf: outs[i], offset: 1, strides: [3, 1] })
    );
    same(outs[0], outs[1], dt, false, "binary add transposed fallback");
    const p = [new (ctor(dt))(n), new (ctor(dt))(n)];
    [wasm, cpu].forEach((be, i) =>
      be.binary("pow", [n], { buf: x.map(Math.abs), offset: 0, strides: [1] }, {
        buf: y,
        offset: 0,
        strides: [1],
      }, { buf: p[i], offset: 0, strides: [1] })
    );
    same(p[0], p[1], dt, false, "binary pow fallback");
  });
}

Deno.test("wasm SIMD argmax/argmin: first extremum across lanes, NaN never chosen, ±0 ties", () => {
  const rows = [
    [1, 2, 3, 9, 9, 0, 0, 0, 9, 0], // 9 in lane 3 (index 3) before lane 0 (index 4)
    [0, 0, 7, 0, 0, 7, 0, 0, 0, 0, 7], // lane 2 first, again in lane 1 and in the tail
    [NaN, 1, NaN, 1, 2, NaN, 2, 0, 0], // NaN ignored; max 2 first at index 4
    [-0, 0, -0, 0, 0, -0, 0, 0, -0], // all equal: index 0
    [-Infinity, -Infinity, NaN, -Infinity, -Infinity, -Infinity, -Infinity, NaN], // → 0
  ];
  for (const dt of ["f32", "f64"] as const) {
    for (const r of rows) {
      for (const op of ["argmax", "argmin"] as const) {
        const x = ctor(dt).from(r.map((v) => op === "argmin" ? -v : v));
        const got = new (ctor(dt))(1), want = new (ctor(dt))(1);
        wasm.reduceRows(op, 1, x.length, x, 0, got, 0);
        cpu.reduceRows(op, 1, x.length, x, 0, want, 0);
        assert.equal(got[0], want[0], `${op} ${dt} [${r}]`);
      }
    }
  }
});
